"""The dashboard: the person's councils and what waits for them — for those who keep a council,
applications, proposed agenda items, reported posts and appeals; for members, open items with
posts new since their last visit, summaries under review they have not yet endorsed or objected
to, the items they follow and the deadlines coming up — in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload

from council import events, permissions
from council.agendas.models import AgendaItem, ItemFollow, ItemStatus
from council.auth.models import User
from council.councils import queries as council_queries
from council.councils import services as council_services
from council.councils.models import Council
from council.extensions import db
from council.moderation import queries as moderation_queries
from council.permissions import Permission, Role
from council.summaries.models import Stance, Summary, SummaryStatus


@dataclass(frozen=True)
class Waiting:
    council: Council
    applications: int
    proposals: int
    reports: int
    appeals: int


def build(user: User) -> dict:
    context = council_services.dashboard(user)
    managed = context.pop("managed_ids")
    applications = context.pop("application_counts")
    proposals_query = select(AgendaItem.council_id, func.count()).where(AgendaItem.status == "proposed")
    if managed is not None:
        proposals_query = proposals_query.where(AgendaItem.council_id.in_(managed or [-1]))
    proposals = dict(db.session.execute(proposals_query.group_by(AgendaItem.council_id)).tuples().all())
    candidates = set(applications) | set(proposals) | set(managed or [])
    if managed is None:  # an admin: moderation of every council with something waiting
        moderation = moderation_queries.queue_counts(
            db.session.scalars(select(Council.id)).all()
        )
    else:
        moderation = moderation_queries.queue_counts(managed)
    candidates |= {cid for cid, c in moderation.items() if c["reports"] or c["appeals"]}
    waiting: list[Waiting] = []
    if candidates:
        councils = db.session.scalars(
            select(Council).where(Council.id.in_(candidates)).options(*council_queries.council_options())
        ).all()
        for council in councils:
            row = Waiting(
                council,
                applications.get(council.id, 0),
                proposals.get(council.id, 0),
                moderation.get(council.id, {}).get("reports", 0),
                moderation.get(council.id, {}).get("appeals", 0),
            )
            if row.applications or row.proposals or row.reports or row.appeals:
                waiting.append(row)
        waiting.sort(key=lambda w: council_queries.council_name(w.council).text.casefold())
    context["waiting"] = waiting
    context["member_work"] = for_member(user, context["memberships"])
    held = permissions.roles(user)
    context["is_office"] = Role.OFFICE in held
    context["is_admin"] = Role.ADMIN in held
    context["pending_applications"] = [m for m in context["applications"] if m.status == "applied"]
    return context


@dataclass
class ItemLine:
    """An open or followed item as the member's dashboard lists it."""

    item: AgendaItem
    new: Any = None  # (count, first, url) of posts new since the last visit, or None
    followed: bool = False


@dataclass
class MemberWork:
    """What waits for a member (or observer) in their councils."""

    reviews: list[Summary] = field(default_factory=list)  # under review, no stance of theirs yet
    new_posts: list[ItemLine] = field(default_factory=list)
    followed: list[ItemLine] = field(default_factory=list)
    deadlines: list[tuple[datetime, str, Any]] = field(default_factory=list)  # (when, "item"|"review", object)
    councils: dict[int, Council] = field(default_factory=dict)  # the member's councils, by id

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.new_posts or self.followed or self.deadlines)


def for_member(user: User, memberships) -> MemberWork:
    """The member's part of the dashboard, in five queries whatever the number of items."""
    work = MemberWork()
    work.councils = {m.council_id: m.council for m in memberships}
    readable = [m.council_id for m in memberships if permissions.can(user, Permission.VIEW_AGENDA, m.council)]
    if not readable:
        return work
    councils = work.councils
    followed_ids = set(db.session.scalars(select(ItemFollow.item_id).where(ItemFollow.user_id == user.id)))
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.council_id.in_(readable),
               or_(AgendaItem.status == ItemStatus.OPEN.value,
                   AgendaItem.id.in_(followed_ids or [-1]) & (AgendaItem.status == ItemStatus.PROPOSED.value)))
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    fresh = events.collect(events.item_activity, user, item_ids=[i.id for i in items if i.is_open]).get("new_posts", {})
    for item in items:
        line = ItemLine(item, fresh.get(item.id), item.id in followed_ids)
        if line.new:
            work.new_posts.append(line)
        if line.followed:
            work.followed.append(line)
        if item.is_open and item.deadline is not None:
            work.deadlines.append((item.deadline, "item", item))
    participating = [cid for cid in readable if permissions.can(user, Permission.PARTICIPATE, councils[cid])]
    if participating:
        mine = exists().where(Stance.summary_id == Summary.id, Stance.user_id == user.id)
        work.reviews = list(db.session.scalars(
            select(Summary)
            .options(joinedload(Summary.item))
            .where(Summary.council_id.in_(participating), Summary.status == SummaryStatus.REVIEW.value, ~mine)
            .order_by(Summary.review_deadline, Summary.id)
        ))
        for summary in work.reviews:
            if summary.review_deadline is not None:
                work.deadlines.append((summary.review_deadline, "review", summary))
    work.deadlines.sort(key=lambda d: d[0])
    return work
