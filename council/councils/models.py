"""Countries, regions, councils (with texts per language), memberships and invitations."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.extensions import UTCDateTime, db, utcnow


class Country(db.Model):
    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(3), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> name
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    regions: Mapped[list[Region]] = relationship(back_populates="country", order_by="Region.id")

    def __repr__(self) -> str:
        return f"<Country {self.id} {self.code}>"


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    country: Mapped[Country] = relationship(back_populates="regions")
    councils: Mapped[list[Council]] = relationship(back_populates="region", order_by="Council.id")

    def __repr__(self) -> str:
        return f"<Region {self.id}>"


class Council(db.Model):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    working_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    allow_anonymous: Mapped[bool] = mapped_column(default=False)
    women_target_percent: Mapped[int] = mapped_column(Integer, default=50)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(back_populates="councils")
    texts: Mapped[list[CouncilText]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilText.id"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="council")

    def __repr__(self) -> str:
        return f"<Council {self.id}>"


class CouncilText(db.Model):
    """A council's name and mandate in one language."""

    __tablename__ = "council_texts"
    __table_args__ = (UniqueConstraint("council_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(160))
    mandate: Mapped[str] = mapped_column(Text, default="")

    council: Mapped[Council] = relationship(back_populates="texts")

    def __repr__(self) -> str:
        return f"<CouncilText {self.council_id} {self.language}>"


class MemberRole(str, enum.Enum):
    MEMBER = "member"
    FACILITATOR = "facilitator"
    OBSERVER = "observer"


class MembershipStatus(str, enum.Enum):
    APPLIED = "applied"
    ACTIVE = "active"
    DECLINED = "declined"
    SUSPENDED = "suspended"
    LEFT = "left"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("council_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.MEMBER.value)
    status: Mapped[str] = mapped_column(String(20), default=MembershipStatus.APPLIED.value, index=True)
    constituency: Mapped[str | None] = mapped_column(String(40))  # the group the person represents
    statement: Mapped[str] = mapped_column(Text, default="")
    decision_message: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE.value

    def __repr__(self) -> str:
        return f"<Membership {self.id} council={self.council_id} user={self.user_id} {self.role}/{self.status}>"


class Invitation(db.Model):
    """A single-use, expiring invitation to join a council, sent by e-mail."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.MEMBER.value)
    language: Mapped[str] = mapped_column(String(10), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    council: Mapped[Council] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])

    def __repr__(self) -> str:
        return f"<Invitation {self.id} council={self.council_id}>"


class CompositionSnapshot(db.Model):
    """A council's composition at the start of a period (council.councils.composition): counts of
    its members and facilitators by gender and by group, never who they are. The public figures
    are read from here, so that no single join, leave or change shows the day it happens."""

    __tablename__ = "composition_snapshots"
    __table_args__ = (UniqueConstraint("council_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime())
    by_gender: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    by_group: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<CompositionSnapshot council={self.council_id} {self.period_start:%Y-%m-%d}>"
