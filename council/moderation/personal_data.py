"""Moderation's part of a person's data download (events.personal_data): the decisions they took
as a facilitator on posts, reports and appeals — by number, without the posts' text or authors."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.deliberations.models import Appeal, Post, PostReport
from council.extensions import db

COVERS = ("posts.hidden_by_id", "post_reports.resolved_by_id", "appeals.decided_by_id")


@events.personal_data.connect
def moderation(user, **_kwargs):
    hidden = db.session.scalars(select(Post).where(Post.hidden_by_id == user.id).order_by(Post.id))
    resolved = db.session.scalars(
        select(PostReport).where(PostReport.resolved_by_id == user.id).order_by(PostReport.id)
    )
    decided = db.session.scalars(select(Appeal).where(Appeal.decided_by_id == user.id).order_by(Appeal.id))
    return "moderation", {
        "posts_hidden": [
            {"post_id": p.id, "reason": p.hidden_reason, "note": p.hidden_note, "at": p.hidden_at} for p in hidden
        ],
        "reports_resolved": [
            {"report_id": r.id, "post_id": r.post_id, "resolution": r.resolution, "at": r.resolved_at}
            for r in resolved
        ],
        "appeals_decided": [
            {"appeal_id": a.id, "post_id": a.post_id, "outcome": a.outcome, "note": a.decision_note,
             "at": a.decided_at}
            for a in decided
        ],
    }
