"""Who reaches the agenda: non-members (and members of another council) get 404 for every agenda
URL, read or write; visitors are sent to sign in; nothing of one council shows through another."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.agendas.models import AgendaEvent, AgendaItem, ItemFollow
from council.audit.models import AuditEvent
from council.extensions import db
from tests.conftest import make_council, make_item, make_membership, make_user
from tests.helpers import client_for

GETS = ["", "/propose", "/{item}"]
POSTS = ["/propose", "/{item}/accept", "/{item}/decline", "/{item}/merge", "/{item}/move", "/{item}/close",
         "/{item}/follow", "/{item}/unfollow"]
FORM = {"title": "Forged", "description": "Forged.", "theme": "other", "language": "en", "reason": "Forged",
        "into": "1", "direction": "up"}


def outsider(kind, council, other):
    user = make_user(site_role="office" if kind == "office" else None)
    if kind == "other_council_member":
        make_membership(user, other)
    elif kind == "other_council_facilitator":
        make_membership(user, other, role="facilitator")
    elif kind in ("applicant", "suspended", "left", "declined"):
        status = {"applicant": "applied"}.get(kind, kind)
        make_membership(user, council, status=status)
    return user


def snapshot():
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(AgendaItem.id))),
        db.session.scalar(select(func.count(AgendaEvent.id))),
        db.session.scalar(select(func.count(ItemFollow.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
        tuple(db.session.scalars(select(AgendaItem.status).order_by(AgendaItem.id))),
    )


@pytest.mark.parametrize("kind", ["signed_in", "applicant", "suspended", "left", "declined", "office",
                                  "other_council_member", "other_council_facilitator"])
def test_people_outside_the_council_get_404_everywhere(app, council, kind):
    other = make_council()
    item = make_item(council, status="proposed")
    make_item(council, status="open")
    client = client_for(app, outsider(kind, council, other))
    before = snapshot()
    for path in GETS:
        response = client.get(f"/councils/{council.id}/agenda" + path.format(item=item.id))
        assert response.status_code == 404, (path, response.status_code)
    for path in POSTS:
        response = client.post(f"/councils/{council.id}/agenda" + path.format(item=item.id), data=FORM)
        assert response.status_code == 404, (path, response.status_code)
    assert snapshot() == before


def test_visitors_are_sent_to_sign_in(app, client, council):
    item = make_item(council)
    for path in GETS:
        response = client.get(f"/councils/{council.id}/agenda" + path.format(item=item.id))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    before = snapshot()
    for path in POSTS:
        assert client.post(f"/councils/{council.id}/agenda" + path.format(item=item.id), data=FORM).status_code in (302, 400)
    assert snapshot() == before


def test_an_item_is_not_reachable_through_another_councils_url(app, council, facilitator):
    other = make_council()
    foreign = make_item(other, status="proposed", title="Secret of the other council")
    client = client_for(app, facilitator)  # facilitator of `council`, not of `other`
    before = snapshot()
    assert client.get(f"/councils/{council.id}/agenda/{foreign.id}").status_code == 404
    for path in POSTS[1:]:
        assert client.post(f"/councils/{council.id}/agenda" + path.format(item=foreign.id), data=FORM).status_code == 404
    assert snapshot() == before
    assert "Secret of the other council" not in client.get(f"/councils/{council.id}/agenda").get_data(as_text=True)


def test_merge_cannot_reach_an_item_of_another_council(app, council, facilitator_client):
    proposal = make_item(council, status="proposed")
    foreign = make_item(make_council(), status="open")
    response = facilitator_client.post(f"/councils/{council.id}/agenda/{proposal.id}/merge",
                                       data={"into": str(foreign.id)})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(AgendaItem, proposal.id).merged_into_id is None


def test_unknown_items_are_404(app, council, member_client):
    assert member_client.get(f"/councils/{council.id}/agenda/999999").status_code == 404
    assert member_client.post(f"/councils/{council.id}/agenda/999999/follow").status_code == 404
    assert member_client.get("/councils/999999/agenda").status_code == 404


def test_observer_reads_items_and_may_follow(app, council, observer):
    item = make_item(council, title="Water")
    client = client_for(app, observer)
    assert client.get(f"/councils/{council.id}/agenda").status_code == 200
    assert client.get(f"/councils/{council.id}/agenda/{item.id}").status_code == 200
    assert client.post(f"/councils/{council.id}/agenda/{item.id}/follow").status_code == 302


def test_state_changes_need_the_forms_csrf_token(app, council, facilitator_client):
    import re

    proposal = make_item(council, status="proposed")
    base = f"/councils/{council.id}/agenda/{proposal.id}"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        before = snapshot()
        for verb in ("accept", "follow", "close", "move"):
            assert facilitator_client.post(f"{base}/{verb}", data={"direction": "up"}).status_code == 400
        assert snapshot() == before
        html = facilitator_client.get(base).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        assert facilitator_client.post(f"{base}/accept", data={"csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(AgendaItem, proposal.id).status == "open"
