"""Arbitrary data posted to the forward, answer and destination forms never gives a 500 and never
a half change."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from council.agendas.models import AgendaEvent, AgendaItem
from council.audit.models import AuditEvent
from council.extensions import db
from council.forwarding.models import (ANSWER_STANCES, DESTINATION_KINDS, Destination, Forwarding, OfficeAssignment,
                                       RecommendationAnswer)
from council.notifications.models import Notification
from tests.helpers import cached_clients, post_form

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

value = st.one_of(
    st.sampled_from(sorted({*ANSWER_STANCES, *DESTINATION_KINDS, "", " ", "\x00", "1", "2", "3", "-1", "0",
                            "99999999999999999999", "y", "en", "fr", "ar", "xx", "2999-12-31", "3000-01-01",
                            "2026-13-45", "save", "add_reader", "remove_reader", "a\u202eb",
                            "<script>alert(1)</script>", "office@example.org"})),
    st.text(max_size=40),
    st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(4990, 5010)),  # near the limits
    st.binary(max_size=30),
)


def form(names):
    return st.lists(st.tuples(st.sampled_from([*names, "csrf_token", "x"]), value), max_size=8)


# (Only these: signing the facilitator in is recorded too.)
SENT_EVENTS = select(func.count(AuditEvent.id)).where(AuditEvent.action == "forwarding.send")


@FUZZ
@given(fields=form(["destinations", "covering_note", "answer_by"]))
def test_forward_form_never_fails(world, client_for, fields):
    clients = cached_clients(client_for)
    db.session.rollback()
    db.session.execute(delete(Notification))
    db.session.execute(delete(Forwarding))
    db.session.execute(delete(AgendaEvent))
    db.session.execute(delete(AuditEvent))
    item = db.session.get(AgendaItem, world.item.id)
    item.status = "summarised"
    db.session.commit()
    response = post_form(clients(world.facilitator), world.forward_path, fields)
    assert response.status_code in (302, 400), response.status_code
    db.session.expire_all()
    forwardings = db.session.scalars(select(Forwarding)).all()
    item = db.session.get(AgendaItem, world.item.id)
    if forwardings:
        assert response.status_code == 302
        assert {f.destination_id for f in forwardings} <= {world.rc.id, world.commission.id}
        assert all(f.covering_note.strip() and len(f.covering_note) <= 5000 for f in forwardings)
        assert item.status == "forwarded"
        assert db.session.scalar(SENT_EVENTS) == len(forwardings)
    else:
        assert item.status == "summarised"
        assert db.session.scalar(SENT_EVENTS) == 0


@FUZZ
@given(fields=form(["stance_1", "stance_2", "stance_3", "text_1", "text_2", "text_3", "overall", "language"]))
def test_answer_form_never_fails(world, client_for, fields):
    from tests.forwarding.conftest import make_forwarding

    clients = cached_clients(client_for)
    db.session.rollback()
    db.session.execute(delete(Notification))
    db.session.execute(delete(RecommendationAnswer))
    db.session.execute(delete(Forwarding))
    db.session.commit()
    forwarding = make_forwarding(world.summary, world.rc)
    response = post_form(clients(world.reader), f"/office/forwardings/{forwarding.id}/answer", fields)
    assert response.status_code in (302, 400), response.status_code
    db.session.expire_all()
    forwarding = db.session.get(Forwarding, forwarding.id)
    if response.status_code == 302:
        assert forwarding.status == "answered" and forwarding.overall_answer.strip()
        assert [a.number for a in forwarding.answers] == [1, 2, 3]
        assert all(a.stance in ANSWER_STANCES for a in forwarding.answers)
    else:
        assert forwarding.status == "sent" and forwarding.answers == [] and forwarding.overall_answer == ""


@FUZZ
@given(fields=form(["action", "kind", "name_en", "name_fr", "name_ar", "active", "email", "user_id"]))
def test_destination_forms_never_fail(world, client_for, fields):
    clients = cached_clients(client_for)
    db.session.rollback()
    before = db.session.scalar(select(func.count(Destination.id)))
    for path in ("/admin/destinations/new", f"/admin/destinations/{world.commission.id}"):
        response = post_form(clients(world.admin), path, fields)
        assert response.status_code in (200, 302, 400), (path, response.status_code)
    db.session.expire_all()
    for destination in db.session.scalars(select(Destination)):
        assert destination.kind in DESTINATION_KINDS
        assert destination.names and all(n.strip() and len(n) <= 120 for n in destination.names.values())
    assert db.session.scalar(select(func.count(Destination.id))) in (before, before + 1)
    readers = db.session.scalars(select(OfficeAssignment)).all()
    assert all(a.user.site_role == "office" for a in readers)
