"""A council's agenda: the issues it takes up, their history, who follows them, who saw what."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.core import revisions
from council.councils.models import Council
from council.extensions import UTCDateTime, db, utcnow


class ItemStatus(str, enum.Enum):
    PROPOSED = "proposed"
    OPEN = "open"
    CLOSED = "closed"
    SUMMARISED = "summarised"
    FORWARDED = "forwarded"
    DECLINED = "declined"


# The statuses after the deliberation: the thread is read-only and a summary may be written.
DELIBERATION_OVER = frozenset({ItemStatus.CLOSED.value, ItemStatus.SUMMARISED.value, ItemStatus.FORWARDED.value})

STATUS_LABELS = {
    ItemStatus.PROPOSED.value: _l("Proposed"),
    ItemStatus.OPEN.value: _l("Open for deliberation"),
    ItemStatus.CLOSED.value: _l("Deliberation closed"),
    ItemStatus.SUMMARISED.value: _l("Summarised"),
    ItemStatus.FORWARDED.value: _l("Forwarded"),
    ItemStatus.DECLINED.value: lazy_pgettext("agenda item status", "Declined"),
}

THEMES = {
    "security": _l("Security"),
    "land": _l("Land and natural resources"),
    "governance": _l("Governance and justice"),
    "livelihoods": _l("Livelihoods"),
    "services": _l("Services"),
    "gender": lazy_pgettext("agenda theme", "Gender"),
    "youth": lazy_pgettext("agenda theme", "Youth"),
    "displacement": _l("Displacement"),
    "reconciliation": _l("Reconciliation"),
    "other": _l("Other"),
}

agenda_item_links = Table(
    "agenda_item_links",
    db.metadata,
    Column("item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("linked_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown as written
    description_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised once
    language: Mapped[str] = mapped_column(String(10), default="en")
    theme: Mapped[str] = mapped_column(String(30), default="other")
    place: Mapped[str] = mapped_column(String(200), default="")
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=ItemStatus.PROPOSED.value, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Kept up to date when posts are added, withdrawn or hidden, so the agenda needs no counting.
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    contributor_count: Mapped[int] = mapped_column(Integer, default=0)  # people who posted under their name
    anonymous_post_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_post_id: Mapped[int | None] = mapped_column(Integer)
    last_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    council: Mapped[Council] = relationship()
    proposer: Mapped[User | None] = relationship()
    merged_into: Mapped[AgendaItem | None] = relationship(remote_side=[id])
    links: Mapped[list[AgendaItem]] = relationship(
        secondary=agenda_item_links,
        primaryjoin=id == agenda_item_links.c.item_id,
        secondaryjoin=id == agenda_item_links.c.linked_id,
    )
    events: Mapped[list[AgendaEvent]] = relationship(
        back_populates="item", order_by="AgendaEvent.id", cascade="all, delete-orphan"
    )

    # What the status means, asked of the item (services and templates alike) rather than by
    # comparing strings: the stored values stay those of ItemStatus.
    @property
    def is_proposed(self) -> bool:
        return self.status == ItemStatus.PROPOSED.value

    @property
    def may_receive_merge(self) -> bool:
        """Another proposal may still be merged into it: it is proposed or open for deliberation
        (a closed, summarised or forwarded item's deliberation is over)."""
        return self.status in (ItemStatus.PROPOSED.value, ItemStatus.OPEN.value)

    @property
    def is_open(self) -> bool:
        """Open for deliberation: members may post."""
        return self.status == ItemStatus.OPEN.value

    @property
    def is_declined(self) -> bool:
        return self.status == ItemStatus.DECLINED.value

    @property
    def may_be_summarised(self) -> bool:
        """The deliberation is over (closed, summarised or forwarded): a summary may be written."""
        return self.status in DELIBERATION_OVER

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} council={self.council_id} {self.status}>"


class AgendaEvent(db.Model):
    """One step of an item's visible history (proposed, accepted, declined, merged, closed...)."""

    __tablename__ = "agenda_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AgendaEvent {self.id} item={self.item_id} {self.action}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (_council_of_item(self.item_id),)


class ItemFollow(db.Model):
    __tablename__ = "item_follows"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ItemFollow user={self.user_id} item={self.item_id}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (_council_of_item(self.item_id), revisions.user(self.user_id))


class ItemVisit(db.Model):
    """The newest post a reader had seen of an item, for "new since your last visit"."""

    __tablename__ = "item_visits"
    __table_args__ = (UniqueConstraint("user_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    last_seen_post_id: Mapped[int] = mapped_column(Integer, default=0)
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ItemVisit user={self.user_id} item={self.item_id} post={self.last_seen_post_id}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (revisions.user(self.user_id),)  # what is new to them is shown to them alone


def _council_of_item(item_id: int | None) -> str:
    """The scope of the council an item belongs to (core/revisions.py)."""
    item = db.session.get(AgendaItem, item_id) if item_id is not None else None
    return revisions.council(item.council_id if item is not None else None)
