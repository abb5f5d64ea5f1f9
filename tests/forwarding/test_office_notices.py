"""Notifications to office readers say which council and which destination they concern, and a
summary sent to two destinations a reader covers makes one notification, not two."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.forwarding.models import OfficeAssignment
from council.notifications.models import Notification
from tests.helpers import page_text


def _forward(world, client_for, destinations):
    response = client_for(world.facilitator).post(world.forward_path, data={
        "destinations": [str(d.id) for d in destinations], "covering_note": "For your consideration."})
    assert response.status_code == 302


def test_a_reader_of_two_destinations_is_told_once_naming_the_council_and_both(world, client_for, outbox):
    db.session.add(OfficeAssignment(user_id=world.reader.id, destination_id=world.commission.id))
    db.session.commit()
    _forward(world, client_for, [world.rc, world.commission])
    notes = db.session.scalars(select(Notification).filter_by(kind="forwarding_received")).all()
    assert sorted(n.user_id for n in notes) == sorted([world.reader.id, world.reader2.id])
    assert len([m for m in outbox if m["To"] == world.reader.email]) == 1

    # The reader reads French: the council's and the destinations' French names.
    text = page_text(client_for(world.reader).get("/notifications"))
    assert "Conseil de la vallée" in text and "Water points in the valley" in text
    assert "Bureau du Coordonnateur résident" in text and "Implementation commission" in text
    english = page_text(client_for(world.reader2).get("/notifications?lang=en"))
    assert "Valley council forwarded its summary on “ Water points in the valley ” to Implementation commission" \
        in english
    assert "Office of the Resident Coordinator" not in english  # not a destination of this reader's
    [mail] = [m for m in outbox if m["To"] == world.reader2.email]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Valley council" in body and "Implementation commission" in body


def test_a_correction_is_told_once_to_a_reader_of_two_destinations(world, client_for, app):
    db.session.add(OfficeAssignment(user_id=world.reader.id, destination_id=world.commission.id))
    db.session.commit()
    _forward(world, client_for, [world.rc, world.commission])
    from council.forwarding import services
    from council.summaries.models import Summary
    from tests.forwarding.conftest import correction

    with app.test_request_context():
        summary = db.session.get(Summary, world.summary.id)
        version = correction(summary, world.facilitator)
        services.summary_corrected(summary, version, actor=world.facilitator)
        db.session.commit()
    notes = db.session.scalars(select(Notification).filter_by(kind="forwarding_corrected")).all()
    assert sorted(n.user_id for n in notes) == sorted([world.reader.id, world.reader2.id])
    text = page_text(client_for(world.reader2).get("/notifications?lang=en"))
    assert "Valley council corrected its summary on “ Water points in the valley ”, forwarded to Implementation" \
           " commission" in text
