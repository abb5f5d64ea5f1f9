"""What the signal pages read. Every query that lists or loads signals filters by what the reader
may see (permissions.signal_levels): a signal one may not see is never counted, listed or found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import abort
from flask_babel import get_locale
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import selectinload

from council.extensions import db, utcnow
from council.forwarding.models import Destination
from council.permissions import Permission, can, destination_ids, roles, Role, signal_levels
from council.signals import codes
from council.signals.models import Escalation, Indicator, Signal, SignalIndicator, SignalSector

PER_PAGE = 25


# --- labels ------------------------------------------------------------------------------------------


def _language() -> str:
    return str(get_locale() or "en")


def sector_label(sector: SignalSector | None) -> str:
    if sector is None:
        return ""
    names = sector.names or {}
    if names.get(_language()):
        return names[_language()]
    if sector.key in codes.DEFAULT_SECTORS:
        return str(codes.DEFAULT_SECTORS[sector.key])
    return next((v for v in names.values() if v), sector.key)


def indicator_label(indicator: Indicator) -> str:
    names = indicator.names or {}
    if names.get(_language()):
        return names[_language()]
    if indicator.key in codes.DEFAULT_INDICATORS:
        return str(codes.DEFAULT_INDICATORS[indicator.key][3])
    return next((v for v in names.values() if v), indicator.key)


def label(vocabulary: str, code) -> str:
    """The label of `code` in one of codes.py's vocabularies ("" for none)."""
    if code is None or code == "":
        return ""
    table = getattr(codes, vocabulary)
    value = table.get(code)
    if isinstance(value, tuple):
        value = value[1]
    return str(value) if value is not None else str(code)


# --- catalogues ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    nature: str = ""
    polarity: str = ""
    gender_sensitive: bool = False


def sector_choices(council) -> list[Choice]:
    rows = db.session.scalars(select(SignalSector).where(
        SignalSector.council_id == council.id, SignalSector.active.is_(True)).order_by(SignalSector.position)).all()
    if rows:
        return [Choice(s.key, sector_label(s)) for s in rows]
    return [Choice(k, str(v)) for k, v in codes.DEFAULT_SECTORS.items()]


def indicator_choices(council) -> list[Choice]:
    rows = db.session.scalars(select(Indicator).where(
        Indicator.council_id == council.id, Indicator.active.is_(True)).order_by(Indicator.position)).all()
    if rows:
        return [Choice(i.key, indicator_label(i), i.nature, i.polarity, i.gender_sensitive) for i in rows]
    return [Choice(k, str(v[3]), v[0], v[2], v[1]) for k, v in codes.DEFAULT_INDICATORS.items()]


def indicators(council) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.council_id == council.id)
                                   .order_by(Indicator.position, Indicator.id)))


# --- visibility ------------------------------------------------------------------------------------------


def visible(user, council):
    """The condition on Signal that keeps only what `user` may see of `council`'s signals."""
    levels, own = signal_levels(user, council)
    conditions = [Signal.confidentiality.in_(sorted(levels))] if levels else []
    if own and getattr(user, "is_authenticated", False):
        conditions.append(and_(Signal.reporter_id == user.id, Signal.confidentiality.in_(sorted(own))))
    if not conditions:
        return and_(Signal.council_id == council.id, false())
    return and_(Signal.council_id == council.id, or_(*conditions))


def _options():
    return (
        selectinload(Signal.sector),
        selectinload(Signal.escalations).selectinload(Escalation.destination),
    )


def get_visible(council, signal_id: int, user) -> Signal:
    """The signal, or 404 exactly as if it did not exist."""
    signal = db.session.scalar(select(Signal).where(Signal.id == signal_id, visible(user, council)).options(
        *_options(), selectinload(Signal.sources), selectinload(Signal.impacts),
        selectinload(Signal.indicators).selectinload(SignalIndicator.indicator),
        selectinload(Signal.events), selectinload(Signal.item_links), selectinload(Signal.reporter),
        selectinload(Signal.reviewer)))
    if signal is None:
        abort(404)
    return signal


def overdue_condition(now: datetime | None = None):
    now = now or utcnow()
    return and_(Escalation.status.in_(("sent", "acknowledged")), Escalation.due_at < now)


def is_overdue(escalation: Escalation, now: datetime | None = None) -> bool:
    return escalation.status in ("sent", "acknowledged") and escalation.due_at < (now or utcnow())


def signal_overdue(signal: Signal, now: datetime | None = None) -> bool:
    return any(is_overdue(e, now) for e in signal.escalations)


# --- the list ------------------------------------------------------------------------------------------------


FILTER_KEYS = ("status", "severity", "sector", "kind", "area", "since", "until", "overdue")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def clean_filters(args) -> dict[str, Any]:
    """Filters from the query string; unknown values are dropped (never an error)."""
    f: dict[str, Any] = {}
    if args.get("status") in codes.STATUSES:
        f["status"] = args["status"]
    if (args.get("severity") or "").isdigit() and int(args["severity"]) in codes.SEVERITIES:
        f["severity"] = int(args["severity"])
    if args.get("kind") in codes.KINDS:
        f["kind"] = args["kind"]
    for key in ("sector", "area"):
        value = (args.get(key) or "").strip()
        if value and len(value) <= 200:
            f[key] = value
    for key in ("since", "until"):
        if _date(args.get(key)):
            f[key] = _date(args.get(key))
    if args.get("overdue") in ("1", "on", "yes", "y"):
        f["overdue"] = True
    return f


