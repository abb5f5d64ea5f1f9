"""Personal API tokens: made and revoked by their owner, found by the hash of the secret.

A token is `council_` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 is
stored; the secret is shown once, when it is made. Making and revoking are recorded in the audit
log; each use records when the token was last used (at most once a minute, to spare the database
a write per request) and a log line."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from council.api.models import ApiToken
from council.audit import services as audit
from council.auth.models import User, UserStatus
from council.core.refusals import Refusal
from council.extensions import db, utcnow

log = logging.getLogger(__name__)

PREFIX = "council_"
MAX_ACTIVE = 10  # active tokens one person may hold
_TOUCH_EVERY = timedelta(seconds=60)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens, active ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())))


def create(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new read-only token for `user`: (the row, the secret to show once)."""
    name = (name or "").strip()
    if not name:
        raise Refusal(_("Give the token a name, so that you know later where it is used."), "name")
    active = db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == user.id,
                                                                      ApiToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE:
        raise Refusal(_("You already have %(num)s active tokens, the most one person may hold. Revoke one you "
                        "no longer use first.", num=MAX_ACTIVE), "name")
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name[:80], token_hash=token_hash(secret), scope="read", created_at=utcnow())
    db.session.add(row)
    db.session.flush()
    audit.record(user, "api_token.create", row, after={"name": row.name, "scope": row.scope})
    return row, secret


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of `user`'s own tokens (None when it is not theirs); revoking twice changes nothing."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(user, "api_token.revoke", row, after={"name": row.name})
    return row


def authenticate(secret: str | None) -> tuple[User, ApiToken] | None:
    """The active account and token behind `secret`, or None (unknown, revoked, or an account that
    is not active). Records the use."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if row is None or row.revoked_at is not None:
        return None
    user = db.session.get(User, row.user_id)
    if user is None or user.status != UserStatus.ACTIVE.value:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
        row.last_used_at = now
    return user, row


def erase(user: User) -> None:
    """On account erasure: the person's tokens go."""
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
