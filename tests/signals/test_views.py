"""The signal pages as people use them: raising, the list and its filters, a signal's page, the
workflow through the forms, 404 for what one may not see, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.signals.models import Escalation, Signal
from tests.conftest import login, make_council, make_membership, make_user
from tests.signals.helpers import make_destination, make_signal


def same_page(html: str) -> str:
    """The page without what differs from one request to the next (CSRF tokens carry a time)."""
    return re.sub(r'value="[^"]{40,}"', 'value="TOKEN"', html)


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


@pytest.fixture
def world(app):
    council = make_council()
    people = {role: make_user() for role in ("member", "facilitator", "facilitator2", "observer")}
    make_membership(people["member"], council)
    make_membership(people["facilitator"], council, role="facilitator")
    make_membership(people["facilitator2"], council, role="facilitator")
    make_membership(people["observer"], council, role="observer")
    destination, reader = make_destination()
    people["office"] = reader
    people["admin"] = make_user(site_role="admin")
    return council, people, destination


RAISE = {
    "title": "Armed men at the well", "kind": "incident", "narrative": "They *threatened* women fetching water.",
    "language": "en", "sector": "security", "event_date": "2026-11-30", "date_precision": "day",
    "area": "East", "place": "Wadi", "latitude": "12.3456", "longitude": "-1.2345", "severity": "3",
    "trend": "escalating", "gender_dimensions": ["targets_women"], "confidentiality": "council",
    "source_1_description": "A water seller", "source_1_scale": "local", "source_1_reliability": "B",
    "source_1_seen": "y", "impact_injured_female_adult": "2", "impact_injured_estimate": "y",
    "indicator-armed_presence": "worsening", "event_type": "", "sub_event_type": "attack",
}


def test_raise_form_without_javascript_makes_a_signal(client, world):
    council, people, _d = world
    login(client, people["member"])
    page = client.get(f"/councils/{council.id}/signals/new")
    assert page.status_code == 200 and "Cette" not in page.text
    assert "Lives are in danger now" in page.text  # the written criteria beside severity
    response = client.post(f"/councils/{council.id}/signals/new", data=RAISE)
    assert response.status_code == 302, response.text[:3000]
    signal = db.session.scalar(select(Signal))
    assert signal.title == "Armed men at the well" and signal.severity == 3 and signal.status == "new"
    assert signal.event_type == "violence_civilians"
    assert [(i.category, i.count, i.estimate) for i in signal.impacts] == [("injured", 2, True)]
    assert [t.direction for t in signal.indicators] == ["worsening"]
    page = client.get(response.headers["Location"])
    assert "Armed men at the well" in page.text and "<em>threatened</em>" in page.text


def test_raise_form_keeps_what_was_typed_on_error(client, world):
    council, people, _d = world
    login(client, people["member"])
    data = dict(RAISE, title="", sub_event_type="unknown-code")
    response = client.post(f"/councils/{council.id}/signals/new", data=data)
    assert response.status_code == 400
    assert "They *threatened* women fetching water." in response.text
    assert 'value="A water seller"' in response.text
    assert db.session.scalar(select(func.count(Signal.id))) == 0


def test_a_form_sent_twice_makes_one_signal(client, world):
    council, people, _d = world
    login(client, people["member"])
    data = dict(RAISE, submission_key="k" * 32)
    assert client.post(f"/councils/{council.id}/signals/new", data=data).status_code == 302
    assert client.post(f"/councils/{council.id}/signals/new", data=data).status_code == 302
    assert db.session.scalar(select(func.count(Signal.id))) == 1


def test_observers_may_read_but_not_raise(client, world):
    council, people, _d = world
    login(client, people["observer"])
    assert client.get(f"/councils/{council.id}/signals/new").status_code == 403
    page = client.get(f"/councils/{council.id}/signals")
    assert page.status_code == 200 and "Raise a signal" not in page.text


def test_outsiders_get_404_or_sign_in(client, world):
    council, people, _d = world
    signal = make_signal(council, people["member"])
    assert client.get(f"/councils/{council.id}/signals/{signal.id}").status_code == 302  # sign in first
    outsider = make_user()
    login(client, outsider)
    assert client.get(f"/councils/{council.id}/signals").status_code == 404
    assert client.get(f"/councils/{council.id}/signals/{signal.id}").status_code == 404


def test_a_hidden_signal_answers_like_a_missing_one(client, world):
    council, people, _d = world
    hidden = make_signal(council, people["facilitator"], confidentiality="office_only")
    other_council = make_council()
    elsewhere = make_signal(other_council, None)
    login(client, people["member"])
    missing = client.get(f"/councils/{council.id}/signals/999999")
    for signal_id in (hidden.id, elsewhere.id):
        response = client.get(f"/councils/{council.id}/signals/{signal_id}")
        assert response.status_code == 404
        assert same_page(response.text.replace(f"signals/{signal_id}?", "signals/N?")) == \
            same_page(missing.text.replace("signals/999999?", "signals/N?"))
        assert client.post(f"/councils/{council.id}/signals/{signal_id}/review").status_code in (403, 404)


def test_the_whole_workflow_through_the_forms(client, world):
    council, people, destination = world
    signal = make_signal(council, people["member"], severity=4)
    base = f"/councils/{council.id}/signals/{signal.id}"
    login(client, people["member"])
    assert client.post(f"{base}/review").status_code == 403
    client.post("/logout")
    login(client, people["facilitator"])
    assert client.post(f"{base}/review").status_code == 302
    page = client.get(base)
    assert "In review by" in page.text
    response = client.post(f"{base}/decide", data={"decide-outcome": "false", "decide-note": ""})
    assert response.status_code == 400 and fresh(Signal, signal.id).status == "in_review"
    assert client.post(f"{base}/decide", data={"decide-outcome": "verified", "decide-note": "Two sources."}).status_code == 302
    assert client.post(f"{base}/confidentiality", data={"conf-confidentiality": "council"}).status_code == 400
    response = client.post(f"{base}/escalate", data={"escalate-destination": str(destination.id),
                                                     "escalate-requested_action": "protection",
                                                     "escalate-note": "Urgent."})
    assert response.status_code == 302
    escalation = db.session.scalar(select(Escalation))
    client.post("/logout")
    login(client, people["office"])
    step = f"{base}/escalations/{escalation.id}"
    assert client.post(f"{step}/respond", data={"respond-status": "completed"}).status_code == 302  # refused: flash
    assert fresh(Escalation, escalation.id).status == "sent"
    assert client.post(f"{step}/acknowledge").status_code == 302
    assert client.post(f"{step}/respond", data={"respond-status": "under_way", "respond-reason": "Team sent."}).status_code == 302
    assert client.post(f"{step}/outcome", data={"outcome-outcome": "de_escalated"}).status_code == 302
    db.session.expire_all()
    escalation = db.session.get(Escalation, escalation.id)
    assert (escalation.status, escalation.outcome) == ("under_way", "de_escalated")
    page = client.get(base)
    assert "De-escalated" in page.text and "History" in page.text
    assert client.get("/signals/escalations").status_code == 200
    # another office reader, not attached to that destination, may not answer
    client.post("/logout")
    stranger = make_user(site_role="office")
    login(client, stranger)
    assert client.post(f"{step}/outcome", data={"outcome-outcome": "no_change"}).status_code == 403


def test_overdue_escalations_stand_out_on_lists_and_dashboards(client, world):
    council, people, destination = world
    signal = make_signal(council, people["member"], severity=4, title="Overdue one")
    signal.status = "verified"
    db.session.add(Escalation(signal_id=signal.id, council_id=council.id, destination_id=destination.id,
                              requested_action="dialogue", due_at=signal.reported_at - timedelta(hours=1)))
    db.session.commit()
    login(client, people["facilitator"])
    listing = client.get(f"/councils/{council.id}/signals?overdue=1")
    assert "Overdue one" in listing.text and "Overdue" in listing.text
    dashboard = client.get("/dashboard")
    assert "Overdue escalations of signals" in dashboard.text and "Overdue one" in dashboard.text
    client.post("/logout")
    login(client, people["office"])
    assert "Overdue one" in client.get("/dashboard", follow_redirects=True).text  # the office reader's digest
    assert "Overdue one" in client.get("/signals/escalations?overdue=1").text


def test_filters(client, world):
    council, people, _d = world
    make_signal(council, people["member"], title="Severe security", severity=4, sector="security", area="North")
    make_signal(council, people["member"], title="Mild economy", severity=1, sector="economy", area="South",
                event_date=date.today() - timedelta(days=60))
    login(client, people["member"])
    url = f"/councils/{council.id}/signals"
    assert "Mild economy" not in client.get(url + "?severity=4").text
    assert "Severe security" not in client.get(url + "?sector=economy").text
    assert "Mild economy" not in client.get(url + "?area=North").text
    since = (date.today() - timedelta(days=7)).isoformat()
    assert "Mild economy" not in client.get(url + f"?since={since}").text
    assert "Mild economy" in client.get(url + "?severity=nonsense&since=garbage").text


def test_list_page_queries_do_not_grow(client, world, count_queries):
    council, people, destination = world
    login(client, people["facilitator"])
    url = f"/councils/{council.id}/signals"

    def measure():
        with count_queries() as n:
            assert client.get(url).status_code == 200
        return n()

    def add(i):
        s = make_signal(council, people["member"], title=f"Signal {i}", sector="economy")
        s.status = "verified"
        db.session.add(Escalation(signal_id=s.id, council_id=council.id, destination_id=destination.id,
                                  requested_action="dialogue", due_at=s.reported_at))
        db.session.commit()

    add(0)
    few = measure()
    for i in range(1, 7):
        add(i)
    assert measure() == few


def test_make_an_agenda_item_in_one_step(client, world):
    from council.agendas.models import AgendaItem

    council, people, _d = world
    signal = make_signal(council, people["member"], title="Land dispute flares")
    secret = make_signal(council, people["member"], title="Secret", confidentiality="facilitators_office")
    login(client, people["facilitator"])
    assert client.post(f"/councils/{council.id}/signals/{signal.id}/agenda").status_code == 302
    assert client.post(f"/councils/{council.id}/signals/{secret.id}/agenda").status_code == 302
    titles = db.session.scalars(select(AgendaItem.title)).all()
    assert titles == ["Land dispute flares"]
    assert "Agenda item" in client.get(f"/councils/{council.id}/signals/{signal.id}").text


def test_trends_chart_and_table(client, world):
    council, people, _d = world
    make_signal(council, people["member"], sector="security", area="North")
    make_signal(council, people["member"], sector="security", area="North")
    make_signal(council, people["member"], title="Hidden", sector="economy", confidentiality="office_only",
                )
    login(client, people["observer"])
    page = client.get(f"/councils/{council.id}/signals/trends")
    assert page.status_code == 200
    assert "<svg" in page.text and "<title" in page.text and "<desc" in page.text
    assert "<table" in page.text and "Security" in page.text and "Economy" not in page.text
    assert "North" in client.get(f"/councils/{council.id}/signals/trends?by=area").text
