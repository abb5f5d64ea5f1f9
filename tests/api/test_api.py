"""The read-only API: public councils and composition, what a token's owner may see through the
pages' gate, cursor pagination, JSON errors, and queries that do not grow with the page size."""

from __future__ import annotations

import pytest

from council.extensions import db
from tests.api.conftest import get, walk
from tests.conftest import make_council, make_item, make_membership, make_user
from tests.forwarding.conftest import make_forwarding


def test_councils_and_their_public_profile_need_no_token(app, world):
    client = app.test_client()
    rows = walk(client, "/api/v1/councils")
    assert {r["id"] for r in rows} == {world.council.id, world.other_council.id}
    valley = next(r for r in rows if r["id"] == world.council.id)
    assert valley["names"] == {"en": "Valley council", "fr": "Conseil de la vallée"}
    profile = get(client, valley["url"]).get_json()
    assert profile["mandate"] == "Mandate."
    composition = profile["composition"]
    assert composition["rounding"] == 5 and composition["threshold"] == 5
    # Four members and facilitators: fewer than five people, nothing is shown, not even the groups.
    assert composition["by_gender"] == {"hidden": True, "total": None, "cells": []}


def test_composition_is_the_public_pages_rounded_figures(app):
    council = make_council()
    for n in range(7):
        make_membership(make_user(gender="woman" if n < 6 else "man"), council, constituency="youth")
    for n in range(6):
        make_membership(make_user(gender="man"), council, constituency="elders")
    # As if they had all been there when the month began (the figures are those of its first day).
    from council.councils.models import CompositionSnapshot

    db.session.query(CompositionSnapshot).delete()
    db.session.commit()
    body = get(app.test_client(), f"/api/v1/councils/{council.id}").get_json()
    gender = body["composition"]["by_gender"]
    assert gender["hidden"] is False and gender["total"] == 15  # 13 people, rounded to a multiple of 5
    assert {c["key"]: c["count"] for c in gender["cells"]} == {"woman": 5, "man": 5}
    from council.councils import composition

    published = composition.published(council)
    assert gender["cells"][0]["count"] == published.composition.by_gender.cells[0].count


def test_a_members_token_reads_its_councils_items_and_summaries_not_anothers(app, world, token):
    client = app.test_client()
    secret = token(world.members[0])
    items = walk(client, f"/api/v1/councils/{world.council.id}/items", secret)
    assert [i["title"] for i in items] == ["Water points in the valley"]
    summaries = walk(client, f"/api/v1/councils/{world.council.id}/summaries", secret)
    assert [s["id"] for s in summaries] == [world.summary.id]
    detail = get(client, summaries[0]["url"], secret).get_json()
    assert detail["recommendations"][0]["text"] == "Repair the northern well before the dry season."
    assert detail["standing_objections"] == [{"reason": "The new well matters more than repairs.", "version": None}]
    assert "name" not in str(detail["standing_objections"])
    forbidden = get(client, f"/api/v1/councils/{world.other_council.id}/items", secret)
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
    assert get(client, f"/api/v1/councils/{world.council.id}/items").status_code == 401
    assert get(client, "/api/v1/councils/999999", secret).status_code == 404
    assert get(client, f"/api/v1/councils/{world.other_council.id}/summaries/{world.summary.id}",
               secret).status_code == 403


def test_what_became_of_a_summary_is_read_by_the_council(app, world, token):
    make_forwarding(world.summary, world.rc, status="answered", sent_by=world.facilitator)
    body = get(app.test_client(), f"/api/v1/councils/{world.council.id}/summaries/{world.summary.id}",
               token(world.observer)).get_json()
    [sent] = body["forwardings"]
    assert sent["destination"]["name"] == "Office of the Resident Coordinator"
    assert sent["status"] == "answered" and sent["answer"]["text"] == "We thank the council."


def test_office_readers_read_what_was_forwarded_to_their_destinations_only(app, world, token):
    mine = make_forwarding(world.summary, world.rc, sent_by=world.facilitator)
    theirs = make_forwarding(world.summary, world.commission, sent_by=world.facilitator, note="For the commission.")
    client = app.test_client()
    secret = token(world.reader)
    rows = walk(client, "/api/v1/forwardings", secret)
    assert [r["id"] for r in rows] == [mine.id]
    assert rows[0]["council"]["id"] == world.council.id
    detail = get(client, rows[0]["url"], secret).get_json()
    assert detail["covering_note"] == "Please consider this."
    assert f"post {world.post.id}" in detail["sections"]["points"] and "[#" not in detail["sections"]["points"]
    assert get(client, f"/api/v1/forwardings/{theirs.id}", secret).status_code == 404
    # Office readers do not see the council's agenda.
    assert get(client, f"/api/v1/councils/{world.council.id}/items", secret).status_code == 403
    # A member has no inbox.
    assert get(client, "/api/v1/forwardings", token(world.members[0])).status_code == 403


