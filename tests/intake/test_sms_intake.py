"""The SMS gateway's webhook, over real HTTP: signed requests make new signals and get a receipt;
forged, stale, replayed, oversized or malformed requests are refused and change nothing."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.extensions import db
from council.signals.intake import webhook
from council.signals.intake.models import IntakeMessage
from council.signals.models import Signal
from tests.conftest import make_council

SECRET = "gateway-shared-secret-0123456789"


@pytest.fixture
def gateway(app, configure, live_url):
    configure(SIGNALS_SMS_SECRET=SECRET, SIGNALS_SMS_NUMBER="+254 700 000 000")

    def post(fields, *, secret=SECRET, timestamp=None, as_json=False, body=None, signature=None):
        if body is None:
            body = json.dumps(fields).encode() if as_json else urllib.parse.urlencode(fields).encode()
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {"Content-Type": "application/json" if as_json else "application/x-www-form-urlencoded",
                   webhook.TIMESTAMP_HEADER: stamp,
                   webhook.SIGNATURE_HEADER: signature or webhook.sign(secret, stamp, body)}
        request = urllib.request.Request(live_url + "/intake/sms", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:  # closed at once: the one-threaded test server waits for the client to hang up
                return error.code, error.read().decode()

    return post


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_signed_sms_becomes_a_new_signal_and_gets_a_receipt(app, gateway):
    council = make_council(texts={"fr": ("Conseil du Nord", "Mandat.")})
    status, reply = gateway({"id": "gw-1", "from": "+254711222333",
                             "text": f"C{council.id} S3 I:AP,JM+ Des hommes armés au marché de Kassa"})
    assert status == 200, reply
    assert reply.startswith("Reçu, merci. Référence R")  # in the council's language
    db.session.expire_all()
    signal = db.session.scalar(select(Signal))
    assert (signal.council_id, signal.channel, signal.status, signal.severity) == (council.id, "sms", "new", 3)
    assert signal.title == signal.narrative == "Des hommes armés au marché de Kassa"
    assert {t.indicator.key: t.direction for t in signal.indicators} == {"armed_presence": "worsening",
                                                                         "joint_market": "improving"}
    message = db.session.scalar(select(IntakeMessage))
    assert message.sender == "+254711222333" and message.reference in reply
    assert str(signal.id) not in message.reference and "Kassa" not in reply
    assert _count(AuditEvent) >= 1


def test_json_bodies_are_accepted(app, gateway):
    council = make_council()
    status, reply = gateway({"id": 42, "from": "+1555", "text": f"c{council.id} Road closed"}, as_json=True)
    assert status == 200 and "Reference" in reply


@pytest.mark.parametrize("change, expected", [
    ({"secret": "not-the-secret"}, 403),
    ({"signature": "0" * 64}, 403),
    ({"timestamp": -301}, 403),  # seconds from now
    ({"timestamp": +400}, 403),
])
def test_forged_or_stale_requests_are_refused(app, gateway, change, expected):
    council = make_council()
    if "timestamp" in change:
        change = {"timestamp": int(time.time()) + change["timestamp"]}
    status, _reply = gateway({"id": "x1", "from": "+1", "text": f"C{council.id} hello"}, **change)
    assert status == expected
    assert _count(Signal) == 0 and _count(IntakeMessage) == 0


def test_a_replayed_message_id_is_refused(app, gateway):
    council = make_council()
    fields = {"id": "gw-7", "from": "+1", "text": f"C{council.id} S1 Market closed"}
    assert gateway(fields)[0] == 200
    status, reply = gateway(fields)
    assert (status, reply) == (409, "This message was already received.")
    assert _count(Signal) == 1


def test_oversized_and_malformed_bodies(app, gateway):
    council = make_council()
    status, _ = gateway({}, body=b"id=1&from=2&text=" + b"x" * 5000)
    assert status == 413
    status, _ = gateway({"id": "1", "from": "2"})
    assert status == 400
    assert _count(Signal) == 0
    assert council.id


@pytest.mark.parametrize("text, expected", [
    ("S3 no council code", "Start the message with your council's code"),
    ("C999999 S3 unknown council", "is not a council code"),
    ("C{id} S9 too severe", "Severity is S0 to S4"),
    ("C{id} I:ZZZ unknown indicator", "“ZZZ” is not an indicator code of this council"),
    ("C{id} S2", "Write what happened"),
])
def test_bad_codes_get_a_clear_reply_and_store_nothing(app, gateway, text, expected):
    council = make_council()
    status, reply = gateway({"id": "bad-" + text[:6], "from": "+1", "text": text.replace("{id}", str(council.id))})
    assert status == 422
    assert expected in reply
    assert _count(Signal) == 0 and _count(IntakeMessage) == 0


def test_without_a_secret_the_webhook_does_not_exist(app, configure, live_url):
    configure(SIGNALS_SMS_SECRET="")
    request = urllib.request.Request(live_url + "/intake/sms", data=b"id=1", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    error.value.close()  # the one-threaded test server waits for the client to hang up
    assert error.value.code == 404


def test_only_the_webhook_is_exempt_from_csrf(app, gateway, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        council = make_council()
        assert gateway({"id": "csrf-1", "from": "+1", "text": f"C{council.id} Roadblock"})[0] == 200
        assert client.post("/login", data={"email": "a@example.org", "password": "x"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
