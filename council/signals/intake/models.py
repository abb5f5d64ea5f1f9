"""What intake keeps beside a signal: each council's intake settings, and for each message that
arrived by e-mail or SMS its hashed id (so it is stored once), its public reference and the sender,
kept apart from the signal and erased after the council's retention period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.extensions import UTCDateTime, db, utcnow
from council.signals.models import Signal


class IntakeSettings(db.Model):
    """A council's e-mail address token and how long senders are kept."""

    __tablename__ = "signal_intake_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), unique=True)
    email_token: Mapped[str | None] = mapped_column(String(32), unique=True)
    retention_days: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<IntakeSettings council={self.council_id}>"


class IntakeMessage(db.Model):
    """One message that became a signal. `sender` is None once erased."""

    __tablename__ = "signal_intake_messages"
    __table_args__ = (UniqueConstraint("channel", "message_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signals.id", ondelete="SET NULL"), unique=True)
    channel: Mapped[str] = mapped_column(String(10))  # email or sms
    message_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the Message-ID or the gateway's id
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    sender: Mapped[str | None] = mapped_column(String(254))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sender_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    signal: Mapped[Signal | None] = relationship()

    def __repr__(self) -> str:
        return f"<IntakeMessage {self.id} {self.channel} signal={self.signal_id}>"
