"""The audit log's hash chain: whole after many events, broken (and located) by a changed or a
removed row; `flask council verify-audit` says so; on PostgreSQL the table refuses UPDATE and
DELETE (migration 0005) while TRUNCATE and account deletion still work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import select, text

from council import create_app
from council.audit import services as audit
from council.audit.models import AuditEvent
from council.audit import chain
from council.extensions import db, utcnow
from tests.conftest import app_config, make_council, make_user, scratch_database

on_postgresql = pytest.mark.skipif(
    not (__import__("os").environ.get("COUNCIL_TEST_DATABASE_URL", "").startswith("postgresql")),
    reason="PostgreSQL only (the append-only trigger; several connections writing at once)",
)


def many_events(count: int = 120) -> list[int]:
    admin = make_user(site_role="admin")
    council = make_council()
    ids = []
    for n in range(count):
        event = audit.record(admin if n % 3 else None, "council.edit", council, council_id=council.id,
                             before={"names": {"en": f"Old {n}"}}, after={"names": {"en": f"Nouveau é {n}"}})
        ids.append(event.id)
        if n % 10 == 9:
            db.session.commit()  # several transactions, several events in each
    db.session.commit()
    return ids


def verify_cli(app):
    return app.test_cli_runner().invoke(args=["council", "verify-audit"])


def test_the_chain_is_whole_after_many_events(app):
    ids = many_events()
    assert audit.verify() == (len(ids), None)
    result = verify_cli(app)
    assert result.exit_code == 0 and f"{len(ids)} event(s) checked" in result.output


def test_an_empty_log_is_whole(app):
    assert audit.verify() == (0, None)
    assert verify_cli(app).exit_code == 0


@pytest.mark.parametrize("change", [
    "UPDATE audit_events SET actor_id = NULL WHERE id = :id",
    "UPDATE audit_events SET detail = '{}' WHERE id = :id",
    "UPDATE audit_events SET created_at = created_at + interval '1 second' WHERE id = :id",
])
def test_a_changed_row_is_found_by_its_id(app, change):
    ids = many_events(30)
    tampered = ids[17]
    if db.engine.dialect.name == "sqlite":
        change = change.replace("created_at + interval '1 second'", "'2020-01-01 00:00:00.000000'")
    db.session.execute(text(change), {"id": tampered})  # the test database has no trigger
    db.session.commit()
    checked, found = audit.verify()
    assert found is not None and found.row_id == tampered and checked == 18
    result = verify_cli(app)
    assert result.exit_code == 1 and f"broken at event {tampered} " in result.output


def test_a_removed_row_breaks_the_chain_at_the_next_one(app):
    ids = many_events(30)
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[5]})
    db.session.commit()
    _, found = audit.verify()
    assert found is not None and found.row_id == ids[6]
    assert verify_cli(app).exit_code == 1


def test_events_of_one_transaction_chain_to_each_other(app):
    person = make_user()
    first = audit.record(None, "user.suspend", person)
    second = audit.record(None, "user.reinstate", person)
    assert second.chain_hash == chain.link(first.chain_hash, audit._fields(second))
    assert first.chain_hash == chain.link(None, audit._fields(first))
    db.session.rollback()  # neither is kept: the chain goes on from what was committed
    third = audit.record(None, "user.suspend", person)
    db.session.commit()
    assert third.chain_hash == chain.link(None, audit._fields(third))
    assert audit.verify() == (1, None)


@on_postgresql
def test_events_recorded_at_the_same_moment_on_several_connections_keep_one_chain(app):
    """Each transaction takes the chain's advisory lock before reading the newest hash, so no two
    events chain to the same predecessor (without it, this forks the chain almost at once)."""
    import threading

    from council.auth.models import User

    people = [make_user().id for _ in range(4)]
    barrier = threading.Barrier(len(people), timeout=30)
    failures: list[BaseException] = []

    def write(user_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                for n in range(25):
                    user = db.session.get(User, user_id)
                    audit.record(user, "user.suspend", user)
                    if n % 2:
                        audit.record(user, "user.reinstate", user)  # two in one transaction
                    db.session.commit()
            except BaseException as error:  # reported below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    assert audit.verify() == (4 * (25 + 12), None)


@pytest.fixture
def migrated(tmp_path):
    """An app on a scratch database built by the migrations (with their trigger), audit rows made
    before migration 0005 chained by it."""
    with scratch_database(tmp_path, "auditchain") as url:
        app = create_app(app_config(SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="0003")
            events = sa.table("audit_events", sa.column("created_at", sa.DateTime(timezone=True)),
                              sa.column("action"), sa.column("target_type"), sa.column("detail", sa.JSON()))
            db.session.execute(events.insert(), [
                {"created_at": utcnow(), "action": "council.create", "target_type": "councils", "detail": {}},
                {"created_at": utcnow(), "action": "country.edit", "target_type": "countries",
                 "detail": {"after": {"code": "MRD"}}},
            ])
            db.session.commit()
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()


def test_the_migration_chains_existing_events_and_new_ones_follow(migrated):
    assert audit.verify() == (2, None)
    user = make_user()
    from council.auth import services

    services.delete_account(user)  # erasing a person never needs to change the audit log
    db.session.commit()
    assert audit.verify()[1] is None and audit.verify()[0] >= 3


@on_postgresql
def test_postgresql_refuses_update_and_delete_of_audit_rows(migrated):
    from sqlalchemy.exc import DBAPIError

    event_id = db.session.scalar(select(AuditEvent.id).limit(1))
    for statement in ("UPDATE audit_events SET action = 'x' WHERE id = :id", "DELETE FROM audit_events WHERE id = :id"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement), {"id": event_id})
        db.session.rollback()
    assert audit.verify() == (2, None)
    db.session.execute(text("TRUNCATE audit_events"))  # what the test suite's teardown does
    db.session.commit()
    assert audit.verify() == (0, None)
