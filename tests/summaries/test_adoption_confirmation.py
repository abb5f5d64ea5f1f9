"""Adopting a summary before its review deadline, or when fewer than half of the members have
responded, asks the facilitator to confirm and says how many have responded."""

from __future__ import annotations

from datetime import timedelta

from council.extensions import db, utcnow
from tests.conftest import make_membership, make_user
from tests.summaries.conftest import adopt, draft, put_to_review, summary_of, url
from tests.helpers import page_text


def in_review(world, client_for, days=7):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    put_to_review(facilitator, world.item, days=days)
    return facilitator


def test_early_adoption_says_who_responded_and_asks_to_confirm(world, client_for):
    facilitator = in_review(world, client_for)
    client_for(world.member).post(url(world.item, "stance"), data={"value": "endorse"})
    text = page_text(facilitator.get(url(world.item)))
    # four members and facilitators: two facilitators, two members
    assert "1 of the council's 4 members and facilitators has endorsed or objected so far." in text
    assert "The review is open until" in text and "Fewer than half of the members have responded." in text
    assert "Adopt it now all the same" in text

    refused = adopt(facilitator, world.item, confirm=None)
    assert refused.status_code == 400
    assert "Tick the box to adopt the summary now all the same." in page_text(refused)
    assert summary_of(world.item).status == "review"

    assert adopt(facilitator, world.item, confirm="y").status_code == 302
    assert summary_of(world.item).status == "adopted"


def test_after_the_deadline_with_enough_responses_no_confirmation_is_asked(world, client_for):
    facilitator = in_review(world, client_for)
    for person in (world.member, world.member2, world.facilitator2):
        client_for(person).post(url(world.item, "stance"), data={"value": "endorse"})
    summary = summary_of(world.item)
    summary.review_deadline = utcnow() - timedelta(days=1)
    db.session.commit()
    text = page_text(facilitator.get(url(world.item)))
    assert "3 of the council's 4 members and facilitators have endorsed or objected so far." in text
    assert "Adopt it now all the same" not in text and "The review is open until" not in text
    assert adopt(facilitator, world.item, confirm=None).status_code == 302
    assert summary_of(world.item).status == "adopted"


def test_members_do_not_see_the_count_of_responses_meant_for_the_facilitator(world, client_for):
    in_review(world, client_for)
    make_membership(make_user(), world.council)
    text = page_text(client_for(world.member).get(url(world.item)))
    assert "members and facilitators has endorsed" not in text and "Adopt it now all the same" not in text
