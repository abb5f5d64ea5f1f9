"""The dashboard: the person's councils and, for those who keep a council, what waits for them
(applications, proposed agenda items, reported posts, appeals) — in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from council.agendas.models import AgendaItem
from council.auth.models import User
from council.councils import queries as council_queries
from council.councils import services as council_services
from council.councils.models import Council
from council.extensions import db
from council.moderation import queries as moderation_queries


@dataclass(frozen=True)
class Waiting:
    council: Council
    applications: int
    proposals: int
    reports: int
    appeals: int


def build(user: User) -> dict:
    context = council_services.dashboard(user)
    managed = context.pop("managed_ids")
    applications = context.pop("application_counts")
    proposals_query = select(AgendaItem.council_id, func.count()).where(AgendaItem.status == "proposed")
    if managed is not None:
        proposals_query = proposals_query.where(AgendaItem.council_id.in_(managed or [-1]))
    proposals = dict(db.session.execute(proposals_query.group_by(AgendaItem.council_id)).tuples().all())
    candidates = set(applications) | set(proposals) | set(managed or [])
    if managed is None:  # an admin: moderation of every council with something waiting
        moderation = moderation_queries.queue_counts(
            db.session.scalars(select(Council.id)).all()
        )
    else:
        moderation = moderation_queries.queue_counts(managed)
    candidates |= {cid for cid, c in moderation.items() if c["reports"] or c["appeals"]}
    waiting: list[Waiting] = []
    if candidates:
        councils = db.session.scalars(
            select(Council).where(Council.id.in_(candidates)).options(*council_queries.council_options())
        ).all()
        for council in councils:
            row = Waiting(
                council,
                applications.get(council.id, 0),
                proposals.get(council.id, 0),
                moderation.get(council.id, {}).get("reports", 0),
                moderation.get(council.id, {}).get("appeals", 0),
            )
            if row.applications or row.proposals or row.reports or row.appeals:
                waiting.append(row)
        waiting.sort(key=lambda w: council_queries.council_name(w.council).text.casefold())
    context["waiting"] = waiting
    return context
