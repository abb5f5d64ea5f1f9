"""What the agenda pages read. Each function runs a fixed number of queries, however many items
a council has. Nothing here changes the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from council import events
from council.agendas.models import STATUS_LABELS, THEMES, AgendaEvent, AgendaItem, ItemFollow, ItemStatus
from council.councils.models import Council
from council.extensions import db

# The order in which the agenda shows its groups: what is being discussed first.
STATUS_ORDER = [
    ItemStatus.OPEN.value,
    ItemStatus.PROPOSED.value,
    ItemStatus.CLOSED.value,
    ItemStatus.SUMMARISED.value,
    ItemStatus.FORWARDED.value,
    ItemStatus.DECLINED.value,
]

STATUS_BADGES = {
    ItemStatus.PROPOSED.value: "neutral",
    ItemStatus.OPEN.value: "ok",
    ItemStatus.CLOSED.value: "warn",
    ItemStatus.SUMMARISED.value: "neutral",
    ItemStatus.FORWARDED.value: "ok",
    ItemStatus.DECLINED.value: "bad",
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "neutral")


def theme_label(theme: str) -> str:
    return str(THEMES.get(theme, THEMES["other"]))


def clean_filters(args) -> dict[str, str | None]:
    """The agenda's filters from the query string; unknown values are ignored."""
    status = args.get("status", type=str)
    theme = args.get("theme", type=str)
    return {
        "status": status if status in STATUS_LABELS else None,
        "theme": theme if theme in THEMES else None,
    }


@dataclass
class Group:
    status: str
    items: list[AgendaItem] = field(default_factory=list)


@dataclass
class Agenda:
    groups: list[Group]
    counts: dict[str, int]  # status -> number of items (with the theme filter applied)
    new_posts: dict[int, Any]  # item id -> (count, first) of posts new since the reader's last visit
    followed: set[int]  # ids of the shown items the reader follows
    total: int


def agenda(council: Council, user, *, status: str | None = None, theme: str | None = None) -> Agenda:
    """The council's agenda grouped by status, with counts, what is new and what the reader follows."""
    count_query = (
        select(AgendaItem.status, func.count(AgendaItem.id))
        .where(AgendaItem.council_id == council.id)
        .group_by(AgendaItem.status)
    )
    if theme:
        count_query = count_query.where(AgendaItem.theme == theme)
    counts = {row[0]: row[1] for row in db.session.execute(count_query)}

    query = (
        select(AgendaItem)
        .where(AgendaItem.council_id == council.id)
        .options(selectinload(AgendaItem.proposer))
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    if theme:
        query = query.where(AgendaItem.theme == theme)
    if status:
        query = query.where(AgendaItem.status == status)
    items = list(db.session.scalars(query))

    by_status: dict[str, Group] = {s: Group(s) for s in STATUS_ORDER}
    for item in items:
        by_status.setdefault(item.status, Group(item.status)).items.append(item)
    groups = [g for g in by_status.values() if g.items]

    open_ids = [i.id for i in items if i.status == ItemStatus.OPEN.value]
    shown_ids = [i.id for i in items]
    return Agenda(
        groups=groups,
        counts=counts,
        new_posts=events.collect(events.item_activity, user, item_ids=open_ids).get("new_posts", {}),
        followed=followed_ids(user, shown_ids),
        total=len(items),
    )


def followed_ids(user, item_ids: list[int]) -> set[int]:
    if not item_ids or user is None or not user.is_authenticated:
        return set()
    return set(db.session.scalars(
        select(ItemFollow.item_id).where(ItemFollow.user_id == user.id, ItemFollow.item_id.in_(item_ids))
    ))


def item_for_page(council: Council, item_id: int) -> AgendaItem | None:
    """An item of `council` with what its page shows: proposer, links, merge target, history."""
    return db.session.scalar(
        select(AgendaItem)
        .filter_by(id=item_id, council_id=council.id)
        .options(
            selectinload(AgendaItem.proposer),
            selectinload(AgendaItem.links),
            selectinload(AgendaItem.merged_into),
            selectinload(AgendaItem.events).selectinload(AgendaEvent.actor),
        )
    )


def merge_targets(item: AgendaItem) -> list[AgendaItem]:
    """The items of the same council that `item` may still be merged into: not itself, and only
    proposed or open ones (AgendaItem.may_receive_merge)."""
    return list(db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.council_id == item.council_id, AgendaItem.id != item.id,
               AgendaItem.status.in_((ItemStatus.PROPOSED.value, ItemStatus.OPEN.value)))
        .order_by(AgendaItem.id.desc())
    ))


def merged_from(item: AgendaItem) -> list[AgendaItem]:
    """Items that were merged into `item`."""
    return list(db.session.scalars(
        select(AgendaItem).filter_by(merged_into_id=item.id, council_id=item.council_id).order_by(AgendaItem.id)
    ))


def linkable_items(council: Council) -> list:
    """The council's items a new proposal may link to (newest first): rows of id, title, language."""
    return list(db.session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.language)
        .where(AgendaItem.council_id == council.id, AgendaItem.merged_into_id.is_(None))
        .order_by(AgendaItem.id.desc())
    ))
