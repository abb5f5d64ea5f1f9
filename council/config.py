"""Configuration: safe defaults, then instance/config.py, then COUNCIL_* environment variables."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

DEV_SECRET_KEY = "development-only-secret-key-change-me"

DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "development",  # development | production | demo | testing
    "SECRET_KEY": DEV_SECRET_KEY,
    "SQLALCHEMY_DATABASE_URI": None,  # filled with SQLite in the instance folder
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "LANGUAGES": ["en", "fr", "es", "ar", "ru", "zh"],
    "RTL_LANGUAGES": ["ar", "fa", "he", "ur"],
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "BABEL_TRANSLATION_DIRECTORIES": "../translations",
    # Mail: backend is "log" (development), "smtp" or "memory" (tests).
    "MAIL_BACKEND": "log",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": "Council <no-reply@council.invalid>",
    "MAIL_TIMEOUT": 10,
    # Where links in e-mails point; the request host is used when unset.
    "PUBLIC_URL": None,
    # Sessions
    "SESSION_COOKIE_NAME": "council_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_ABSOLUTE_HOURS": 24 * 7,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=24 * 7),
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    # Requests
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 512 * 1024,
    "MAX_FORM_PARTS": 200,
    "TRUSTED_PROXIES": 0,
    # Rate limits (Flask-Limiter); storage in memory unless a Redis URI is given.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": False,
    "RATELIMIT_SIGNIN_PER_ADDRESS": "20 per 10 minutes",
    "RATELIMIT_SIGNIN_PER_ACCOUNT": "5 per 10 minutes",
    "RATELIMIT_SENSITIVE_PER_ADDRESS": "10 per 10 minutes",
    "RATELIMIT_POSTING": "30 per 10 minutes",  # posts, replies, proposals, reports per account
    # Moderation: a post is hidden pending review after this many open reports.
    "REPORT_HIDE_THRESHOLD": 3,
    # Thread pages
    "POSTS_PER_PAGE": 50,
    # Passwords (Argon2id; memory cost in KiB)
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 65536,
    "ARGON2_PARALLELISM": 2,
    "PASSWORD_MIN_LENGTH": 12,
    "PASSWORD_MAX_LENGTH": 128,
    # Tokens
    "CONFIRM_TOKEN_HOURS": 48,
    "RESET_TOKEN_MINUTES": 60,
    "INVITATION_DAYS": 14,
    # Two-factor authentication; None means "on outside development and demo".
    "REQUIRE_2FA_FOR_PRIVILEGED": None,
    "TOTP_ISSUER": "Council",
    # Composition figures are shown only where at least this many people stand behind them.
    "COMPOSITION_THRESHOLD": 5,
    # Public composition figures are rounded to a multiple of this (council.councils.composition).
    "COMPOSITION_ROUNDING": 5,
}

# Settings whose environment value is parsed as JSON (numbers, booleans, lists).
_PARSED = {
    "MAIL_PORT", "MAIL_USE_TLS", "MAIL_TIMEOUT", "SESSION_COOKIE_SECURE", "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS", "MAX_CONTENT_LENGTH", "TRUSTED_PROXIES", "RATELIMIT_ENABLED",
    "ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM", "REQUIRE_2FA_FOR_PRIVILEGED",
    "LANGUAGES", "COMPOSITION_THRESHOLD", "COMPOSITION_ROUNDING", "CONFIRM_TOKEN_HOURS", "RESET_TOKEN_MINUTES",
    "INVITATION_DAYS", "REPORT_HIDE_THRESHOLD", "POSTS_PER_PAGE",
}

# Friendlier environment names for a few settings.
_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "ENV": "ENV_NAME"}


class ConfigError(RuntimeError):
    """The configuration is unsafe or unusable."""


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Settings read from COUNCIL_* variables (COUNCIL_DATABASE_URL, COUNCIL_SECRET_KEY, ...)."""
    found: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("COUNCIL_"):
            continue
        key = name.removeprefix("COUNCIL_")
        key = _ALIASES.get(key, key)
        if key in _PARSED:
            try:
                found[key] = json.loads(raw)
            except ValueError as exc:
                raise ConfigError(f"{name} must be JSON (a number, true/false or a list)") from exc
        else:
            found[key] = raw
    return found


def finalise(config: dict[str, Any], instance_path: str) -> None:
    """Fill derived settings and refuse unsafe production configurations."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(instance_path, "council.db")
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    if config.get("REQUIRE_2FA_FOR_PRIVILEGED") is None:
        config["REQUIRE_2FA_FOR_PRIVILEGED"] = config["ENV_NAME"] not in ("development", "demo", "testing")
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    if config["ENV_NAME"] == "production":
        if config["SECRET_KEY"] == DEV_SECRET_KEY or len(str(config["SECRET_KEY"])) < 32:
            raise ConfigError(
                "Refusing to start in production with the development secret key: "
                "set COUNCIL_SECRET_KEY to a long random value."
            )
