"""Adoption records the counts of endorsements and objections, the objections that stood and the
participation figures computed from the thread (with the five-person rule); the item becomes
"summarised". Corrections afterwards are new versions, visibly marked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council import events
from council.agendas.models import AgendaEvent, AgendaItem
from council.extensions import db
from council.summaries import services
from tests.conftest import make_membership, make_post, make_user
from tests.summaries.conftest import adopt, draft, edit_data, put_to_review, summary_of, url
from tests.helpers import audit_events, page_text


def contributors(world, genders, group="youth"):
    people = []
    for n, gender in enumerate(genders):
        person = make_user(display_name=f"Contributor {n}", gender=gender)
        make_membership(person, world.council, constituency=group)
        make_post(world.item, person, f"Post {n}.")
        people.append(person)
    return people


def adopted(world, client_for, **draft_args):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, **draft_args)
    put_to_review(facilitator, world.item)
    return facilitator


def test_adoption_records_counts_objections_and_the_item_status(world, client_for):
    facilitator = adopted(world, client_for)
    client_for(world.member).post(url(world.item, "stance"), data={"value": "endorse"})
    client_for(world.member2).post(url(world.item, "stance"), data={"value": "object", "reason": "Elders forgotten."})
    client_for(world.facilitator2).post(url(world.item, "stance"), data={"value": "endorse"})
    assert adopt(facilitator, world.item).status_code == 302
    summary = summary_of(world.item)
    assert summary.status == "adopted"
    assert summary.adopted_version_id == summary.current_version_id
    assert summary.adopted_by_id == world.facilitator.id and summary.adopted_at is not None
    assert (summary.adopted_endorsements, summary.adopted_objections) == (2, 1)
    assert summary.standing_objections == [{"reason": "Elders forgotten.", "name": "Bilal Member", "version": 1}]
    item = db.session.get(AgendaItem, world.item.id)
    assert item.status == "summarised"
    event = db.session.scalars(select(AgendaEvent).where(AgendaEvent.item_id == item.id)).all()[-1]
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "summarised", "closed", "summarised", world.facilitator.id)
    audit = audit_events("summary.adopt")
    assert len(audit) == 1 and audit[0].detail["after"]["endorsements"] == 2

    text = page_text(client_for(world.member).get(url(world.item)))
    assert "Adopted" in text and "At adoption: 2 endorsements · 1 objection" in text
    assert "Objections that stood" in text and "Elders forgotten." in text
    assert url(world.item, "stance") not in client_for(world.member).get(url(world.item)).get_data(as_text=True)


def test_a_summary_must_be_reviewed_before_adoption(world, client_for):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    adopt(facilitator, world.item)
    assert summary_of(world.item).status == "draft"
    assert "Put the summary to the council for review before adopting it." in facilitator.get(url(world.item)).get_data(as_text=True)


def test_participation_counts_visible_posts_and_applies_the_threshold(world, client_for):
    people = contributors(world, ["woman"] * 6 + ["man"] * 5 + ["other"])
    make_post(world.item, people[0], "A second post by the same person.", anonymous=True)
    make_post(world.item, people[1], "Hidden.", state="hidden")
    withdrawn_author = make_user(gender="man")
    make_membership(withdrawn_author, world.council)
    make_post(world.item, withdrawn_author, "Withdrawn.", state="withdrawn")
    facilitator = adopted(world, client_for)
    adopt(facilitator, world.item)
    figures = summary_of(world.item).participation
    assert figures["posts"] == 13 and figures["contributors"] == 12 and figures["threshold"] == 5
    cells = {c["key"]: (c["state"], c["count"]) for c in figures["by_gender"]["cells"]}
    # "other" (1 person) is below five; so that it cannot be worked out from the total, the next
    # smallest figure (men, 5) is withheld as well.
    assert cells == {"woman": ("shown", 6), "man": ("withheld", None), "other": ("small", None)}
    assert figures["by_group"]["cells"] == [{"key": "youth", "state": "shown", "count": 12, "share": 1.0}]
    text = page_text(client_for(world.member).get(url(world.item)))
    assert "Posts 13" in text and "Contributors 12" in text
    assert "fewer than 5" in text and "Computed from the thread when the summary was adopted." in text


def test_participation_of_fewer_than_five_people_is_not_broken_down(world, client_for):
    contributors(world, ["woman", "woman", "man"])
    facilitator = adopted(world, client_for)
    adopt(facilitator, world.item)
    figures = summary_of(world.item).participation
    assert figures["contributors"] == 3 and figures["by_gender"]["hidden"] is True
    assert figures["by_gender"]["cells"] == [] and figures["by_group"]["cells"] == []
    text = page_text(client_for(world.member).get(url(world.item)))
    assert "Contributors by gender and by group are not shown" in text


def test_figures_are_frozen_at_adoption(world, client_for):
    contributors(world, ["woman"] * 5)
    facilitator = adopted(world, client_for)
    adopt(facilitator, world.item)
    contributors(world, ["man"] * 5)
    assert summary_of(world.item).participation["contributors"] == 5


def test_a_correction_is_a_new_marked_version_with_a_note(world, client_for, monkeypatch):
    facilitator = adopted(world, client_for, context="Adopted text.")
    adopt(facilitator, world.item)
    refused = facilitator.post(url(world.item, "edit"),
                               data=edit_data(lock=summary_of(world.item).lock_version, context="Corrected text."))
    assert refused.status_code == 400 and "Say what the correction changes." in refused.get_data(as_text=True)

    told = []

    def listen(summary, *, version, actor, **_kwargs):
        told.append(version.number)

    events.summary_corrected.connect(listen)
    try:
        assert draft(facilitator, world.item, context="Corrected text.", note="A figure was wrong.").status_code == 302
    finally:
        events.summary_corrected.disconnect(listen)
    summary = summary_of(world.item)
    assert summary.status == "adopted" and summary.current_version.number == 2
    assert summary.current_version.is_correction and summary.adopted_version.number == 1
    assert told == [2]
    assert len(audit_events("summary.correct")) == 1
    text = page_text(client_for(world.member).get(url(world.item)))
    assert "Corrected on" in text and "A figure was wrong." in text and "Corrected text." in text


def test_the_forwarding_domain_is_told_of_a_correction_through_the_event(world, client_for, monkeypatch):
    """summaries sends summary_corrected; the forwarding domain's receiver passes it on to its
    service for a summary that was forwarded (renaming either end breaks this test)."""
    from council.forwarding import services as forwarding_services

    calls = []
    monkeypatch.setattr(forwarding_services, "forwardings_of", lambda summary: ["forwarded"])
    monkeypatch.setattr(forwarding_services, "summary_corrected",
                        lambda summary, version, *, actor: calls.append((summary.id, version.number, actor.id)))
    facilitator = adopted(world, client_for, context="Adopted text.")
    adopt(facilitator, world.item)
    assert draft(facilitator, world.item, context="Corrected text.", note="A figure was wrong.").status_code == 302
    summary = summary_of(world.item)
    assert calls == [(summary.id, 2, world.facilitator.id)]


@pytest.mark.parametrize("who", ["member", "observer"])
def test_only_facilitators_adopt(world, client_for, who):
    facilitator = adopted(world, client_for)
    client = client_for(getattr(world, who))
    page = client.get(url(world.item)).get_data(as_text=True)
    assert url(world.item, "adopt") not in page and url(world.item, "edit") not in page
    response = client.post(url(world.item, "adopt"), data={"lock_version": str(summary_of(world.item).lock_version)})
    assert response.status_code == 403
    assert summary_of(world.item).status == "review"
    assert facilitator is not None


def test_correcting_a_forwarded_summary_tells_its_destinations(world, client_for):
    """With the forwarding domain in place: the forwarding now points at the corrected version."""
    forwarding_services = pytest.importorskip("council.forwarding.services")
    if not hasattr(forwarding_services, "summary_corrected"):
        pytest.skip("the forwarding domain does not take corrections yet")
    from council.forwarding.models import Destination, Forwarding

    facilitator = adopted(world, client_for, context="Adopted text.")
    adopt(facilitator, world.item)
    summary = summary_of(world.item)
    destination = Destination(kind="other", names={"en": "RC office"})
    db.session.add(destination)
    db.session.flush()
    db.session.add(Forwarding(summary_id=summary.id, version_id=summary.current_version_id, council_id=world.council.id,
                              destination_id=destination.id, sent_by_id=world.facilitator.id))
    db.session.commit()
    assert draft(facilitator, world.item, context="Corrected.", note="Wrong date.").status_code == 302
    summary = summary_of(world.item)
    forwarding = db.session.scalar(select(Forwarding))
    assert forwarding.version_id == summary.current_version_id and forwarding.corrected_at is not None
    assert summary.current_version.is_correction
