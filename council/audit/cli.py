"""`flask council verify-audit`: check the hash chain of the audit log (run it from cron too)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


def register(group: click.Group) -> None:
    """Add the audit commands to `group` (the `flask council` group)."""
    group.add_command(verify_audit)


@click.command("verify-audit")
@with_appcontext
def verify_audit() -> None:
    """Recompute the chain of hashes over the whole audit log, oldest first.

    Exits with status 1 and names the first event that does not match when an event was
    changed, removed or put out of order; status 0 when the chain is whole."""
    from council.audit import services

    checked, found = services.verify()
    if found is None:
        click.echo(f"The audit log is intact: {checked} event(s) checked.")
        return
    click.echo(
        f"The audit log is broken at event {found.row_id} (number {found.position} in order): "
        f"its stored hash {found.stored or '(none)'} should be {found.expected}. "
        "That event was changed, or the one before it was changed or removed.",
        err=True,
    )
    raise SystemExit(1)
