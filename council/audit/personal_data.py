"""The audit log's part of a person's data download (events.personal_data): the recorded actions
they took — what, on which kind of object (by number), when. The before/after details are left
out: they may describe another person (a membership decided, a post hidden)."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.audit.models import AuditEvent
from council.extensions import db

COVERS = ("audit_events.actor_id",)


@events.personal_data.connect
def audit_log(user, **_kwargs):
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id))
    return "actions_recorded", [
        {"action": e.action, "object": e.target_type, "object_id": e.target_id, "council_id": e.council_id,
         "at": e.created_at}
        for e in rows
    ]
