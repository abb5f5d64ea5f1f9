"""Senders are shown to the council's facilitators only, and erased after the council's retention
period; the intake page shows the address and codes to facilitators and lets them set the period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.core.hooks import render_hook
from council.extensions import db, utcnow
from council.signals.intake import services
from council.signals.intake.models import IntakeMessage
from council.signals.intake.webhook import Sms
from council.signals.models import Signal
from tests.conftest import login, make_council, make_membership, make_user

NUMBER = "+254711999888"


def _texted(council, n=1, number=NUMBER, days_ago=0):
    status, reply = services.store_sms(Sms(message_id=f"m{council.id}-{n}", sender=number,
                                           text=f"C{council.id} S2 Cattle raid near the river {n}"))
    assert status == 200, reply
    message = db.session.scalar(select(IntakeMessage).order_by(IntakeMessage.id.desc()))
    message.received_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return message


def _person(role, council, other):
    if role == "admin":
        return make_user(site_role="admin")
    if role == "office":
        return make_user(site_role="office")
    user = make_user()
    if role == "other_facilitator":
        make_membership(user, other, role="facilitator")
    else:
        make_membership(user, council, role=role)
    return user


@pytest.mark.parametrize("role, sees", [
    ("facilitator", True), ("member", False), ("observer", False), ("office", False), ("admin", False),
    ("other_facilitator", False),
])
def test_the_sender_line_is_for_the_councils_facilitators_only(app, role, sees):
    council, other = make_council(), make_council()
    message = _texted(council)
    user = _person(role, council, other)
    with app.test_request_context():
        login_user(user)
        html = str(render_hook("signal.after", signal=db.session.get(Signal, message.signal_id), council=council))
    assert (NUMBER in html) is sees
    assert (message.reference in html) is sees


def test_erasure_follows_each_councils_retention(app):
    council, strict = make_council(), make_council()
    services.set_retention(strict, 5, actor=None)
    db.session.commit()
    old = _texted(council, 1, days_ago=31)
    recent = _texted(council, 2, number="+1000", days_ago=10)
    strict_one = _texted(strict, 3, number="+2000", days_ago=10)

    result = app.test_cli_runner().invoke(args=["council", "erase-expired-senders"])
    assert "Erased 2 sender(s)" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(IntakeMessage, old.id).sender is None
    assert db.session.get(IntakeMessage, old.id).sender_erased_at is not None
    assert db.session.get(IntakeMessage, recent.id).sender == "+1000"
    assert db.session.get(IntakeMessage, strict_one.id).sender is None
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "signal.intake_sender_erase")) == 2
    # The signal itself stays, and the facilitator sees that the sender was erased.
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    with app.test_request_context():
        login_user(facilitator)
        html = str(render_hook("signal.after", signal=db.session.get(Signal, old.signal_id), council=council))
    assert "Erased on" in html and NUMBER not in html
    again = app.test_cli_runner().invoke(args=["council", "erase-expired-senders"])
    assert "Erased 0 sender(s)" in again.output


def test_facilitators_page_shows_address_codes_and_sets_retention(app, client, configure):
    configure(SIGNALS_INTAKE_ADDRESS="signals@council.example", SIGNALS_SMS_SECRET="s", SIGNALS_SMS_NUMBER="+254 700")
    council = make_council()
    _texted(council)  # gives the council its indicator catalogue
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    login(client, facilitator)
    url = f"/councils/{council.id}/signals/intake"
    page = client.get(url).get_data(as_text=True)
    assert f"C{council.id}" in page and "+254 700" in page and "Make an intake address" in page
    assert ">AP<" in page and "Armed groups seen moving or gathering" in page

    assert client.post(url + "/address").status_code == 302
    token = services.settings_of(council).email_token
    assert f"signals+{token}@council.example" in client.get(url).get_data(as_text=True)

    assert client.post(url + "/retention", data={"days": "400"}).status_code == 400
    assert client.post(url + "/retention", data={"days": "7"}).status_code == 302
    db.session.expire_all()
    assert services.settings_of(council).retention_days == 7
    assert "erased 7 days after it arrived" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "observer", "other_facilitator"])
def test_the_intake_page_is_hidden_from_others(app, client, role):
    council, other = make_council(), make_council()
    login(client, _person(role, council, other))
    url = f"/councils/{council.id}/signals/intake"
    assert client.get(url).status_code == 404
    assert client.post(url + "/address").status_code == 404
    assert services.settings_of(council) is None


def test_the_french_page_is_in_french(app, client):
    council = make_council()
    facilitator = make_user(locale="fr")
    make_membership(facilitator, council, role="facilitator")
    login(client, facilitator)
    page = client.get(f"/councils/{council.id}/signals/intake").get_data(as_text=True)
    assert "Signaux par courriel et SMS" in page


def test_the_signal_page_shows_the_sender_to_its_facilitator_only(app, client):
    council = make_council()
    message = _texted(council)
    url = f"/councils/{council.id}/signals/{message.signal_id}"
    facilitator, member = make_user(), make_user()
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council, role="member")
    login(client, facilitator)
    page = client.get(url)
    assert page.status_code == 200 and NUMBER in page.text and message.reference in page.text
    assert f"/councils/{council.id}/signals/intake" in client.get(f"/councils/{council.id}").text
    client.post("/logout")
    login(client, member)
    page = client.get(url)
    assert page.status_code == 200 and "Cattle raid" in page.text
    assert NUMBER not in page.text and message.reference not in page.text
    assert f"/councils/{council.id}/signals/intake" not in client.get(f"/councils/{council.id}").text


def test_an_administrator_sees_the_intake_page_but_not_senders(app, client):
    council = make_council()
    message = _texted(council)
    login(client, make_user(site_role="admin"))
    assert client.get(f"/councils/{council.id}/signals/intake").status_code == 200
    page = client.get(f"/councils/{council.id}/signals/{message.signal_id}")
    assert page.status_code == 200 and NUMBER not in page.text
