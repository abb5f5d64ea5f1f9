"""Sending e-mail in the recipient's language: plain text and HTML, through SMTP or to the log."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, make_msgid

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale

from council.extensions import db

log = logging.getLogger(__name__)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail: always on the configured PUBLIC_URL, never on the Host
    header of the request that caused the mail (which anyone can set)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=base + "/"):  # the command line
        return base + url_for(endpoint, **values)


def within_limit(address: str, purpose: str = "account") -> bool:
    """Count one mail of `purpose` to `address`; False once RATELIMIT_ACCOUNT_MAIL_PER_ADDRESS is
    reached (whichever client asks: a limit per client address alone lets many clients flood one
    inbox). The caller then sends nothing and says nothing different."""
    from limits import parse

    from council.extensions import limiter

    if not current_app.config.get("RATE_LIMITS_ON", True):
        return True
    item = parse(current_app.config["RATELIMIT_ACCOUNT_MAIL_PER_ADDRESS"])
    if limiter.limiter.hit(item, "mail", purpose, address.strip().lower()):
        return True
    log.warning("Mail limit reached for one address (%s mails); not sending", purpose)
    return False


def outbox() -> list[EmailMessage]:
    """Messages kept by the "memory" backend (tests)."""
    return current_app.extensions.setdefault("council_outbox", [])


def send(to: str, template: str, *, language: str, **context) -> EmailMessage:
    """Render templates/mail/<template>.txt and .html in `language` for `to`.

    The first line of the text template is the subject. The message leaves when the database
    session commits, so a request that fails sends nothing. Inside `switched_off()` nothing is
    rendered or sent, and an empty message addressed to `to` is returned."""
    if db.session.info.get("council_mail_off"):
        msg = EmailMessage()
        msg["To"] = to
        return msg
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    subject, _, body = text.partition("\n")
    msg = EmailMessage()
    msg["Subject"] = subject.strip()
    msg["From"] = current_app.config["MAIL_SENDER"]
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="council.invalid")
    msg.set_content(body.lstrip("\n"))
    msg.add_alternative(html, subtype="html")
    msg["Content-Language"] = language
    db.session.info.setdefault("council_mail", []).append(msg)
    return msg


@contextmanager
def switched_off() -> Iterator[None]:
    """Send no e-mail from what runs inside (the demo data: its people are fictional)."""
    info = db.session.info
    before = info.get("council_mail_off", False)
    info["council_mail_off"] = True
    try:
        yield
    finally:
        info["council_mail_off"] = before


def _after_commit(session) -> None:
    for msg in session.info.pop("council_mail", []):
        try:
            _deliver(msg)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send e-mail to %s", msg["To"])


def _after_rollback(session) -> None:
    session.info.pop("council_mail", None)


def init_app(app) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", lambda session, previous: _after_rollback(session))
    if app.config["MAIL_BACKEND"] == "log" and not log.handlers:
        # Development: the mail goes to the terminal that runs the server (`make run`), so that a new
        # account can be confirmed from the link printed there.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("--- %(message)s\n"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def _deliver(msg: EmailMessage) -> None:
    cfg = current_app.config
    backend = cfg["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(msg)
    elif backend == "smtp":
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"]) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
            smtp.send_message(msg)
    else:
        text = msg.get_body(preferencelist=("plain",))
        log.info("E-mail to %s: %s\n%s", msg["To"], msg["Subject"], text.get_content() if text else "")
