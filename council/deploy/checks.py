"""What a production deployment needs, checked one by one.

Each check returns findings: ("error", …) stops a deployment, ("warning", …) is worth a look,
("ok", …) says what was checked. Nothing here writes to the database or sends mail.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, text

from council.extensions import db, utcnow

ERROR, WARNING, OK = "error", "warning", "ok"


@dataclass(frozen=True)
class Finding:
    level: str
    message: str


Check = Callable[[], Iterator[Finding]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


def run() -> list[Finding]:
    """Every check, in order; a check that fails unexpectedly is itself an error."""
    found: list[Finding] = []
    for function in CHECKS:
        try:
            found.extend(function())
        except Exception as exc:  # a broken check must say so, not stop the others
            found.append(Finding(ERROR, f"{function.__name__}: the check itself failed: {exc}"))
    return found


def _config(name: str):
    return current_app.config.get(name)


@check
def environment() -> Iterator[Finding]:
    env = _config("ENV_NAME")
    if env != "production":
        yield Finding(ERROR, f"COUNCIL_ENV is {env!r}: a deployment runs in production (leave COUNCIL_ENV unset).")
    else:
        yield Finding(OK, "Production configuration (secret key and public URL were required to start).")


@check
def public_url() -> Iterator[Finding]:
    url = _config("PUBLIC_URL") or ""
    parts = urlsplit(url)
    if parts.scheme != "https":
        yield Finding(ERROR, f"COUNCIL_PUBLIC_URL is {url!r}: links in e-mails and the HSTS header need https://.")
    elif parts.hostname in ("localhost", "127.0.0.1"):
        yield Finding(ERROR, f"COUNCIL_PUBLIC_URL {url!r} names this machine: mails would carry links nobody can open.")
    else:
        yield Finding(OK, f"Public URL {url}.")


@check
def cookies_and_sign_in() -> Iterator[Finding]:
    if not _config("SESSION_COOKIE_SECURE"):
        yield Finding(ERROR, "COUNCIL_SESSION_COOKIE_SECURE is off: session cookies would travel over plain HTTP.")
    if not _config("REQUIRE_2FA_FOR_PRIVILEGED"):
        yield Finding(ERROR, "COUNCIL_REQUIRE_2FA_FOR_PRIVILEGED is off: admins, office readers and facilitators "
                             "must use two-factor authentication.")
    if not _config("RATELIMIT_ENABLED"):
        yield Finding(ERROR, "COUNCIL_RATELIMIT_ENABLED is off: sign-in and posting would have no rate limits.")
    if _config("SESSION_COOKIE_SECURE") and _config("REQUIRE_2FA_FOR_PRIVILEGED") and _config("RATELIMIT_ENABLED"):
        yield Finding(OK, "Secure cookies, two-factor authentication for privileged roles, rate limits on.")


@check
def proxies() -> Iterator[Finding]:
    if not _config("TRUSTED_PROXIES"):
        yield Finding(WARNING, "COUNCIL_TRUSTED_PROXIES is 0: behind nginx every request seems to come from the proxy, "
                               "so rate limits would count all visitors together. Set it to 1 behind one proxy.")
    else:
        yield Finding(OK, f"Trusting {_config('TRUSTED_PROXIES')} proxy hop(s) for the client's address.")


@check
def database() -> Iterator[Finding]:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        yield Finding(WARNING, "The database is SQLite: it serves one app host only. Use PostgreSQL "
                               "(COUNCIL_DATABASE_URL=postgresql://…) to run several.")
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            version = connection.execute(text("show server_version")).scalar()
            yield Finding(OK, f"PostgreSQL {version} answers.")
        else:
            connection.execute(text("select 1"))
            yield Finding(OK, "The SQLite database answers.")
    yield from _migrations()


def _migrations() -> Iterator[Finding]:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    heads = set(script.get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current != heads:
        yield Finding(ERROR, f"The database is at migration {', '.join(sorted(current)) or 'none'}, the code expects "
                             f"{', '.join(sorted(heads))}: run `flask db upgrade`.")
    else:
        yield Finding(OK, f"The database schema is current (migration {', '.join(sorted(heads))}).")


@check
def shared_state() -> Iterator[Finding]:
    """Rate limits must be counted in one place for every worker and every host."""
    uri = _config("RATELIMIT_STORAGE_URI") or "memory://"
    if uri.startswith("memory://"):
        yield Finding(ERROR, "Rate limits are counted in each process's memory: every gunicorn worker and host would "
                             "count apart. Set COUNCIL_RATELIMIT_STORAGE_URI=redis://host:6379/0.")
        return
    if uri.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(uri, socket_timeout=3, socket_connect_timeout=3)
        try:
            client.ping()
        except redis.RedisError as exc:
            yield Finding(ERROR, f"Redis at {_safe(uri)} does not answer ({exc}): sign-in would fail.")
            return
        finally:
            client.close()
        yield Finding(OK, f"Rate limits are shared in Redis at {_safe(uri)}.")
    else:
        yield Finding(OK, f"Rate limits are kept in {_safe(uri)}.")


@check
def mail() -> Iterator[Finding]:
    if _config("MAIL_BACKEND") != "smtp":
        yield Finding(ERROR, f"COUNCIL_MAIL_BACKEND is {_config('MAIL_BACKEND')!r}: nobody would receive mail.")
        return
    sender = _config("MAIL_SENDER") or ""
    if sender.rstrip(">").endswith(".invalid"):
        yield Finding(ERROR, f"COUNCIL_MAIL_SENDER is {sender!r}: give an address of your domain.")
    host, port = _config("MAIL_SERVER"), int(_config("MAIL_PORT"))
    try:
        with smtplib.SMTP(host, port, timeout=5) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        yield Finding(WARNING, f"The SMTP server {host}:{port} does not answer ({exc}); mail waits in the outbox "
                               "until it does.")
    else:
        yield Finding(OK, f"The SMTP server {host}:{port} answers.")
    yield from _outbox()


def _outbox() -> Iterator[Finding]:
    from council.mail import OutboxMessage

    stale = db.session.scalar(
        select(func.count()).select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.created_at < utcnow() - timedelta(hours=1))
    )
    if stale:
        yield Finding(WARNING, f"{stale} e-mail(s) have waited in the outbox for over an hour: is "
                               "`flask council deliver-mail --loop` running, and can it reach the SMTP server?")


@check
def secret_key() -> Iterator[Finding]:
    key = str(_config("SECRET_KEY"))
    if len(set(key)) < 16:
        yield Finding(ERROR, "COUNCIL_SECRET_KEY repeats too few characters to be random: "
                             "generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`.")
    else:
        yield Finding(OK, "The secret key is long and varied.")


def _safe(uri: str) -> str:
    """A URI without its password, for printing."""
    parts = urlsplit(uri)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return uri

