"""Monitoring's part of the office reader's digest: published assessments of the followed councils
whose status changed or regressed in the period, and contested ones. Only published assessments
(queries.Scope's rule): drafts and reviewed assessments never reach the digest."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council import events
from council.core.digest import ROW_LIMIT, Column, Labels, Part, Scope, Table
from council.extensions import db
from council.monitoring import queries
from council.monitoring.models import Assessment, AssessmentStatus, MinorityView, Provision, score_of
from council.monitoring.services import contested, trend
from council.permissions import Permission, council_ids_with

CHANGE_LABELS = {"up": lambda: _("Improved"), "down": lambda: _("Regressed"), "changed": lambda: _("Changed"),
                 "first": lambda: _("First published assessment"), "same": lambda: _("Unchanged")}


def _rating(rating: str) -> str:
    return queries.label(queries.RATING_LABELS, rating)


def _councils(scope: Scope) -> list[int]:
    allowed = council_ids_with(scope.reader, Permission.VIEW_MONITORING)
    return [c for c in scope.council_ids if allowed is None or c in allowed]


def parts(scope: Scope) -> list[Part]:
    councils = _councils(scope)
    if not councils:
        return []
    published = (Assessment.status == AssessmentStatus.PUBLISHED.value, Assessment.council_id.in_(councils))
    new = db.session.execute(
        select(Assessment.id, Assessment.provision_id, Assessment.council_id, Assessment.period,
               Assessment.period_start, Assessment.rating, Assessment.women_rating, Assessment.men_rating,
               Assessment.author_id)
        .where(*published, Assessment.published_at >= scope.since, Assessment.published_at < scope.until)
        .order_by(Assessment.published_at, Assessment.id)).all()
    history: dict[tuple[int, int], list[tuple]] = {}
    minority: dict[int, list[int]] = {}
    if new:
        for row in db.session.execute(
                select(Assessment.provision_id, Assessment.council_id, Assessment.period_start, Assessment.rating)
                .where(*published, Assessment.provision_id.in_({a.provision_id for a in new}),
                       Assessment.published_at < scope.until)):
            history.setdefault((row[0], row[1]), []).append((row[2], row[3]))
        for assessment_id, rating in db.session.execute(
                select(MinorityView.assessment_id, MinorityView.rating).join(Assessment)
                .where(*published, Assessment.published_at >= scope.since, Assessment.published_at < scope.until)):
            if score_of(rating) is not None:
                minority.setdefault(assessment_id, []).append(score_of(rating))
    found, regressed, authors = [], 0, set()
    activity: dict[int, int] = {}
    for a in new:
        activity[a.council_id] = activity.get(a.council_id, 0) + 1
        earlier = [h for h in history.get((a.provision_id, a.council_id), []) if h[0] < a.period_start]
        previous = max(earlier)[1] if earlier else None
        if previous is None:
            change = "first"
        else:
            change = trend(score_of(a.rating), score_of(previous)) or ("same" if previous == a.rating else "changed")
        is_contested = contested(SimpleNamespace(score=score_of(a.rating), women_rating=a.women_rating,
                                                 men_rating=a.men_rating), minority.get(a.id, []))
        if change == "same" and not is_contested:
            continue
        regressed += change == "down"
        if a.author_id:
            authors.add(a.author_id)
        found.append((a, previous, change, is_contested))
    # Regressions first, then contested cells; provisions and labels only for the rows listed.
    found.sort(key=lambda r: (r[2] != "down", not r[3], scope.council(r[0].council_id).casefold(), r[0].provision_id))
    found_ids = {r[0].provision_id for r in found[:ROW_LIMIT]}
    provisions = {p.id: p for p in db.session.scalars(
        select(Provision).where(Provision.id.in_(found_ids or {-1})).options(selectinload(Provision.texts)))}
    lab = Labels()
    rows = [{
        "council": scope.council(a.council_id),
        "provision": f"{provisions[a.provision_id].reference} "
                     f"{queries.provision_title(provisions[a.provision_id]).text}".strip(),
        "period": a.period,
        "previous": lab(_rating, previous) if previous else "",
        "rating": lab(_rating, a.rating),
        "change": lab(CHANGE_LABELS[change]),
        "contested": is_contested,
    } for a, previous, change, is_contested in found[:ROW_LIMIT]]
    table = Table(
        "monitoring", _("Provisions whose status changed, regressed or is contested"),
        [Column("council", _("Council")), Column("provision", _("Provision")), Column("period", _("Period")),
         Column("previous", _("Before")), Column("rating", _("Now")), Column("change", _("Change")),
         Column("contested", _("Views differ"), "flag")],
        rows, total=len(found), people=len(authors))
    return [
        Part("bottom_line", changes=[(_("Assessments published"), len(new)), (_("Provisions regressed"), regressed)],
             activity=activity),
        Part("monitoring", tables=[table]),
    ]


@events.office_digest.connect
def _digest(scope: Scope, **_kw):
    return "monitoring", parts(scope)
