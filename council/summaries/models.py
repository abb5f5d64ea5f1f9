"""A council's agreed synthesis of a closed deliberation: versions, recommendations, the
members' endorsements and objections, and translations."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.agendas.models import AgendaItem
from council.auth.models import User
from council.extensions import UTCDateTime, db, utcnow


class SummaryStatus(str, enum.Enum):
    DRAFT = "draft"  # being written by facilitators
    REVIEW = "review"  # put to the council for endorsement or objection
    ADOPTED = "adopted"


SUMMARY_STATUS_LABELS = {
    SummaryStatus.DRAFT.value: _l("Draft"),
    SummaryStatus.REVIEW.value: _l("Under review by the council"),
    SummaryStatus.ADOPTED.value: lazy_pgettext("summary status", "Adopted"),
}

# The sections of a summary, in order, with their headings.
SECTIONS = {
    "context": _l("The issue and its context"),
    "points": _l("Main points raised"),
    "agreement": _l("Where the council agrees"),
    "disagreement": _l("Where the council disagrees, and dissenting views"),
    "early_warning": _l("Concerns for early warning"),
}


class Summary(db.Model):
    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), unique=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    language: Mapped[str] = mapped_column(String(10))  # the language of record
    status: Mapped[str] = mapped_column(String(20), default=SummaryStatus.DRAFT.value)
    review_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("summary_versions.id", use_alter=True, name="fk_summaries_current_version_id_summary_versions")
    )
    adopted_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("summary_versions.id", use_alter=True, name="fk_summaries_adopted_version_id_summary_versions")
    )
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Recorded at adoption: counts of endorsements and objections, and the objections that stood.
    adopted_endorsements: Mapped[int | None] = mapped_column(Integer)
    adopted_objections: Mapped[int | None] = mapped_column(Integer)
    standing_objections: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Participation figures computed from the thread (never typed), frozen at adoption.
    participation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: a save based on an older lock_version is refused.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    item: Mapped[AgendaItem] = relationship()
    versions: Mapped[list[SummaryVersion]] = relationship(
        back_populates="summary", order_by="SummaryVersion.number", foreign_keys="SummaryVersion.summary_id"
    )
    current_version: Mapped[SummaryVersion | None] = relationship(foreign_keys=[current_version_id], post_update=True)
    adopted_version: Mapped[SummaryVersion | None] = relationship(foreign_keys=[adopted_version_id], post_update=True)

    @property
    def is_draft(self) -> bool:
        return self.status == SummaryStatus.DRAFT.value

    @property
    def is_under_review(self) -> bool:
        return self.status == SummaryStatus.REVIEW.value

    @property
    def is_adopted(self) -> bool:
        """Adopted by the council: it may be forwarded, and a change is a correction."""
        return self.status == SummaryStatus.ADOPTED.value

    def __repr__(self) -> str:
        return f"<Summary {self.id} item={self.item_id} {self.status}>"


class SummaryVersion(db.Model):
    """One text of a summary. Every save makes a new version; none is ever changed."""

    __tablename__ = "summary_versions"
    __table_args__ = (UniqueConstraint("summary_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # section -> Markdown
    sections_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # rendered, sanitised
    change_note: Mapped[str] = mapped_column(Text, default="")
    is_correction: Mapped[bool] = mapped_column(default=False)  # made after forwarding
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    summary: Mapped[Summary] = relationship(back_populates="versions", foreign_keys=[summary_id])
    author: Mapped[User | None] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="version", order_by="Recommendation.number", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<SummaryVersion {self.id} summary={self.summary_id} v{self.number}>"


class Recommendation(db.Model):
    """A numbered recommendation of a version, with whom it is addressed to."""

    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("version_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("summary_versions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(200), default="")

    version: Mapped[SummaryVersion] = relationship(back_populates="recommendations")

    def __repr__(self) -> str:
        return f"<Recommendation {self.number} version={self.version_id}>"


class Stance(db.Model):
    """A member's endorsement of, or objection (with a reason) to, a summary under review."""

    __tablename__ = "summary_stances"
    __table_args__ = (UniqueConstraint("summary_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("summary_versions.id"))  # the version it was given on
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    value: Mapped[str] = mapped_column(String(10))  # endorse | object
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Stance summary={self.summary_id} user={self.user_id} {self.value}>"


class SummaryTranslation(db.Model):
    """A human translation of one version of a summary into another language."""

    __tablename__ = "summary_translations"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("summary_versions.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    sections_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    recommendations: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{number, text, text_html, addressee}]
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    translator: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SummaryTranslation version={self.version_id} {self.language}>"
