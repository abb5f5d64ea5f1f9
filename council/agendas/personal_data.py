"""The agenda's part of a person's data download (events.personal_data): the items they proposed,
the steps they took on the agenda, the items they follow and when they last read each thread."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.agendas.models import AgendaEvent, AgendaItem, ItemFollow, ItemVisit
from council.extensions import db

COVERS = ("agenda_items.proposer_id", "agenda_events.actor_id", "item_follows.user_id", "item_visits.user_id")


@events.personal_data.connect
def agenda(user, **_kwargs):
    proposed = db.session.scalars(select(AgendaItem).where(AgendaItem.proposer_id == user.id).order_by(AgendaItem.id))
    steps = db.session.scalars(select(AgendaEvent).where(AgendaEvent.actor_id == user.id).order_by(AgendaEvent.id))
    follows = db.session.scalars(select(ItemFollow).where(ItemFollow.user_id == user.id).order_by(ItemFollow.id))
    visits = db.session.scalars(select(ItemVisit).where(ItemVisit.user_id == user.id).order_by(ItemVisit.id))
    return "agenda", {
        "items_proposed": [
            {"item_id": i.id, "council_id": i.council_id, "title": i.title, "description": i.description,
             "language": i.language, "theme": i.theme, "place": i.place, "status": i.status,
             "proposed_at": i.created_at}
            for i in proposed
        ],
        "agenda_steps": [
            {"item_id": e.item_id, "action": e.action, "from_status": e.from_status, "to_status": e.to_status,
             "note": e.note, "at": e.created_at}
            for e in steps
        ],
        "items_followed": [{"item_id": f.item_id, "since": f.created_at} for f in follows],
        "threads_read": [
            {"item_id": v.item_id, "last_seen_post_id": v.last_seen_post_id, "at": v.visited_at} for v in visits
        ],
    }
