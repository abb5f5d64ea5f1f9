"""Who took part in the deliberation: the participation figures of one thread (kept with an adopted
summary) and of a whole council over a period (the council's participation page). One computation
serves both, so the same posts always give the same figures.

Contributors (and their breakdowns by gender and by group) are the people who posted under their
name; anonymous posts are counted as posts only. Counting their authors as people would tie an
anonymous post to someone (whether a count moved or not tells whether its author also posted by
name, and a breakdown cell that moves tells their gender and group); see
deliberations.services.update_item_counters. Breakdowns go through the five-person rule and
secondary suppression of council.councils.queries.disclose."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from council.councils import queries as council_queries
from council.councils.models import Council
from council.deliberations.models import Post, PostState
from council.extensions import db


def figures(council: Council, *, item_id: int | None = None, since: datetime | None = None,
            until: datetime | None = None) -> dict[str, Any]:
    """Posts, anonymous posts, contributors, and contributors by gender and by group with disclosure
    control, of one thread (`item_id`) or of the whole council, posted in [since, until). Two queries.
    A plain dict, so that a summary can keep it as it was at adoption."""
    visible = (Post.council_id == council.id) & (Post.state == PostState.VISIBLE.value)
    if item_id is not None:
        visible &= Post.item_id == item_id
    if since is not None:
        visible &= Post.created_at >= since
    if until is not None:
        visible &= Post.created_at < until
    posts, anonymous = db.session.execute(
        select(func.count(Post.id), func.count(case((Post.anonymous.is_(True), Post.id)))).where(visible)
    ).one()
    named = visible & Post.anonymous.is_(False)
    people = council_queries.people_of(council.id, select(Post.author_id).where(named).distinct())
    threshold = council_queries.threshold()
    composition = council_queries.composition_of(
        people, women_target_percent=council.women_target_percent, threshold=threshold
    )
    return {
        "posts": posts or 0,
        "anonymous_posts": anonymous or 0,
        "contributors": len(people),
        "threshold": threshold,
        "by_gender": council_queries.breakdown_json(composition.by_gender),
        "by_group": council_queries.breakdown_json(composition.by_group),
    }


def named_authors_in(council_id: int, *, since: datetime | None = None, until: datetime | None = None):
    """A SELECT of the people who posted under their name (visible posts) in the council's threads
    in [since, until)."""
    where = [Post.council_id == council_id, Post.state == PostState.VISIBLE.value, Post.anonymous.is_(False)]
    if since is not None:
        where.append(Post.created_at >= since)
    if until is not None:
        where.append(Post.created_at < until)
    return select(Post.author_id).where(*where).distinct()


def named_authors(council_id: int, item_id: int):
    """A SELECT of the people who posted under their name (visible posts) in one thread."""
    return select(Post.author_id).where(
        Post.council_id == council_id, Post.item_id == item_id, Post.state == PostState.VISIBLE.value,
        Post.anonymous.is_(False),
    ).distinct()
