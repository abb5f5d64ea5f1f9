"""Accounts, their server-side sessions, single-use tokens and two-factor recovery codes."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.core import revisions
from council.extensions import UTCDateTime, db, utcnow


class UserStatus(str, enum.Enum):
    PENDING = "pending"  # e-mail address not yet confirmed
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


class SiteRole(str, enum.Enum):
    ADMIN = "admin"
    OFFICE = "office"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # Columns no page shows to anyone but, at most, the person: changing only these touches their
    # own scope (core/revisions.py); any other column (a name, a status) is shown to others.
    _OWN_COLUMNS = frozenset({"password_hash", "totp_secret", "totp_enabled_at", "totp_last_step", "last_login_at",
                              "locale", "timezone", "read_languages"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    timezone: Mapped[str | None] = mapped_column(String(64))
    read_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender: Mapped[str | None] = mapped_column(String(20))
    constituency: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=UserStatus.PENDING.value, index=True)
    site_role: Mapped[str | None] = mapped_column(String(20))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    sessions: Mapped[list[AuthSession]] = relationship(back_populates="user", cascade="all, delete-orphan")
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # The token of the session this object was loaded through (not stored).
    session_token = None

    def get_id(self) -> str | None:  # Flask-Login keeps the session token, not the user id
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.status == UserStatus.ACTIVE.value

    @property
    def is_admin(self) -> bool:
        return self.site_role == SiteRole.ADMIN.value

    @property
    def is_office(self) -> bool:
        return self.site_role == SiteRole.OFFICE.value

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.status}>"

    def page_scopes(self) -> tuple[str, ...]:
        from sqlalchemy import inspect

        state = inspect(self)
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        if state.persistent and changed <= self._OWN_COLUMNS:
            return (revisions.user(self.id),)
        return (revisions.GLOBAL, revisions.user(self.id))


class AuthSession(db.Model):
    """A signed-in session. The cookie carries a random token; only its hash is stored, so that
    signing out or changing the password makes a copied cookie worthless."""

    __tablename__ = "auth_sessions"
    PAGE_SCOPES_UNSEEN = True  # no kept page shows it (core/revisions.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the person sees in their list of sessions: the browser and the address at sign-in.
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str | None] = mapped_column(String(64))
    # Signed in with a privileged role (admin, office, facilitator): shorter lifetimes.
    privileged: Mapped[bool] = mapped_column(default=False)
    # Server-side scratch of this session (a pending TOTP secret, recovery codes to show once):
    # what must not travel in the signed but readable cookie.
    data: Mapped[dict | None] = mapped_column(JSON)

    user: Mapped[User] = relationship(back_populates="sessions")

    def __repr__(self) -> str:
        return f"<AuthSession {self.id} user={self.user_id}>"


class TokenPurpose(str, enum.Enum):
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"


class UserToken(db.Model):
    """A single-use, expiring token sent by e-mail (address confirmation, password reset)."""

    __tablename__ = "user_tokens"
    PAGE_SCOPES_UNSEEN = True  # no kept page shows it (core/revisions.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserToken {self.id} {self.purpose}>"


class RecoveryCode(db.Model):
    __tablename__ = "recovery_codes"
    PAGE_SCOPES_UNSEEN = True  # no kept page shows it (core/revisions.py)
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="recovery_codes")

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id}>"
