"""The account's part of a person's data download (events.personal_data): the account itself, its
signed-in sessions, the e-mail tokens sent to it and its two-factor set-up. Secrets (password and
token hashes, the TOTP secret, recovery codes) are never exported, only that they exist."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.auth.models import AuthSession, RecoveryCode, User, UserToken
from council.extensions import db

# The columns pointing at users.id whose rows this module exports (tests/auth/test_data_download.py).
COVERS = ("auth_sessions.user_id", "user_tokens.user_id", "recovery_codes.user_id")


@events.personal_data.connect
def account(user: User, **_kwargs):
    sessions = db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.id))
    tokens = db.session.scalars(select(UserToken).where(UserToken.user_id == user.id).order_by(UserToken.id))
    codes = list(db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)))
    return "account", {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "status": user.status,
        "preferred_language": user.locale,
        "languages_read": user.read_languages,
        "time_zone": user.timezone,
        "gender": user.gender,
        "group": user.constituency,
        "site_role": user.site_role,
        "created_at": user.created_at,
        "confirmed_at": user.confirmed_at,
        "last_sign_in_at": user.last_login_at,
        "two_factor": {
            "enabled_at": user.totp_enabled_at,
            "recovery_codes": len(codes),
            "recovery_codes_used": sum(1 for c in codes if c.used_at is not None),
        },
        "sessions": [{"started_at": s.created_at, "last_seen_at": s.last_seen_at} for s in sessions],
        "email_tokens": [
            {"purpose": t.purpose, "sent_at": t.created_at, "expires_at": t.expires_at, "used_at": t.used_at}
            for t in tokens
        ],
    }
