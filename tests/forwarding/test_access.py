"""Who reaches what: members of another council and office readers of another destination get 404;
office readers cannot post, endorse or see threads; members cannot answer. Links follow suit."""

from __future__ import annotations

import pytest
from flask import url_for

from council.extensions import db
from council.forwarding.models import Forwarding
from tests.forwarding.conftest import make_forwarding

ANSWER = {"stance_1": "accepted", "stance_2": "accepted", "stance_3": "accepted", "overall": "Forged.",
          "language": "en"}


def _who(world, name):
    return {"member": world.members[0], "facilitator": world.facilitator, "observer": world.observer,
            "other_council": world.other_member, "reader": world.reader, "other_reader": world.reader2,
            "admin": world.admin}[name]


# (who, GET received, GET inbox, POST acknowledge, GET answer, GET outcomes)
MATRIX = [
    ("member", 404, 404, 404, 404, 200),
    ("facilitator", 404, 404, 404, 404, 200),
    ("observer", 404, 404, 404, 404, 200),
    ("other_council", 404, 404, 404, 404, 404),
    ("reader", 200, 200, 302, 200, 404),
    ("other_reader", 404, 404, 404, 404, 404),
    ("admin", 200, 200, 403, 403, 200),
]


@pytest.mark.parametrize("who, received, inbox, acknowledge, answer, outcomes", MATRIX)
def test_access_matrix(world, client_for, who, received, inbox, acknowledge, answer, outcomes):
    forwarding = make_forwarding(world.summary, world.rc)
    client = client_for(_who(world, who))
    base = f"/office/forwardings/{forwarding.id}"
    assert client.get(base).status_code == received
    assert client.get(f"/office/destinations/{world.rc.id}").status_code == inbox
    assert client.get(f"{base}/answer").status_code == answer
    assert client.get(world.outcomes_path).status_code == outcomes
    assert client.post(f"{base}/acknowledge").status_code == acknowledge
    if answer != 200:
        assert client.post(f"{base}/answer", data=ANSWER).status_code == answer
        db.session.expire_all()
        assert db.session.get(Forwarding, forwarding.id).status == ("acknowledged" if acknowledge == 302 else "sent")


def test_unknown_forwardings_and_destinations_are_404(world, client_for):
    client = client_for(world.reader)
    for path in ("/office/forwardings/999999", "/office/forwardings/999999/answer",
                 "/office/destinations/999999"):
        assert client.get(path).status_code == 404
    assert client.post("/office/forwardings/999999/acknowledge").status_code == 404


def test_office_readers_cannot_reach_the_councils_threads(world, client_for):
    client = client_for(world.reader)
    council, item, post = world.council.id, world.item.id, world.post.id
    for path in (f"/councils/{council}/agenda", f"/councils/{council}/agenda/{item}",
                 f"/councils/{council}/agenda/{item}/posts/{post}", f"/councils/{council}/members",
                 f"/councils/{council}/agenda/{item}/summary", f"/councils/{council}/advice"):
        assert client.get(path).status_code in (403, 404), path
    assert client.post(f"/councils/{council}/agenda/{item}/posts",
                       data={"body": "Forged.", "kind": "contribution", "language": "en"}).status_code == 404
    assert client.post(f"/councils/{council}/agenda/{item}/posts/{post}/react",
                       data={"value": "agree"}).status_code == 404
    assert client.post(f"/councils/{council}/agenda/{item}/summary/stance",
                       data={"value": "endorse"}).status_code == 404


def test_links_follow_the_permissions(world, app, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    with app.test_request_context():
        office = url_for("forwarding.office")
        outcomes = url_for("forwarding.outcomes", council_id=world.council.id)
    council_page = f"/councils/{world.council.id}"
    reader = client_for(world.reader)
    assert f'href="{office}"' in reader.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    assert f'href="{outcomes}"' not in reader.get(council_page).get_data(as_text=True)
    member = client_for(world.members[0])
    assert f'href="{office}"' not in member.get("/dashboard").get_data(as_text=True)
    assert f'href="{outcomes}"' in member.get(council_page).get_data(as_text=True)
    outsider = client_for(world.other_member)
    assert f'href="{outcomes}"' not in outsider.get(council_page).get_data(as_text=True)
    # Readers see the buttons to acknowledge and answer; administrators, who may not, do not.
    html = client_for(world.reader).get(f"/office/forwardings/{forwarding.id}").get_data(as_text=True)
    assert "/acknowledge" in html
    html = client_for(world.admin).get(f"/office/forwardings/{forwarding.id}").get_data(as_text=True)
    assert "/acknowledge" not in html and f'href="{office}"' in html
