"""Where adopted summaries go (destinations), their forwarding, and the answers that come back."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.extensions import UTCDateTime, db, utcnow

DESTINATION_KINDS = {
    "national_dialogue": _l("National dialogue secretariat"),
    "implementation_commission": _l("Peace-agreement implementation commission"),
    "un_office": _l("Office of the UN Resident Coordinator or SRSG"),
    "other": _l("Other national body"),
}


class ForwardingStatus(str, enum.Enum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"


FORWARDING_STATUS_LABELS = {
    ForwardingStatus.SENT.value: _l("Sent"),
    ForwardingStatus.ACKNOWLEDGED.value: lazy_pgettext("forwarding status", "Acknowledged"),
    ForwardingStatus.ANSWERED.value: lazy_pgettext("forwarding status", "Answered"),
}

ANSWER_STANCES = {
    "accepted": _l("Accepted"),
    "under_consideration": _l("Under consideration"),
    "not_accepted": _l("Not accepted"),
    "referred": _l("Referred elsewhere"),
}


class Destination(db.Model):
    __tablename__ = "destinations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), default="other")
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> name
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    readers: Mapped[list[OfficeAssignment]] = relationship(back_populates="destination", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Destination {self.id} {self.kind}>"


class OfficeAssignment(db.Model):
    """An office account reads for a destination."""

    __tablename__ = "office_assignments"
    __table_args__ = (UniqueConstraint("user_id", "destination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    destination: Mapped[Destination] = relationship(back_populates="readers")

    def __repr__(self) -> str:
        return f"<OfficeAssignment user={self.user_id} destination={self.destination_id}>"


class Forwarding(db.Model):
    """An adopted summary sent to a destination, and what became of it."""

    __tablename__ = "forwardings"
    __table_args__ = (UniqueConstraint("summary_id", "destination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("summary_versions.id"))  # the version sent (latest correction)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ForwardingStatus.SENT.value, index=True)
    covering_note: Mapped[str] = mapped_column(Text, default="")
    answer_requested_by: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overall_answer: Mapped[str] = mapped_column(Text, default="")
    overall_answer_html: Mapped[str] = mapped_column(Text, default="")
    answer_language: Mapped[str | None] = mapped_column(String(10))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a correction was sent after
    seen_correction_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    destination: Mapped[Destination] = relationship()
    answers: Mapped[list[RecommendationAnswer]] = relationship(
        back_populates="forwarding", order_by="RecommendationAnswer.number", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Forwarding {self.id} summary={self.summary_id} destination={self.destination_id} {self.status}>"


class RecommendationAnswer(db.Model):
    """The destination's answer to one numbered recommendation."""

    __tablename__ = "recommendation_answers"
    __table_args__ = (UniqueConstraint("forwarding_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forwarding_id: Mapped[int] = mapped_column(ForeignKey("forwardings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # the recommendation's number
    stance: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    forwarding: Mapped[Forwarding] = relationship(back_populates="answers")

    def __repr__(self) -> str:
        return f"<RecommendationAnswer forwarding={self.forwarding_id} #{self.number} {self.stance}>"
