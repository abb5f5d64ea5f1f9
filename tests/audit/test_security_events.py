"""Security events in the audit log: sign-in (success, failure, lockout), two factors and recovery
codes, ended sessions, refused requests; each with who, from which address and when, and never
a password or an address that was typed for an unknown account."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from council.audit.models import AuditEvent
from council.auth.models import AuthSession
from council.extensions import db, utcnow
from tests.auth.test_two_factor import enable_two_factor
from tests.conftest import PASSWORD, login, make_council, make_membership, make_user

ADDRESS = "127.0.0.1"  # what the test client reports as the remote address


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def everything_stored() -> str:
    """Every audit row, as text (to look for what must never be there)."""
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent)).all()
    return json.dumps([{c.name: str(getattr(r, c.key)) for c in AuditEvent.__table__.columns} for r in rows])


@pytest.fixture
def limited_app(app, monkeypatch):
    from council.extensions import limiter

    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNIN_PER_ACCOUNT", "3 per 10 minutes")
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNIN_PER_ADDRESS", "6 per 10 minutes")
    limiter.reset()
    yield app
    limiter.reset()


def test_a_sign_in_is_recorded_with_the_person_address_and_time(client):
    user = make_user()
    before = utcnow()
    login(client, user)
    [event] = events("user.sign_in")
    assert (event.actor_id, event.target_id, event.client_address) == (user.id, user.id, ADDRESS)
    assert before <= event.created_at <= utcnow()


def test_a_wrong_password_is_recorded_against_the_account_without_the_password(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "Wrong-guess-7781"})
    assert "not right" in response.get_data(as_text=True)
    [event] = events("user.sign_in_fail")
    assert (event.actor_id, event.target_type, event.target_id) == (None, "users", user.id)
    assert event.client_address == ADDRESS and event.created_at is not None
    assert "Wrong-guess-7781" not in everything_stored()
    assert events("user.sign_in") == []


def test_an_unknown_address_is_recorded_without_the_address_typed(client):
    client.post("/login", data={"email": "nobody.here@example.net", "password": "Wrong-guess-7781"})
    [event] = events("user.sign_in_fail")
    assert (event.actor_id, event.target_id, event.client_address) == (None, None, ADDRESS)
    stored = everything_stored()
    assert "nobody.here" not in stored and "Wrong-guess-7781" not in stored


def test_a_suspended_account_signing_in_is_a_failure(client):
    user = make_user(status="suspended")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    [event] = events("user.sign_in_fail")
    assert event.target_id == user.id and events("user.sign_in") == []


def test_a_lockout_is_recorded_with_the_account_it_was_aimed_at(app, limited_app):
    user = make_user()
    client = limited_app.test_client()
    for _ in range(3):
        client.post("/login", data={"email": user.email, "password": "Wrong-guess-7781"})
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    [event] = events("user.sign_in_lock")
    assert (event.actor_id, event.target_id, event.client_address) == (None, user.id, ADDRESS)
    assert len(events("user.sign_in_fail")) == 3 and events("user.sign_in") == []


def test_a_lockout_on_an_unknown_address_names_no_account(app, limited_app):
    client = limited_app.test_client()
    codes = [client.post("/login", data={"email": f"p{i}@example.org", "password": "x" * 12}).status_code
             for i in range(7)]
    assert codes[-1] == 429
    [event] = events("user.sign_in_lock")
    assert event.target_id is None and "p6@example.org" not in everything_stored()


def test_two_factor_changes_codes_and_failures_are_recorded(client):
    user = make_user()
    login(client, user)
    _, codes = enable_two_factor(client)
    assert [e.actor_id for e in events("user.two_factor_enable")] == [user.id]
    client.post("/account/two-factor/recovery-codes", data={"password": PASSWORD})
    [renewed] = events("user.recovery_codes_new")
    assert renewed.actor_id == user.id and renewed.client_address == ADDRESS
    page = client.get("/account/two-factor/recovery-codes").get_data(as_text=True)
    code = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", page)[0]
    client.post("/logout")

    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.post("/login/two-factor", data={"code": "000000"}).status_code == 200
    [wrong] = events("user.sign_in_two_factor_fail")
    assert (wrong.actor_id, wrong.target_id) == (None, user.id)
    assert client.post("/login/two-factor", data={"code": code}).status_code == 302
    [used] = events("user.recovery_code_use")
    assert used.actor_id == user.id and code not in everything_stored()

    client.post("/account/two-factor/disable", data={"password": PASSWORD})
    assert [e.actor_id for e in events("user.two_factor_disable")] == [user.id]


def test_a_password_change_records_the_other_sessions_it_ended(app, client):
    user = make_user()
    other = app.test_client()
    login(other, user)
    login(client, user)
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                       "new_password": "a-new-long-passphrase-2026"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    [ended] = events("user.sessions_end")
    assert (ended.actor_id, ended.target_id, ended.detail["after"]) == (user.id, user.id, {"sessions_ended": 1})
    assert db.session.scalar(select(AuthSession.id).where(AuthSession.user_id == user.id)) is not None


def test_a_suspension_records_the_administrator_who_ended_the_sessions(client):
    from council.auth import services

    admin = make_user(site_role="admin")
    person = make_user()
    login(client, person)
    services.suspend(person, actor=admin)
    db.session.commit()
    [ended] = events("user.sessions_end")
    assert (ended.actor_id, ended.target_id) == (admin.id, person.id)


def test_a_refused_privileged_request_is_recorded_and_changes_nothing(client):
    member = make_user()
    council = make_council()
    make_membership(member, council)
    login(client, member)
    assert client.get("/admin/audit?actor=someone@example.org").status_code == 403
    assert client.post(f"/councils/{council.id}/audit").status_code in (403, 405)
    [event] = events("access.refuse")
    assert (event.actor_id, event.client_address) == (member.id, ADDRESS)
    assert event.detail["after"] == {"method": "GET", "path": "/admin/audit"}  # never the query string
    assert "someone@example.org" not in everything_stored()


def test_the_log_shows_the_new_events_in_the_reader_language(client):
    admin = make_user(site_role="admin")
    client.post("/login", data={"email": "nobody.here@example.net", "password": "Wrong-guess-7781"})
    login(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Sign-in refused: wrong password or unknown account" in page and "Signed in" in page
    assert "Someone not signed in" in page and ADDRESS in page
    page = client.get("/admin/audit?lang=fr").get_data(as_text=True)
    assert "Connexion" in page and "Signed in" not in page


def test_the_log_keeps_nothing_that_erasing_an_account_would_have_to_change(client):
    """The log is append-only, so what a person could ask to erase must never go into it."""
    from council.auth import services as auth
    from council.councils import services as councils

    facilitator = make_user()
    council = make_council()
    make_membership(facilitator, council, role="facilitator")
    person = make_user(email="Unique.Person@example.org", display_name="Zebulon Quartz")
    login(client, person)
    client.post("/login", data={"email": person.email, "password": "Wrong-guess-7781"})
    with client.application.test_request_context():  # the mails need a request for their links
        councils.apply(council, statement="I farm near the river.", constituency="youth", actor=person)
        councils.invite(council, email="invited.friend@example.org", role="member", language="en", actor=facilitator)
    auth.delete_account(person)
    db.session.commit()
    stored = everything_stored()
    for personal in ("unique.person", "Zebulon", "youth", "river", "invited.friend"):
        assert personal not in stored.lower() and personal.lower() not in stored.lower()
    assert [e.target_id for e in events("user.delete")] == [person.id]
