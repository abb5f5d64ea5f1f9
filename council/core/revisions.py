"""Revisions: what a kept page (core/pages.py) depends on, and the one way it can go out of date.

Every committed write changes the revision of the scopes it touches, in the same transaction as
the write itself, so a page kept under the revisions it was rendered with can never be served
after the data behind it changed: the next request reads other revisions, hence another key.

Scopes are plain strings:

- ``council:<id>`` — anything of one council (its items, posts, marks, members, summaries …);
- ``user:<id>`` — what one person sees of their own (their notifications, visits, follows);
- ``global`` — anything else, including everything nobody declared (the safe default).

Which scopes a row touches is decided, in order, by:

1. the model's ``page_scopes()`` method, when it has one (a mark touches its post's council);
2. ``PAGE_SCOPES_UNSEEN = True`` on the model: a row no kept page shows (sessions, the audit
   trail, the outbox); such pages must never be kept;
3. otherwise its ``council_id`` (``council:<id>``, or ``global`` when empty) and, when it has a
   ``user_id``, that person's scope as well.

Statements that write many rows at once (``update()``, ``delete()``, ``insert()`` run through the
session) touch ``global`` unless they say better with ``execution_options(page_scopes=[...])``,
or write a table no page shows. Scopes of work rolled back are not forgotten: the next commit
changes them too, which costs a page render, never a stale page. A revision is a random number, not a counter, so that a database
restored from a backup never brings back a revision that once meant other data.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Iterable

from sqlalchemy import BigInteger, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from council.extensions import db

GLOBAL = "global"
_PENDING = "page_scopes"


def council(council_id: int | None) -> str:
    return f"council:{council_id}" if council_id is not None else GLOBAL


def user(user_id: int | None) -> str:
    return f"user:{user_id}" if user_id is not None else GLOBAL


class PageRevision(db.Model):
    """The current revision of one scope (a row appears on its first write)."""

    __tablename__ = "page_revisions"
    PAGE_SCOPES_UNSEEN = True

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


# Tables written in bulk that no kept page shows; any other bulk write touches `global`.
_UNSEEN_TABLES: set[str] = {"page_revisions"}


def scopes_of(obj) -> Iterable[str]:
    """The scopes a change of this row touches (see the module's docstring)."""
    declared = getattr(obj, "page_scopes", None)
    if declared is not None:
        return declared()
    if getattr(obj, "PAGE_SCOPES_UNSEEN", False):
        return ()
    scopes = {council(obj.council_id) if hasattr(obj, "council_id") else GLOBAL}
    if getattr(obj, "user_id", None) is not None:
        scopes.add(user(obj.user_id))
    return scopes


def current(scopes: Iterable[str]) -> dict[str, int]:
    """The revision of each scope (0 for one never written), in one query. It runs on every kept
    page's request, so it goes to the driver as written, without the ORM or SQL compilation."""
    wanted = sorted(set(scopes))
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    found = dict(connection.exec_driver_sql(
        f"SELECT scope, revision FROM page_revisions WHERE scope IN ({', '.join([mark] * len(wanted))})",
        tuple(wanted)).all())
    return {scope: found.get(scope, 0) for scope in wanted}


def _pending(session: Session) -> set[str]:
    return session.info.setdefault(_PENDING, set())


def _after_flush(session: Session, _context) -> None:
    pending = _pending(session)
    for obj in session.new:
        pending.update(scopes_of(obj))
    for obj in session.deleted:
        pending.update(scopes_of(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            pending.update(scopes_of(obj))


def _bulk_statement(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in _UNSEEN_TABLES:
        return
    declared = state.execution_options.get("page_scopes")
    result = state.invoke_statement()  # a statement that fails (and is skipped) touches nothing
    _pending(state.session).update(declared if declared is not None else (GLOBAL,))
    return result


_engines_with_table: weakref.WeakSet = weakref.WeakSet()


def _has_table(session: Session, bind) -> bool:
    """Whether this database has the table yet (remembered once it has)."""
    engine = getattr(bind, "engine", bind)
    if engine in _engines_with_table:
        return True
    from sqlalchemy import inspect

    if inspect(session.connection()).has_table(PageRevision.__tablename__):
        _engines_with_table.add(engine)
        return True
    return False


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its scopes wait for the transaction's own commit
    session.flush()  # what is still pending is collected too
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    bind = session.get_bind()
    if not _has_table(session, bind):
        return  # a database not yet upgraded to 0016 (a migration in progress): nothing is kept
    dialect = bind.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # One statement per scope, always in the same order, so two writers never wait on each other
    # in opposite orders.
    for scope in sorted(pending):
        statement = insert(PageRevision).values(scope=scope, revision=secrets.randbits(62))
        session.execute(statement.on_conflict_do_update(index_elements=[PageRevision.scope],
                                                        set_={"revision": statement.excluded.revision}))


def register_unseen_tables(models: Iterable[type]) -> None:
    """Tables of models marked PAGE_SCOPES_UNSEEN are also left out of bulk writes."""
    for model in models:
        if getattr(model, "PAGE_SCOPES_UNSEEN", False):
            _UNSEEN_TABLES.add(model.__table__.name)


_listening = False


def listen() -> None:
    """Follow every write of the application's session (once per process)."""
    global _listening
    if _listening:
        return
    _listening = True
    register_unseen_tables(mapper.class_ for mapper in db.Model.registry.mappers)
    event.listen(db.session, "after_flush", _after_flush)
    event.listen(db.session, "do_orm_execute", _bulk_statement)
    event.listen(db.session, "before_commit", _before_commit)
