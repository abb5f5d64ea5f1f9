"""Limits per person and per address, not only per client (issue 7, limits)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.extensions import db, limiter
from tests.conftest import login, make_council, make_item, make_membership, make_post, make_user


@pytest.fixture
def limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_ACCOUNT_MAIL_PER_ADDRESS", "2 per hour")
    monkeypatch.setitem(app.config, "RATELIMIT_INVITATIONS_PER_FACILITATOR", "2 per day")
    monkeypatch.setitem(app.config, "RATELIMIT_REPORTS_PER_MEMBER", "2 per day")
    limiter.reset()
    yield app
    limiter.reset()


def test_reset_mails_to_one_address_are_limited_whatever_the_client(limited, outbox):
    user = make_user()
    for n in range(4):
        client = limited.test_client()
        response = client.post("/password/forgot", data={"email": user.email},
                               environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
        assert response.status_code == 200  # the same answer every time: nothing is revealed
    assert len([m for m in outbox if m["To"] == user.email]) == 2


def test_confirmation_mails_count_against_the_same_address_limit(limited, outbox):
    for n in range(3):
        limited.test_client().post("/register", data={
            "email": "new@example.org", "password": "lantern-mosaic-river-7",
            "display_name": "New", "locale": "en"}, environ_base={"REMOTE_ADDR": f"203.0.113.{n}"})
    # A confirmation, then notices that the address is registered, then nothing.
    assert len([m for m in outbox if m["To"] == "new@example.org"]) == 2


def test_invitations_per_facilitator_per_day(limited, outbox):
    from council.councils.models import Invitation

    council = make_council()
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    client = limited.test_client()
    login(client, facilitator)
    codes = [client.post(f"/councils/{council.id}/invitations",
                         data={"email": f"guest{n}@example.org", "role": "member", "language": "en"}).status_code
             for n in range(3)]
    assert codes == [302, 302, 429]
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 2


def test_reports_per_member_per_day(limited):
    from council.deliberations.models import PostReport as Report

    council = make_council()
    author, reporter = make_user(), make_user()
    make_membership(author, council)
    make_membership(reporter, council)
    item = make_item(council)
    posts = [make_post(item, author, body=f"Post {n}") for n in range(3)]
    client = limited.test_client()
    login(client, reporter)
    codes = [client.post(f"/councils/{council.id}/agenda/{item.id}/posts/{p.id}/report",
                         data={"reason": "abusive", "note": ""}).status_code for p in posts]
    assert codes[:2] == [302, 302] and codes[2] == 429
    assert db.session.scalar(select(func.count()).select_from(Report)) == 2
