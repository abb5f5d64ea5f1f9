"""Monitoring pages: the matrix, a provision's page, the aggregate and the exports (for whoever the
scope lets read), and the council's own assessment work. Admin pages are in admin.py, on this
blueprint."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.core import hooks
from council.councils.models import Council
from council.extensions import db, utcnow
from council.monitoring import charts
from council.monitoring import matrix as matrix_module
from council.monitoring import queries, services
from council.monitoring.forms import CadenceForm
from council.monitoring.models import Agreement, Provision
from council.permissions import Permission, can, council_required

bp = Blueprint("monitoring", __name__)

for _name, _helper in (("agreement_title", queries.agreement_title), ("agreement_short", queries.agreement_short),
                       ("provision_title", queries.provision_title), ("provision_excerpt", queries.provision_excerpt),
                       ("category_name", queries.category_name), ("monitoring_label", queries.label)):
    bp.add_app_template_global(_helper, _name)
for _name, _labels in (("STAGE_LABELS", queries.STAGE_LABELS), ("RATING_LABELS", queries.RATING_LABELS),
                       ("CONFIDENCE_LABELS", queries.CONFIDENCE_LABELS), ("EVIDENCE_LABELS", queries.EVIDENCE_LABELS),
                       ("SCALE_LABELS", queries.SCALE_LABELS), ("ASSESSMENT_STATUS_LABELS", queries.STATUS_LABELS),
                       ("TREND_LABELS", queries.TREND_LABELS), ("CADENCE_LABELS", queries.CADENCE_LABELS),
                       ("HISTORY_LABELS", queries.HISTORY_LABELS)):
    bp.add_app_template_global(_labels, _name)


@hooks.fill("council.sections")
def _council_link(council, **_context):
    if not can(current_user, Permission.VIEW_MONITORING, council):
        return None
    return render_template("monitoring/_council_link.html", council=council)


def _readable(agreement_id: int) -> tuple[Agreement, queries.Scope]:
    """The agreement and what the person may read of it; a visitor is asked to sign in."""
    agreement = queries.agreement(agreement_id)
    if agreement is None:
        abort(404)
    scope = queries.scope_for(current_user, agreement)
    if scope is None:
        if not current_user.is_authenticated:
            abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
        abort(404)
    return agreement, scope


def _filters() -> matrix_module.Filters:
    args = request.args
    return matrix_module.Filters(category_id=args.get("category", type=int), gender_only=args.get("gender") == "1",
                                 period=args.get("period") or None, regressed=args.get("regressed") == "1",
                                 overdue=args.get("overdue") == "1")


@bp.get("/monitoring")
def index():
    """The agreements whose matrix the person may read."""
    shown = [(a, s) for a in queries.agreements() if (s := queries.scope_for(current_user, a)) is not None]
    return render_template("monitoring/index.html", agreements=[a for a, _s in shown])


@bp.get("/monitoring/agreements/<int:agreement_id>")
def matrix(agreement_id: int):
    """Provisions × regions: the latest published status of each cell, with trend, evidence, dissent."""
    agreement, scope = _readable(agreement_id)
    filters = _filters()
    built = matrix_module.build(agreement, scope, filters, utcnow().date())
    return render_template("monitoring/matrix.html", agreement=agreement, m=built, filters=filters, scope=scope)


@bp.get("/monitoring/agreements/<int:agreement_id>/aggregate")
def aggregate(agreement_id: int):
    """The national aggregate: shares at each level and the implementation index."""
    agreement, scope = _readable(agreement_id)
    built = matrix_module.build(agreement, scope, matrix_module.Filters(), utcnow().date())
    return render_template("monitoring/aggregate.html", agreement=agreement, m=built)


@bp.get("/monitoring/provisions/<int:provision_id>")
def provision(provision_id: int):
    """A provision's text, and each region's published assessments over time."""
    found = db.session.get(Provision, provision_id) or abort(404)
    agreement, scope = _readable(found.agreement_id)
    lines = charts.timelines(agreement, found, scope)
    return render_template("monitoring/provision.html", agreement=agreement, provision=found, timelines=lines)


def _send(body: str, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _matrix_rows(built) -> list[dict]:
    return [{"reference": row.provision.reference, "category": category.key,
             "gender_stipulation": row.provision.gender_stipulation, "region_id": cell.region.id,
             "region": queries.place(cell.region), "applies": cell.applies,
             "status": cell.latest.rating if cell.latest else "", "period": cell.latest.period if cell.latest else "",
             "trend": cell.trend or "", "evidence": cell.evidence_count, "contested": cell.contested}
            for category, rows in built.groups for row in rows for cell in row.cells]


def _inert(value):
    """A text that a spreadsheet would read as a formula is written as text."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _table(rows: list[dict], fmt: str, name: str) -> Response:
    if fmt == "json":
        return _send(json.dumps(rows, ensure_ascii=False, default=str), "application/json", f"{name}.json")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["reference"])
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return _send(out.getvalue(), "text/csv", f"{name}.csv")


