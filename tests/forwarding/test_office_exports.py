"""A forwarded summary as the office keeps it: printable page, plain text and JSON, like the
council's own copy; citations read "post N" with no link, no name and no leftover marker; other
destinations' forwardings stay out of reach."""

from __future__ import annotations

import json

from tests.forwarding.conftest import make_forwarding
from tests.helpers import page_text


def _paths(forwarding):
    base = f"/office/forwardings/{forwarding.id}"
    return {"print": f"{base}/print", "text": f"{base}/summary.txt", "json": f"{base}/summary.json"}


def test_the_office_prints_and_downloads_what_it_received(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc, status="answered", sent_by=world.facilitator)
    client = client_for(world.reader)
    page = client.get(f"/office/forwardings/{forwarding.id}?lang=en")
    html = page.get_data(as_text=True)
    for path in _paths(forwarding).values():
        assert f'href="{path}"' in html

    printed = client.get(_paths(forwarding)["print"] + "?lang=en")
    assert printed.status_code == 200
    text = page_text(printed)
    for expected in ("Valley council", "Water points in the valley", "Please consider this.",
                     "Repair the northern well before the dry season.", "The new well matters more than repairs.",
                     "We thank the council.", f"post {world.post.id}"):
        assert expected in text, expected
    assert "/posts/" not in printed.get_data(as_text=True) and "[#" not in text

    plain = client.get(_paths(forwarding)["text"] + "?lang=en")
    assert plain.status_code == 200 and plain.mimetype == "text/plain"
    body = plain.get_data(as_text=True)
    assert f"post {world.post.id}" in body
    assert "[#" not in body and "[post" not in body
    assert "Ministry of Water" in body and "We thank the council." in body

    data = client.get(_paths(forwarding)["json"]).get_json()
    assert data["council"]["name"] == "Valley council"
    assert data["destination"]["id"] == world.rc.id and data["status"] == "answered"
    assert f"post {world.post.id}" in data["sections"]["points"] and "[#" not in json.dumps(data)
    assert [r["number"] for r in data["recommendations"]] == [1, 2, 3]
    assert data["standing_objections"] == ["The new well matters more than repairs."]


def test_the_exports_name_nobody(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc, sent_by=world.facilitator)
    client = client_for(world.reader)
    for path in _paths(forwarding).values():
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        for person in world.people:
            assert person.display_name not in body and person.email not in body, path


def test_other_destinations_and_other_people_cannot_read_them(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc, sent_by=world.facilitator)
    for user, status in ((world.reader2, 404), (world.members[0], 404)):
        client = client_for(user)
        for path in _paths(forwarding).values():
            assert client.get(path).status_code == status, (user, path)
    anonymous = client_for(None).get(_paths(forwarding)["json"])
    assert anonymous.status_code == 302
