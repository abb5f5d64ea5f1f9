"""In-app notifications and each person's choice of how to be told of each kind."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from council.core import revisions
from council.extensions import UTCDateTime, db, utcnow


class Kind(str, enum.Enum):
    REPLY = "reply"  # a reply to my post
    ITEM_OPENED = "item_opened"  # a new item opened in my council
    PROPOSAL_DECIDED = "proposal_decided"  # my proposal accepted, declined or merged
    POST_MODERATED = "post_moderated"  # my post hidden or restored
    ITEM_CLOSED = "item_closed"  # an item I follow closing
    ITEM_POST = "item_post"  # a new post in an item I follow
    SUMMARY_REVIEW = "summary_review"  # a summary of my council is put to review
    SUMMARY_ANSWERED = "summary_answered"  # a destination answered my council's summary
    FORWARDING_RECEIVED = "forwarding_received"  # office: a summary was forwarded to my destination
    FORWARDING_CORRECTED = "forwarding_corrected"  # office: a forwarded summary was corrected
    SIGNAL_RAISED = "signal_raised"  # facilitators: a signal waits for review
    SIGNAL_UPDATED = "signal_updated"  # the reporter: my signal was reviewed
    SIGNAL_ESCALATED = "signal_escalated"  # office: a signal was escalated to my destination
    SIGNAL_RESPONDED = "signal_responded"  # the reporter and the council: the destination answered
    ITEM_INVITED = "item_invited"  # a facilitator invites my group, not heard yet, to an open item


KIND_LABELS = {
    Kind.REPLY.value: _l("Replies to my posts"),
    Kind.ITEM_OPENED.value: _l("New items opened in my councils"),
    Kind.PROPOSAL_DECIDED.value: _l("Decisions on my proposals"),
    Kind.POST_MODERATED.value: _l("My posts hidden or restored"),
    Kind.ITEM_CLOSED.value: _l("Items I follow closing"),
    Kind.ITEM_POST.value: _l("New posts in items I follow"),
    Kind.SUMMARY_REVIEW.value: _l("Summaries put to my council for review"),
    Kind.SUMMARY_ANSWERED.value: _l("Answers to my council's advice"),
    Kind.FORWARDING_RECEIVED.value: _l("Summaries forwarded to my office"),
    Kind.FORWARDING_CORRECTED.value: _l("Corrections of summaries forwarded to my office"),
    Kind.SIGNAL_RAISED.value: _l("Early-warning signals waiting for review"),
    Kind.SIGNAL_UPDATED.value: _l("Reviews of signals I raised"),
    Kind.SIGNAL_ESCALATED.value: _l("Signals escalated to my office"),
    Kind.SIGNAL_RESPONDED.value: _l("Responses to escalated signals"),
    Kind.ITEM_INVITED.value: _l("Invitations to take part in an item"),
}


# Who each kind can concern (the settings page offers a person only the kinds that apply to them).
OFFICE_KINDS = frozenset({Kind.FORWARDING_RECEIVED.value, Kind.FORWARDING_CORRECTED.value,
                          Kind.SIGNAL_ESCALATED.value})
FACILITATOR_KINDS = frozenset({Kind.SIGNAL_RAISED.value})
MEMBER_KINDS = frozenset(KIND_LABELS) - OFFICE_KINDS - FACILITATOR_KINDS


class Delivery(str, enum.Enum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NEVER = "never"


DEFAULT_DELIVERY = {
    Kind.REPLY.value: Delivery.DAILY.value,
    Kind.ITEM_OPENED.value: Delivery.DAILY.value,
    Kind.PROPOSAL_DECIDED.value: Delivery.IMMEDIATE.value,
    Kind.POST_MODERATED.value: Delivery.IMMEDIATE.value,
    Kind.ITEM_CLOSED.value: Delivery.DAILY.value,
    Kind.ITEM_POST.value: Delivery.DAILY.value,
    Kind.SUMMARY_REVIEW.value: Delivery.IMMEDIATE.value,
    Kind.SUMMARY_ANSWERED.value: Delivery.IMMEDIATE.value,
    Kind.FORWARDING_RECEIVED.value: Delivery.IMMEDIATE.value,
    Kind.FORWARDING_CORRECTED.value: Delivery.IMMEDIATE.value,
    Kind.SIGNAL_RAISED.value: Delivery.IMMEDIATE.value,
    Kind.SIGNAL_UPDATED.value: Delivery.IMMEDIATE.value,
    Kind.SIGNAL_ESCALATED.value: Delivery.IMMEDIATE.value,
    Kind.SIGNAL_RESPONDED.value: Delivery.IMMEDIATE.value,
    Kind.ITEM_INVITED.value: Delivery.IMMEDIATE.value,
}


class Notification(db.Model):
    """Something a person should know. It names objects, never an anonymous author."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. {"outcome": "declined"}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id} {self.kind}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (revisions.user(self.user_id),)  # shown to the person notified alone


class NotificationPreference(db.Model):
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    delivery: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.delivery}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (revisions.user(self.user_id),)
