"""Factories for signal tests."""

from __future__ import annotations

from council.extensions import db
from council.forwarding.models import Destination, OfficeAssignment
from council.signals import services
from tests.conftest import make_user


def make_destination(reader=None, **overrides):
    """A destination and an office reader attached to it."""
    destination = Destination(kind=overrides.pop("kind", "un_office"),
                              names=overrides.pop("names", {"en": "Office of the Resident Coordinator"}))
    db.session.add(destination)
    reader = reader or make_user(site_role="office")
    db.session.add(OfficeAssignment(user_id=reader.id, destination=destination))
    db.session.commit()
    return destination, reader


def make_signal(council, reporter, **fields):
    values = {"title": "Tension at the market", "narrative": "Traders argued.", "severity": 2}
    values.update(fields)
    signal = services.raise_signal(council, actor=reporter, **values)
    db.session.commit()
    return signal
