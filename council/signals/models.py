"""Early-warning signals: what a council reports, how it is reviewed, where it is escalated and
what came of it. Vocabularies are in codes.py; who may see what is decided in council/permissions.py
and enforced in queries.py."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.extensions import UTCDateTime, db, utcnow
from council.forwarding.models import Destination


class SignalSector(db.Model):
    """A sector of a council's own list (seeded with CEWARN's five)."""

    __tablename__ = "signal_sectors"
    __table_args__ = (UniqueConstraint("council_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> name (empty: the default's)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<SignalSector {self.id} {self.key} council={self.council_id}>"


class Indicator(db.Model):
    """A conflict or peace indicator of a council's catalogue."""

    __tablename__ = "signal_indicators_catalogue"
    __table_args__ = (UniqueConstraint("council_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    nature: Mapped[str] = mapped_column(String(20), default="dynamic")  # structural or dynamic
    polarity: Mapped[str] = mapped_column(String(20), default="conflict")  # conflict or peace
    gender_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> name
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Indicator {self.id} {self.key} council={self.council_id}>"


class SignalPolicy(db.Model):
    """A council's own settings for signals: hours until an escalation is due, by severity."""

    __tablename__ = "signal_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), unique=True)
    due_hours: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # "0".."4" -> hours

    def __repr__(self) -> str:
        return f"<SignalPolicy council={self.council_id}>"


class Signal(db.Model):
    """An early-warning report."""

    __tablename__ = "signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    narrative: Mapped[str] = mapped_column(Text, default="")
    narrative_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10))
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("signal_sectors.id"), index=True)
    event_date: Mapped[date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10), default="day")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    area: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    event_type: Mapped[str | None] = mapped_column(String(30))
    sub_event_type: Mapped[str | None] = mapped_column(String(30))
    actor1_type: Mapped[str | None] = mapped_column(String(30))
    actor2_type: Mapped[str | None] = mapped_column(String(30))
    severity: Mapped[int] = mapped_column(Integer, default=0, index=True)
    trend: Mapped[str] = mapped_column(String(20), default="unknown")
    gender_dimensions: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidentiality: Mapped[str] = mapped_column(String(30), default="council", index=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submission_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    sector: Mapped[SignalSector | None] = relationship()
    sources: Mapped[list[SignalSource]] = relationship(
        back_populates="signal", order_by="SignalSource.id", cascade="all, delete-orphan")
    impacts: Mapped[list[SignalImpact]] = relationship(
        back_populates="signal", order_by="SignalImpact.id", cascade="all, delete-orphan")
    indicators: Mapped[list[SignalIndicator]] = relationship(
        back_populates="signal", order_by="SignalIndicator.id", cascade="all, delete-orphan")
    events: Mapped[list[SignalEvent]] = relationship(
        back_populates="signal", order_by="SignalEvent.id", cascade="all, delete-orphan")
    escalations: Mapped[list[Escalation]] = relationship(
        back_populates="signal", order_by="Escalation.id", cascade="all, delete-orphan")
    item_links: Mapped[list[SignalItemLink]] = relationship(
        back_populates="signal", order_by="SignalItemLink.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Signal {self.id} council={self.council_id} {self.status} {self.confidentiality}>"


class SignalSource(db.Model):
    __tablename__ = "signal_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(300), default="")  # who or what: the source's identity
    scale: Mapped[str] = mapped_column(String(20), default="local")
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    seen_themselves: Mapped[bool] = mapped_column(Boolean, default=False)

    signal: Mapped[Signal] = relationship(back_populates="sources")

    def __repr__(self) -> str:
        return f"<SignalSource {self.id} signal={self.signal_id} {self.scale}/{self.reliability}>"


class SignalImpact(db.Model):
    """How many people were killed, injured, ... of one sex and age band."""

    __tablename__ = "signal_impacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(10), default="unknown")
    age_band: Mapped[str] = mapped_column(String(10), default="unknown")
    count: Mapped[int] = mapped_column(Integer, default=0)
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)

    signal: Mapped[Signal] = relationship(back_populates="impacts")

    def __repr__(self) -> str:
        return f"<SignalImpact signal={self.signal_id} {self.category} {self.count}>"


class SignalIndicator(db.Model):
    __tablename__ = "signal_indicator_ticks"
    __table_args__ = (UniqueConstraint("signal_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("signal_indicators_catalogue.id", ondelete="CASCADE"),
                                              index=True)
    direction: Mapped[str] = mapped_column(String(20), default="worsening")

    signal: Mapped[Signal] = relationship(back_populates="indicators")
    indicator: Mapped[Indicator] = relationship()

    def __repr__(self) -> str:
        return f"<SignalIndicator signal={self.signal_id} indicator={self.indicator_id} {self.direction}>"


class SignalItemLink(db.Model):
    __tablename__ = "signal_item_links"
    __table_args__ = (UniqueConstraint("signal_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="item_links")

    def __repr__(self) -> str:
        return f"<SignalItemLink signal={self.signal_id} item={self.item_id}>"


class SignalEvent(db.Model):
    """One change of a signal: who, when, what and why (its history)."""

    __tablename__ = "signal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_value: Mapped[str | None] = mapped_column(String(40))
    to_value: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("signal_escalations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SignalEvent {self.id} signal={self.signal_id} {self.action}>"


class Escalation(db.Model):
    """A verified signal sent to a destination, with the action asked for and what came of it."""

    __tablename__ = "signal_escalations"
    __table_args__ = (UniqueConstraint("signal_id", "destination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    destination_id: Mapped[int] = mapped_column(ForeignKey("destinations.id"), index=True)
    requested_action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(20), default="sent", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(30))
    escalated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    signal: Mapped[Signal] = relationship(back_populates="escalations")
    destination: Mapped[Destination] = relationship()

    def __repr__(self) -> str:
        return f"<Escalation {self.id} signal={self.signal_id} destination={self.destination_id} {self.status}>"
