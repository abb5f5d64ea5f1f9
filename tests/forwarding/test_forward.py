"""Facilitators forward an adopted summary to one or more destinations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from council.agendas.models import AgendaEvent, AgendaItem
from council.extensions import db, utcnow
from council.forwarding.models import Forwarding
from council.notifications.models import Notification
from tests.forwarding.conftest import adopted_summary
from tests.conftest import make_item
from tests.helpers import audit_events, page_text


def _forwardings(summary):
    db.session.expire_all()
    return db.session.scalars(select(Forwarding).filter_by(summary_id=summary.id).order_by(Forwarding.id)).all()


def test_forward_page_offers_the_active_destinations(world, client_for):
    response = client_for(world.facilitator).get(world.forward_path)
    assert response.status_code == 200
    text = page_text(response)
    assert "Office of the Resident Coordinator" in text and "Implementation commission" in text
    assert "Dissolved secretariat" not in text
    assert "Covering note" in text


def test_facilitator_forwards_to_two_destinations(world, client_for, outbox):
    client = client_for(world.facilitator)
    day = (utcnow() + timedelta(days=30)).date()
    response = client.post(world.forward_path, data={
        "destinations": [str(world.rc.id), str(world.commission.id)],
        "covering_note": "The council asks for action before the dry season.", "answer_by": day.isoformat(),
    })
    assert response.status_code == 302
    forwardings = _forwardings(world.summary)
    assert {f.destination_id for f in forwardings} == {world.rc.id, world.commission.id}
    for f in forwardings:
        assert f.status == "sent" and f.version_id == world.summary.adopted_version_id
        assert f.council_id == world.council.id and f.sent_by_id == world.facilitator.id
        assert f.covering_note == "The council asks for action before the dry season."
        assert f.answer_requested_by.date() == day

    item = db.session.get(AgendaItem, world.item.id)
    assert item.status == "forwarded"
    [event] = db.session.scalars(select(AgendaEvent).filter_by(item_id=item.id, action="forwarded")).all()
    assert (event.from_status, event.to_status, event.actor_id) == ("summarised", "forwarded", world.facilitator.id)
    sends = audit_events("forwarding.send")
    assert sorted(e.target_id for e in sends) == sorted(f.id for f in forwardings)
    assert all(e.council_id == world.council.id and e.actor_id == world.facilitator.id for e in sends)

    notes = db.session.scalars(select(Notification).filter_by(kind="forwarding_received")).all()
    by_reader = {n.user_id: n for n in notes}
    assert set(by_reader) == {world.reader.id, world.reader2.id}
    rc_forwarding = next(f for f in forwardings if f.destination_id == world.rc.id)
    assert by_reader[world.reader.id].data["forwarding_id"] == rc_forwarding.id
    # The readers chose nothing: they are told at once by e-mail, with a link to the forwarding.
    to_reader = [m for m in outbox if m["To"] == world.reader.email]
    assert len(to_reader) == 1
    body = to_reader[0].get_body(preferencelist=("plain",)).get_content()
    assert f"/office/forwardings/{rc_forwarding.id}" in body
    assert "Water points in the valley" in body
    # The office reader's notification list reads well and links to the forwarding.
    page = client_for(world.reader).get("/notifications")
    assert f'href="/office/forwardings/{rc_forwarding.id}"' in page.get_data(as_text=True)
    assert "Water points in the valley" in page_text(page)


def test_a_double_submit_forwards_once(world, client_for):
    client = client_for(world.facilitator)
    data = {"destinations": [str(world.rc.id)], "covering_note": "For your attention."}
    first = client.post(world.forward_path, data=data)
    second = client.post(world.forward_path, data=data)
    assert first.status_code == second.status_code == 302
    assert len(_forwardings(world.summary)) == 1
    assert len(audit_events("forwarding.send")) == 1
    assert db.session.query(Notification).filter_by(kind="forwarding_received").count() == 1


def test_forwarding_again_to_the_same_destination_is_refused(world, client_for):
    client = client_for(world.facilitator)
    client.post(world.forward_path, data={"destinations": [str(world.rc.id)], "covering_note": "First note."})
    response = client.post(world.forward_path, data={"destinations": [str(world.rc.id), str(world.commission.id)],
                                                     "covering_note": "Another note."})
    assert response.status_code == 400
    text = page_text(response)
    assert "already forwarded to Office of the Resident Coordinator" in text
    assert "Another note." in response.get_data(as_text=True)  # what was typed is kept
    forwardings = _forwardings(world.summary)
    assert [f.destination_id for f in forwardings] == [world.rc.id]  # nothing half done
    assert len(audit_events("forwarding.send")) == 1


def test_the_page_marks_destinations_already_forwarded_to(world, client_for):
    client = client_for(world.facilitator)
    client.post(world.forward_path, data={"destinations": [str(world.rc.id)], "covering_note": "First note."})
    html = client.get(world.forward_path).get_data(as_text=True)
    assert f'id="destination-{world.rc.id}" value="{world.rc.id}" disabled' in html
    assert "already forwarded" in html


def test_a_second_destination_later_keeps_the_item_forwarded(world, client_for):
    client = client_for(world.facilitator)
    client.post(world.forward_path, data={"destinations": [str(world.rc.id)], "covering_note": "One."})
    assert client.post(world.forward_path, data={"destinations": [str(world.commission.id)],
                                                 "covering_note": "Two."}).status_code == 302
    assert len(_forwardings(world.summary)) == 2
    assert len(db.session.scalars(select(AgendaEvent).filter_by(item_id=world.item.id, action="forwarded")).all()) == 1


def test_bad_forward_forms_are_refused_with_a_message(world, client_for):
    client = client_for(world.facilitator)
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    cases = [
        ({"covering_note": "No destination."}, "Choose at least one body"),
        ({"destinations": [str(world.closed.id)], "covering_note": "Inactive."}, "Choose only bodies from the list."),
        ({"destinations": ["999999"], "covering_note": "Unknown."}, "Choose only bodies from the list."),
        ({"destinations": ["abc"], "covering_note": "Not a number."}, "Choose only bodies from the list."),
        ({"destinations": [str(world.rc.id)], "covering_note": ""}, "Write a covering note."),
        ({"destinations": [str(world.rc.id)], "covering_note": "x" * 5001}, "Use at most 5000 characters."),
        ({"destinations": [str(world.rc.id)], "covering_note": "Past.", "answer_by": yesterday},
         "Choose a day after today."),
        ({"destinations": [str(world.rc.id)], "covering_note": "Bad date.", "answer_by": "2026-13-45"}, "date"),
    ]
    for data, message in cases:
        response = client.post(world.forward_path, data=data)
        assert response.status_code == 400, data
        assert message in page_text(response), (data, page_text(response)[:500])
    assert _forwardings(world.summary) == []
    assert db.session.get(AgendaItem, world.item.id).status == "summarised"


def test_only_an_adopted_summary_can_be_forwarded(world, client_for):
    item = make_item(world.council, world.members[0], status="closed")
    summary = adopted_summary(item, world.facilitator)
    summary.status = "review"
    item.status = "closed"
    db.session.commit()
    path = f"/councils/{world.council.id}/agenda/{item.id}/summary/forward"
    response = client_for(world.facilitator).post(path, data={"destinations": [str(world.rc.id)],
                                                              "covering_note": "Too early."},
                                                  follow_redirects=True)
    assert "Only an adopted summary can be forwarded." in page_text(response)
    assert _forwardings(summary) == []
    assert db.session.get(AgendaItem, item.id).status == "closed"


def test_who_may_forward(world, client_for):
    data = {"destinations": [str(world.rc.id)], "covering_note": "Forged."}
    assert client_for(world.members[0]).get(world.forward_path).status_code == 403
    assert client_for(world.members[0]).post(world.forward_path, data=data).status_code == 403
    assert client_for(world.observer).post(world.forward_path, data=data).status_code == 403
    for outsider in (world.other_member, world.reader):
        assert client_for(outsider).get(world.forward_path).status_code == 404
        assert client_for(outsider).post(world.forward_path, data=data).status_code == 404
    # An item of another council through this council's URL, and an item without a summary.
    other = make_item(world.other_council, world.other_member, status="closed")
    no_summary = make_item(world.council, world.members[0], status="closed")
    client = client_for(world.facilitator)
    assert client.get(f"/councils/{world.council.id}/agenda/{other.id}/summary/forward").status_code == 404
    assert client.get(f"/councils/{world.council.id}/agenda/{no_summary.id}/summary/forward").status_code == 404
    assert _forwardings(world.summary) == []
    # An administrator may forward.
    assert client_for(world.admin).post(world.forward_path, data=data).status_code == 302