def filtered(council, user, filters: dict[str, Any]):
    query = select(Signal).where(visible(user, council))
    if "status" in filters:
        query = query.where(Signal.status == filters["status"])
    if "severity" in filters:
        query = query.where(Signal.severity == filters["severity"])
    if "kind" in filters:
        query = query.where(Signal.kind == filters["kind"])
    if "sector" in filters:
        query = query.where(Signal.sector.has(SignalSector.key == filters["sector"]))
    if "area" in filters:
        query = query.where(Signal.area == filters["area"])
    if "since" in filters:
        query = query.where(Signal.event_date >= filters["since"])
    if "until" in filters:
        query = query.where(Signal.event_date <= filters["until"])
    if filters.get("overdue"):
        query = query.where(Signal.escalations.any(overdue_condition()))
    return query


def page_of(council, user, filters: dict[str, Any], page: int = 1):
    """A page of the visible signals, newest event first. A fixed number of queries."""
    query = filtered(council, user, filters).options(*_options()).order_by(
        Signal.event_date.desc(), Signal.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def areas(council, user) -> list[str]:
    """The districts or areas named in the signals `user` may see."""
    return list(db.session.scalars(select(Signal.area).where(visible(user, council), Signal.area != "")
                                   .distinct().order_by(Signal.area)))


# --- escalations for office readers and dashboards ------------------------------------------------------


def escalations_for_reader(user, page: int = 1, *, overdue_only: bool = False):
    """Escalations to the destinations `user` reads for (every one for an admin), overdue first."""
    query = select(Escalation).join(Signal, Signal.id == Escalation.signal_id)
    if Role.ADMIN not in roles(user):
        query = query.where(Escalation.destination_id.in_(sorted(destination_ids(user)) or [-1]))
    if overdue_only:
        query = query.where(overdue_condition())
    overdue_first = overdue_condition()
    from sqlalchemy import case

    query = query.options(selectinload(Escalation.destination), selectinload(Escalation.signal)).order_by(
        case((overdue_first, 0), else_=1), Escalation.due_at, Escalation.id)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def overdue_for_facilitator(user) -> list[Escalation]:
    """Overdue escalations of signals the user may see, in the councils they facilitate."""
    from council.councils.models import Council, Membership

    council_ids = list(db.session.scalars(select(Membership.council_id).where(
        Membership.user_id == user.id, Membership.status == "active", Membership.role == "facilitator")))
    if not council_ids:
        return []
    councils = db.session.scalars(select(Council).where(Council.id.in_(council_ids))).all()
    conditions = [visible(user, c) for c in councils]
    return list(db.session.scalars(
        select(Escalation).join(Signal, Signal.id == Escalation.signal_id)
        .where(or_(*conditions), overdue_condition())
        .options(selectinload(Escalation.signal), selectinload(Escalation.destination))
        .order_by(Escalation.due_at).limit(50)))


def destinations() -> list[Destination]:
    return list(db.session.scalars(select(Destination).where(Destination.active.is_(True)).order_by(Destination.id)))


def may_respond(user, escalation: Escalation) -> bool:
    from council.permissions import for_destination

    return for_destination(user, Permission.RESPOND_SIGNAL, escalation.destination_id)


# --- location and sources, as the reader may see them -----------------------------------------------------


def point(signal: Signal, user, council) -> tuple[float, float] | None:
    """The signal's point: exact for facilitators and office, about 1 km (two decimals) for others."""
    if signal.latitude is None or signal.longitude is None:
        return None
    if can(user, Permission.SEE_SIGNAL_DETAILS, council):
        return signal.latitude, signal.longitude
    return round(signal.latitude, 2), round(signal.longitude, 2)


def sees_source_identity(signal: Signal, user, council) -> bool:
    if can(user, Permission.SEE_SIGNAL_DETAILS, council):
        return True
    return getattr(user, "is_authenticated", False) and signal.reporter_id == user.id


# --- trends ------------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def trend(council, user, *, weeks: int = 12, by: str = "sector", today: date | None = None):
    """Counts of visible signals per week over the last `weeks`, per sector or per area:
    (list of week starts, {series label: [count per week]})."""
    today = today or utcnow().date()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    rows = db.session.execute(
        select(Signal.event_date, Signal.area, SignalSector)
        .outerjoin(SignalSector, SignalSector.id == Signal.sector_id)
        .where(visible(user, council), Signal.event_date >= first, Signal.event_date <= today)
    ).all()
    series: dict[str, list[int]] = {}
    for event_date, area, sector in rows:
        name = (sector_label(sector) if sector is not None else "") if by == "sector" else (area or "")
        counts = series.setdefault(name, [0] * weeks)
        counts[(week_start(event_date) - first).days // 7] += 1
    return starts, dict(sorted(series.items(), key=lambda kv: kv[0].casefold()))


def people(user_ids) -> dict[int, str]:
    """Display names (pseudonyms) of the people named in a signal's history, in one query."""
    from council.auth.models import User

    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).tuples().all())


def history_label(event) -> str:
    """One line of a signal's history, in the reader's language."""
    from flask_babel import gettext as _

    action, to = event.action, event.to_value
    if action == "raised":
        return _("Raised")
    if action == "review":
        return _("Taken in review")
    if action == "decide":
        return _("Review decided: %(status)s", status=label("STATUSES", to))
    if action == "confidentiality":
        return _("Made readable only by: %(who)s", who=label("CONFIDENTIALITY", to))
    if action == "escalate":
        return _("Escalated")
    if action == "acknowledge":
        return _("Escalation acknowledged")
    if action == "respond":
        return _("Response: %(status)s", status=label("ESCALATION_STATUSES", to))
    if action == "outcome":
        return _("Outcome: %(outcome)s", outcome=label("OUTCOMES", to))
    if action == "link":
        return _("Linked to an agenda item")
    return action
