"""Sign-in lockouts in the audit log: a sign-in refused by a rate limit (429) is recorded with
the account it was aimed at, when that account exists (never the address that was typed)."""

from __future__ import annotations

from flask import request, session

from council.audit import services as audit
from council.auth.models import User, UserStatus
from council.extensions import db

SIGN_IN_ENDPOINTS = ("auth.login", "auth.login_two_factor")


def _aimed_at() -> User | None:
    from council.auth.services import user_by_email

    if request.endpoint == "auth.login_two_factor":
        user_id = session.get("2fa_user")
        return db.session.get(User, user_id) if isinstance(user_id, int) else None
    email = request.form.get("email", "")
    user = user_by_email(email[:254]) if email else None
    return user if user is not None and user.status != UserStatus.DELETED.value else None


def record_lockout(response):
    """After-request hook: record a 429 on the sign-in pages."""
    if response.status_code != 429 or request.endpoint not in SIGN_IN_ENDPOINTS:
        return response
    try:
        target = _aimed_at()
    except Exception:  # a lookup that fails must not hide the refusal (the commit point rolls it back)
        target = None
    audit.record_refusal(None, "user.sign_in_lock", target)
    return response
