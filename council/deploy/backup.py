"""Backups of the whole database, their restore, and a drill that proves a backup restores.

SQLite is copied with its online backup API (consistent while the site runs); PostgreSQL with
pg_dump's custom format and pg_restore (the client tools of the server's major version). The
drill restores a fresh backup into a scratch database beside the live one, compares every
table's row count and the newest audit event's hash, and removes the scratch copy.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, URL

from council.core.refusals import Refusal
from council.extensions import db

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Refusal):
    """A backup or restore could not be made; the message says why."""


@dataclass
class DrillReport:
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (live, restored)
    audit_head: tuple[str | None, str | None] = (None, None)
    changed_meanwhile: set[str] = field(default_factory=set)

    @property
    def mismatches(self) -> list[str]:
        wrong = [name for name, (live, restored) in self.tables.items()
                 if live != restored and name not in self.changed_meanwhile]
        if self.audit_head[0] != self.audit_head[1] and "audit_events" not in self.changed_meanwhile:
            wrong.append("audit chain head")
        return wrong


def _url() -> URL:
    return db.engine.url


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return url.database


def _pg_environment(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment, not argv."""
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools of the server's version.")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-500:]}")


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    """Copy one SQLite database onto another page by page (SQLite's online backup API)."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with copy:
            origin.backup(copy)
    finally:
        copy.close()
        origin.close()


def _pg_restore(archive: str | Path, url: URL, *options: str) -> None:
    """Restore a pg_dump archive into the database at `url`, all or nothing."""
    args, env = _pg_environment(url)
    _run([_tool("pg_restore"), *options, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          "--dbname", url.database or "", *args, str(archive)], env)


def backup(destination: str | Path, url: URL | None = None) -> int:
    """Write a backup of the database to `destination`; returns its size in bytes."""
    url = url or _url()
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} exists already; a backup never overwrites a file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(url):
        _sqlite_copy(_sqlite_path(url), destination)
    else:
        args, env = _pg_environment(url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(destination),
              *args, url.database or ""], env)
    return destination.stat().st_size


def kind_of(path: str | Path) -> str:
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump archive.")


def restore(source: str | Path, url: URL | None = None) -> None:
    """Replace the database at `url` (the configured one by default) with the backup `source`."""
    url = url or _url()
    kind = kind_of(source)
    wanted = "sqlite" if _is_sqlite(url) else "postgresql"
    if kind != wanted:
        raise BackupError(f"{source} is a {kind} backup; the database is {wanted}.")
    db.session.remove()  # this process's own open transaction would wait on the restore forever
    db.engine.dispose()  # and no pooled connection keeps the old file or old tables open
    if kind == "sqlite":
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _pg_restore(source, url, "--clean", "--if-exists")


def _counts(engine: Engine) -> tuple[dict[str, int], str | None]:
    """Row count of every table, and the hash of the newest audit event."""
    names = sorted(inspect(engine).get_table_names())
    counts: dict[str, int] = {}
    head = None
    with engine.connect() as connection:
        for name in names:
            quoted = engine.dialect.identifier_preparer.quote(name)
            counts[name] = connection.execute(text(f"select count(*) from {quoted}")).scalar_one()
        if "audit_events" in names:
            head = connection.execute(text("select chain_hash from audit_events order by id desc limit 1")).scalar()
    return counts, head


def drill(workdir: str | Path | None = None) -> DrillReport:
    """Back up, restore into a scratch database, compare, clean up."""
    url = _url()
    report = DrillReport()
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        before, head_before = _counts(db.engine)
        archive = Path(folder) / ("council.db" if _is_sqlite(url) else "council.dump")
        backup(archive, url)
        after, head_after = _counts(db.engine)
        report.changed_meanwhile = {name for name in before if before[name] != after.get(name)}
        if _is_sqlite(url):
            scratch = url.set(database=str(Path(folder) / "restored.db"))
            _restore_scratch(archive, scratch, report, before, head_before)
        else:
            scratch = url.set(database=f"{url.database}_drill_{secrets.token_hex(4)}")
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'create database "{scratch.database}"'))
                try:
                    _restore_scratch(archive, scratch, report, before, head_before)
                finally:
                    with admin.connect() as connection:
                        connection.execute(text(f'drop database if exists "{scratch.database}" with (force)'))
            finally:
                admin.dispose()
    return report


def _restore_scratch(archive: Path, scratch: URL, report: DrillReport, live: dict[str, int],
                     live_head: str | None) -> None:
    if _is_sqlite(scratch):
        _sqlite_copy(archive, scratch.database)
    else:
        _pg_restore(archive, scratch)
    engine = create_engine(scratch)
    try:
        restored, head = _counts(engine)
    finally:
        engine.dispose()
    for name in sorted(set(live) | set(restored)):
        report.tables[name] = (live.get(name, -1), restored.get(name, -1))
    report.audit_head = (live_head, head)
