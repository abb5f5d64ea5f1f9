"""The workflow of a signal, through its services: raise, review, escalate, respond."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from council.audit.models import AuditEvent
from council.core.refusals import Refusal
from council.extensions import db, utcnow
from council.signals import services
from council.signals.models import Signal, SignalEvent
from tests.conftest import make_council, make_membership, make_user
from tests.signals.helpers import make_destination, make_signal


def test_raise_signal_records_a_new_unverified_signal_with_its_parts(app, ctx):
    council = make_council()
    reporter = make_user()
    make_membership(reporter, council)
    signal = services.raise_signal(
        council, actor=reporter, title="Cattle raid near the river", narrative="**Armed** men took cattle.",
        kind="incident", sector="security", event_date=date.today() - timedelta(days=1), date_precision="day",
        area="North", place="Riverside", latitude="12.345678", longitude="-1.5", event_type="violence_civilians",
        sub_event_type="attack", actor1_type="4", actor2_type="womens_group", severity=3, trend="escalating",
        gender_dimensions=["targets_men"], confidentiality="facilitators_office",
        sources=[{"description": "A herder", "scale": "local", "reliability": "B", "seen_themselves": True}],
        impacts=[{"category": "injured", "sex": "male", "age_band": "adult", "count": 3, "estimate": True}],
        indicators={"armed_presence": "worsening"},
    )
    db.session.commit()
    stored = db.session.get(Signal, signal.id)
    assert stored.status == "new" and stored.channel == "web" and stored.reporter_id == reporter.id
    assert "<strong>Armed</strong>" in stored.narrative_html
    assert stored.sector.key == "security"
    assert [(s.description, s.reliability, s.seen_themselves) for s in stored.sources] == [("A herder", "B", True)]
    assert [(i.category, i.count, i.estimate) for i in stored.impacts] == [("injured", 3, True)]
    assert [t.direction for t in stored.indicators] == ["worsening"]
    assert [e.action for e in stored.events] == ["raised"]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == signal.id)) == "signal.raise"


def test_intake_can_raise_without_an_actor(app, ctx):
    council = make_council()
    signal = services.raise_signal(council, actor=None, channel="sms", title="Market burnt", severity=2)
    assert signal.status == "new" and signal.reporter_id is None and signal.channel == "sms"


@pytest.mark.parametrize("field, value", [
    ("kind", "war"), ("severity", 7), ("sector", "nowhere"), ("event_type", "battle"), ("actor1_type", "9"),
    ("confidentiality", "public"), ("gender_dimensions", ["x"]), ("title", "x" * 201), ("latitude", "95"),
    ("indicators", {"unknown": "worsening"}), ("sub_event_type", "nope"),
])
def test_unknown_codes_and_oversized_fields_are_refused(app, ctx, field, value):
    council = make_council()
    fields = {"title": "A title", field: value}
    with pytest.raises(Refusal) as refused:
        services.raise_signal(council, actor=None, **fields)
    assert refused.value.field in (field, "title")
    db.session.rollback()
    assert db.session.scalar(select(Signal.id)) is None


def test_review_verify_escalate_respond_outcome(app, ctx):
    council = make_council()
    reporter, facilitator, other = make_user(), make_user(), make_user()
    make_membership(reporter, council)
    make_membership(facilitator, council, role="facilitator")
    make_membership(other, council, role="facilitator")
    destination, reader = make_destination()
    signal = make_signal(council, reporter, severity=4)
    services.take_for_review(signal, actor=facilitator)
    assert signal.status == "in_review" and signal.reviewer_id == facilitator.id
    services.decide(signal, outcome="verified", note="Two sources agree.", actor=facilitator)
    before = utcnow()
    escalation = services.escalate(signal, destination=destination, requested_action="dialogue", actor=facilitator)
    assert timedelta(hours=23, minutes=59) < escalation.due_at - before <= timedelta(hours=24, seconds=5)
    with pytest.raises(Refusal):
        services.respond(escalation, status="completed", actor=reader)
    services.acknowledge(escalation, actor=reader)
    with pytest.raises(Refusal):
        services.respond(escalation, status="declined", reason="", actor=reader)
    services.respond(escalation, status="under_way", actor=reader)
    services.record_outcome(escalation, outcome="de_escalated", note="Elders met.", actor=reader)
    db.session.commit()
    actions = db.session.scalars(select(SignalEvent.action).where(SignalEvent.signal_id == signal.id)
                                 .order_by(SignalEvent.id)).all()
    assert actions == ["raised", "review", "decide", "escalate", "acknowledge", "respond", "outcome"]
    assert escalation.outcome == "de_escalated" and not services.is_overdue(escalation)


def test_the_reporter_cannot_verify_their_own_signal(app, ctx):
    council = make_council()
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    signal = make_signal(council, facilitator)
    services.take_for_review(signal, actor=facilitator)
    with pytest.raises(Refusal):
        services.decide(signal, outcome="verified", actor=facilitator)
    services.decide(signal, outcome="disputed", note="Only one source.", actor=facilitator)
    assert signal.status == "disputed"


def test_confidentiality_can_be_raised_never_lowered(app, ctx):
    council = make_council()
    facilitator = make_user()
    signal = make_signal(council, None, confidentiality="facilitators_office")
    for level in ("council", "facilitators_office"):
        with pytest.raises(Refusal):
            services.raise_confidentiality(signal, level=level, actor=facilitator)
    services.raise_confidentiality(signal, level="office_only", note="Names a witness.", actor=facilitator)
    assert signal.confidentiality == "office_only"


def test_only_verified_signals_are_escalated_and_due_hours_are_per_council(app, ctx):
    council = make_council()
    facilitator = make_user()
    destination, _reader = make_destination()
    signal = make_signal(council, None, severity=1)
    with pytest.raises(Refusal):
        services.escalate(signal, destination=destination, requested_action="dialogue", actor=facilitator)
    services.set_due_hours(council, {1: 10}, actor=facilitator)
    signal.status = "verified"
    now = utcnow()
    escalation = services.escalate(signal, destination=destination, requested_action="other", actor=facilitator,
                                   now=now)
    assert escalation.due_at == now + timedelta(hours=10)
    assert services.is_overdue(escalation, now + timedelta(hours=11))
