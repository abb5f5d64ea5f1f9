"""Fixtures and helpers for the agenda tests: a council with people in every role, signed-in
clients, recorded notifications, counted queries, and the visible text of a page."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_council, make_membership, make_user
from tests.helpers import client_for, record_notifications


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

    return record_notifications(monkeypatch, services)


def submission_key(html: str) -> str:
    match = re.search(r'<input[^>]*name="submission_key"[^>]*value="([^"]+)"', html)
    assert match, "no submission key in the form"
    return match.group(1)
