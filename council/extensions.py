"""Extensions, created unbound and bound to the application in create_app()."""

from __future__ import annotations

from datetime import datetime, timezone

from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from council.i18n import Babel  # Flask-Babel's, keeping one full stop where a name ends with one

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def client_address() -> str:
    """The client address as seen through the configured number of trusted proxies."""
    from flask import request

    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address)


@limiter.request_filter
def _limits_off() -> bool:
    from flask import current_app

    return not current_app.config.get("RATE_LIMITS_ON", True)


def make_sqlite_transactions_real(engine) -> None:
    """SQLAlchemy's documented recipe for pysqlite (dialects/sqlite, "Serializable isolation /
    Savepoints / Transactional DDL"), in part: pysqlite itself emits BEGIN only before
    INSERT/UPDATE/DELETE, never before a SELECT or a SAVEPOINT, so a `begin_nested()` opened the
    transaction and its RELEASE committed everything up to there. Here SQLAlchemy's begin emits
    BEGIN, so reads, savepoints and writes are all in the one transaction.

    pysqlite's own BEGIN before a write is left on (the recipe turns it off) as a safety net for an
    in-memory database, whose one connection is shared by every session (StaticPool): when another
    session's commit has ended the transaction under this one, a write still opens a new one
    instead of committing on its own. For the same reason BEGIN is emitted only when no
    transaction is open, and straight to the driver, so that statement counts match PostgreSQL's."""
    from sqlalchemy import event

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        if not dbapi_connection.in_transaction:
            dbapi_connection.execute("BEGIN")
