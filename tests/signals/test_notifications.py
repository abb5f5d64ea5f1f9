"""Who is told what, in their language: facilitators of a new signal, the reporter of the review,
the office reader of an escalation, the reporter and the council of the response."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.notifications import queries as nq
from council.notifications.models import Notification
from council.signals import services
from tests.conftest import make_council, make_membership, make_user
from tests.signals.helpers import make_destination, make_signal


def _kinds(user):
    return db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def test_the_right_people_are_told_in_their_language(app, outbox):
    council = make_council()
    reporter, facilitator, member = make_user(locale="fr"), make_user(locale="es"), make_user()
    make_membership(reporter, council)
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    destination, reader = make_destination()
    with app.test_request_context():
        signal = make_signal(council, reporter, title="Puits menacé")
        assert _kinds(facilitator) == ["signal_raised"]
        services.take_for_review(signal, actor=facilitator)
        services.decide(signal, outcome="verified", actor=facilitator)
        escalation = services.escalate(signal, destination=destination, requested_action="dialogue",
                                       actor=facilitator)
        assert _kinds(reader) == ["signal_escalated"]
        services.acknowledge(escalation, actor=reader)
        db.session.commit()
    assert _kinds(reporter) == ["signal_updated", "signal_updated", "signal_responded"]
    assert _kinds(member) == ["signal_responded"]
    french = [m for m in outbox if m["To"] == reporter.email]
    assert french, "the reporter gets e-mails"
    with app.test_request_context("/?lang=fr"):
        n = db.session.scalars(select(Notification).where(Notification.user_id == reporter.id)).all()[-1]
        reading = nq.describe(n)
        assert "Puits menacé" in reading.text and f"/signals/{signal.id}" in reading.url


def test_nobody_in_the_council_is_told_of_an_office_only_signal(app):
    council = make_council()
    reporter, facilitator, member = make_user(), make_user(), make_user()
    make_membership(reporter, council)
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    destination, reader = make_destination()
    admin = make_user(site_role="admin")
    with app.test_request_context():
        signal = make_signal(council, reporter, confidentiality="office_only")
        services.take_for_review(signal, actor=admin)
        services.decide(signal, outcome="verified", actor=admin)
        escalation = services.escalate(signal, destination=destination, requested_action="dialogue", actor=admin)
        services.acknowledge(escalation, actor=reader)
        db.session.commit()
    assert _kinds(facilitator) == [] and _kinds(member) == []
    assert "signal_responded" in _kinds(reporter)


def test_raising_confidentiality_withdraws_notifications_from_those_who_may_no_longer_read(app):
    council = make_council()
    reporter, facilitator, member = make_user(), make_user(), make_user()
    make_membership(reporter, council)
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    destination, reader = make_destination()
    with app.test_request_context():
        signal = make_signal(council, reporter)
        services.take_for_review(signal, actor=facilitator)
        services.decide(signal, outcome="verified", actor=facilitator)
        escalation = services.escalate(signal, destination=destination, requested_action="dialogue",
                                       actor=facilitator)
        services.acknowledge(escalation, actor=reader)
        assert _kinds(member) == ["signal_responded"]
        services.raise_confidentiality(signal, level="facilitators_office", actor=facilitator)
        db.session.commit()
    assert _kinds(member) == []
    assert "signal_raised" in _kinds(facilitator) and "signal_responded" in _kinds(reporter)


def test_personal_data_and_erasure(app):
    from council import events

    council = make_council()
    reporter = make_user()
    make_membership(reporter, council)
    signal = make_signal(council, reporter, title="Mine", submission_key="form-1")
    found = events.collect(events.personal_data, reporter)
    assert [s["title"] for s in found["signals"]] == ["Mine"]
    events.account_erased.send(reporter)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(type(signal), signal.id)
    assert stored.reporter_id is None and stored.submission_key is None  # the key held the reporter's number
    assert [(e.action, e.actor_id) for e in stored.events] == [("raised", None)]
