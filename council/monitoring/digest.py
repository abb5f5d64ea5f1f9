"""Monitoring's part of the office reader's digest: published assessments of the followed councils
whose status changed or regressed in the period, and contested ones. Only published assessments
(queries.Scope's rule): drafts and reviewed assessments never reach the digest."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council import events
from council.core.digest import ROW_LIMIT, Column, Part, Scope, Table
from council.extensions import db
from council.monitoring import queries
from council.monitoring.models import Assessment, AssessmentStatus, MinorityView, Provision, score_of
from council.monitoring.services import contested, trend
from council.permissions import Permission, council_ids_with

CHANGE_LABELS = {"up": lambda: _("Improved"), "down": lambda: _("Regressed"), "changed": lambda: _("Changed"),
                 "first": lambda: _("First published assessment")}


def _councils(scope: Scope) -> list[int]:
    allowed = council_ids_with(scope.reader, Permission.VIEW_MONITORING)
    return [c for c in scope.council_ids if allowed is None or c in allowed]


def parts(scope: Scope) -> list[Part]:
    councils = _councils(scope)
    if not councils:
        return []
    published = (Assessment.status == AssessmentStatus.PUBLISHED.value, Assessment.council_id.in_(councils))
    new = list(db.session.scalars(
        select(Assessment).where(*published, Assessment.published_at >= scope.since,
                                 Assessment.published_at < scope.until)
        .options(selectinload(Assessment.provision).selectinload(Provision.texts))
        .order_by(Assessment.published_at, Assessment.id)))
    history: dict[tuple[int, int], list[tuple]] = {}
    minority: dict[int, list[int]] = {}
    if new:
        for row in db.session.execute(
                select(Assessment.provision_id, Assessment.council_id, Assessment.period_start, Assessment.rating)
                .where(*published, Assessment.provision_id.in_({a.provision_id for a in new}),
                       Assessment.published_at < scope.until)):
            history.setdefault((row[0], row[1]), []).append((row[2], row[3]))
        for assessment_id, rating in db.session.execute(
                select(MinorityView.assessment_id, MinorityView.rating)
                .where(MinorityView.assessment_id.in_([a.id for a in new]))):
            if score_of(rating) is not None:
                minority.setdefault(assessment_id, []).append(score_of(rating))
    rows, regressed, authors = [], 0, set()
    activity: dict[int, int] = {}
    for a in new:
        activity[a.council_id] = activity.get(a.council_id, 0) + 1
        earlier = [h for h in history.get((a.provision_id, a.council_id), []) if h[0] < a.period_start]
        previous = max(earlier)[1] if earlier else None
        if previous is None:
            change = "first"
        else:
            change = trend(a.score, score_of(previous)) or ("same" if previous == a.rating else "changed")
        is_contested = contested(a, minority.get(a.id, []))
        if change == "same" and not is_contested:
            continue
        regressed += change == "down"
        if a.author_id:
            authors.add(a.author_id)
        rows.append({
            "council": scope.council(a.council_id),
            "provision": f"{a.provision.reference} {queries.provision_title(a.provision).text}".strip(),
            "period": a.period,
            "previous": queries.label(queries.RATING_LABELS, previous) if previous else "",
            "rating": queries.label(queries.RATING_LABELS, a.rating),
            "change": CHANGE_LABELS[change]() if change in CHANGE_LABELS else _("Unchanged"),
            "contested": is_contested,
        })
    rows.sort(key=lambda r: (r["change"] != _("Regressed"), not r["contested"], r["council"], r["provision"]))
    table = Table(
        "monitoring", _("Provisions whose status changed, regressed or is contested"),
        [Column("council", _("Council")), Column("provision", _("Provision")), Column("period", _("Period")),
         Column("previous", _("Before")), Column("rating", _("Now")), Column("change", _("Change")),
         Column("contested", _("Views differ"), "flag")],
        rows[:ROW_LIMIT], total=len(rows), people=len(authors))
    return [
        Part("bottom_line", changes=[(_("Assessments published"), len(new)), (_("Provisions regressed"), regressed)],
             activity=activity),
        Part("monitoring", tables=[table]),
    ]


@events.office_digest.connect
def _digest(scope: Scope, **_kw):
    return "monitoring", parts(scope)