@bp.get("/monitoring/agreements/<int:agreement_id>/matrix.<any(csv, json):fmt>")
def matrix_export(agreement_id: int, fmt: str):
    agreement, scope = _readable(agreement_id)
    built = matrix_module.build(agreement, scope, _filters(), utcnow().date())
    return _table(_matrix_rows(built), fmt, f"matrix-{agreement.id}")


@bp.get("/monitoring/agreements/<int:agreement_id>/assessments.<any(csv, json):fmt>")
def assessments_export(agreement_id: int, fmt: str):
    agreement, scope = _readable(agreement_id)
    provisions = {p.id: p for p in queries.provisions(agreement)}
    rows = [{"reference": provisions[a.provision_id].reference, "region_id": a.region_id, "council_id": a.council_id,
             "period": a.period, "status": a.rating, "confidence": a.confidence, "rationale": a.rationale,
             "gender_analysis": a.gender_analysis, "women_rating": a.women_rating, "men_rating": a.men_rating,
             "evidence": len(a.evidence), "minority_views": len(a.minority_views),
             "published_at": a.published_at.isoformat() if a.published_at else ""}
            for a in queries.published(agreement, scope)]
    return _table(rows, fmt, f"assessments-{agreement.id}")


# --- the council's work ------------------------------------------------------------------------------


@bp.route("/councils/<int:council_id>/monitoring", methods=["GET", "POST"])
@council_required(Permission.VIEW_MONITORING, deny=404)
def council_home(council: Council):
    """The agreements the council monitors, and its cadence (set by facilitators)."""
    form = CadenceForm(cadence=services.cadence_of(council))
    if form.validate_on_submit():
        if not can(current_user, Permission.PUBLISH_ASSESSMENT, council):
            abort(403)
        services.set_cadence(council, form.cadence.data, actor=current_user)
        flash(_("The cadence has been saved."), "success")
        return redirect(url_for(".council_home", council_id=council.id))
    return render_template("monitoring/council.html", council=council, form=form,
                           agreements=queries.agreements(council.region.country_id))


@bp.get("/councils/<int:council_id>/monitoring/agreements/<int:agreement_id>")
@council_required(Permission.VIEW_MONITORING, deny=404)
def council_agreement(council: Council, agreement_id: int):
    """Each provision that applies to the council's region, with the council's assessments of it."""
    agreement = queries.agreement(agreement_id)
    if agreement is None or agreement.country_id != council.region.country_id:
        abort(404)
    provisions = [p for p in queries.provisions(agreement) if p.applies_to(council.region_id)]
    mine = queries.council_assessments(council, agreement)
    if not can(current_user, Permission.ASSESS, council):  # observers and office: published only
        mine = {k: [a for a in v if a.status == "published"] for k, v in mine.items()}
    return render_template("monitoring/council_agreement.html", council=council, agreement=agreement,
                           provisions=provisions, mine=mine)


from council.monitoring import assess_views as _assess_views  # noqa: E402,F401  (routes on this blueprint)
from council.monitoring import admin as _admin  # noqa: E402,F401  (routes on this blueprint)
from council.monitoring import signal_link_views as _signal_link_views  # noqa: E402,F401  (routes and hooks)
