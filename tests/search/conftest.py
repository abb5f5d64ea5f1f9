"""A council whose texts are written through the services (so the index follows them), a second
council, and an office reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
import uuid

import pytest

from council.extensions import db, utcnow
from council.forwarding.models import Destination, OfficeAssignment
from tests.conftest import make_council, make_membership, make_user



def _key() -> str:
    return uuid.uuid4().hex


def propose(council, actor, title, description="", language="en", open_it=None):
    """An item proposed (and, with `open_it` = a facilitator, opened) through the services."""
    from council.agendas import services

    item, _ = services.propose(council, title=title, description=description, theme="other", place="",
                               language=language, submission_key=_key(), actor=actor)
    if open_it is not None:
        services.accept(item, actor=open_it)
    db.session.commit()
    return item


def post(item, author, body, **kwargs):
    from council.deliberations import services

    made, _ = services.create_post(item, actor=author, body=body, submission_key=_key(),
                                   **kwargs)
    db.session.commit()
    return made


def summary_of(item, facilitator, text, *, review=False, adopt=False, language="en"):
    """A summary of `item` (closed first), written through the services; put to review and adopted
    on request."""
    from council.agendas import services as agenda_services
    from council.summaries import services

    if item.is_open:
        agenda_services.close(item, actor=facilitator)
    summary, _ = services.save(item, summary=None, lock_version=0, sections={"context": text},
                               recommendations=[], language=language, actor=facilitator)
    if review or adopt:
        services.put_to_review(summary, deadline=(utcnow() + timedelta(days=3)).date(), actor=facilitator)
    if adopt:
        services.adopt(summary, lock_version=summary.lock_version, actor=facilitator)
    db.session.commit()
    return summary


@dataclass
class World:
    council: object
    facilitator: object
    member: object
    observer: object
    writer: object
    item: object
    other_council: object
    other_member: object
    other_item: object
    reader: object
    destination: object


@pytest.fixture
def world(app):
    council = make_council(texts={"en": ("Valley council", "Mandate.")}, allow_anonymous=True)
    facilitator = make_user(display_name="Fatou Facilitator")
    member = make_user(display_name="Amina Reader")
    observer = make_user(display_name="Olga Observer")
    writer = make_user(display_name="Zebulon Quillfeather")
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    make_membership(observer, council, role="observer")
    make_membership(writer, council)
    item = propose(council, writer, "Water points in the valley", "Where the wells are.", open_it=facilitator)

    other_council = make_council(texts={"en": ("Hill council", "Mandate.")})
    other_member = make_user(display_name="Someone Elsewhere")
    make_membership(other_member, other_council, role="facilitator")
    other_item = propose(other_council, other_member, "Cattle routes on the hill", "Grazing and water.",
                         open_it=other_member)

    reader = make_user(display_name="Léa Office", site_role="office")
    destination = Destination(names={"en": "Office of the Resident Coordinator"}, kind="un_office", active=True)
    db.session.add(destination)
    db.session.flush()
    db.session.add(OfficeAssignment(user_id=reader.id, destination_id=destination.id))
    db.session.commit()
    return World(council, facilitator, member, observer, writer, item, other_council, other_member, other_item,
                 reader, destination)
