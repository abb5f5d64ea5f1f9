"""`flask council fetch-signals` and `flask council erase-expired-senders` (run both from cron).

    flask council fetch-signals              read unseen messages of the IMAP intake mailbox
    flask council fetch-signals --stdin [--recipient signals+token@example.org]
                                             read one message piped in by the mail server
    flask council erase-expired-senders      erase senders kept past their council's retention

Each message is stored in its own transaction and marked as seen (or moved) only once stored, so
a run that stops halfway loses nothing, and a second run stores nothing twice (Message-ID)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from council.core import transaction


def register(group: click.Group) -> None:
    group.add_command(fetch_signals)
    group.add_command(erase_expired_senders)


def _store(raw: bytes, recipient: str | None = None) -> tuple[str, str]:
    """(status, what to print) for one raw message, stored in a transaction of its own."""
    from council.signals.intake import inbound, services

    try:
        with transaction.committing():
            outcome = services.store_mail(inbound.parse(raw, recipient=recipient))
    except IntegrityError:  # another run stored the same message at the same moment
        return "duplicate", "duplicate"
    if outcome.status == "stored":
        return "stored", f"stored as reference {outcome.message.reference}"
    return outcome.status, outcome.status + (f": {outcome.detail}" if outcome.detail else "")


@click.command("fetch-signals")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one message from standard input.")
@click.option("--recipient", help="The envelope recipient, when the mail server gives it (with --stdin).")
@with_appcontext
def fetch_signals(from_stdin: bool, recipient: str | None) -> None:
    """Store e-mailed early-warning signals as new, unverified signals of their councils."""
    from council.signals.intake import setting
    from council.signals.intake.imap import Mailbox, MailboxError

    if from_stdin:
        limit = setting("SIGNALS_MAIL_MAX_BYTES")
        raw = sys.stdin.buffer.read(limit + 1)
        if len(raw) > limit:
            raise click.ClickException(f"The message is larger than {limit} bytes; nothing was stored.")
        click.echo(_store(raw, recipient)[1])
        return
    if not setting("SIGNALS_IMAP_HOST"):
        raise click.ClickException("Set COUNCIL_SIGNALS_IMAP_HOST (and _USER, _PASSWORD) or use --stdin.")
    box = Mailbox(host=setting("SIGNALS_IMAP_HOST"), port=setting("SIGNALS_IMAP_PORT"),
                  user=setting("SIGNALS_IMAP_USER"), password=setting("SIGNALS_IMAP_PASSWORD"),
                  mailbox=setting("SIGNALS_IMAP_MAILBOX"), ssl=setting("SIGNALS_IMAP_SSL"),
                  done_mailbox=setting("SIGNALS_IMAP_DONE_MAILBOX"))
    counts: dict[str, int] = {}
    try:
        with box:
            for uid, raw in box.messages():
                status, _text = _store(raw)
                counts[status] = counts.get(status, 0) + 1
                box.done(uid)
    except MailboxError as error:
        raise click.ClickException(str(error)) from None
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no new messages"
    click.echo(f"Fetched: {summary}.")
    _erase()


def _erase() -> None:
    from council.signals.intake import services

    with transaction.committing():
        erased = services.erase_expired_senders()
    click.echo(f"Erased {erased} sender(s) past their council's retention period.")


@click.command("erase-expired-senders")
@with_appcontext
def erase_expired_senders() -> None:
    """Erase the numbers and addresses of senders kept past their council's retention period."""
    _erase()
