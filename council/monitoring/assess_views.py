"""The council's assessments: drafting, editing, evidence, review by a second person, publication
and minority views. Routes on the monitoring blueprint; every object is loaded through its council."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.core.refusals import Refusal, show
from council.councils.models import Council
from council.extensions import db, utcnow
from council.monitoring import queries, services, signal_links
from council.monitoring.forms import AssessmentForm, ConfirmForm, EvidenceForm, MinorityForm
from council.monitoring.models import Assessment, Provision
from council.monitoring.views import bp
from council.permissions import Permission, can, council_required


def _assessable(council: Council, provision_id: int) -> Provision:
    provision = db.session.get(Provision, provision_id)
    if provision is None or provision.agreement.country_id != council.region.country_id \
            or not provision.applies_to(council.region_id):
        abort(404)
    return provision


def _own(council: Council, assessment_id: int) -> Assessment:
    """One of the council's assessments; drafts only for those who assess."""
    assessment = queries.assessment_for(council, assessment_id)
    if assessment is None:
        abort(404)
    if assessment.status != "published" and not can(current_user, Permission.ASSESS, council):
        abort(404)
    return assessment


@bp.route("/councils/<int:council_id>/monitoring/provisions/<int:provision_id>/assess", methods=["GET", "POST"])
@council_required(Permission.ASSESS)
def assess(council: Council, provision_id: int):
    """A new draft assessment of a provision for one of the council's recent periods."""
    provision = _assessable(council, provision_id)
    periods = services.recent_periods(services.cadence_of(council), utcnow().date())
    form = AssessmentForm()
    form.period.choices = [(key, key) for key, _start in periods]
    if form.validate_on_submit():
        period = next(p for p in periods if p[0] == form.period.data)
        try:
            made = services.draft_assessment(council, provision, period=period, actor=current_user, **form.values())
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The draft assessment has been saved. Another member or facilitator reviews it next."), "success")
            return redirect(url_for(".assessment", council_id=council.id, assessment_id=made.id))
    return render_template("monitoring/assess.html", council=council, provision=provision, form=form,
                           assessment=None), 400 if form.errors or form.form_errors else 200


@bp.get("/councils/<int:council_id>/monitoring/assessments/<int:assessment_id>")
@council_required(Permission.VIEW_MONITORING, deny=404)
def assessment(council: Council, assessment_id: int):
    """An assessment with its evidence, minority views, history, and what the person may do next."""
    found = _own(council, assessment_id)
    return _page(council, found, AssessmentForm(obj=found), EvidenceForm(), MinorityForm())


def _page(council, found, form, evidence_form, minority_form, status=200):
    form.period.choices = [(found.period, found.period)]
    if can(current_user, Permission.ASSESS, council):
        evidence_form.offer_signals(signal_links.evidence_choices(council, current_user))
    return render_template("monitoring/assessment.html", council=council, a=found, provision=found.provision,
                           form=form, evidence_form=evidence_form, minority_form=minority_form,
                           confirm=ConfirmForm(), cited=signal_links.cited(council, current_user, found.evidence)), status


@bp.post("/councils/<int:council_id>/monitoring/assessments/<int:assessment_id>/edit")
@council_required(Permission.ASSESS)
def edit(council: Council, assessment_id: int):
    found = _own(council, assessment_id)
    form = AssessmentForm()
    form.period.choices = [(found.period, found.period)]
    form.period.data = found.period
    if form.validate_on_submit():
        try:
            services.update_assessment(found, actor=current_user, **form.values())
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The assessment has been changed; it needs a new review."), "success")
            return redirect(url_for(".assessment", council_id=council.id, assessment_id=found.id))
    found = _own(council, assessment_id)
    return _page(council, found, form, EvidenceForm(), MinorityForm(), 400)


@bp.post("/councils/<int:council_id>/monitoring/assessments/<int:assessment_id>/<any(review, publish):step>")
@council_required(Permission.ASSESS)
def advance(council: Council, assessment_id: int, step: str):
    """Review (a second person) or publish (a facilitator) the assessment."""
    found = _own(council, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if step == "publish" and not can(current_user, Permission.PUBLISH_ASSESSMENT, council):
        abort(403)
    try:
        (services.review if step == "review" else services.publish)(found, actor=current_user)
    except Refusal as refusal:
        show(refusal)
    else:
        flash(_("The assessment has been reviewed.") if step == "review" else _("The assessment has been published."),
              "success")
    return redirect(url_for(".assessment", council_id=council.id, assessment_id=found.id))


@bp.post("/councils/<int:council_id>/monitoring/assessments/<int:assessment_id>/evidence")
@council_required(Permission.ASSESS)
def evidence(council: Council, assessment_id: int):
    found = _own(council, assessment_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            services.add_evidence(found, council, actor=current_user, kind=form.kind.data,
                                  occurred_on=form.occurred_on.data, summary=form.summary.data, url=form.url.data or "",
                                  source_scale=form.source_scale.data, signal_id=form.signal_id.data)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The evidence has been added."), "success")
            return redirect(url_for(".assessment", council_id=council.id, assessment_id=found.id))
    found = _own(council, assessment_id)
    return _page(council, found, AssessmentForm(obj=found), form, MinorityForm(), 400)


@bp.post("/councils/<int:council_id>/monitoring/assessments/<int:assessment_id>/minority")
@council_required(Permission.ASSESS)
def minority(council: Council, assessment_id: int):
    found = _own(council, assessment_id)
    form = MinorityForm()
    if form.validate_on_submit():
        try:
            services.add_minority_view(found, actor=current_user, rating=form.rating.data, reasons=form.reasons.data)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("Your minority assessment has been recorded."), "success")
            return redirect(url_for(".assessment", council_id=council.id, assessment_id=found.id))
    found = _own(council, assessment_id)
    return _page(council, found, AssessmentForm(obj=found), EvidenceForm(), form, 400)
