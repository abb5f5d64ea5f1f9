"""A world for the digest: an office reader of one destination, two councils that send to it, a
third that does not, and things the reader may not see, each carrying MARKER."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from council.extensions import db, utcnow
from council.signals import services as signal_services
from tests.conftest import (make_agreement, make_assessment, make_council, make_country, make_item, make_membership,
                            make_post, make_region, make_user)
from tests.forwarding.conftest import adopted_summary, make_destination, make_forwarding

MARKER = "ZQXMARKERQZ"


@dataclass
class World:
    reader: object
    other_reader: object
    destination: object
    other_destination: object
    north: object
    south: object
    east: object  # sends nothing to the reader's destination
    facilitator: object
    member: object
    overdue: object  # a forwarding to the reader, answer requested by a day that has passed
    answered: object
    urgent: object  # a verified urgent signal escalated to the reader
    regressed: object  # a published assessment lower than the period before


def signal(council, reporter, facilitator, *, escalate_to=None, note="", **fields):
    s = signal_services.raise_signal(council, actor=reporter, **fields)
    if escalate_to is not None:
        signal_services.take_for_review(s, actor=facilitator)
        signal_services.decide(s, outcome="verified", note="Seen by two members.", actor=facilitator)
        signal_services.escalate(s, destination=escalate_to, requested_action="dialogue", note=note,
                                 actor=facilitator)
    db.session.commit()
    return s


@pytest.fixture
def world(app):
    country = make_country()
    north = make_council(make_region(country, names={"en": "North region"}),
                         texts={"en": ("North Council", "Mandate.")})
    south = make_council(make_region(country, names={"en": "South region"}),
                         texts={"en": ("South Council", "Mandate.")})
    east = make_council(make_region(country, names={"en": "East region"}), texts={"en": ("East Council", "Mandate.")})
    reader = make_user(site_role="office", display_name="Office Reader")
    other_reader = make_user(site_role="office")
    destination = make_destination(names={"en": "Resident Coordinator"}, readers=[reader])
    other_destination = make_destination(names={"en": f"Commission {MARKER}"}, kind="implementation_commission",
                                         readers=[other_reader])
    facilitator, member = make_user(), make_user()
    for council in (north, south, east):
        make_membership(facilitator, council, role="facilitator")
        make_membership(member, council)

    with app.test_request_context():
        # Summaries: one overdue, one answered, one sent only to the other destination.
        first = adopted_summary(make_item(north, title="Water for the valley"), facilitator)
        overdue = make_forwarding(first, destination, answer_by_days=-3)
        second = adopted_summary(make_item(south, title="Grazing routes", language="en"), facilitator, language="fr")
        answered = make_forwarding(second, destination, status="answered")
        hidden_summary = adopted_summary(make_item(north, title=f"Secret item {MARKER}"), facilitator)
        make_forwarding(hidden_summary, other_destination, note=f"Note {MARKER}")
        make_item(north, title=f"Item under review {MARKER}", status="open")

        # Signals: an urgent one escalated to the reader, one escalated elsewhere, one in a council
        # the reader does not follow.
        urgent = signal(north, member, facilitator, escalate_to=destination, title="Armed men at the bridge",
                        severity=4, kind="incident", trend="escalating")
        signal(north, member, facilitator, title="Market calm", severity=1, kind="peace")
        signal(south, member, facilitator, escalate_to=other_destination, title="Cattle raid", severity=3,
               note=f"Escalation note {MARKER}")
        signal(east, member, facilitator, title=f"East signal {MARKER}", severity=4)
        last_month = utcnow().date() - timedelta(days=14)
        signal(north, member, facilitator, title="Older tension", severity=2, kind="incident", event_date=last_month)

        # A hidden post.
        post = make_post(make_item(north, title="Open talk"), member, body=f"Hidden words {MARKER}")
        post.state, post.hidden_at = "hidden", utcnow()
        post.hidden_reason = "off_topic"

        # Monitoring: a provision regressed (published), another changed only in a draft.
        agreement = make_agreement(country, provisions=2)
        first_provision, second_provision = agreement.provisions
        second_provision.texts[0].title = f"Provision {MARKER}"
        this_quarter = date.today().replace(day=1)
        make_assessment(first_provision, north, period=("2025-Q4", date(2025, 10, 1)), rating="2",
                        published_at=utcnow() - timedelta(days=90))
        regressed = make_assessment(first_provision, north, period=("2026-Q1", this_quarter), rating="1",
                                    published_at=utcnow(), author_id=member.id)
        make_assessment(second_provision, north, period=("2025-Q4", date(2025, 10, 1)), rating="2",
                        published_at=utcnow() - timedelta(days=90))
        make_assessment(second_provision, north, period=("2026-Q1", this_quarter), rating="0", status="draft",
                        rationale=f"Draft {MARKER}")
        db.session.commit()
    return World(reader, other_reader, destination, other_destination, north, south, east, facilitator, member,
                 overdue, answered, urgent, regressed)
