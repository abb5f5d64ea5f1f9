"""What changes accounts: registration, confirmation, sign-in, passwords, two factors, deletion.

Services flush, record audit events and queue e-mail; they never commit (the view or CLI does)."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from council import events, mail
from council.audit import services as audit
from council.auth import passwords, sessions
from council.auth.models import RecoveryCode, SiteRole, TokenPurpose, User, UserStatus, UserToken
from council.core.refusals import Refusal
from council.extensions import db, utcnow


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _external(endpoint: str, **values) -> str:
    return mail.external_url(endpoint, **values)


def create_user(
    *,
    email: str,
    password: str,
    display_name: str,
    locale: str = "en",
    gender: str | None = None,
    constituency: str | None = None,
    read_languages: list[str] | None = None,
    status: str = UserStatus.PENDING.value,
    site_role: str | None = None,
    timezone: str | None = None,
) -> User:
    """Create an account (no checks of uniqueness: callers decide what to reveal)."""
    user = User(
        email=normalise_email(email),
        password_hash=passwords.hash_password(password),
        display_name=display_name,
        locale=locale,
        gender=gender or None,
        constituency=constituency or None,
        read_languages=read_languages or [locale],
        status=status,
        site_role=site_role,
        timezone=timezone,
    )
    if status == UserStatus.ACTIVE.value:
        user.confirmed_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


def _new_token(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(UserToken(user=user, purpose=purpose.value, token_hash=_hash(token), expires_at=utcnow() + lifetime))
    return token


def use_token(token: str, purpose: TokenPurpose) -> User | None:
    """The user of a valid, unused, unexpired token, marking it used; None otherwise."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(UserToken).where(UserToken.token_hash == _hash(token), UserToken.purpose == purpose.value)
    )
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    # Mark it used only if nobody else did in between (two clicks on the same link).
    done = db.session.execute(
        update(UserToken).where(UserToken.id == row.id, UserToken.used_at.is_(None)).values(used_at=utcnow())
    )
    if done.rowcount != 1:
        return None
    return row.user


