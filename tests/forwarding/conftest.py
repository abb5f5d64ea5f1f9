"""A small world for the forwarding tests: a council with a facilitator, members and an observer,
an item whose summary is adopted (made directly with the models), destinations with their office
readers, another council; helpers to read pages, count queries and look at the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from council.core.markdown import render
from council.extensions import db, utcnow
from council.forwarding.models import Destination, Forwarding, OfficeAssignment
from council.summaries.models import Recommendation, Summary, SummaryVersion
from tests.conftest import make_council, make_item, make_membership, make_post, make_user

SECTIONS = {
    "context": "Wells in the valley have run dry since March.",
    "points": "Members raised the cost of water [#{post}] and the distance walked by girls.",
    "agreement": "The council agrees that the northern well must be repaired first.",
    "disagreement": "Some members would rather drill a new well.",
    "early_warning": "Tension between herders and farmers at the remaining well.",
}
RECOMMENDATIONS = [
    ("Repair the northern well before the dry season.", "Ministry of Water"),
    ("Set up a water committee with women and youth.", "District administration"),
    ("Mediate access to the remaining well.", ""),
]


def adopted_summary(item, facilitator, *, recommendations=RECOMMENDATIONS, cite=None, language="en",
                    standing=()):
    """An adopted summary of `item` (the item becomes summarised), with its adopted version."""
    summary = Summary(
        item_id=item.id, council_id=item.council_id, language=language, status="adopted",
        adopted_at=utcnow(), adopted_by_id=facilitator.id, adopted_endorsements=7, adopted_objections=len(standing),
        standing_objections=list(standing),
        participation={"posts": 31, "contributors": 9, "threshold": 5,
                       "by_gender": {"hidden": True, "total": 9, "cells": []},
                       "by_group": {"hidden": True, "total": 9, "cells": []}},
        created_by_id=facilitator.id,
    )
    db.session.add(summary)
    db.session.flush()
    sections = {k: v.format(post=cite or 0) for k, v in SECTIONS.items()}
    version = SummaryVersion(summary_id=summary.id, number=1, sections=sections,
                             sections_html={k: render(v) for k, v in sections.items()}, author_id=facilitator.id)
    for n, (text, addressee) in enumerate(recommendations, start=1):
        version.recommendations.append(Recommendation(number=n, text=text, text_html=render(text),
                                                      addressee=addressee))
    db.session.add(version)
    db.session.flush()
    summary.current_version_id = summary.adopted_version_id = version.id
    item.status = "summarised"
    db.session.commit()
    return summary


def correction(summary, facilitator, *, note="Figures of recommendation 2 corrected.", recommendations=None):
    """A new version of an adopted summary, made after forwarding (as the summaries domain does)."""
    old = db.session.get(SummaryVersion, summary.current_version_id)
    version = SummaryVersion(summary_id=summary.id, number=old.number + 1, sections=dict(old.sections),
                             sections_html=dict(old.sections_html), change_note=note, is_correction=True,
                             author_id=facilitator.id)
    recs = recommendations or [(r.text, r.addressee) for r in old.recommendations]
    for n, (text, addressee) in enumerate(recs, start=1):
        version.recommendations.append(Recommendation(number=n, text=text, text_html=render(text),
                                                      addressee=addressee))
    db.session.add(version)
    db.session.flush()
    summary.current_version_id = version.id
    db.session.flush()
    return version


def make_destination(names=None, kind="un_office", active=True, readers=()):
    destination = Destination(names=names or {"en": "Office of the Resident Coordinator"}, kind=kind, active=active)
    db.session.add(destination)
    db.session.flush()
    for user in readers:
        db.session.add(OfficeAssignment(user_id=user.id, destination_id=destination.id))
    db.session.commit()
    return destination


def make_forwarding(summary, destination, *, status="sent", answer_by_days=None, note="Please consider this.",
                    sent_by=None):
    now = utcnow()
    forwarding = Forwarding(
        summary_id=summary.id, version_id=summary.current_version_id, council_id=summary.council_id,
        destination_id=destination.id, status=status, covering_note=note, sent_by_id=getattr(sent_by, "id", None),
        answer_requested_by=(now + timedelta(days=answer_by_days)) if answer_by_days is not None else None,
    )
    if status in ("acknowledged", "answered"):
        forwarding.acknowledged_at = now
    if status == "answered":
        forwarding.answered_at = now
        forwarding.overall_answer = "We thank the council."
        forwarding.overall_answer_html = render(forwarding.overall_answer)
        forwarding.answer_language = "en"
    db.session.add(forwarding)
    db.session.commit()
    return forwarding


@dataclass
class World:
    council: object
    item: object
    summary: object
    post: object
    facilitator: object
    members: list
    observer: object
    rc: object  # a destination
    commission: object  # another destination
    closed: object  # an inactive destination
    reader: object  # office account reading for rc
    reader2: object  # office account reading for commission
    admin: object
    other_council: object
    other_member: object
    people: list = field(default_factory=list)  # everyone of the council (names and e-mails must not leak)

    @property
    def forward_path(self):
        return f"/councils/{self.council.id}/agenda/{self.item.id}/summary/forward"

    @property
    def outcomes_path(self):
        return f"/councils/{self.council.id}/advice"


@pytest.fixture
def world(app):
    council = make_council(texts={"en": ("Valley council", "Mandate."), "fr": ("Conseil de la vallée", "Mandat.")},
                           working_languages=["en", "fr"], allow_anonymous=True)
    facilitator = make_user(display_name="Fatou Facilitatrice", email="fatou@example.org")
    members = [make_user(display_name="Amina Wellspring", email="amina@example.org"),
               make_user(display_name="Bashir Goatherd", email="bashir@example.org", locale="ar"),
               make_user(display_name="Chloé Anonyme", email="chloe@example.org")]
    observer = make_user(display_name="Olga Observer", email="olga@example.org")
    make_membership(facilitator, council, role="facilitator")
    for m in members:
        make_membership(m, council)
    make_membership(observer, council, role="observer")
    item = make_item(council, members[0], title="Water points in the valley", status="closed")
    post = make_post(item, members[0], "The northern well is dry again.")
    make_post(item, members[2], "I speak for the girls who walk.", anonymous=True)
    summary = adopted_summary(item, facilitator, cite=post.id,
                              standing=[{"user_id": members[1].id, "name": members[1].display_name,
                                         "reason": "The new well matters more than repairs."}])

    reader = make_user(display_name="Léa Office", email="lea@un.example.org", site_role="office", locale="fr")
    reader2 = make_user(display_name="Kwame Commission", email="kwame@gov.example.org", site_role="office")
    admin = make_user(display_name="Ada Admin", site_role="admin")
    rc = make_destination({"en": "Office of the Resident Coordinator", "fr": "Bureau du Coordonnateur résident"},
                          readers=[reader])
    commission = make_destination({"en": "Implementation commission"}, kind="implementation_commission",
                                  readers=[reader2])
    closed = make_destination({"en": "Dissolved secretariat"}, kind="national_dialogue", active=False)

    other_council = make_council()
    other_member = make_user(display_name="Someone Elsewhere")
    make_membership(other_member, other_council, role="facilitator")
    return World(council, item, summary, post, facilitator, members, observer, rc, commission, closed, reader,
                 reader2, admin, other_council, other_member, people=[facilitator, *members, observer])
