"""Administrators' pages for agreements and provisions, import and export. Routes on the monitoring
blueprint, under /monitoring/admin."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.core.refusals import Refusal, show
from council.councils.models import Country, Region
from council.councils.queries import place_name
from council.extensions import db
from council.monitoring import io as monitoring_io
from council.monitoring import queries, services
from council.monitoring.forms import ImportForm, agreement_form, provision_form
from council.monitoring.models import Provision
from council.monitoring.views import _send, bp
from council.permissions import Permission, site_required

AGREEMENT_VALUES = ("stage", "signed_on", "parties", "third_parties", "text_url", "text_languages")


def _countries() -> list[tuple[int, str]]:
    return [(c.id, place_name(c).text or c.code) for c in db.session.scalars(select(Country).order_by(Country.id))]


def _agreement_or_404(agreement_id: int):
    return queries.agreement(agreement_id) or abort(404)


@bp.route("/monitoring/admin/agreements", methods=["GET", "POST"])
@site_required(Permission.ADMINISTER)
def admin_agreements():
    """Every agreement, and the import of a new one from a CSV or JSON file."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload is None or not getattr(upload, "filename", ""):
                raise Refusal(_("Choose a file."), field="file")
            made = monitoring_io.read_upload(upload.read(), upload.filename, actor=current_user)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The agreement has been imported with %(n)s provisions.", n=len(made.provisions)), "success")
            return redirect(url_for(".admin_agreement", agreement_id=made.id))
    return render_template("monitoring/admin_agreements.html", agreements=queries.agreements(), form=form), \
        400 if form.errors or form.form_errors else 200


@bp.route("/monitoring/admin/agreements/new", methods=["GET", "POST"])
@bp.route("/monitoring/admin/agreements/<int:agreement_id>", methods=["GET", "POST"])
@site_required(Permission.ADMINISTER)
def admin_agreement(agreement_id: int | None = None):
    """Add or edit an agreement; its provisions are listed below."""
    agreement = _agreement_or_404(agreement_id) if agreement_id else None
    form = agreement_form(_countries(), obj=agreement)
    if agreement is not None and not form.is_submitted():
        form.country.data = agreement.country_id
        form.fill_texts(agreement.texts)
    if form.validate_on_submit():
        values = {k: form[k].data for k in AGREEMENT_VALUES}
        values["text_url"] = values["text_url"] or ""
        try:
            if agreement is None:
                agreement = services.create_agreement(country_id=form.country.data, texts=form.texts(),
                                                      actor=current_user, **values)
                agreement.matrix_public = form.matrix_public.data
            else:
                services.update_agreement(agreement, texts=form.texts(), actor=current_user,
                                          matrix_public=form.matrix_public.data, **values)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The agreement has been saved."), "success")
            return redirect(url_for(".admin_agreement", agreement_id=agreement.id))
        agreement = _agreement_or_404(agreement_id) if agreement_id else None
    provisions = queries.provisions(agreement) if agreement else []
    return render_template("monitoring/admin_agreement.html", agreement=agreement, form=form,
                           provisions=provisions), 400 if form.errors or form.form_errors else 200


@bp.route("/monitoring/admin/agreements/<int:agreement_id>/provisions/new", methods=["GET", "POST"])
@bp.route("/monitoring/admin/agreements/<int:agreement_id>/provisions/<int:provision_id>", methods=["GET", "POST"])
@site_required(Permission.ADMINISTER)
def admin_provision(agreement_id: int, provision_id: int | None = None):
    agreement = _agreement_or_404(agreement_id)
    provision = None
    if provision_id is not None:
        provision = db.session.scalar(select(Provision).filter_by(id=provision_id, agreement_id=agreement.id)) \
            or abort(404)
    regions = db.session.scalars(select(Region).where(Region.country_id == agreement.country_id).order_by(Region.id))
    form = provision_form([(c.id, queries.category_name(c)) for c in queries.categories()],
                          [(r.id, queries.place(r)) for r in regions], obj=provision)
    if provision is not None and not form.is_submitted():
        form.category.data = provision.category_id
        form.regions.data = [r.id for r in provision.regions]
        form.fill_texts(provision.texts)
    if form.validate_on_submit():
        try:
            services.save_provision(agreement, provision, texts=form.texts(), category_id=form.category.data,
                                    region_ids=form.regions.data or [], actor=current_user,
                                    reference=form.reference.data, responsible_actors=form.responsible_actors.data,
                                    deadline=form.deadline.data, gender_stipulation=form.gender_stipulation.data)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(_("The provision has been saved."), "success")
            return redirect(url_for(".admin_agreement", agreement_id=agreement.id))
    return render_template("monitoring/admin_provision.html", agreement=agreement, provision=provision, form=form), \
        400 if form.errors or form.form_errors else 200


@bp.get("/monitoring/admin/agreements/<int:agreement_id>/export.<any(csv, json):fmt>")
@site_required(Permission.ADMINISTER)
def admin_export(agreement_id: int, fmt: str):
    agreement = _agreement_or_404(agreement_id)
    provisions = queries.provisions(agreement)
    if fmt == "json":
        return _send(monitoring_io.to_json(agreement, provisions), "application/json", f"agreement-{agreement.id}.json")
    return _send(monitoring_io.to_csv(agreement, provisions), "text/csv", f"agreement-{agreement.id}.csv")
