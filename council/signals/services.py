"""Changing signals: raising one, reviewing it, raising its confidentiality, escalating it to a
destination, and the destination's acknowledgement, response and outcome. Services flush, record
the audit event and the signal's history, send a domain event; they never commit."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from council import events
from council.agendas import services as agenda_services
from council.agendas.models import AgendaItem
from council.audit import services as audit
from council.core.markdown import render
from council.core.refusals import Conflict, Refusal
from council.councils.models import Council
from council.extensions import db, utcnow
from council.forwarding.models import Destination
from council.signals import codes
from council.signals.models import (
    Escalation,
    Indicator,
    Signal,
    SignalEvent,
    SignalImpact,
    SignalIndicator,
    SignalItemLink,
    SignalSector,
    SignalSource,
)

CHANNELS = tuple(codes.CHANNELS)
# A council's settings live in catalogue.py; callers may reach them through services.
from council.signals.catalogue import due_hours, ensure_catalogues, save_indicator, set_due_hours  # noqa: E402,F401


# --- raising ---------------------------------------------------------------------------------------


def _code(value, allowed, field: str, *, optional: bool = False):
    if value in (None, "") and optional:
        return None
    if value not in allowed:
        raise Refusal(_("Choose one of the values offered."), field=field)
    return value


def _text(value, limit: int, field: str, *, required: bool = False) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise Refusal(_("This field is required."), field=field)
    if len(value) > limit:
        raise Refusal(_("This is too long: at most %(n)s characters.", n=limit), field=field)
    return value


def _coordinate(value, limit: float, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Refusal(_("Give a number."), field=field) from None
    if not math.isfinite(number) or abs(number) > limit:
        raise Refusal(_("This is not a valid coordinate."), field=field)
    return round(number, 6)


def _sources(items: Iterable[dict[str, Any]]) -> list[SignalSource]:
    sources = []
    for raw in items or ():
        description = _text(raw.get("description"), codes.SOURCE_MAX, "sources")
        scale = _code(raw.get("scale") or "local", codes.SOURCE_SCALES, "sources")
        reliability = _code(raw.get("reliability") or "F", codes.RELIABILITY, "sources")
        sources.append(SignalSource(description=description, scale=scale, reliability=reliability,
                                    seen_themselves=bool(raw.get("seen_themselves"))))
    return sources


def _impacts(items: Iterable[dict[str, Any]]) -> list[SignalImpact]:
    impacts = []
    for raw in items or ():
        count = raw.get("count")
        if count in (None, "", 0):
            continue
        if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= 1_000_000:
            raise Refusal(_("Give a whole number of people between 0 and 1,000,000."), field="impacts")
        impacts.append(SignalImpact(
            category=_code(raw.get("category"), codes.IMPACT_CATEGORIES, "impacts"),
            sex=_code(raw.get("sex") or "unknown", codes.SEXES, "impacts"),
            age_band=_code(raw.get("age_band") or "unknown", codes.AGE_BANDS, "impacts"),
            count=count, estimate=bool(raw.get("estimate")),
        ))
    return impacts


def _indicator_ticks(council: Council, ticks) -> list[SignalIndicator]:
    """`ticks`: {indicator key: direction}."""
    ticks = dict(ticks or {})
    if not ticks:
        return []
    catalogue = {i.key: i for i in db.session.scalars(
        select(Indicator).where(Indicator.council_id == council.id, Indicator.active.is_(True)))}
    result = []
    for key, direction in ticks.items():
        if key not in catalogue:
            raise Refusal(_("Choose indicators from the council's list."), field="indicators")
        result.append(SignalIndicator(indicator_id=catalogue[key].id,
                                      direction=_code(direction, codes.DIRECTIONS, "indicators")))
    return result


def find_submission(council: Council, key: str | None, *, actor) -> Signal | None:
    if not key or actor is None:
        return None
    found = db.session.scalar(select(Signal).where(Signal.submission_key == f"{actor.id}:{key}"))
    if found is not None and found.council_id != council.id:
        raise Conflict(_("This form was already used. Check what you wrote and send it again."))
    return found


def raise_signal(council: Council, *, actor, channel: str = "web", **fields) -> Signal:
    """Record a signal as "new" (unverified). `actor` is the reporter (None for e-mail and SMS
    intake). Fields, all codes as in codes.py: title, narrative, kind, language, sector (key),
    event_date (date, default today), date_precision, area, place, latitude, longitude, event_type,
    sub_event_type, actor1_type, actor2_type, severity (0-4), trend, gender_dimensions (list),
    confidentiality, sources (list of {description, scale, reliability, seen_themselves}),
    impacts (list of {category, sex, age_band, count, estimate}), indicators ({key: direction}),
    submission_key (a form sent twice makes one signal). Refuses bad values with Refusal(field=)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    unknown = set(fields) - _FIELDS
    if unknown:
        raise TypeError(f"unknown signal fields {sorted(unknown)}")
    existing = find_submission(council, fields.get("submission_key"), actor=actor)
    if existing is not None:
        return existing
    ensure_catalogues(council)
    signal = Signal(council_id=council.id, reporter_id=getattr(actor, "id", None), channel=channel, status="new")
    _fill(signal, council, fields)
    if fields.get("submission_key") and actor is not None:
        signal.submission_key = f"{actor.id}:{fields['submission_key']}"[:80]
    db.session.add(signal)
    db.session.flush()
    _history(signal, "raised", actor, None, "new")
    audit.record(actor, "signal.raise", signal, council_id=council.id,
                 after={"channel": channel, "severity": signal.severity, "confidentiality": signal.confidentiality})
    db.session.flush()
    events.signal_raised.send(signal, actor=actor)
    return signal


