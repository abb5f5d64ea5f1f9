"""The demo data: loads, loads again without change, and gives every role something to see."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from council import demo
from council.audit.models import AuditEvent
from council.auth import passwords
from council.auth.models import User
from council.councils.models import Council, Membership
from council.extensions import db


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


@pytest.fixture
def loaded(app):
    result = app.test_cli_runner().invoke(args=["council", "demo"])
    assert result.exit_code == 0, result.output
    return result


def by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_twice_changes_nothing(app, loaded):
    before = row_counts()
    again = app.test_cli_runner().invoke(args=["council", "demo"])
    assert again.exit_code == 0, again.output
    assert "nothing to do" in again.output
    assert row_counts() == before


def test_demo_accounts_and_roles(loaded):
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert set(demo.ACCOUNT_EMAILS) <= set(users)
    assert all(u.status == "active" for u in users.values())
    assert users["admin@example.org"].site_role == "admin"
    assert users["office@example.org"].site_role == "office"
    assert passwords.verify_password(users["member@example.org"].password_hash, "kettle-orchard-2026")
    assert len({u.locale for u in users.values()}) >= 6

    first, second, third = db.session.scalars(select(Council).order_by(Council.id)).all()

    def membership(email, council):
        return db.session.scalar(select(Membership).filter_by(user_id=users[email].id, council_id=council.id))

    assert (membership("facilitator@example.org", first).role, membership("facilitator@example.org", first).status) == ("facilitator", "active")
    assert membership("observer@example.org", first).role == "observer"
    assert membership("member@example.org", first).status == "active"
    applied = membership("applicant@example.org", first)
    assert applied.status == "applied" and applied.statement
    assert membership("other@example.org", second).status == "active"
    assert membership("other@example.org", first) is None


def test_first_council_has_enough_people_behind_its_figures(loaded):
    first = db.session.scalars(select(Council).order_by(Council.id)).first()
    active = db.session.scalars(
        select(Membership).where(Membership.council_id == first.id, Membership.status == "active",
                                 Membership.role != "observer")
    ).all()
    genders = Counter(m.user.gender for m in active)
    groups = Counter(m.constituency for m in active)
    assert genders["woman"] >= 5 and genders["man"] >= 5
    assert sum(1 for n in groups.values() if n >= 5) >= 2


def test_councils_speak_english_french_and_arabic(loaded):
    councils = db.session.scalars(select(Council).order_by(Council.id)).all()
    assert len(councils) == 3
    for council in councils:
        texts = {t.language: t for t in council.texts}
        assert {"en", "fr", "ar"} <= set(texts)
        assert all(t.name and len(t.mandate) > 100 for t in texts.values())
        assert council.working_languages == ["en", "fr", "ar"]


def test_council_creation_is_in_the_audit_log(loaded):
    admin = by_email("admin@example.org")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "council.create")).all()
    assert len(events) == 3 and all(e.actor_id == admin.id for e in events)


def test_demo_accounts_can_use_the_site(app, loaded):
    client = app.test_client()
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "kettle-orchard-2026"})
    assert response.status_code == 302
    first = db.session.scalars(select(Council).order_by(Council.id)).first()
    assert client.get(f"/councils/{first.id}/audit").status_code == 200
