"""The demo office reader follows every demo council and the destinations they read for, so that
their digest (their home after signing in) is full from the start."""

from __future__ import annotations

from council.demo.base import Demo
from council.digests import services
from council.digests.models import DigestSettings
from council.extensions import db
from council.permissions import destination_ids, forget_memberships


def load(demo: Demo) -> None:
    office = demo.user("office@example.org")
    if db.session.get(DigestSettings, office.id) is not None:
        return
    forget_memberships()  # the destinations were attached in this run
    services.save_settings(office, council_ids=[c.id for c in demo.councils],
                           destination_ids_chosen=sorted(destination_ids(office)), mail_day=0)
    demo.created["digest follows"] += len(demo.councils) + len(destination_ids(office))