_FIELDS = frozenset({
    "title", "narrative", "kind", "language", "sector", "event_date", "date_precision", "area", "place",
    "latitude", "longitude", "event_type", "sub_event_type", "actor1_type", "actor2_type", "severity", "trend",
    "gender_dimensions", "confidentiality", "sources", "impacts", "indicators", "submission_key", "reported_at",
})


def _fill(signal: Signal, council: Council, f: dict[str, Any]) -> None:
    signal.title = _text(f.get("title"), codes.TITLE_MAX, "title", required=True)
    signal.narrative = _text(f.get("narrative"), codes.NARRATIVE_MAX, "narrative")
    signal.narrative_html = render(signal.narrative)
    signal.kind = _code(f.get("kind") or "incident", codes.KINDS, "kind")
    signal.language = _text(f.get("language") or (council.working_languages or ["en"])[0], 10, "language")
    sector_key = f.get("sector")
    if sector_key:
        sector = db.session.scalar(select(SignalSector).where(
            SignalSector.council_id == council.id, SignalSector.key == sector_key, SignalSector.active.is_(True)))
        if sector is None:
            raise Refusal(_("Choose one of the values offered."), field="sector")
        signal.sector_id = sector.id
    event_date = f.get("event_date") or utcnow().date()
    if not isinstance(event_date, date) or event_date > utcnow().date() + timedelta(days=1) \
            or event_date.year < 1900:
        raise Refusal(_("Give a date that is not in the future."), field="event_date")
    signal.event_date = event_date
    signal.date_precision = _code(f.get("date_precision") or "day", codes.DATE_PRECISIONS, "date_precision")
    if isinstance(f.get("reported_at"), datetime):
        signal.reported_at = f["reported_at"]
    signal.area = _text(f.get("area"), codes.PLACE_MAX, "area")
    signal.place = _text(f.get("place"), codes.PLACE_MAX, "place")
    signal.latitude = _coordinate(f.get("latitude"), 90, "latitude")
    signal.longitude = _coordinate(f.get("longitude"), 180, "longitude")
    if (signal.latitude is None) != (signal.longitude is None):
        raise Refusal(_("Give both latitude and longitude, or neither."), field="latitude")
    signal.event_type = _code(f.get("event_type"), codes.EVENT_TYPES, "event_type", optional=True)
    signal.sub_event_type = _code(f.get("sub_event_type"), codes.SUB_EVENT_TYPES, "sub_event_type", optional=True)
    if signal.sub_event_type:
        parent = codes.SUB_EVENT_TYPES[signal.sub_event_type][0]
        if signal.event_type and signal.event_type != parent:
            raise Refusal(_("This sub-event type belongs to another event type."), field="sub_event_type")
        signal.event_type = parent
    signal.actor1_type = _code(f.get("actor1_type"), codes.ACTOR_TYPES, "actor1_type", optional=True)
    signal.actor2_type = _code(f.get("actor2_type"), codes.ACTOR_TYPES, "actor2_type", optional=True)
    severity = f.get("severity", 0)
    if isinstance(severity, str) and severity.isdigit():
        severity = int(severity)
    signal.severity = _code(severity, codes.SEVERITIES, "severity")
    signal.trend = _code(f.get("trend") or "unknown", codes.TRENDS, "trend")
    dimensions = list(dict.fromkeys(f.get("gender_dimensions") or []))
    for d in dimensions:
        _code(d, codes.GENDER_DIMENSIONS, "gender_dimensions")
    signal.gender_dimensions = dimensions
    signal.confidentiality = _code(f.get("confidentiality") or "council", codes.CONFIDENTIALITY, "confidentiality")
    signal.sources = _sources(f.get("sources") or [])
    signal.impacts = _impacts(f.get("impacts") or [])
    signal.indicators = _indicator_ticks(council, f.get("indicators"))


