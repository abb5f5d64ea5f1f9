"""Notifications' part of a person's data download (events.personal_data): what they were told and
how they chose to be told. A notification names objects by number, never a person."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.extensions import db
from council.notifications.models import Notification, NotificationPreference

COVERS = ("notifications.user_id", "notification_preferences.user_id")


@events.personal_data.connect
def notifications(user, **_kwargs):
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    choices = db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        .order_by(NotificationPreference.kind)
    )
    return "notifications", {
        "received": [
            {"kind": n.kind, "council_id": n.council_id, "item_id": n.item_id, "post_id": n.post_id,
             "data": n.data, "at": n.created_at, "read_at": n.read_at, "emailed_at": n.emailed_at}
            for n in rows
        ],
        "settings": {c.kind: c.delivery for c in choices},
    }
