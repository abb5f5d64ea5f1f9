"""Configuration: safe defaults, then instance/config.py, then COUNCIL_* environment variables."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

DEV_SECRET_KEY = "development-only-secret-key-change-me"

DEFAULTS: dict[str, Any] = {
    # production | development | demo | testing. Unset means production: development and the demo
    # only when asked for (`make run` sets COUNCIL_ENV=development).
    "ENV_NAME": "production",
    "SECRET_KEY": DEV_SECRET_KEY,
    "SQLALCHEMY_DATABASE_URI": None,  # filled with SQLite in the instance folder
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "LANGUAGES": ["en", "fr", "es", "ar", "ru", "zh"],
    "RTL_LANGUAGES": ["ar", "fa", "he", "ur"],
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "BABEL_TRANSLATION_DIRECTORIES": "../translations",
    # Mail: backend is "smtp", "log" (development) or "memory" (tests); None: smtp in production.
    "MAIL_BACKEND": None,
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": "Council <no-reply@council.invalid>",
    "MAIL_TIMEOUT": 10,
    # Deliver the outbox right after each commit (None: with the "log" and "memory" backends only;
    # SMTP mail is delivered by `flask council deliver-mail`, never inside a request).
    "MAIL_DELIVER_AFTER_COMMIT": None,
    # Where links in e-mails point, e.g. https://council.example.org; required in production.
    # Development and tests default to the local address. Its host is the one trusted host.
    "PUBLIC_URL": None,
    # Further host names a request may carry (besides the public URL's); never from X-Forwarded-Host.
    "TRUSTED_HOSTS": None,
    # Sessions
    "SESSION_COOKIE_NAME": "council_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,  # None: on in production
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_ABSOLUTE_HOURS": 24 * 7,
    # Admins, office readers and facilitators: shorter sessions.
    "SESSION_PRIVILEGED_IDLE_MINUTES": 30,
    "SESSION_PRIVILEGED_ABSOLUTE_HOURS": 12,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=24 * 7),
    # The cookie is set at sign-in to last the absolute lifetime, which the server enforces (with
    # the idle one) on its own row: sending it again with every answer would extend nothing.
    "SESSION_REFRESH_EACH_REQUEST": False,
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
    "RATELIMIT_ACCOUNT_MAIL_PER_ADDRESS": "5 per hour",  # confirmation and reset mails to one address
    "RATELIMIT_INVITATIONS_PER_FACILITATOR": "50 per day",
    "RATELIMIT_REPORTS_PER_MEMBER": "20 per day",
    "RATELIMIT_API_PER_TOKEN": "120 per minute",  # read-only API, per token (or per address without one)
    "RATELIMIT_API_PER_ADDRESS": "300 per minute",  # read-only API, per address whatever the token
    # Moderation: a post is hidden pending review after this many open reports.
    "REPORT_HIDE_THRESHOLD": 3,
    # Pieces of pages kept once rendered (council/core/fragments.py): in Redis when this names one
    # (redis://...), else in the process; unset: Redis when RATELIMIT_STORAGE_URI is a redis:// URI.
    "CACHE_URL": None,
    "FRAGMENT_CACHE": True,
    "PAGE_CACHE": True,
    # Thread pages
    "POSTS_PER_PAGE": 50,
    # Passwords (Argon2id; memory cost in KiB)
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 65536,
    "ARGON2_PARALLELISM": 2,
    "PASSWORD_MIN_LENGTH": 12,
    "PASSWORD_MIN_LENGTH_PRIVILEGED": 15,  # admins, office readers, facilitators
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
    "MAIL_PORT", "MAIL_USE_TLS", "MAIL_TIMEOUT", "MAIL_DELIVER_AFTER_COMMIT", "SESSION_COOKIE_SECURE", "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS", "MAX_CONTENT_LENGTH", "TRUSTED_PROXIES", "RATELIMIT_ENABLED",
    "ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM", "REQUIRE_2FA_FOR_PRIVILEGED",
    "LANGUAGES", "COMPOSITION_THRESHOLD", "COMPOSITION_ROUNDING", "TRUSTED_HOSTS", "SESSION_PRIVILEGED_IDLE_MINUTES",
    "SESSION_PRIVILEGED_ABSOLUTE_HOURS", "CONFIRM_TOKEN_HOURS", "RESET_TOKEN_MINUTES",
    "INVITATION_DAYS", "REPORT_HIDE_THRESHOLD", "POSTS_PER_PAGE", "FRAGMENT_CACHE", "PAGE_CACHE",
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


ENVIRONMENTS = ("production", "development", "demo", "testing")

# Where a development or test server listens, and so where its links point.
_LOCAL_URLS = {"development": "http://127.0.0.1:5000", "demo": "http://127.0.0.1:5000", "testing": "http://localhost"}


def finalise(config: dict[str, Any], instance_path: str) -> None:
    """Fill derived settings and refuse unsafe production configurations."""
    env = config["ENV_NAME"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"COUNCIL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
    production = env == "production"
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(instance_path, "council.db")
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    if config.get("REQUIRE_2FA_FOR_PRIVILEGED") is None:
        config["REQUIRE_2FA_FOR_PRIVILEGED"] = production
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = production
    if config.get("MAIL_BACKEND") is None:
        config["MAIL_BACKEND"] = "smtp" if production else "log"
    if config.get("MAIL_DELIVER_AFTER_COMMIT") is None:
        config["MAIL_DELIVER_AFTER_COMMIT"] = config["MAIL_BACKEND"] != "smtp"
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    _public_url(config, production)
    if production:
        if config["SECRET_KEY"] == DEV_SECRET_KEY or len(str(config["SECRET_KEY"])) < 32:
            raise ConfigError(
                "Refusing to start in production with the development secret key: "
                "set COUNCIL_SECRET_KEY to a long random value."
            )
        if config["MAIL_BACKEND"] != "smtp":
            raise ConfigError("Production sends mail through SMTP: COUNCIL_MAIL_BACKEND must be smtp.")


def _public_url(config: dict[str, Any], production: bool) -> None:
    """Links in e-mails come from PUBLIC_URL only; requests for any other host are refused."""
    url = config.get("PUBLIC_URL") or (None if production else _LOCAL_URLS[config["ENV_NAME"]])
    if not url:
        raise ConfigError(
            "Refusing to start in production without COUNCIL_PUBLIC_URL (e.g. https://council.example.org): "
            "links in e-mails are built from it, never from the request."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ConfigError(f"COUNCIL_PUBLIC_URL must be like https://council.example.org, not {url!r}.")
    config["PUBLIC_URL"] = url.rstrip("/")
    extra = config.get("TRUSTED_HOSTS") or []
    if isinstance(extra, str):
        extra = [extra]
    hosts = [parts.hostname, *extra]
    if not production:
        hosts += ["localhost", "127.0.0.1"]
    config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))
