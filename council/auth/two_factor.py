"""TOTP two-factor authentication (pyotp) and single-use recovery codes."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import select

from council.audit import services as audit
from council.auth import sessions
from council.auth.models import RecoveryCode, User
from council.extensions import db, utcnow

RECOVERY_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alike characters


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (no script, no external request)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=True)
    return Markup(svg)


def _matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step whose code equals `code` (allowing one step of clock drift), else None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = at if at is not None else time.time()
    step = int(now // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def verify_setup(secret: str, code: str) -> bool:
    return _matching_step(secret, code) is not None


def enable(user: User, secret: str) -> list[str]:
    """Switch two factors on; returns the recovery codes to show once."""
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    codes = _new_recovery_codes(user)
    audit.record(user, "user.two_factor_enable", user)
    sessions.security_changed(user, actor=user, reason="two_factor_on")
    return codes


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    for rc in list(user.recovery_codes):
        db.session.delete(rc)
    audit.record(user, "user.two_factor_disable", user)
    sessions.security_changed(user, actor=user, reason="two_factor_off")


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    for rc in list(user.recovery_codes):
        db.session.delete(rc)
    db.session.flush()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user=user, code_hash=_hash(raw)))
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record(user, "user.recovery_codes_new", user)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return sum(1 for rc in user.recovery_codes if rc.used_at is None)


def verify_login(user: User, code: str) -> bool:
    """Check a TOTP code (each time step usable once) or a recovery code (usable once)."""
    if not user.totp_enabled or not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # a code that was already used (replay)
        user.totp_last_step = step
        return True
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    audit.record(user, "user.recovery_code_use", user)
    return True
