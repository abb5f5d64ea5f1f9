"""Sending e-mail in the recipient's language: plain text and HTML, through SMTP or to the log.

A message is never sent inside a request: `send()` writes it to the outbox table in the request's
transaction, so that a request that fails sends nothing and a slow SMTP server holds no worker
(nor tells, by its delay, which addresses have an account). `flask council deliver-mail` delivers
the outbox, retrying with backoff. With the "log" and "memory" backends (development, tests) the
outbox is delivered right after the commit, so that mail shows at once."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import message_from_string, policy
from email.utils import formatdate, make_msgid

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from council.extensions import UTCDateTime, db, utcnow

log = logging.getLogger(__name__)


MAX_ATTEMPTS = 12  # with the backoff below: about two days of trying


class OutboxMessage(db.Model):
    """One e-mail waiting to leave (or sent: `sent_at`; or given up: `failed_at`)."""

    __tablename__ = "outbox_messages"
    PAGE_SCOPES_UNSEEN = True  # no kept page shows it (core/revisions.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} attempts={self.attempts} sent={self.sent_at is not None}>"


def backoff(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed attempts: 1, 2, 4 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


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
    row = OutboxMessage(recipient=to, message=_serialised(msg))
    db.session.add(row)
    db.session.info.setdefault("council_mail", []).append((row, msg))  # headers may still be added
    return msg


def _serialised(msg: EmailMessage) -> str:
    return msg.as_string(policy=policy.SMTP)


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


def _before_commit(session) -> None:
    """Store each message as it finally is (a caller may add headers after `send()`), and note the
    rows, so that the commit's end can deliver them. A SAVEPOINT's release is not the commit."""
    if session.in_nested_transaction() or not session.info.get("council_mail"):
        return
    queued = [(row, msg) for row, msg in session.info.pop("council_mail") if row in session]
    for row, msg in queued:
        text = _serialised(msg)
        if row.message != text:
            row.message = text
    session.flush()
    session.info["council_mail_ids"] = [row.id for row, _msg in queued]


def _after_commit(session) -> None:
    if session.in_nested_transaction():
        return
    ids = session.info.pop("council_mail_ids", [])
    # A request only writes to the outbox; a command-line task (no request) may deliver at once.
    if ids and (current_app.config.get("MAIL_DELIVER_AFTER_COMMIT") or not has_request_context()):
        deliver_due(ids=ids)


def _after_rollback(session, previous) -> None:
    if previous.parent is None:  # the whole transaction: its messages are gone with their rows
        session.info.pop("council_mail", None)
        session.info.pop("council_mail_ids", None)


def init_app(app) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
    if app.config["MAIL_BACKEND"] == "log" and not log.handlers:
        # Development: the mail goes to the terminal that runs the server (`make run`), so that a new
        # account can be confirmed from the link printed there.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("--- %(message)s\n"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def deliver_due(ids: list[int] | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Deliver the outbox messages that are due (or those of `ids` that exist and are unsent):
    (sent, failed). Runs on a connection of its own, each message in its own transaction, so that
    it can run right after a request's commit and several workers never send one message twice."""
    now = now or utcnow()
    sent = failed = 0
    table = OutboxMessage.__table__
    query = select(table.c.id).where(table.c.sent_at.is_(None), table.c.failed_at.is_(None))
    query = query.where(table.c.id.in_(ids)) if ids is not None else query.where(table.c.next_attempt_at <= now)
    with db.engine.connect() as conn:
        for (message_id,) in conn.execute(query.order_by(table.c.id)).all():
            conn.rollback()
            with conn.begin():
                row = conn.execute(
                    select(table).where(table.c.id == message_id, table.c.sent_at.is_(None)).with_for_update(skip_locked=True)
                ).first()
                if row is None:  # another worker has it
                    continue
                # The claim: on SQLite, where FOR UPDATE means nothing, this write's lock keeps a
                # second worker out until the commit, and it then finds the message sent.
                claimed = conn.execute(
                    update(table).where(table.c.id == message_id, table.c.sent_at.is_(None), table.c.failed_at.is_(None))
                    .values(attempts=row.attempts + 1)
                ).rowcount
                if claimed != 1:
                    continue
                values: dict = {}
                try:
                    _deliver(message_from_string(row.message, _class=EmailMessage, policy=policy.default))
                except (OSError, smtplib.SMTPException) as error:
                    failed += 1
                    values["last_error"] = f"{type(error).__name__}: {error}"[:300]
                    values["next_attempt_at"] = utcnow() + backoff(row.attempts + 1)
                    if row.attempts + 1 >= MAX_ATTEMPTS:
                        values["failed_at"] = utcnow()
                    log.warning("Could not send e-mail %s (attempt %s): %s", message_id, row.attempts + 1, values["last_error"])
                else:
                    sent += 1
                    values["sent_at"] = utcnow()
                conn.execute(update(table).where(table.c.id == message_id).values(**values))
    return sent, failed


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
