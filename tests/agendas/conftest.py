"""Fixtures and helpers for the agenda tests: a council with people in every role, signed-in
clients, recorded notifications, counted queries, and the visible text of a page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from tests.conftest import login, make_council, make_membership, make_user


@pytest.fixture
def council():
    return make_council(texts={"en": ("North council", "Mandate.")}, working_languages=["en"])


@pytest.fixture
def member(council):
    user = make_user(display_name="Amina", locale="en")
    make_membership(user, council)
    return user


@pytest.fixture
def facilitator(council):
    user = make_user(display_name="Facilitator Farah", locale="en")
    make_membership(user, council, role="facilitator")
    return user


@pytest.fixture
def observer(council):
    user = make_user(display_name="Observer Omar", locale="en")
    make_membership(user, council, role="observer")
    return user


def client_for(app, user):
    client = app.test_client()
    login(client, user)
    return client


@pytest.fixture
def member_client(app, member):
    return client_for(app, member)


@pytest.fixture
def facilitator_client(app, facilitator):
    return client_for(app, facilitator)


@pytest.fixture
def notified(monkeypatch):
    """Every call of notify() made for the agenda services (through their events), as (kind,
    recipient ids, keyword args)."""
    from council.notifications import services

    calls = []

    def record(recipients, kind, **kwargs):
        ids = sorted(getattr(r, "id", r) for r in recipients)
        calls.append((kind.value if hasattr(kind, "value") else kind, ids, kwargs))
        return []

    monkeypatch.setattr(services, "notify", record)
    return calls


def audit_events(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).filter_by(action=action)).all()


def main_of(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert match, "page has no <main>"
    return match.group(0)


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def page_text(response) -> str:
    """The visible text of the <main> part of a page."""
    return text_of(main_of(response.get_data(as_text=True)))


def submission_key(html: str) -> str:
    match = re.search(r'<input[^>]*name="submission_key"[^>]*value="([^"]+)"', html)
    assert match, "no submission key in the form"
    return match.group(1)
