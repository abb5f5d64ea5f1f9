"""`flask council send-office-digests`: the weekly e-mail of the office readers' digests (run it
from cron once a day; each reader gets theirs on the day they chose)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from council.core import transaction
from council.extensions import utcnow


def register(group: click.Group) -> None:
    group.add_command(send_office_digests_command)


@click.command("send-office-digests")
@with_appcontext
def send_office_digests_command() -> None:
    """E-mail each office reader whose day it is the digest of the seven days before.

    Safe to run more than once a day: a period already sent is not sent again."""
    sent = send_office_digests()
    click.echo(f"Sent {sent} office digest e-mail(s).")


def send_office_digests(now: datetime | None = None) -> int:
    """Commits after each reader (the commit sends the e-mail). Returns how many were sent."""
    from council.digests import services
    from council.notifications.queries import url_context

    now = now or utcnow()
    sent = 0
    for user_id in services.readers_due(now.date()):
        with transaction.committing(), url_context():
            sent += services.mail_digest(user_id, now)
    return sent
