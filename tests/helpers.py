"""Helpers shared by the test modules: signed-in clients, what a page shows, the audit log, raw
form bodies, and recorded notifications. (Factories and fixtures are in tests/conftest.py.)"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote_from_bytes

from sqlalchemy import select

from council.extensions import db

# --- clients -------------------------------------------------------------------------------------


def client_for(app, user=None):
    """A test client of its own, signed in as `user` through the real form (anonymous if None).
    The `client_for` fixture is this function with `app` already given."""
    from tests.conftest import login

    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


def cached_clients(make):
    """`get(user)`: one signed-in client per person, made by `make(user)` the first time (for tests
    that send many requests as the same few people)."""
    cache = {}

    def get(user):
        if user.id not in cache:
            cache[user.id] = make(user)
        return cache[user.id]

    return get


# --- what a page shows ---------------------------------------------------------------------------


def main_of(html: str) -> str:
    """The <main> element of a page (without header, navigation and footer)."""
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert match, "page has no <main>"
    return match.group(0)


def text_of(html: str) -> str:
    """The visible text of a page or fragment: scripts and tags dropped, entities read, blanks
    collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def page_text(response) -> str:
    """The visible text of the <main> part of a page."""
    return text_of(main_of(response.get_data(as_text=True)))


# --- the database --------------------------------------------------------------------------------


def fresh(obj):
    """`obj` as the database holds it now (requests run in their own sessions)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def audit_events(action: str) -> list:
    """The audit events of one kind, oldest first, as the database holds them now."""
    from council.audit.models import AuditEvent

    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


# --- raw form bodies (fuzz tests) ----------------------------------------------------------------


def form_body(fields: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]) -> bytes:
    """Form-encode fields as a browser might, lone surrogates included (bytes that are not UTF-8);
    a list of pairs may repeat a name."""
    pairs = fields.items() if isinstance(fields, Mapping) else fields

    def encode(value) -> str:
        raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        return quote_from_bytes(raw)

    return "&".join(encode(key) + "=" + encode(value) for key, value in pairs).encode()


def post_form(client, path: str, fields):
    """POST `fields` encoded by form_body()."""
    return client.post(path, data=form_body(fields), content_type="application/x-www-form-urlencoded")


# --- notifications -------------------------------------------------------------------------------


def record_notifications(monkeypatch, services) -> list:
    """Replace notify() as `services` (a services module) calls it; returns the list of calls made,
    as (kind, sorted recipient ids, keyword arguments)."""
    calls = []

    def record(recipients, kind, **kwargs):
        calls.append((getattr(kind, "value", kind), sorted(getattr(r, "id", r) for r in recipients), kwargs))
        return []

    target = getattr(services, "notifications", services)  # a domain's services, or notifications' own
    monkeypatch.setattr(target, "notify", record)
    return calls
