"""Password rules and hashing (Argon2id)."""

from __future__ import annotations

import gzip
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
    """About 20,000 of the most common passwords (see COMMON_PASSWORDS.md), and Council's own stems."""
    folder = resources.files("council.auth")
    listed = gzip.decompress(folder.joinpath("common_passwords_list.txt.gz").read_bytes()).decode("utf-8")
    own = folder.joinpath("common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in (*listed.splitlines(), *own.splitlines()))
    return frozenset(line for line in lines if line and not line.startswith("#"))


# Words anyone guessing a password for this site tries first; the site's own name and the names
# of its councils are added (through the password_context event).
CONTEXT_WORDS = ("council", "councils", "peace", "conseil", "consejo", "совет", "مجلس", "理事会")


def context_words() -> set[str]:
    from council import events

    words = {w for w in CONTEXT_WORDS}
    words.add(str(current_app.config.get("TOTP_ISSUER", "")).lower())
    for found in events.collect(events.password_context, None).values():
        words.update(str(w).lower() for w in found)
    return {w for w in words if len(w) >= 4}


def _rest_without(lowered: str, words: set[str]) -> str:
    """What is left of a password once the context words, digits and punctuation are taken out."""
    for word in sorted(words, key=len, reverse=True):
        lowered = lowered.replace(word, "").replace(word.replace(" ", ""), "")
    return "".join(ch for ch in lowered if ch.isalpha())


def problems(password: str, *, email: str = "", display_name: str = "", privileged: bool = False) -> list[str]:
    """What is wrong with `password`, in the reader's language (empty when it is acceptable).

    Admins, office readers and facilitators (`privileged`) need PASSWORD_MIN_LENGTH_PRIVILEGED."""
    cfg = current_app.config
    found = []
    minimum = max(cfg["PASSWORD_MIN_LENGTH"], cfg["PASSWORD_MIN_LENGTH_PRIVILEGED"] if privileged else 0)
    if len(password) < minimum:
        if privileged:
            found.append(_("Your role needs a longer password: use at least %(n)s characters.", n=minimum))
        else:
            found.append(_("Use at least %(n)s characters.", n=minimum))
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        found.append(_("Use at most %(n)s characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or lowered.rstrip("0123456789!.?") in common:
        found.append(_("This password is too common. Choose one that is harder to guess, such as three or four unrelated words."))
    elif len(set(password)) < 4:
        found.append(_("This password uses too few different characters. Choose one that is harder to guess."))
    elif len(_rest_without(lowered, context_words())) < 8:
        found.append(_("This password is mostly the name of this site or of a council. Choose one that is harder to guess."))
    local = email.split("@")[0].lower()
    if (len(local) >= 4 and local in lowered) or (len(display_name) >= 4 and display_name.lower() in lowered):
        found.append(_("Do not use your e-mail address or name in your password."))
    return found
