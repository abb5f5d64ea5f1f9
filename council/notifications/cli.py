"""`flask council send-digests`: the daily e-mail summary of notifications (run it from cron)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from council.core import transaction
from council.extensions import utcnow


def register(group: click.Group) -> None:
    """Add the notification commands to `group` (the `flask council` group)."""
    group.add_command(send_digests)


@click.command("send-digests")
@with_appcontext
def send_digests() -> None:
    """E-mail each person one summary of the notifications they chose to get daily.

    Safe to run more than once: what was sent is not sent again."""
    sent = send_daily_digests()
    click.echo(f"Sent {sent} digest e-mail(s).")


def send_daily_digests(now: datetime | None = None) -> int:
    """Send each person one e-mail listing their notifications of "daily" kinds not yet e-mailed,
    grouped by council and item, in their language. Commits after each person (the commit sends
    the e-mail); running it twice sends nothing new. Returns the number of e-mails sent."""
    from council.notifications import services

    now = now or utcnow()
    sent = 0
    for user_id in services.digest_recipients():
        with transaction.committing():
            sent += services._send_digest(user_id, now)
    return sent
