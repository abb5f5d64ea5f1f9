"""Forwarding's part of a person's data download (events.personal_data): the destinations they read
for as office staff, the summaries they forwarded, acknowledged or answered, and their answers."""

from __future__ import annotations

from sqlalchemy import or_, select

from council import events
from council.extensions import db
from council.forwarding.models import Forwarding, OfficeAssignment, RecommendationAnswer

COVERS = ("office_assignments.user_id", "forwardings.sent_by_id", "forwardings.acknowledged_by_id",
          "forwardings.answered_by_id", "recommendation_answers.answered_by_id")


@events.personal_data.connect
def forwarding(user, **_kwargs):
    reads = db.session.scalars(select(OfficeAssignment).where(OfficeAssignment.user_id == user.id))
    handled = db.session.scalars(
        select(Forwarding).where(or_(Forwarding.sent_by_id == user.id, Forwarding.acknowledged_by_id == user.id,
                                     Forwarding.answered_by_id == user.id)).order_by(Forwarding.id)
    )
    answers = db.session.scalars(
        select(RecommendationAnswer).where(RecommendationAnswer.answered_by_id == user.id)
        .order_by(RecommendationAnswer.id)
    )
    return "forwarding", {
        "destinations_read": [{"destination_id": a.destination_id, "since": a.created_at} for a in reads],
        "forwardings": [
            {"forwarding_id": f.id, "summary_id": f.summary_id, "destination_id": f.destination_id,
             "sent": f.sent_by_id == user.id, "sent_at": f.sent_at, "covering_note": f.covering_note
             if f.sent_by_id == user.id else None,
             "acknowledged": f.acknowledged_by_id == user.id, "answered": f.answered_by_id == user.id,
             "overall_answer": f.overall_answer if f.answered_by_id == user.id else None}
            for f in handled
        ],
        "recommendation_answers": [
            {"forwarding_id": a.forwarding_id, "number": a.number, "stance": a.stance, "text": a.text,
             "at": a.created_at}
            for a in answers
        ],
    }
