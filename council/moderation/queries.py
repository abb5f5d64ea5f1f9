"""What the moderation pages show, each loaded in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from council.deliberations.models import Appeal, Post, PostReport
from council.extensions import db

QUEUE_PAGE_SIZE = 20
APPEALS_SHOWN = 100


@dataclass
class ReportedPost:
    post: Post
    reasons: list[tuple[str, int]]  # (reason code, how many), most frequent first
    notes: list[PostReport] = field(default_factory=list)  # reports that carry a note
    count: int = 0


def _open_reports():
    return select(PostReport.post_id).where(PostReport.resolved_at.is_(None))


def _post_options(path=None):
    """Eager loads for what a queue card shows of a post: its item, author and who hid it."""
    base = joinedload(path) if path is not None else None
    if base is None:
        return (joinedload(Post.item), joinedload(Post.author), joinedload(Post.hidden_by))
    return (base.joinedload(Post.item), base.joinedload(Post.author), base.joinedload(Post.hidden_by))


def reported_posts(council, page: int = 1):
    """Posts of `council` with open reports, hidden ones first, then the most reported: a page of
    ReportedPost (three queries whatever the number of rows)."""
    open_ids = _open_reports().where(PostReport.council_id == council.id)
    stmt = (
        select(Post)
        .where(Post.council_id == council.id, Post.id.in_(open_ids))
        .options(*_post_options())
        .order_by((Post.state == "hidden").desc(), Post.open_report_count.desc(), Post.id)
    )
    pagination = db.paginate(stmt, page=page, per_page=QUEUE_PAGE_SIZE, error_out=False, count=True)
    posts = list(pagination.items)
    by_post: dict[int, list[PostReport]] = {p.id: [] for p in posts}
    if posts:
        reports = db.session.scalars(
            select(PostReport)
            .where(PostReport.post_id.in_(list(by_post)), PostReport.resolved_at.is_(None))
            .order_by(PostReport.created_at, PostReport.id)
        )
        for r in reports:
            by_post[r.post_id].append(r)
    entries = []
    for p in posts:
        reports = by_post[p.id]
        counted = Counter(r.reason for r in reports)
        entries.append(ReportedPost(
            post=p,
            reasons=sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])),
            notes=[r for r in reports if r.note],
            count=len(reports),
        ))
    return pagination, entries


def open_appeals(council) -> list[Appeal]:
    """Appeals of `council` waiting for a decision, oldest first (one query)."""
    return list(db.session.scalars(
        select(Appeal)
        .where(Appeal.council_id == council.id, Appeal.decided_at.is_(None))
        .options(*_post_options(Appeal.post))
        .order_by(Appeal.created_at, Appeal.id)
        .limit(APPEALS_SHOWN)
    ).unique())


def appeal_for(post: Post) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.post_id == post.id))


def queue_counts(council_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """For a dashboard: per council, how many posts have open reports and how many appeals wait
    (two queries for any number of councils)."""
    ids = list(council_ids)
    counts = {cid: {"reports": 0, "appeals": 0} for cid in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(PostReport.council_id, func.count(func.distinct(PostReport.post_id)))
        .where(PostReport.council_id.in_(ids), PostReport.resolved_at.is_(None))
        .group_by(PostReport.council_id)
    )
    for cid, n in rows:
        counts[cid]["reports"] = n
    rows = db.session.execute(
        select(Appeal.council_id, func.count())
        .where(Appeal.council_id.in_(ids), Appeal.decided_at.is_(None))
        .group_by(Appeal.council_id)
    )
    for cid, n in rows:
        counts[cid]["appeals"] = n
    return counts
