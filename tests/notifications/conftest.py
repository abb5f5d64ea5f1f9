"""Helpers for the notifications tests: a real local SMTP server, counting SQL statements, and a
small world of a council with members, an item and posts."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import make_council, make_item, make_membership, make_post, make_user


class _Collector:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on 127.0.0.1; the app sends its mail there. `.messages` is what arrived."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 5)
    try:
        yield collector
    finally:
        controller.stop()


def parts(msg) -> tuple[str, str]:
    """(plain text, HTML) of a received message."""
    return (msg.get_body(preferencelist=("plain",)).get_content(),
            msg.get_body(preferencelist=("html",)).get_content())


@dataclass
class World:
    council: object
    alice: object  # member, French reader
    bob: object  # member
    facilitator: object
    item: object
    post: object  # alice's post in item


@pytest.fixture
def world(app):
    council = make_council(allow_anonymous=True)
    alice = make_user(display_name="Alice Amani", locale="fr")
    bob = make_user(display_name="Bob Barasa")
    facilitator = make_user(display_name="Fatou Facilitator")
    make_membership(alice, council)
    make_membership(bob, council)
    make_membership(facilitator, council, role="facilitator")
    item = make_item(council, alice, title="Water points <script>x</script>", language="en")
    post = make_post(item, alice, "Where do we put the wells?")
    return World(council, alice, bob, facilitator, item, post)
