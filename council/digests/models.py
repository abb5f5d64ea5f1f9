"""What an office reader follows, and their digest settings (e-mail day, the feed's token)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from council.extensions import UTCDateTime, db, utcnow

WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)  # Monday .. Sunday
DEFAULT_MAIL_DAY = 0  # weekly, on Mondays, unless the reader chooses another day or none


class DigestFollow(db.Model):
    """A council or a destination an office reader chose to follow (one of the two is set)."""

    __tablename__ = "digest_follows"
    __table_args__ = (UniqueConstraint("user_id", "council_id"), UniqueConstraint("user_id", "destination_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    destination_id: Mapped[int | None] = mapped_column(ForeignKey("destinations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<DigestFollow user={self.user_id} council={self.council_id} destination={self.destination_id}>"


class DigestSettings(db.Model):
    """One reader's settings. Without a row (or with `chosen` off) the reader follows the defaults:
    the destinations they read for and the councils that send to them."""

    __tablename__ = "digest_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    chosen: Mapped[bool] = mapped_column(default=False)  # the reader picked what to follow
    mail_day: Mapped[int | None] = mapped_column(Integer, default=DEFAULT_MAIL_DAY)  # 0 Monday; None: no e-mail
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_token_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_mailed_start: Mapped[date | None] = mapped_column(Date)  # the first day of the period last e-mailed
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<DigestSettings user={self.user_id} chosen={self.chosen} day={self.mail_day}>"