def _history(signal: Signal, action: str, actor, before: str | None, after: str | None, note: str = "",
             escalation: Escalation | None = None) -> SignalEvent:
    event = SignalEvent(signal_id=signal.id, actor_id=getattr(actor, "id", None), action=action,
                        from_value=before, to_value=after, note=note,
                        escalation_id=escalation.id if escalation is not None else None)
    db.session.add(event)
    return event


# --- review ----------------------------------------------------------------------------------------


def take_for_review(signal: Signal, *, actor) -> None:
    """A facilitator takes a new (or disputed) signal in review; others see who has it."""
    if signal.status not in ("new", "disputed"):
        raise Conflict(_("This signal is not waiting for review."))
    before = signal.status
    signal.status = "in_review"
    signal.reviewer_id = actor.id
    signal.review_started_at = utcnow()
    db.session.flush()
    _history(signal, "review", actor, before, "in_review")
    audit.record(actor, "signal.review", signal, council_id=signal.council_id,
                 before={"status": before}, after={"status": "in_review"})
    db.session.flush()
    events.signal_status_changed.send(signal, actor=actor, before=before)


def decide(signal: Signal, *, outcome: str, note: str = "", actor) -> None:
    """Close the review: verified, disputed, false or information only, with why."""
    if outcome not in codes.REVIEW_OUTCOMES:
        raise Refusal(_("Choose one of the values offered."), field="outcome")
    note = _text(note, codes.NOTE_MAX, "note", required=outcome in ("disputed", "false"))
    if signal.status != "in_review":
        raise Conflict(_("Take the signal in review before deciding on it."))
    if outcome == "verified" and signal.reporter_id is not None and signal.reporter_id == actor.id:
        raise Refusal(_("Someone other than the reporter must verify this signal."), field="outcome")
    before = signal.status
    signal.status = outcome
    signal.decided_by_id = actor.id
    signal.decided_at = utcnow()
    db.session.flush()
    _history(signal, "decide", actor, before, outcome, note)
    audit.record(actor, "signal.decide", signal, council_id=signal.council_id,
                 before={"status": before}, after={"status": outcome})
    db.session.flush()
    events.signal_status_changed.send(signal, actor=actor, before=before)


def raise_confidentiality(signal: Signal, *, level: str, note: str = "", actor) -> None:
    """Make a signal more confidential; it can never be made less so."""
    _code(level, codes.CONFIDENTIALITY, "confidentiality")
    note = _text(note, codes.NOTE_MAX, "note")
    if codes.CONFIDENTIALITY_RANK[level] <= codes.CONFIDENTIALITY_RANK[signal.confidentiality]:
        raise Refusal(_("Confidentiality can only be raised, never lowered."), field="confidentiality")
    before = signal.confidentiality
    signal.confidentiality = level
    _withdraw_notifications(signal)
    db.session.flush()
    _history(signal, "confidentiality", actor, before, level, note)
    audit.record(actor, "signal.confidentiality", signal, council_id=signal.council_id,
                 before={"confidentiality": before}, after={"confidentiality": level})
    db.session.flush()


def _withdraw_notifications(signal: Signal) -> None:
    """After confidentiality is raised, take back the in-app notifications about the signal from
    council members who may no longer read it (e-mails already sent cannot be recalled)."""
    from council.councils.models import Membership
    from council.notifications.models import Notification

    keep = {signal.reporter_id}
    if signal.confidentiality == "facilitators_office":
        keep |= set(db.session.scalars(select(Membership.user_id).where(
            Membership.council_id == signal.council_id, Membership.role == "facilitator")))
    candidates = db.session.scalars(select(Notification).where(
        Notification.kind.in_(("signal_raised", "signal_updated", "signal_responded")),
        Notification.council_id == signal.council_id))
    for n in candidates:
        if (n.data or {}).get("signal_id") == signal.id and n.user_id not in keep:
            db.session.delete(n)


# --- escalation and response ------------------------------------------------------------------------


