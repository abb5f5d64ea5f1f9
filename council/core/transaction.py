"""The one commit point.

A request commits when its response is below 400 and rolls back otherwise, or when anything
raised; views and services never call commit(). Command-line tasks use `committing()` for the
same rule. A view that shows a refusal on a form (status 200) has already rolled back through
`refusals.show()`, so the commit point has nothing of the refused change left to commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager

from flask import Flask, g

from council.extensions import db

log = logging.getLogger(__name__)


def best_effort(write: Callable[[], None], what: str) -> bool:
    """A write that reading a page makes on the way (the visit to an item, a session's last-seen
    time), which must never fail the page. It runs in a savepoint; on SQLite, where a reading
    request cannot write while another one commits ("database is locked"), it is skipped and
    logged instead. Returns whether it was written."""
    from sqlalchemy.exc import OperationalError

    try:
        with db.session.begin_nested():
            write()
            db.session.flush()
    except OperationalError as error:
        if db.session.get_bind().dialect.name != "sqlite":
            raise
        log.info("%s not written: %s", what, error.orig)
        return False
    return True


def keep_despite_rollback(write: Callable[[], None]) -> None:
    """Run `write` at the commit point even when the request rolls back: for the one record that
    must outlive a refused request (its audit event). What the request did is rolled back first,
    then `write` runs and is committed alone; a failure there is logged and never shown."""
    g.setdefault("_kept_writes", []).append(write)


def _finish(response):
    if response.status_code >= 400:
        db.session.rollback()
    kept = g.pop("_kept_writes", [])
    try:
        for write in kept:
            write()
        if response.status_code < 400 or kept:
            db.session.commit()
    except Exception:
        db.session.rollback()
        if response.status_code < 400:
            raise
        log.exception("Could not keep a record of a refused request")
    return response


def _teardown(error: BaseException | None) -> None:
    if error is not None:
        db.session.rollback()


def register(app: Flask) -> None:
    # Registered first, so it runs after every other after_request function (they run in reverse):
    # a hook that changes the status decides whether the request commits.
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
    app.teardown_request(_teardown)


@contextmanager
def committing():
    """For CLI tasks: commit when the block succeeds, roll back when it raises."""
    try:
        yield db.session
    except BaseException:
        db.session.rollback()
        raise
    else:
        db.session.commit()
