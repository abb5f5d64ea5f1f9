"""Confidentiality, proved: signals at each level carry unique markers; every page a role can reach,
the exports, the notifications and the e-mails show each marker only where DESIGN.md's table allows.
A member never learns that an `office only` signal exists."""

from __future__ import annotations

import pytest

from council.extensions import db
from council.notifications.models import Notification
from council.signals import services
from tests.conftest import PASSWORD, make_council, make_membership, make_user
from tests.core.test_every_page_translated import crawl
from tests.signals.helpers import make_destination

LEVELS = ("council", "facilitators_office", "office_only")
SEES = {  # role -> levels whose signals it may see
    "visitor": set(), "other_council_member": set(),
    "member": {"council"}, "observer": {"council"}, "facilitator": {"council", "facilitators_office"},
    "office": set(LEVELS), "admin": set(LEVELS), "reporter": set(LEVELS),
}
DETAILS = {"facilitator", "office", "admin", "reporter"}  # who sees sources' identities (on what they see)
EXACT = {"facilitator", "office", "admin"}  # who sees the exact point


def marker(level: str) -> str:
    return f"MARKER{level.upper().replace('_', '')}Q"


def source_marker(level: str) -> str:
    return f"SOURCE{level.upper().replace('_', '')}Q"


@pytest.fixture
def world(app):
    council, other = make_council(), make_council()
    people = {"reporter": make_user(), "member": make_user(), "observer": make_user(), "facilitator": make_user(),
              "other_council_member": make_user(), "admin": make_user(site_role="admin")}
    make_membership(people["reporter"], council)
    make_membership(people["member"], council)
    make_membership(people["observer"], council, role="observer")
    make_membership(people["facilitator"], council, role="facilitator")
    make_membership(people["other_council_member"], other)
    destination, people["office"] = make_destination()
    signals = {}
    with app.test_request_context():
        for n, level in enumerate(LEVELS):
            signal = services.raise_signal(
                council, actor=people["reporter"], title=f"Signal {marker(level)}", severity=4,
                narrative=f"Narrative of {marker(level)}", confidentiality=level, area=f"Area{marker(level)}",
                place=f"Place{marker(level)}", latitude=10.123456 + n, longitude=20.654321,
                sources=[{"description": source_marker(level), "scale": "local", "reliability": "B"}])
            reviewer = people["admin"] if level == "office_only" else people["facilitator"]
            services.take_for_review(signal, actor=reviewer)
            services.decide(signal, outcome="verified", note=f"Note {marker(level)}", actor=reviewer)
            escalation = services.escalate(signal, destination=destination, requested_action="dialogue",
                                           actor=reviewer)
            services.acknowledge(escalation, actor=people["office"])
            services.respond(escalation, status="under_way", reason=f"Reason {marker(level)}", actor=people["office"])
            services.record_outcome(escalation, outcome="no_change", actor=people["office"])
            signals[level] = signal.id
    db.session.commit()
    return council, people, signals


def _everything(app, council, user, signals) -> str:
    client = app.test_client()
    if user is not None:
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    base = f"/councils/{council.id}/signals"
    start = ["/", "/dashboard", "/digest", "/councils", f"/councils/{council.id}", base, "/notifications",
             "/signals/escalations", f"{base}/trends", f"{base}/trends?by=area"]
    texts = []
    for path in crawl(client, start):
        texts.append(client.get(path).get_data(as_text=True))
    for path in [*(f"{base}/{sid}" for sid in signals.values()), f"{base}/export.csv", f"{base}/export.json",
                 f"{base}?overdue=1", f"{base}?severity=4", "/signals/escalations?overdue=1"]:
        texts.append(client.get(path).get_data(as_text=True))
    return "\n".join(texts)


@pytest.mark.parametrize("role", list(SEES))
def test_each_marker_shows_only_where_allowed(app, world, outbox, role):
    council, people, signals = world
    user = people.get(role)
    text = _everything(app, council, user, signals)
    notes = " ".join(str(n.data) for n in db.session.query(Notification).filter_by(
        user_id=getattr(user, "id", -1)))
    mails = " ".join(m.get_body(preferencelist=("plain",)).get_content() + str(m.get_body(
        preferencelist=("html",)).get_content()) for m in outbox if user is not None and m["To"] == user.email)
    for level in LEVELS:
        allowed = level in SEES[role]
        assert (marker(level) in text) is allowed, (role, level, "pages")
        assert (source_marker(level) in text) is (allowed and role in DETAILS), (role, level, "sources")
        if not allowed:
            assert marker(level) not in notes and marker(level) not in mails, (role, level, "notifications")
    exact = any(f"{10.123456 + n:.6f}" in text for n in range(3))
    assert exact is (role in EXACT), (role, "exact point")
    if SEES[role] and role not in EXACT:
        assert "10.12" in text  # the point, blurred to about 1 km


def test_member_sees_no_trace_of_an_office_only_signal(app, world):
    council, people, signals = world
    client = app.test_client()
    client.post("/login", data={"email": people["member"].email, "password": PASSWORD})
    listing = client.get(f"/councils/{council.id}/signals").get_data(as_text=True)
    assert listing.count('<li class="card') == 1  # only the council-level signal
    exported = client.get(f"/councils/{council.id}/signals/export.csv").get_data(as_text=True)
    assert len(exported.strip().splitlines()) == 2  # header and one row
    assert "office_only" not in exported
