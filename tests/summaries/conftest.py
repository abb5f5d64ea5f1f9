"""Fixtures and helpers for the summary tests: a council with people in every role and a closed
item with a thread, signed-in clients, counted queries, and helpers to draft, review and adopt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from council.extensions import db, utcnow
from council.summaries.forms import rec_fields, section_field
from council.summaries.models import Summary
from tests.conftest import make_council, make_item, make_membership, make_post, make_user


@dataclass
class World:
    council: object
    other_council: object
    item: object
    facilitator: object
    facilitator2: object
    member: object
    member2: object
    observer: object
    outsider: object
    other_member: object
    office: object
    admin: object


@pytest.fixture
def world(app):
    council = make_council(texts={"en": ("North council", "Mandate.")}, working_languages=["en"], allow_anonymous=True)
    other_council = make_council(texts={"en": ("South council", "Mandate.")}, working_languages=["en"])
    facilitator = make_user(display_name="Facilitator Farah")
    facilitator2 = make_user(display_name="Facilitator Fikre")
    member = make_user(display_name="Amina Member", gender="woman")
    member2 = make_user(display_name="Bilal Member", gender="man")
    observer = make_user(display_name="Observer Omar")
    outsider = make_user(display_name="Outsider Olga")
    other_member = make_user(display_name="Other Council Member")
    office = make_user(display_name="Office Reader", site_role="office")
    admin = make_user(display_name="Admin Ada", site_role="admin")
    make_membership(facilitator, council, role="facilitator")
    make_membership(facilitator2, council, role="facilitator")
    make_membership(member, council, constituency="youth")
    make_membership(member2, council, constituency="elders")
    make_membership(observer, council, role="observer")
    make_membership(other_member, other_council)
    item = make_item(council, member, title="Water points", status="closed")
    return World(council, other_council, item, facilitator, facilitator2, member, member2, observer, outsider,
                 other_member, office, admin)


def url(item, endpoint: str = "", **args) -> str:
    base = f"/councils/{item.council_id}/agenda/{item.id}/summary"
    path = {"": "", "edit": "/edit", "review": "/review", "stance": "/stance", "adopt": "/adopt",
            "versions": "/versions", "diff": "/diff", "translate": "/translate", "print": "/print",
            "text": "/summary.txt", "json": "/summary.json"}[endpoint]
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return base + path + (f"?{query}" if query else "")


def edit_data(lock="0", context="The issue of water points.", recommendations=(("Repair the pumps.", "District office"),),
              language="en", note="", base="", **sections):
    data = {"lock_version": str(lock), "base_version": str(base), section_field("context"): context,
            "change_note": note, "language": language}
    for key, value in sections.items():
        data[section_field(key)] = value
    for n, (text, addressee) in enumerate(recommendations, 1):
        t, a = rec_fields(n)
        data[t], data[a] = text, addressee
    return data


def summary_of(item) -> Summary | None:
    db.session.expire_all()
    return db.session.scalar(select(Summary).where(Summary.item_id == item.id))


def draft(client, item, **kwargs):
    """Save a version through the form (lock taken from the database); returns the response."""
    s = summary_of(item)
    kwargs.setdefault("lock", s.lock_version if s else 0)
    return client.post(url(item, "edit"), data=edit_data(**kwargs))


def put_to_review(client, item, days=7):
    return client.post(url(item, "review"), data={"deadline": (utcnow().date() + timedelta(days=days)).isoformat()})


def adopt(client, item, confirm="y"):
    """Adopt through the form; `confirm` ticks "adopt it now all the same" (asked before the review
    deadline or with few responses)."""
    data = {"lock_version": str(summary_of(item).lock_version)}
    if confirm:
        data["confirm"] = confirm
    return client.post(url(item, "adopt"), data=data)


__all__ = ["make_post", "make_user", "make_membership", "make_item"]