def test_pagination_walks_every_row_once(app, token):
    council = make_council()
    member = make_user()
    make_membership(member, council)
    made = [make_item(council, member).id for _ in range(23)]
    client = app.test_client()
    secret = token(member)
    for limit in (1, 5, 7, 23, 50):
        rows = walk(client, f"/api/v1/councils/{council.id}/items?limit={limit}", secret)
        ids = [r["id"] for r in rows]
        assert ids == made, limit
    first = get(client, f"/api/v1/councils/{council.id}/items?limit=10", secret)
    assert first.headers["Link"].endswith('rel="next"')
    # A cursor is bound to its list, and cannot be made up.
    cursor = first.get_json()["next"].split("cursor=")[1]
    assert get(client, f"/api/v1/councils?cursor={cursor}").status_code == 400
    assert get(client, f"/api/v1/councils/{council.id}/items?cursor=abc", secret).status_code == 400
    for bad in ("0", "201", "x", "-1"):
        assert get(client, f"/api/v1/councils?limit={bad}").status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/councils", "/api/v1/councils/{council}/items",
                                  "/api/v1/councils/{council}/summaries", "/api/v1/councils/{council}/signals",
                                  "/api/v1/forwardings"])
def test_queries_do_not_grow_with_the_page_size(app, world, token, count_queries, path):
    from tests.signals.helpers import make_signal

    for n in range(12):
        make_council()
        item = make_item(world.council, world.members[0], status="closed")
        from tests.forwarding.conftest import adopted_summary

        summary = adopted_summary(item, world.facilitator)
        make_forwarding(summary, world.rc, sent_by=world.facilitator)
        with app.test_request_context():
            make_signal(db.session.merge(world.council), db.session.merge(world.members[0]),
                        latitude=12.3456, longitude=-1.2345,
                        sources=[{"scale": "local", "reliability": "B", "description": "a trader"}])
    secret = token(world.admin)
    client = app.test_client()
    path = path.format(council=world.council.id)
    get(client, "/api/v1/", secret)  # the token's first use is recorded (once a minute at most)
    counts = []
    for limit in (1, 10):
        with count_queries() as n:
            response = get(client, f"{path}?limit={limit}", secret)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert len(response.get_json()["data"]) == limit
        counts.append(n())
    assert counts[0] == counts[1], counts


def test_errors_are_json_and_the_api_never_writes(app, world):
    client = app.test_client()
    for path in ("/api/v1/nothing", "/api/v1/councils/abc", "/api/v1/councils/999999",
                 "/api/v1/councils/99999999999999999999999", "/api/v1/forwardings/0"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "application/json", path
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/councils", data={"x": "1"})
        assert response.status_code == 405 and response.mimetype == "application/json", method
        assert "GET" in response.headers["Allow"]
    response = client.get("/api/v1/councils")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=60" and "Authorization" in response.headers["Vary"]
    for huge in ("99999999999999999999", "-1", "1e9"):
        assert client.get(f"/api/v1/councils?limit={huge}").status_code == 400


def test_the_session_cookie_gives_the_api_nothing(app, world, client_for):
    client = client_for(world.members[0])
    assert client.get(f"/councils/{world.council.id}/agenda").status_code == 200
    assert client.get(f"/api/v1/councils/{world.council.id}/items").status_code == 401
    assert client.get("/api/v1/").get_json()["authenticated"] is False


def test_the_api_is_rate_limited_per_token(app, world, token, monkeypatch):
    from council.extensions import limiter

    limiter.reset()
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_API_PER_TOKEN", "3 per minute")
    secret = token(world.members[0])
    client = app.test_client()
    try:
        codes = [get(client, "/api/v1/councils", secret).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = get(client, "/api/v1/councils", secret)
        assert refused.mimetype == "application/json" and refused.get_json()["error"]["status"] == 429
        # Another token, or none, has its own allowance.
        assert get(client, "/api/v1/councils", token(world.members[1])).status_code == 200
        assert get(client, "/api/v1/councils").status_code == 200
    finally:
        limiter.reset()
