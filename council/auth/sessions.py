"""Server-side sessions: the cookie holds a random token whose hash names an AuthSession row.

Signing out deletes the row; changing the password deletes every other row of the user; a row
past its idle or absolute lifetime is refused (shorter for privileged roles). A copied cookie is
therefore worthless afterwards. What must stay secret during a session (a pending TOTP secret,
recovery codes to show once) is kept in the row, never in the signed but readable cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from council import mail, permissions
from council.audit import services as audit
from council.core import transaction
from council.auth.models import AuthSession, User
from council.extensions import client_address, db, utcnow

# How often (at most) the last-seen time is written, to spare the database a write per request.
_TOUCH_EVERY = timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetimes(row: AuthSession) -> tuple[timedelta, timedelta]:
    """(idle, absolute) lifetime of a session: at most 30 minutes and 12 hours for privileged roles."""
    cfg = current_app.config
    idle, absolute = timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]), timedelta(hours=cfg["SESSION_ABSOLUTE_HOURS"])
    if row.privileged or row.user.site_role in ("admin", "office"):
        idle = min(idle, timedelta(minutes=cfg["SESSION_PRIVILEGED_IDLE_MINUTES"]))
        absolute = min(absolute, timedelta(hours=cfg["SESSION_PRIVILEGED_ABSOLUTE_HOURS"]))
    return idle, absolute


def _row(token: str | None) -> AuthSession | None:
    if not token or len(token) > 100:
        return None
    # The account comes in the same query: every signed-in request needs both.
    return db.session.scalar(select(AuthSession).options(joinedload(AuthSession.user))
                             .where(AuthSession.token_hash == token_hash(token)))


def load_user(token: str) -> User | None:
    row = _row(token)
    if row is None:
        return None
    now = utcnow()
    idle, absolute = lifetimes(row)
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        db.session.delete(row)
        return None
    user = row.user
    if user.status != "active":
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        transaction.best_effort(lambda: setattr(row, "last_seen_at", now), "session last-seen time")
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
    db.session.add(AuthSession(user=user, token_hash=token_hash(token), privileged=permissions.is_privileged(user),
                               user_agent=(request.user_agent.string or "")[:200], address=client_address()[:64]))
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


def end_others(user: User) -> int:
    """End every session of `user` except the current one (after a password change)."""
    query = delete(AuthSession).where(AuthSession.user_id == user.id)
    if user.session_token:
        query = query.where(AuthSession.token_hash != token_hash(user.session_token))
    ended = db.session.execute(query).rowcount or 0
    _recorded(ended, user, user)
    return ended


def end_all(user: User, *, actor: User | None = None) -> None:
    """End every session of `user` (`actor`: who did it, when not the person themselves)."""
    _end_all_counted(user, actor or user)


def security_changed(user: User, *, actor: User | None, reason: str) -> None:
    """Two factors switched on or off, or a role changed: every other session of `user` ends (the
    one making the change, if it is theirs, continues with the new privilege), and they are told.

    `reason`: "two_factor_on", "two_factor_off" or "role"."""
    own = actor is not None and actor.id == user.id and user.session_token
    ended = end_others(user) if own else _end_all_counted(user, actor)
    if own:
        row = _row(user.session_token)
        if row is not None:
            row.privileged = row.privileged or permissions.is_privileged(user)
    if ended == 0 and user.last_login_at is None:
        return  # a new account (set up by an administrator or the demo): nothing to warn of
    mail.send(user.email, "auth/sessions_ended", language=user.locale, user=user, reason=reason, ended=ended,
              sessions_url=mail.external_url("auth.sessions"))


def _end_all_counted(user: User, actor: User | None) -> int:
    ended = db.session.execute(delete(AuthSession).where(AuthSession.user_id == user.id)).rowcount or 0
    _recorded(ended, user, actor)
    return ended


def _recorded(ended: int, user: User, actor: User | None) -> None:
    """Sessions ended by someone's action go to the audit log (how many; not which)."""
    if ended and ended > 0:
        audit.record(actor, "user.sessions_end", user, after={"sessions_ended": ended})


# --- the person's list of sessions ----------------------------------------------------------------


def of(user: User) -> list[AuthSession]:
    return list(db.session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.last_seen_at.desc())
    ))


def is_current(row: AuthSession, user: User) -> bool:
    return bool(user.session_token) and row.token_hash == token_hash(user.session_token)


def end_one(user: User, session_id: int) -> AuthSession | None:
    """End one of `user`'s own sessions (scoped to them); None if there is no such session."""
    row = db.session.scalar(select(AuthSession).where(AuthSession.id == session_id, AuthSession.user_id == user.id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
        _recorded(1, user, user)
    return row


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device(user_agent: str) -> tuple[str | None, str | None]:
    """(browser, system) named from a user-agent string, either None when unknown."""
    browser = next((name for key, name in _BROWSERS if key in user_agent), None)
    system = next((name for key, name in _SYSTEMS if key in user_agent), None)
    return browser, system


# --- server-side scratch of the current session ---------------------------------------------------


def stash(user: User, key: str, value: Any) -> None:
    row = _row(user.session_token)
    if row is not None:
        row.data = {**(row.data or {}), key: value}


def peek(user: User, key: str) -> Any:
    row = _row(user.session_token)
    return (row.data or {}).get(key) if row is not None else None


def take(user: User, key: str) -> Any:
    """The value kept under `key`, removed from the session."""
    row = _row(user.session_token)
    if row is None or not row.data or key not in row.data:
        return None
    data = dict(row.data)
    value = data.pop(key)
    row.data = data or None
    return value
