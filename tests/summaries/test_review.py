"""Putting a summary to review, members endorsing or objecting (once each, changeable), revisions
during review keeping the stances with the version they were given on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from council.extensions import db, utcnow
from council.summaries import services
from council.summaries.models import Stance
from tests.summaries.conftest import draft, put_to_review, summary_of, url
from tests.helpers import audit_events, page_text, record_notifications


@pytest.fixture
def notified(monkeypatch):
    return record_notifications(monkeypatch, services)


@pytest.fixture
def in_review(world, client_for, notified):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context="The text under review.")
    assert put_to_review(facilitator, world.item).status_code == 302
    return facilitator


def stances():
    db.session.expire_all()
    return db.session.scalars(select(Stance).order_by(Stance.id)).all()


def test_putting_to_review_sets_the_deadline_and_tells_the_members(world, in_review, notified):
    summary = summary_of(world.item)
    assert summary.status == "review"
    assert summary.review_deadline.date() == utcnow().date() + timedelta(days=7)
    assert len(audit_events("summary.review")) == 1
    assert len(notified) == 1
    kind, recipients, kwargs = notified[0]
    assert kind == "summary_review"
    # Active members and facilitators who may endorse; the observer does not vote and is not told
    # here; the actor is excluded by notify itself.
    assert set(recipients) == {world.facilitator.id, world.facilitator2.id, world.member.id, world.member2.id}
    assert kwargs["exclude_user_id"] == world.facilitator.id
    assert kwargs["item_id"] == world.item.id and kwargs["council_id"] == world.council.id


@pytest.mark.parametrize("day", [0, -3])
def test_the_deadline_must_be_in_the_future(world, client_for, notified, day):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    response = put_to_review(facilitator, world.item, days=day)
    assert response.status_code == 400
    assert "Choose a day after today." in response.get_data(as_text=True)
    assert summary_of(world.item).status == "draft"
    assert notified == []


def test_members_see_the_text_and_can_endorse(world, in_review, client_for):
    member = client_for(world.member)
    page = member.get(url(world.item))
    assert "The text under review." in page_text(page)
    assert 'action="' + url(world.item, "stance") + '"' in page.get_data(as_text=True)
    assert member.post(url(world.item, "stance"), data={"value": "endorse"}).status_code == 302
    assert [(s.user_id, s.value) for s in stances()] == [(world.member.id, "endorse")]
    assert "1 endorsement" in page_text(member.get(url(world.item)))


def test_an_objection_needs_a_reason_and_keeps_what_was_typed(world, in_review, client_for):
    member = client_for(world.member)
    response = member.post(url(world.item, "stance"), data={"value": "object", "reason": "  "})
    assert response.status_code == 400
    assert "Say why you object." in response.get_data(as_text=True)
    assert stances() == []


def test_objections_show_reason_and_name(world, in_review, client_for):
    client_for(world.member2).post(url(world.item, "stance"), data={"value": "object", "reason": "The elders were not heard."})
    client_for(world.member).post(url(world.item, "stance"), data={"value": "endorse"})
    text = page_text(client_for(world.observer).get(url(world.item)))
    assert "1 endorsement" in text and "1 objection" in text
    assert "The elders were not heard." in text and "Bilal Member" in text


def test_a_double_submitted_endorsement_counts_once(world, in_review, client_for):
    member = client_for(world.member)
    for _ in range(3):
        assert member.post(url(world.item, "stance"), data={"value": "endorse"}).status_code == 302
    assert db.session.scalar(select(func.count(Stance.id))) == 1


def test_a_race_between_two_inserts_ends_as_one_stance(app, world, in_review):
    """The unique constraint catches the second insert; the service then updates the first."""
    summary = summary_of(world.item)
    with app.test_request_context():
        db.session.add(Stance(summary_id=summary.id, user_id=world.member.id, version_id=summary.current_version_id,
                              value="endorse", reason=""))
        db.session.flush()
        # The service does not see the row in its first read (as if inserted concurrently)...
        original = db.session.scalar
        calls = {"n": 0}

        def first_read_misses(statement, *args, **kwargs):
            calls["n"] += 1
            return None if calls["n"] == 1 else original(statement, *args, **kwargs)

        db.session.scalar = first_read_misses
        try:
            stance = services.set_stance(summary, actor=world.member, value="object", reason="Changed my mind.")
        finally:
            del db.session.scalar
        db.session.commit()
    rows = stances()
    assert len(rows) == 1 and rows[0].value == "object" and rows[0].reason == "Changed my mind."
    assert stance.id == rows[0].id


def test_a_stance_can_be_changed_until_adoption(world, in_review, client_for):
    member = client_for(world.member)
    member.post(url(world.item, "stance"), data={"value": "object", "reason": "Too vague."})
    member.post(url(world.item, "stance"), data={"value": "endorse", "reason": "ignored"})
    rows = stances()
    assert [(s.value, s.reason) for s in rows] == [("endorse", "")]
    in_review.post(url(world.item, "adopt"), data={"lock_version": str(summary_of(world.item).lock_version),
                                                   "confirm": "y"})
    assert summary_of(world.item).status == "adopted"
    member.post(url(world.item, "stance"), data={"value": "object", "reason": "Too late."})
    assert [(s.value, s.reason) for s in stances()] == [("endorse", "")]


def test_stances_are_not_possible_on_a_draft(world, client_for):
    draft(client_for(world.facilitator), world.item)
    client_for(world.member).post(url(world.item, "stance"), data={"value": "endorse"})
    assert stances() == []


def test_revisions_during_review_keep_stances_and_mark_their_version(world, in_review, client_for):
    client_for(world.member2).post(url(world.item, "stance"), data={"value": "object", "reason": "Missing the youth."})
    draft(in_review, world.item, context="Revised: now with the youth.")
    summary = summary_of(world.item)
    assert summary.status == "review" and summary.current_version.number == 2
    rows = stances()
    assert len(rows) == 1 and rows[0].version_id == summary.versions[0].id != summary.current_version_id
    page = client_for(world.member2).get(url(world.item))
    text = page_text(page)
    assert "on version 1" in text and "given on an earlier version" in text
    assert "You gave your position on version 1" in text


def test_observers_read_but_cannot_take_a_stance(world, in_review, client_for):
    observer = client_for(world.observer)
    page = observer.get(url(world.item))
    assert page.status_code == 200 and "The text under review." in page_text(page)
    assert url(world.item, "stance") not in page.get_data(as_text=True)
    assert observer.post(url(world.item, "stance"), data={"value": "endorse"}).status_code == 403
    assert stances() == []
