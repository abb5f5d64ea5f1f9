"""The signals' part of a person's data download (events.personal_data), and what is forgotten
when they delete their account (events.account_erased).

A person gets in full the signals they reported, with the sources they gave. For every other
signal they only get its number and what they did to it: that they took it in review or decided on
it (and when), the entries of its history that are theirs (with their own notes), and the
escalations they sent, acknowledged or answered (with their own texts). Never the title, narrative
or sources of a signal someone else reported: it may be one they can no longer see (confidentiality
raised to the office), and it is that person's report."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from council import events
from council.extensions import db
from council.signals.models import Escalation, Signal, SignalEvent

COVERS = ("signals.reporter_id", "signals.reviewer_id", "signals.decided_by_id", "signal_events.actor_id",
          "signal_escalations.escalated_by_id", "signal_escalations.acknowledged_by_id",
          "signal_escalations.responded_by_id")


@events.personal_data.connect
def reported(user, **_kw):
    """The signals a person raised, with the sources and numbers they gave."""
    rows = db.session.scalars(
        select(Signal).options(selectinload(Signal.sources), selectinload(Signal.impacts))
        .where(Signal.reporter_id == user.id).order_by(Signal.id)
    )
    return "signals", [
        {
            "signal_id": s.id, "council_id": s.council_id, "channel": s.channel, "kind": s.kind, "title": s.title,
            "narrative": s.narrative, "language": s.language, "event_date": s.event_date.isoformat(),
            "date_precision": s.date_precision, "reported_at": s.reported_at, "area": s.area, "place": s.place,
            "latitude": s.latitude, "longitude": s.longitude, "severity": s.severity, "trend": s.trend,
            "gender_dimensions": s.gender_dimensions, "confidentiality": s.confidentiality, "status": s.status,
            "sources": [
                {"description": src.description, "scale": src.scale, "reliability": src.reliability,
                 "seen_themselves": src.seen_themselves}
                for src in s.sources
            ],
            "people_affected": [
                {"category": i.category, "sex": i.sex, "age_band": i.age_band, "count": i.count,
                 "estimate": i.estimate}
                for i in s.impacts
            ],
        }
        for s in rows
    ]


@events.personal_data.connect
def reviews(user, **_kw):
    """The signals a person took in review or decided on: the signal's number only, and when."""
    rows = db.session.scalars(
        select(Signal).where(or_(Signal.reviewer_id == user.id, Signal.decided_by_id == user.id)).order_by(Signal.id)
    )
    out = []
    for s in rows:
        entry: dict = {"signal_id": s.id, "council_id": s.council_id}
        if s.reviewer_id == user.id:
            entry["took_in_review_at"] = s.review_started_at
        if s.decided_by_id == user.id:
            entry["decided_at"] = s.decided_at
        out.append(entry)
    return "signal_reviews", out


@events.personal_data.connect
def history(user, **_kw):
    """The entries of signals' histories that are this person's: what they did, when, and their note."""
    rows = db.session.scalars(select(SignalEvent).where(SignalEvent.actor_id == user.id).order_by(SignalEvent.id))
    return "signal_history", [
        {"signal_id": e.signal_id, "escalation_id": e.escalation_id, "action": e.action, "from": e.from_value,
         "to": e.to_value, "note": e.note, "at": e.created_at}
        for e in rows
    ]


@events.personal_data.connect
def escalations(user, **_kw):
    """The escalations a person sent, acknowledged or answered, each with their own part only."""
    rows = db.session.scalars(
        select(Escalation).where(or_(Escalation.escalated_by_id == user.id,
                                     Escalation.acknowledged_by_id == user.id,
                                     Escalation.responded_by_id == user.id))
        .order_by(Escalation.id)
    )
    out = []
    for e in rows:
        entry: dict = {"escalation_id": e.id, "signal_id": e.signal_id, "destination_id": e.destination_id}
        if e.escalated_by_id == user.id:
            entry["sent"] = {"requested_action": e.requested_action, "note": e.note, "at": e.escalated_at}
        if e.acknowledged_by_id == user.id:
            entry["acknowledged_at"] = e.acknowledged_at
        if e.responded_by_id == user.id:
            entry["response"] = {"status": e.status, "reason": e.status_reason, "at": e.responded_at}
        out.append(entry)
    return "signal_escalations", out


@events.account_erased.connect
def _erased(user, **_kw):
    """The signals stay (the council's record of events); who reported them is forgotten: the
    reporter, the "raised" entry of the history and the form key (it holds the person's number).

    Who reviewed, decided, escalated, acknowledged or answered, and the history entries of these
    steps, are kept on purpose: they are the council's and the office's record of who took
    responsibility for a step, and the account they point at keeps no name once deleted."""
    reported_ids = select(Signal.id).where(Signal.reporter_id == user.id).scalar_subquery()
    db.session.execute(update(SignalEvent).where(SignalEvent.actor_id == user.id, SignalEvent.action == "raised",
                                                 SignalEvent.signal_id.in_(reported_ids)).values(actor_id=None))
    db.session.execute(update(Signal).where(Signal.reporter_id == user.id)
                       .values(reporter_id=None, submission_key=None))
