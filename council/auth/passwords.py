"""Password rules and hashing (Argon2id)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"], parallelism=cfg["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True


# A hash to verify against when no account matches, so that timing does not tell.
_DUMMY: dict[str, str] = {}


def burn_time(password: str) -> None:
    key = f"{current_app.config['ARGON2_TIME_COST']}:{current_app.config['ARGON2_MEMORY_COST']}"
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password-for-timing")
    verify_password(_DUMMY[key], password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("council.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def problems(password: str, *, email: str = "", display_name: str = "") -> list[str]:
    """What is wrong with `password`, in the reader's language (empty when it is acceptable)."""
    cfg = current_app.config
    found = []
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        found.append(_("Use at least %(n)s characters.", n=cfg["PASSWORD_MIN_LENGTH"]))
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        found.append(_("Use at most %(n)s characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!.?") in common_passwords():
        found.append(_("This password is too common. Choose one that is harder to guess, such as three or four unrelated words."))
    elif len(set(password)) < 4:
        found.append(_("This password uses too few different characters. Choose one that is harder to guess."))
    local = email.split("@")[0].lower()
    if (len(local) >= 4 and local in lowered) or (len(display_name) >= 4 and display_name.lower() in lowered):
        found.append(_("Do not use your e-mail address or name in your password."))
    return found
