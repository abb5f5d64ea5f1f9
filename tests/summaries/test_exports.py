"""The printable page, the plain-text version and the JSON export of an adopted summary."""

from __future__ import annotations

import json

import pytest

from tests.conftest import make_post
from tests.summaries.conftest import adopt, draft, put_to_review, url
from tests.helpers import main_of


@pytest.fixture
def adopted(world, client_for):
    anonymous = make_post(world.item, world.member2, "Cited.", anonymous=True)
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context=f"Water is *scarce* [#{anonymous.id}].", agreement="Pumps matter.",
          recommendations=[("Repair the pumps.", "District office"), ("Train committees.\nIn every village.", "Ministry")])
    put_to_review(facilitator, world.item)
    client_for(world.member).post(url(world.item, "stance"), data={"value": "endorse"})
    client_for(world.member2).post(url(world.item, "stance"), data={"value": "object", "reason": "Too slow."})
    adopt(facilitator, world.item)
    return anonymous


def test_exports_are_only_for_adopted_summaries(world, client_for):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item)
    put_to_review(facilitator, world.item)
    for endpoint in ("print", "text", "json"):
        assert facilitator.get(url(world.item, endpoint)).status_code == 404


def test_the_printable_page(world, adopted, client_for):
    page = client_for(world.observer).get(url(world.item, "print"))
    assert page.status_code == 200
    main = main_of(page.get_data(as_text=True))
    assert 'class="summary-print"' in main and "Water is <em>scarce</em>" in main
    assert "<form" not in main
    assert "Too slow." in main and "Bilal Member" not in main
    assert "a council member" in main


def test_the_print_stylesheet_hides_navigation_and_prints_black_on_white(app):
    css = app.test_client().get("/static/council.css").get_data(as_text=True)
    block = css[css.index("/* summaries */"):]
    assert "@media print" in block and ".site-header" in block and "#000" in block and "#fff" in block


def test_the_plain_text_version(world, adopted, client_for):
    response = client_for(world.member).get(url(world.item, "text"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.get_data(as_text=True)
    assert "Summary of the deliberation on Water points" in body
    assert "The issue and its context\n-------------------------" in body
    assert f"Water is *scarce* [post {adopted.id}]." in body
    assert "1. Repair the pumps.\n    Addressed to: District office" in body
    assert "2. Train committees.\n    In every village.\n    Addressed to: Ministry" in body
    assert "1 endorsement, 1 objection" in body and "- Too slow. (on version 1)" in body
    assert "Bilal Member" not in body and "<" not in body


def test_the_json_export(world, adopted, client_for):
    response = client_for(world.member).get(url(world.item, "json"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["item"] == {"id": world.item.id, "title": "Water points", "language": "en"}
    assert data["council"] == {"id": world.council.id, "name": "North council"}
    assert data["language"] == "en" and data["version"] == 1 and data["adopted_version"] == 1
    assert data["sections"]["agreement"] == "Pumps matter." and data["sections"]["points"] == ""
    assert data["recommendations"][0] == {"number": 1, "text": "Repair the pumps.", "addressee": "District office"}
    assert (data["endorsements"], data["objections"]) == (1, 1)
    assert data["standing_objections"] == [{"reason": "Too slow.", "version": 1}]
    assert data["participation"]["posts"] == 1 and data["participation"]["anonymous_posts"] == 1
    assert data["participation"]["contributors"] == 0  # the one post is anonymous: no person counted
    assert data["adopted_at"] and data["corrections"] == []
    raw = response.get_data(as_text=True)
    assert "Bilal Member" not in raw and "Amina Member" not in raw and "Facilitator Farah" not in raw


def test_corrections_appear_in_every_export(world, adopted, client_for):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context="Corrected.", note="Typo fixed.")
    data = json.loads(facilitator.get(url(world.item, "json")).get_data(as_text=True))
    assert data["version"] == 2 and data["adopted_version"] == 1
    assert [(c["version"], c["note"]) for c in data["corrections"]] == [(2, "Typo fixed.")]
    assert "Typo fixed." in facilitator.get(url(world.item, "text")).get_data(as_text=True)
    assert "Corrected on" in facilitator.get(url(world.item, "print")).get_data(as_text=True)
