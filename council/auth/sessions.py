"""Server-side sessions: the cookie holds a random token whose hash names an AuthSession row.

Signing out deletes the row; changing the password deletes every other row of the user; a row
past its idle or absolute lifetime is refused. A copied cookie is therefore worthless afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import delete, select

from council.audit import services as audit
from council.auth.models import AuthSession, User
from council.extensions import db, utcnow

# How often (at most) the last-seen time is written, to spare the database a write per request.
_TOUCH_EVERY = timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_user(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None:
        return None
    now = utcnow()
    cfg = current_app.config
    if now - row.last_seen_at > timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]) or now - row.created_at > timedelta(
        hours=cfg["SESSION_ABSOLUTE_HOURS"]
    ):
        db.session.delete(row)
        db.session.commit()
        return None
    user = row.user
    if user.status != "active":
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    user.session_token = token
    return user


def init_login_manager(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = _l("Please sign in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = None  # the server-side session is the protection


def start(user: User) -> None:
    """Sign `user` in with a fresh session (a new cookie and a new server-side row)."""
    keep_lang = session.get("lang")
    session.clear()  # a new session at sign-in: nothing of the anonymous one is carried over
    if keep_lang:
        session["lang"] = keep_lang
    token = secrets.token_urlsafe(32)
    db.session.add(AuthSession(user=user, token_hash=token_hash(token)))
    user.last_login_at = utcnow()
    user.session_token = token
    session.permanent = True
    login_user(user)
    audit.record(user, "user.sign_in", user)


def end(user: User) -> None:
    """Sign out: the server-side row goes, so the old cookie no longer works."""
    if user.session_token:
        db.session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(user.session_token)))
    logout_user()
    keep_lang = session.get("lang")
    session.clear()
    if keep_lang:
        session["lang"] = keep_lang


def end_others(user: User) -> None:
    """End every session of `user` except the current one (after a password change)."""
    query = delete(AuthSession).where(AuthSession.user_id == user.id)
    if user.session_token:
        query = query.where(AuthSession.token_hash != token_hash(user.session_token))
    _recorded(db.session.execute(query).rowcount, user, user)


def end_all(user: User, *, actor: User | None = None) -> None:
    """End every session of `user` (`actor`: who did it, when not the person themselves)."""
    ended = db.session.execute(delete(AuthSession).where(AuthSession.user_id == user.id)).rowcount
    _recorded(ended, user, actor or user)


def _recorded(ended: int, user: User, actor: User | None) -> None:
    """Sessions ended by someone's action go to the audit log (how many; not which)."""
    if ended and ended > 0:
        audit.record(actor, "user.sessions_end", user, after={"sessions_ended": ended})
