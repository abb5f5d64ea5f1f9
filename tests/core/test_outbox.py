"""Mail is never sent inside a request: it is written to the outbox in the request's transaction
and delivered by `flask council deliver-mail`, with retries and backoff."""

from __future__ import annotations

import smtplib
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from council import mail
from council.extensions import db, utcnow
from council.mail import OutboxMessage
from tests.conftest import make_user


class StalledSMTP:
    """Stands for an SMTP server that takes `delay` seconds to answer, or refuses (`fail`)."""

    delay = 0.0
    fail = False
    sent: list = []

    def __init__(self, host, port, timeout=None):
        time.sleep(self.delay)
        if self.fail:
            raise ConnectionRefusedError("SMTP is down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, msg):
        StalledSMTP.sent.append(msg)


@pytest.fixture
def smtp_app(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_DELIVER_AFTER_COMMIT", False)
    monkeypatch.setattr(smtplib, "SMTP", StalledSMTP)
    monkeypatch.setattr(StalledSMTP, "sent", [])
    monkeypatch.setattr(StalledSMTP, "fail", False)
    monkeypatch.setattr(StalledSMTP, "delay", 0.0)
    return app


def _rows():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_reset_request_waits_for_no_smtp_server_and_takes_as_long_for_any_address(smtp_app, monkeypatch):
    user = make_user(email="known@example.org")
    monkeypatch.setattr(StalledSMTP, "delay", 2.0)  # a stalled server
    client = smtp_app.test_client()
    timings = {}
    for address in (user.email, "unknown@example.org"):
        started = time.perf_counter()
        assert client.post("/password/forgot", data={"email": address}).status_code == 200
        timings[address] = time.perf_counter() - started
    assert max(timings.values()) < 1.5  # neither waited for the 2 s server
    assert StalledSMTP.sent == []
    (row,) = _rows()
    assert row.recipient == user.email and row.sent_at is None

    monkeypatch.setattr(StalledSMTP, "delay", 0.0)
    result = smtp_app.test_cli_runner().invoke(args=["council", "deliver-mail"])
    assert "Sent 1 e-mail(s)" in result.output
    (msg,) = StalledSMTP.sent
    assert msg["To"] == user.email and "/password/reset/" in msg.get_body(preferencelist=("plain",)).get_content()
    assert _rows()[0].sent_at is not None
    smtp_app.test_cli_runner().invoke(args=["council", "deliver-mail"])
    assert len(StalledSMTP.sent) == 1  # sent once


def test_a_message_that_cannot_be_sent_is_kept_and_retried_with_backoff(smtp_app, monkeypatch):
    user = make_user()
    smtp_app.test_client().post("/password/forgot", data={"email": user.email})
    monkeypatch.setattr(StalledSMTP, "fail", True)
    assert mail.deliver_due() == (0, 1)
    (row,) = _rows()
    assert row.attempts == 1 and row.sent_at is None and "SMTP is down" in row.last_error
    assert row.next_attempt_at > utcnow()
    assert mail.deliver_due() == (0, 0)  # not due yet: no retry storm
    assert mail.deliver_due(now=utcnow() + timedelta(minutes=1, seconds=5)) == (0, 1)
    assert mail.backoff(2) > mail.backoff(1)
    monkeypatch.setattr(StalledSMTP, "fail", False)
    assert mail.deliver_due(now=utcnow() + timedelta(hours=7)) == (1, 0)
    assert _rows()[0].sent_at is not None and len(StalledSMTP.sent) == 1


def test_a_request_that_fails_leaves_nothing_in_the_outbox(app, outbox):
    from council.extensions import db as database

    user = make_user()
    mail.send(user.email, "auth/reset", language="en", user=user, reset_url="http://localhost/x", minutes=60)
    database.session.rollback()
    assert _rows() == [] and outbox == []


def test_in_development_and_tests_mail_is_delivered_right_after_the_commit(app, outbox):
    user = make_user()
    app.test_client().post("/password/forgot", data={"email": user.email})
    assert [m["To"] for m in outbox] == [user.email]
    assert _rows()[0].sent_at is not None
