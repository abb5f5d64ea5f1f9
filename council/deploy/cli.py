"""`flask council check-deploy`, `backup`, `restore` and `restore-drill`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


def register(group: click.Group) -> None:
    for command in (check_deploy, backup, restore, restore_drill):
        group.add_command(command)


@click.command("check-deploy")
@with_appcontext
def check_deploy() -> None:
    """Check this configuration for production and say what is wrong (exit status 1 on an error)."""
    from council.deploy import checks

    found = checks.run()
    width = max(len(level) for level in (checks.ERROR, checks.WARNING, checks.OK))
    for finding in found:
        click.echo(f"{finding.level.upper():<{width}}  {finding.message}")
    errors = sum(f.level == checks.ERROR for f in found)
    warnings = sum(f.level == checks.WARNING for f in found)
    click.echo(f"{errors} error(s), {warnings} warning(s).")
    if errors:
        raise SystemExit(1)


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False))
@with_appcontext
def backup(destination: str) -> None:
    """Write a consistent backup of the whole database to DESTINATION (never overwrites)."""
    from council.deploy import backup as backups

    try:
        size = backups.backup(destination)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {destination} ({size:,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(source: str, yes: bool) -> None:
    """Replace the whole database with the backup SOURCE (stop the app servers first)."""
    from council.deploy import backup as backups

    if not yes:
        click.confirm("This replaces everything in the configured database with the backup. Go on?", abort=True)
    try:
        backups.restore(source)
    except backups.BackupError as error:
        raise click.ClickException(f"{error} Nothing was changed.") from None
    click.echo(f"Database restored from {source}. Run `flask council verify-audit` to check the audit log.")


@click.command("restore-drill")
@with_appcontext
def restore_drill() -> None:
    """Back up, restore into a scratch database, compare every table, remove the scratch copy."""
    from council.deploy import backup as backups

    try:
        report = backups.drill()
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    for name, (live, restored) in report.tables.items():
        note = " (changed during the backup)" if name in report.changed_meanwhile else ""
        mark = "ok " if live == restored else "DIFFERS"
        click.echo(f"{mark:<7}  {name}: {live} live, {restored} restored{note}")
    click.echo(f"Audit chain head: {'same' if report.audit_head[0] == report.audit_head[1] else 'DIFFERS'}.")
    if report.mismatches:
        click.echo(f"The restore drill failed: {', '.join(report.mismatches)}.", err=True)
        raise SystemExit(1)
    click.echo(f"The restore drill passed: {len(report.tables)} tables restored whole.")