def peek_token(token: str, purpose: TokenPurpose) -> User | None:
    """Like use_token, without using it up (to show the form behind a link)."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(UserToken).where(UserToken.token_hash == _hash(token), UserToken.purpose == purpose.value)
    )
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        return None
    return row.user


def register(
    *, email: str, password: str, display_name: str, locale: str, gender: str | None, constituency: str | None,
    read_languages: list[str] | None = None, next_url: str | None = None,
) -> None:
    """Register, revealing nothing: a new address gets a confirmation link, a known one a notice.
    `next_url` (a local path, already checked) rides along in the links, so that confirming and
    signing in lead back to where the person was going."""
    where = {"next": next_url} if next_url else {}
    existing = user_by_email(email)
    if existing is not None:
        passwords.hash_password(password)  # the same work either way
        if existing.status != UserStatus.DELETED.value and mail.within_limit(existing.email):
            mail.send(existing.email, "auth/already_registered", language=existing.locale, user=existing,
                      login_url=_external("auth.login", **where), reset_url=_external("auth.forgot_password"))
        return
    user = create_user(email=email, password=password, display_name=display_name, locale=locale, gender=gender,
                       constituency=constituency, read_languages=read_languages)
    audit.record(user, "user.register", user)
    send_confirmation(user, next_url=next_url)


def send_confirmation(user: User, next_url: str | None = None) -> None:
    if not mail.within_limit(user.email):
        return
    token = _new_token(user, TokenPurpose.CONFIRM_EMAIL, timedelta(hours=current_app.config["CONFIRM_TOKEN_HOURS"]))
    where = {"next": next_url} if next_url else {}
    mail.send(user.email, "auth/confirm", language=user.locale, user=user,
              confirm_url=_external("auth.confirm_email", token=token, **where),
              hours=current_app.config["CONFIRM_TOKEN_HOURS"])


def confirm_email(token: str) -> User | None:
    user = use_token(token, TokenPurpose.CONFIRM_EMAIL)
    if user is None or user.status != UserStatus.PENDING.value:
        return None
    user.status = UserStatus.ACTIVE.value
    user.confirmed_at = utcnow()
    audit.record(user, "user.confirm", user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account these credentials open (active or pending), or None. Takes the same time either way."""
    user = user_by_email(email) if email else None
    if user is None or user.status in (UserStatus.DELETED.value,):
        passwords.burn_time(password)
        audit.record(None, "user.sign_in_fail", None)  # never the typed address: it may be a person's
        return None
    if not passwords.verify_password(user.password_hash, password):
        audit.record(None, "user.sign_in_fail", user)
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address belongs to an account; say nothing either way."""
    user = user_by_email(email)
    if user is None or user.status in (UserStatus.DELETED.value, UserStatus.SUSPENDED.value):
        return
    if not mail.within_limit(user.email):
        return
    minutes = current_app.config["RESET_TOKEN_MINUTES"]
    token = _new_token(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=minutes))
    mail.send(user.email, "auth/reset", language=user.locale, user=user,
              reset_url=_external("auth.reset_password", token=token), minutes=minutes)


def reset_password(token: str, new_password: str) -> User | None:
    user = use_token(token, TokenPurpose.RESET_PASSWORD)
    if user is None:
        return None
    user.password_hash = passwords.hash_password(new_password)
    if user.status == UserStatus.PENDING.value:  # the link proves the address
        user.status = UserStatus.ACTIVE.value
        user.confirmed_at = utcnow()
    sessions.end_all(user)
    audit.record(user, "user.password_reset", user)
    mail.send(user.email, "auth/password_changed", language=user.locale, user=user)
    return user


def change_password(user: User, current: str, new_password: str) -> bool:
    if not passwords.verify_password(user.password_hash, current):
        return False
    user.password_hash = passwords.hash_password(new_password)
    sessions.end_others(user)
    audit.record(user, "user.password_change", user)
    mail.send(user.email, "auth/password_changed", language=user.locale, user=user)
    return True


def update_profile(user: User, **fields: Any) -> None:
    for name in ("display_name", "locale", "timezone", "gender", "constituency", "read_languages"):
        if name in fields:
            value = fields[name]
            setattr(user, name, value if value not in ("",) else None)
    if not user.read_languages:
        user.read_languages = [user.locale]


def export_data(user: User) -> str:
    """Everything Council holds about `user`, as JSON: each domain adds its part through
    events.personal_data (council/<domain>/personal_data.py), and nothing of anyone else."""
    data = {"exported_at": utcnow(), **events.collect(events.personal_data, user)}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=_json_value)


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def delete_account(user: User) -> None:
    """Erase personal data; the row stays (so that what others answered keeps its sense) as
    "former member"."""
    audit.record(user, "user.delete", user)
    events.account_erased.send(user)  # each domain erases its part (councils: memberships)
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@deleted.invalid"
    user.display_name = ""
    user.password_hash = "!"
    user.gender = None
    user.constituency = None
    user.timezone = None
    user.site_role = None
    user.totp_secret = None
    user.totp_enabled_at = None
    user.status = UserStatus.DELETED.value
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    sessions.end_all(user)


def set_site_role(user: User, role: str | None, *, actor: User) -> None:
    if role not in (None, SiteRole.ADMIN.value, SiteRole.OFFICE.value):
        raise ValueError(role)
    if user.id == actor.id and user.site_role == SiteRole.ADMIN.value and role != SiteRole.ADMIN.value:
        raise Refusal("an administrator cannot remove their own administrator role")
    before = user.site_role
    if before == role:
        return
    user.site_role = role
    audit.record(actor, "user.site_role", user, before={"site_role": before}, after={"site_role": role})
    sessions.security_changed(user, actor=actor, reason="role")


def suspend(user: User, *, actor: User) -> None:
    if actor is not None and user.id == actor.id:
        raise Refusal("an administrator cannot suspend their own account")
    if user.status != UserStatus.ACTIVE.value:
        return
    user.status = UserStatus.SUSPENDED.value
    sessions.end_all(user, actor=actor)
    audit.record(actor, "user.suspend", user, before={"status": "active"}, after={"status": "suspended"})


def reinstate(user: User, *, actor: User) -> None:
    if user.status != UserStatus.SUSPENDED.value:
        return
    user.status = UserStatus.ACTIVE.value
    audit.record(actor, "user.reinstate", user, before={"status": "suspended"}, after={"status": "active"})
