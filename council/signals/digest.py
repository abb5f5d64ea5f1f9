"""The signals' part of the office reader's digest: alerts needing attention, open escalations to
the destinations the reader follows, the regional picture (signals by sector and kind against the
previous four periods' average) and review backlogs. Every query keeps to the signals the reader
may see (permissions.signal_levels, council by council)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import and_, case, false, func, or_, select

from council import events
from council.core.digest import ROW_LIMIT, Column, Labels, Part, Scope, Table, Waiting, iso
from council.extensions import db, utcnow
from council.permissions import signal_levels
from council.signals import queries
from council.signals.models import Escalation, Signal, SignalSector

OPEN_ESCALATION = ("sent", "acknowledged", "under_way")
AWAITING = ("sent", "acknowledged")  # no response yet: overdue once past the due date
CLOSED_REVIEW = ("false", "information_only")


def visible_in(user, council_ids) -> object:
    """The condition on Signal that keeps what `user` may see of the signals of these councils
    (one clause per set of councils where the user sees the same levels)."""
    groups: dict[tuple[frozenset, frozenset], list[int]] = {}
    for council_id in council_ids:
        levels, own = signal_levels(user, SimpleNamespace(id=council_id))
        groups.setdefault((levels, own), []).append(council_id)
    conditions = []
    for (levels, own), ids in groups.items():
        allowed = [Signal.confidentiality.in_(sorted(levels))] if levels else []
        if own and getattr(user, "is_authenticated", False):
            allowed.append(and_(Signal.reporter_id == user.id, Signal.confidentiality.in_(sorted(own))))
        if allowed:
            conditions.append(and_(Signal.council_id.in_(ids), or_(*allowed)))
    return or_(*conditions) if conditions else false()


def _alerts(scope: Scope, visible, now, lab: Labels) -> Table:
    destinations = scope.destination_ids or (-1,)
    waiting_here = Signal.escalations.any(and_(Escalation.destination_id.in_(destinations),
                                               Escalation.status.in_(AWAITING)))
    signals = db.session.execute(
        select(Signal.id, Signal.council_id, Signal.title, Signal.severity, Signal.trend, Signal.status,
               Signal.event_date, Signal.reported_at)
        .where(visible, or_(Signal.severity >= 3, Signal.trend == "escalating"),
               Signal.status.not_in(CLOSED_REVIEW),
               or_(and_(Signal.reported_at >= scope.since, Signal.reported_at < scope.until), waiting_here))
    ).all()
    due: dict[int, tuple] = {}  # signal id -> (first due date, overdue) of its escalations waiting for the reader
    for signal_id, due_at in db.session.execute(
            select(Escalation.signal_id, Escalation.due_at).join(Signal, Signal.id == Escalation.signal_id)
            .where(visible, Escalation.destination_id.in_(destinations), Escalation.status.in_(AWAITING))):
        first, overdue = due.get(signal_id, (None, False))
        due[signal_id] = (min(first, due_at) if first else due_at, overdue or due_at < now)
    listed = sorted(signals, key=lambda s: (not due.get(s.id, (None, False))[1], -s.severity,
                                            -s.reported_at.timestamp(), s.id))
    return Table(
        "alerts", _("Signals of alert or urgent severity, or escalating"),
        [Column("council", _("Council")), Column("title", _("Signal"), "user"),
         Column("severity", _("Severity")), Column("trend", _("Trend")),
         Column("status", _("Verification")), Column("event_date", _("Date of the event"), "date"),
         Column("due", _("Response due"), "date"), Column("overdue", _("Overdue"), "flag")],
        [{"council": scope.council(s.council_id), "title": s.title,
          "severity": lab(queries.label, "SEVERITIES", s.severity), "trend": lab(queries.label, "TRENDS", s.trend),
          "status": lab(queries.label, "STATUSES", s.status), "event_date": iso(s.event_date),
          "due": iso(due.get(s.id, (None, False))[0]), "overdue": due.get(s.id, (None, False))[1]}
         for s in listed[:ROW_LIMIT]],
        total=len(listed))


def _escalations(scope: Scope, visible, now, lab: Labels) -> tuple[list[Table], list[Waiting]]:
    rows = db.session.execute(
        select(Escalation.id, Escalation.destination_id, Escalation.requested_action, Escalation.status,
               Escalation.escalated_at, Escalation.due_at, Signal.title, Signal.council_id)
        .join(Signal, Signal.id == Escalation.signal_id)
        .where(visible, Escalation.destination_id.in_(scope.destination_ids or (-1,)),
               Escalation.status.in_(OPEN_ESCALATION))
    ).all()

    def overdue(e) -> bool:
        return e.status in AWAITING and e.due_at < now

    rows.sort(key=lambda e: (not overdue(e), e.due_at, e.id))
    tracker = Table(
        "escalations_open", _("Open escalations of early-warning signals"),
        [Column("council", _("Council")), Column("title", _("Signal"), "user"),
         Column("destination", _("Destination")), Column("action", _("Action requested")),
         Column("status", _("Status")), Column("escalated", _("Escalated"), "date"),
         Column("age", _("Days since escalated"), "number"), Column("due", _("Response due"), "date"),
         Column("overdue", _("Overdue"), "flag")],
        [{"council": scope.council(e.council_id), "title": e.title,
          "destination": scope.destination(e.destination_id),
          "action": lab(queries.label, "REQUESTED_ACTIONS", e.requested_action),
          "status": lab(queries.label, "ESCALATION_STATUSES", e.status), "escalated": iso(e.escalated_at),
          "age": max(0, (now - e.escalated_at).days), "due": iso(e.due_at), "overdue": overdue(e)}
         for e in rows[:ROW_LIMIT]],
        total=len(rows))
    by_status = Table(
        "escalations_by_status", _("Open escalations by status"),
        [Column("status", _("Status")), Column("count", _("Number"), "number")],
        [{"status": lab(queries.label, "ESCALATION_STATUSES", status), "count": sum(1 for e in rows if e.status == status)}
         for status in OPEN_ESCALATION]
        + [{"status": _("Overdue"), "count": sum(1 for e in rows if overdue(e))}])
    kind = _("Escalated signal")
    waiting = [Waiting(kind, e.title, scope.council(e.council_id), e.due_at.date(), overdue(e),
                       lab(queries.label, "ESCALATION_STATUSES", e.status))
               for e in rows if e.status in AWAITING]
    return [by_status, tracker], waiting


def _regional(scope: Scope, visible, lab: Labels) -> tuple[list[Table], dict[int, int], int]:
    """Signals by region, sector and kind in the period, against the average of the four periods of
    the same length before it; (tables, signals per council in the period, people behind them)."""
    first = scope.start - timedelta(days=4 * scope.days)
    current = case((Signal.event_date >= scope.start, 1), else_=0)
    rows = db.session.execute(
        select(Signal.council_id, Signal.sector_id, Signal.kind, current, func.count())
        .where(visible, Signal.event_date >= first, Signal.event_date <= scope.end)
        .group_by(Signal.council_id, Signal.sector_id, Signal.kind, current)
    ).all()
    sector_ids = {r[1] for r in rows if r[1] is not None}
    sectors = {s.id: queries.sector_label(s) for s in db.session.scalars(
        select(SignalSector).where(SignalSector.id.in_(sector_ids or {-1})))}
    people = db.session.execute(
        select(func.count(func.distinct(Signal.reporter_id)), func.sum(case((Signal.reporter_id.is_(None), 1), else_=0)))
        .where(visible, Signal.event_date >= scope.start, Signal.event_date <= scope.end)).one()
    figures: dict[tuple[int, str, str], list[int]] = {}  # (region, dimension, label) -> [now, before]
    totals: dict[int, list[int]] = {}
    activity: dict[int, int] = {}
    no_sector = _("No sector")
    for council_id, sector_id, kind, is_current, count in rows:
        region = scope.council_regions.get(council_id, 0)
        index = 0 if is_current else 1
        sector = sectors.get(sector_id, no_sector) if sector_id is not None else no_sector
        for key in ((region, "sector", sector), (region, "kind", lab(queries.label, "KINDS", kind))):
            figures.setdefault(key, [0, 0])[index] += count
        totals.setdefault(region, [0, 0])[index] += count
        if is_current:
            activity[council_id] = activity.get(council_id, 0) + count
    dimension = {"sector": _("Sector"), "kind": _("Kind")}

    def region_name(region_id: int) -> str:
        return scope.region_names.get(region_id, "")

    order = sorted(figures, key=lambda k: (region_name(k[0]).casefold(), k[0], k[1] != "sector", k[2].casefold()))
    detail = Table(
        "regional", _("Signals by region, sector and kind"),
        [Column("region", _("Region")), Column("dimension", _("By")), Column("category", _("Category")),
         Column("count", _("In the period"), "number"),
         Column("average", _("Average of the four periods before"), "number"),
         Column("change", _("Change"), "number")],
        [{"region": region_name(k[0]), "dimension": dimension[k[1]], "category": k[2], "count": figures[k][0],
          "average": round(figures[k][1] / 4, 1), "change": round(figures[k][0] - figures[k][1] / 4, 1)}
         for k in order],
        people=int(people[0] or 0) + int(people[1] or 0))
    overview = Table(
        "regional_totals", _("Signals by region"),
        [Column("region", _("Region")), Column("count", _("In the period"), "number"),
         Column("average", _("Average of the four periods before"), "number")],
        [{"region": region_name(r), "count": totals[r][0], "average": round(totals[r][1] / 4, 1)}
         for r in sorted(totals, key=lambda r: (region_name(r).casefold(), r))],
        people=detail.people, chart="bars")
    return [overview, detail], activity, detail.people or 0


def parts(scope: Scope) -> list[Part]:
    if not scope.council_ids:
        return []
    now = scope.now or utcnow()
    visible = visible_in(scope.reader, scope.council_ids)
    lab = Labels()
    alerts = _alerts(scope, visible, now, lab)
    tracker, waiting = _escalations(scope, visible, now, lab)
    regional, activity, _people = _regional(scope, visible, lab)
    reported, verified = db.session.execute(
        select(func.sum(case((and_(Signal.reported_at >= scope.since, Signal.reported_at < scope.until), 1), else_=0)),
               func.sum(case((and_(Signal.status == "verified", Signal.decided_at >= scope.since,
                                   Signal.decided_at < scope.until), 1), else_=0)))
        .where(visible)).one()
    backlog = dict(db.session.execute(
        select(Signal.council_id, func.count()).where(visible, Signal.status.in_(("new", "in_review")))
        .group_by(Signal.council_id)).tuples().all())
    return [
        Part("bottom_line", waiting=waiting, changes=[(_("Signals raised"), int(reported or 0)),
                                                     (_("Signals verified"), int(verified or 0))],
             backlog={_("Signals waiting for review"): backlog}, activity=activity),
        Part("alerts", tables=[alerts]),
        Part("responses", tables=tracker, order=40),
        Part("regional", tables=regional),
    ]


@events.office_digest.connect
def _digest(scope: Scope, **_kw):
    return "signals", parts(scope)

