"""The one commit point.

A request commits when its response is below 400 and rolls back otherwise, or when anything
raised; views and services never call commit(). Command-line tasks use `committing()` for the
same rule. A view that shows a refusal on a form (status 200) has already rolled back through
`refusals.show()`, so the commit point has nothing of the refused change left to commit.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import Flask

from council.extensions import db


def _finish(response):
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
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