def escalate(signal: Signal, *, destination: Destination, requested_action: str, note: str = "", actor,
             now: datetime | None = None) -> Escalation:
    if signal.status != "verified":
        raise Conflict(_("Only a verified signal can be escalated."))
    if destination is None or not destination.active:
        raise Refusal(_("Choose one of the values offered."), field="destination")
    _code(requested_action, codes.REQUESTED_ACTIONS, "requested_action")
    note = _text(note, codes.NOTE_MAX, "note")
    if any(e.destination_id == destination.id for e in signal.escalations):
        raise Conflict(_("This signal was already escalated to this destination."))
    now = now or utcnow()
    escalation = Escalation(
        signal_id=signal.id, council_id=signal.council_id, destination_id=destination.id,
        requested_action=requested_action, note=note, escalated_by_id=actor.id, escalated_at=now,
        due_at=now + timedelta(hours=due_hours(signal.council_id)[signal.severity]), status="sent",
    )
    db.session.add(escalation)
    db.session.flush()
    _history(signal, "escalate", actor, None, "sent", note, escalation)
    audit.record(actor, "signal.escalate", escalation, council_id=signal.council_id,
                 after={"destination": destination.id, "requested_action": requested_action,
                        "due_at": escalation.due_at.isoformat()})
    db.session.flush()
    events.signal_escalated.send(escalation, actor=actor)
    return escalation


def acknowledge(escalation: Escalation, *, actor) -> None:
    if escalation.status != "sent":
        raise Conflict(_("This escalation was already acknowledged."))
    escalation.status = "acknowledged"
    escalation.acknowledged_by_id = actor.id
    escalation.acknowledged_at = utcnow()
    _after_response(escalation, "acknowledge", "sent", "acknowledged", "", actor, "status")


def respond(escalation: Escalation, *, status: str, reason: str = "", actor) -> None:
    """The destination says what it does: action under way, completed, no action (why), declined (why)."""
    _code(status, codes.ANSWERED_STATUSES, "status")
    reason = _text(reason, codes.NOTE_MAX, "reason", required=status in codes.NEEDS_REASON)
    if escalation.status == "sent":
        raise Conflict(_("Acknowledge the escalation first."))
    if escalation.status in ("completed", "no_action", "declined"):
        raise Conflict(_("A final response was already recorded."))
    before = escalation.status
    escalation.status = status
    escalation.status_reason = reason
    escalation.responded_by_id = actor.id
    escalation.responded_at = utcnow()
    _after_response(escalation, "respond", before, status, reason, actor, "status")


def record_outcome(escalation: Escalation, *, outcome: str, note: str = "", actor) -> None:
    _code(outcome, codes.OUTCOMES, "outcome")
    note = _text(note, codes.NOTE_MAX, "note")
    if escalation.status not in codes.ANSWERED_STATUSES:
        raise Conflict(_("Record a response before the outcome."))
    before = escalation.outcome
    escalation.outcome = outcome
    escalation.outcome_at = utcnow()
    _after_response(escalation, "outcome", before, outcome, note, actor, "outcome")


def _after_response(escalation: Escalation, action: str, before, after, note: str, actor, field: str) -> None:
    db.session.flush()
    _history(escalation.signal, action, actor, before, after, note, escalation)
    audit.record(actor, f"signal.{action}", escalation, council_id=escalation.council_id,
                 before={field: before} if before else None, after={field: after})
    db.session.flush()
    events.signal_responded.send(escalation, actor=actor, action=action)


def is_overdue(escalation: Escalation, now: datetime | None = None) -> bool:
    return escalation.status in ("sent", "acknowledged") and escalation.due_at < (now or utcnow())


# --- links to agenda items -------------------------------------------------------------------------


def link_item(signal: Signal, item: AgendaItem, *, actor) -> None:
    if item.council_id != signal.council_id:
        raise Refusal(_("Choose only items of this council to link to."), field="item")
    if any(link.item_id == item.id for link in signal.item_links):
        return
    db.session.add(SignalItemLink(signal_id=signal.id, item_id=item.id))
    db.session.flush()
    _history(signal, "link", actor, None, str(item.id))
    audit.record(actor, "signal.link", signal, council_id=signal.council_id, after={"item": item.id})
    db.session.flush()


def make_agenda_item(signal: Signal, council: Council, *, actor) -> AgendaItem:
    """Propose an agenda item from a signal, linked to it, in one step. Only for signals the whole
    council may read: an agenda item is seen by every member."""
    if signal.confidentiality != "council":
        raise Refusal(_("Only a signal the whole council may read can become an agenda item."))
    theme = "security" if signal.sector and signal.sector.key == "security" else "other"
    try:
        item, _created = agenda_services.propose(
            council, title=signal.title[:200], description=signal.narrative or signal.title, theme=theme,
            place=signal.place, language=signal.language, actor=actor,
        )
    except agenda_services.AgendaError as error:
        raise Refusal(str(error)) from None
    link_item(signal, item, actor=actor)
    return item
