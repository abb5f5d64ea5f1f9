"""Who may see and do what with summaries: non-members, members of another council and office
readers get 404 on every URL; observers read but do not endorse; members do not draft or adopt."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.summaries.models import Stance, SummaryTranslation, SummaryVersion
from tests.conftest import make_item
from tests.summaries.conftest import adopt, draft, edit_data, put_to_review, summary_of, url
from tests.summaries.test_translations import translation_data

GETS = ["", "versions", "edit", "translate", "print", "text", "json"]
POSTS = {
    "edit": lambda: edit_data(lock="99", context="Forged."),
    "review": lambda: {"deadline": "2999-01-01"},
    "stance": lambda: {"value": "object", "reason": "Forged."},
    "adopt": lambda: {"lock_version": "1"},
    "translate": translation_data,
}


@pytest.fixture
def adopted(world, client_for):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    put_to_review(facilitator, world.item)
    adopt(facilitator, world.item)
    return summary_of(world.item)


def counts():
    db.session.expire_all()
    return tuple(db.session.scalar(select(func.count(model.id))) for model in (SummaryVersion, Stance, SummaryTranslation))


@pytest.mark.parametrize("who", ["outsider", "other_member", "office"])
def test_people_outside_the_council_get_404_everywhere(world, adopted, client_for, who):
    client = client_for(getattr(world, who))
    before = counts()
    for endpoint in GETS:
        assert client.get(url(world.item, endpoint)).status_code == 404, endpoint
    assert client.get(url(world.item, "diff", a=1, b=1)).status_code == 404
    for endpoint, data in POSTS.items():
        assert client.post(url(world.item, endpoint), data=data()).status_code == 404, endpoint
    assert counts() == before


def test_visitors_are_sent_to_sign_in(world, adopted, app):
    client = app.test_client()
    for endpoint in GETS:
        response = client.get(url(world.item, endpoint))
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who, expected", [
    ("member", {"": 200, "versions": 200, "edit": 403, "translate": 200, "print": 200, "text": 200, "json": 200}),
    ("observer", {"": 200, "versions": 200, "edit": 403, "translate": 403, "print": 200, "text": 200, "json": 200}),
    ("facilitator", {"": 200, "versions": 200, "edit": 200, "translate": 200, "print": 200, "text": 200, "json": 200}),
    ("admin", {"": 200, "versions": 200, "edit": 200, "translate": 403, "print": 200, "text": 200, "json": 200}),
])
def test_what_each_role_may_open(world, adopted, client_for, who, expected):
    client = client_for(getattr(world, who))
    assert {endpoint: client.get(url(world.item, endpoint)).status_code for endpoint in GETS} == expected
    assert client.get(url(world.item, "diff", a=1, b=1)).status_code == 200


@pytest.mark.parametrize("who", ["member", "observer"])
def test_members_and_observers_cannot_draft_review_or_adopt(world, client_for, who):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    client = client_for(getattr(world, who))
    page = client.get(url(world.item)).get_data(as_text=True)
    for endpoint in ("edit", "review", "adopt"):
        assert url(world.item, endpoint) not in page
    lock = str(summary_of(world.item).lock_version)
    assert client.post(url(world.item, "edit"), data=edit_data(lock=lock, context="Forged.")).status_code == 403
    assert client.post(url(world.item, "review"), data={"deadline": "2999-01-01"}).status_code == 403
    put_to_review(facilitator, world.item)
    assert client.post(url(world.item, "adopt"), data={"lock_version": lock}).status_code == 403
    summary = summary_of(world.item)
    assert summary.status == "review" and summary.current_version.number == 1


def test_an_item_of_another_council_is_not_reachable_through_this_councils_url(world, client_for):
    foreign = make_item(world.other_council, world.other_member, status="closed")
    draft(client_for(world.facilitator), world.item)
    client = client_for(world.facilitator)
    forged = f"/councils/{world.council.id}/agenda/{foreign.id}/summary"
    assert client.get(forged).status_code == 404
    assert client.get(forged + "/edit").status_code == 404
    assert client.post(forged + "/edit", data=edit_data()).status_code == 404
    assert summary_of(foreign) is None


def test_no_summary_yet(world, client_for):
    assert client_for(world.member).get(url(world.item)).status_code == 200
    for endpoint in ("versions", "print", "text", "json"):
        assert client_for(world.member).get(url(world.item, endpoint)).status_code == 404
    page = client_for(world.facilitator).get(url(world.item)).get_data(as_text=True)
    assert "Draft the summary" in page
