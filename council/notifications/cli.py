"""`flask council send-digests`: the daily e-mail summary of notifications (run it from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


def register(group: click.Group) -> None:
    """Add the notification commands to `group` (the `flask council` group)."""
    group.add_command(send_digests)


@click.command("send-digests")
@with_appcontext
def send_digests() -> None:
    """E-mail each person one summary of the notifications they chose to get daily.

    Safe to run more than once: what was sent is not sent again."""
    from council.notifications import services

    sent = services.send_daily_digests()
    click.echo(f"Sent {sent} digest e-mail(s).")
