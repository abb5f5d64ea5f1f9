"""The deliberation's part of a person's data download (events.personal_data): every post they
wrote, anonymous ones included (marked so), with its earlier texts; their marks, translations,
reports and appeals. Another person's post appears only as its number (the one replied to, marked,
translated or reported), never with its text or author."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council import events
from council.deliberations.models import Appeal, Post, PostReaction, PostReport, PostTranslation
from council.extensions import db

COVERS = ("posts.author_id", "post_reactions.user_id", "post_translations.translator_id",
          "post_reports.reporter_id", "appeals.author_id")


@events.personal_data.connect
def posts(user, **_kwargs):
    rows = db.session.scalars(
        select(Post).options(selectinload(Post.revisions)).where(Post.author_id == user.id).order_by(Post.id)
    )
    return "posts", [
        {
            "post_id": p.id, "council_id": p.council_id, "item_id": p.item_id, "anonymous": p.anonymous,
            "kind": p.kind, "language": p.language, "text": p.body, "state": p.state,
            "reply_to_post_id": p.reply_to_id, "written_at": p.created_at, "edited_at": p.edited_at,
            "withdrawn_at": p.withdrawn_at, "hidden_reason": p.hidden_reason, "hidden_note": p.hidden_note,
            "earlier_texts": [
                {"text": r.body, "written_at": r.written_at, "replaced_at": r.replaced_at} for r in p.revisions
            ],
        }
        for p in rows
    ]


@events.personal_data.connect
def marks(user, **_kwargs):
    rows = db.session.scalars(select(PostReaction).where(PostReaction.user_id == user.id).order_by(PostReaction.id))
    return "marks", [
        {"post_id": r.post_id, "mark": "agree" if r.value > 0 else "disagree", "at": r.created_at} for r in rows
    ]


@events.personal_data.connect
def translations(user, **_kwargs):
    rows = db.session.scalars(
        select(PostTranslation).where(PostTranslation.translator_id == user.id).order_by(PostTranslation.id)
    )
    return "post_translations", [
        {"post_id": t.post_id, "language": t.language, "text": t.body, "at": t.created_at} for t in rows
    ]


@events.personal_data.connect
def reports(user, **_kwargs):
    rows = db.session.scalars(select(PostReport).where(PostReport.reporter_id == user.id).order_by(PostReport.id))
    return "reports", [
        {"post_id": r.post_id, "reason": r.reason, "note": r.note, "at": r.created_at,
         "resolved_at": r.resolved_at, "resolution": r.resolution}
        for r in rows
    ]


@events.personal_data.connect
def appeals(user, **_kwargs):
    rows = db.session.scalars(select(Appeal).where(Appeal.author_id == user.id).order_by(Appeal.id))
    return "appeals", [
        {"post_id": a.post_id, "statement": a.statement, "at": a.created_at, "decided_at": a.decided_at,
         "outcome": a.outcome, "decision_note": a.decision_note}
        for a in rows
    ]
