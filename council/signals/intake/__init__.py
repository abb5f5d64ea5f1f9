"""Early-warning intake beyond the web form: signals that arrive by e-mail (read from an IMAP
mailbox or piped in by the mail server) and by an SMS gateway's signed webhook.

What arrives this way is a signal in status `new`, unverified until a facilitator reviews it. The
sender's address or number is kept apart (models.IntakeMessage), shown only to the council's
facilitators, and erased after the council's retention period.

Settings (environment variables COUNCIL_<NAME>; defaults below):

    SIGNALS_INTAKE_ADDRESS      the mailbox that receives signals, e.g. signals@example.org; each
                                council's address is its plus-address signals+<token>@example.org
    SIGNALS_IMAP_HOST/PORT/USER/PASSWORD/MAILBOX/SSL   where `flask council fetch-signals` reads
    SIGNALS_IMAP_DONE_MAILBOX   move stored messages there (otherwise they are marked as seen)
    SIGNALS_SMS_SECRET          the secret shared with the SMS gateway (the webhook is off without it)
    SIGNALS_SMS_NUMBER          the number people text, shown to facilitators
    SIGNALS_SENDER_RETENTION_DAYS   default retention of senders' numbers and addresses
"""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "SIGNALS_INTAKE_ADDRESS": "",
    "SIGNALS_IMAP_HOST": "",
    "SIGNALS_IMAP_PORT": 993,
    "SIGNALS_IMAP_USER": "",
    "SIGNALS_IMAP_PASSWORD": "",
    "SIGNALS_IMAP_MAILBOX": "INBOX",
    "SIGNALS_IMAP_SSL": True,
    "SIGNALS_IMAP_DONE_MAILBOX": "",
    "SIGNALS_SMS_SECRET": "",
    "SIGNALS_SMS_NUMBER": "",
    "SIGNALS_SMS_MAX_BYTES": 4096,
    "SIGNALS_SMS_MAX_AGE_SECONDS": 300,
    "SIGNALS_SENDER_RETENTION_DAYS": 30,
    "SIGNALS_MAIL_MAX_BYTES": 1024 * 1024,
}


def setting(name: str) -> Any:
    """A setting, typed like its default (environment values arrive as text)."""
    default = DEFAULTS[name]
    value = current_app.config.get(name, default)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    return value if value is not None else default


def init_app(app) -> None:
    """Register the intake's tables, web pages and page fragments (called by create_app)."""
    from council.signals.intake import hooks as _hooks  # noqa: F401
    from council.signals.intake import models as _models  # noqa: F401
    from council.signals.intake.views import bp

    app.register_blueprint(bp)
