"""Early-warning signals of a council: the list, a signal's page, raising, review, escalation and
the destination's response; the office reader's escalations; trends and exports.

A signal the reader may not see answers 404 exactly like one that does not exist."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from council.core import refusals
from council.councils.models import Council
from council.extensions import db
from council.forwarding.queries import destination_name
from council.permissions import Permission, can, council_required
from council.signals import charts, codes, exports, queries, services
from council.signals.forms import (IMPACT_GROUPS, ConfidentialityForm, DecideForm, DueHoursForm, EscalateForm,
                                   IndicatorForm, OutcomeForm, RaiseForm, RespondForm)
from council.signals.models import Escalation

bp = Blueprint("signals", __name__)
PREFIX = "/councils/<int:council_id>/signals"

bp.add_app_template_global(queries.label, "signal_label")
bp.add_app_template_global(queries.sector_label, "sector_label")
bp.add_app_template_global(queries.is_overdue, "escalation_overdue")
bp.add_app_template_global(queries.signal_overdue, "signal_overdue")
bp.add_app_template_global(queries.indicator_label, "indicator_label")
bp.add_app_template_global(queries.history_label, "signal_history_label")
bp.add_app_template_global(charts.colours, "chart_colours")


def _require(permission: Permission, council: Council) -> None:
    if not can(current_user, permission, council):
        abort(403)


def _to_signal(council: Council, signal_id: int):
    return redirect(url_for(".view", council_id=council.id, signal_id=signal_id))


# --- the list and a signal --------------------------------------------------------------------------


@bp.get(PREFIX)
@council_required(Permission.VIEW_SIGNALS, deny=404)
def index(council: Council):
    """The council's signals the reader may see, filtered, a page at a time."""
    filters = queries.clean_filters(request.args)
    page = queries.page_of(council, current_user, filters, request.args.get("page", 1, type=int))
    return render_template("signals/index.html", council=council, page=page, filters=filters,
                           sectors=queries.sector_choices(council), areas=queries.areas(council, current_user),
                           codes=codes)


@bp.get(PREFIX + "/<int:signal_id>")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def view(council: Council, signal_id: int):
    signal = queries.get_visible(council, signal_id, current_user)
    return _page(council, signal)


def _page(council: Council, signal, status: int = 200, **forms):
    if can(current_user, Permission.REVIEW_SIGNAL, council):
        forms.setdefault("decide_form", DecideForm(formdata=None, prefix="decide"))
        forms.setdefault("confidentiality_form", ConfidentialityForm(formdata=None, prefix="conf"))
    if can(current_user, Permission.ESCALATE_SIGNAL, council) and signal.status == "verified":
        forms.setdefault("escalate_form", EscalateForm(formdata=None, destinations=_destination_choices(), prefix="escalate"))
    forms.setdefault("respond_form", RespondForm(formdata=None, prefix="respond"))
    forms.setdefault("outcome_form", OutcomeForm(formdata=None, prefix="outcome"))
    users = {e.actor_id for e in signal.events} | {signal.reviewer_id}
    return render_template(
        "signals/signal.html", council=council, signal=signal, codes=codes,
        point=queries.point(signal, current_user, council),
        source_identity=queries.sees_source_identity(signal, current_user, council),
        names=queries.people(users), may_respond=lambda e: queries.may_respond(current_user, e),
        destinations=queries.destinations() if "escalate_form" in forms else (), **forms,
    ), status


def _destination_choices():
    return [(str(d.id), destination_name(d)[0]) for d in queries.destinations()]


# --- raising ---------------------------------------------------------------------------------------


@bp.route(PREFIX + "/new", methods=["GET", "POST"])
@council_required(Permission.VIEW_SIGNALS, deny=404)
def raise_signal(council: Council):
    """Raise a signal; what was typed is kept when something is wrong; a form sent twice makes one."""
    _require(Permission.RAISE_SIGNAL, council)
    indicators = queries.indicator_choices(council)
    form = RaiseForm(sectors=queries.sector_choices(council), indicators=indicators,
                     language=str(get_locale() or "en"))
    if form.validate_on_submit():
        try:
            signal = services.raise_signal(council, actor=current_user, **form.service_fields(request.form))
            db.session.flush()
        except refusals.Refusal as refusal:
            refusals.show(refusal, form)
        except IntegrityError:  # the same form sent twice: its submission key is unique
            refusals.show(refusals.Conflict(_("This form was already used. Check what you wrote and send it again.")),
                          form)
        else:
            flash(_("Your signal is recorded. A facilitator will review it."), "success")
            return _to_signal(council, signal.id)
    return render_template("signals/raise.html", council=council, form=form, codes=codes,
                           ticks=form.ticks(request.form), impact_groups=IMPACT_GROUPS), 400 if form.errors else 200


# --- review, confidentiality, agenda -----------------------------------------------------------------


def _act(council: Council, signal_id: int, permission: Permission, change, success: str, form=None,
         form_name: str | None = None):
    """Load the visible signal, check `permission`, validate `form`, apply `change(signal)`."""
    _require(permission, council)
    signal = queries.get_visible(council, signal_id, current_user)
    if form is not None and not form.validate_on_submit():
        return _page(council, signal, 400, **{form_name: form})
    try:
        change(signal)
    except refusals.Refusal as refusal:
        return _refused(council, signal_id, refusal, form, form_name)
    flash(success, "success")
    return _to_signal(council, signal_id)


def _refused(council: Council, signal_id: int, refusal: refusals.Refusal, form, form_name):
    """A refusal about a field goes next to it (the page again, 400); any other is flashed."""
    if form is not None and refusal.field and refusal.field in form:
        refusals.show(refusal, form)
        return _page(council, queries.get_visible(council, signal_id, current_user), 400, **{form_name: form})
    refusals.show(refusal)
    return _to_signal(council, signal_id)


@bp.post(PREFIX + "/<int:signal_id>/review")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def take(council: Council, signal_id: int):
    return _act(council, signal_id, Permission.REVIEW_SIGNAL,
                lambda s: services.take_for_review(s, actor=current_user), _("You are reviewing this signal."))


@bp.post(PREFIX + "/<int:signal_id>/decide")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def decide(council: Council, signal_id: int):
    form = DecideForm(prefix="decide")
    return _act(council, signal_id, Permission.REVIEW_SIGNAL,
                lambda s: services.decide(s, outcome=form.outcome.data, note=form.note.data, actor=current_user),
                _("The review is recorded."), form, "decide_form")


@bp.post(PREFIX + "/<int:signal_id>/confidentiality")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def confidentiality(council: Council, signal_id: int):
    form = ConfidentialityForm(prefix="conf")
    return _act(council, signal_id, Permission.REVIEW_SIGNAL,
                lambda s: services.raise_confidentiality(s, level=form.confidentiality.data, note=form.note.data,
                                                         actor=current_user),
                _("The signal is now more confidential."), form, "confidentiality_form")


@bp.post(PREFIX + "/<int:signal_id>/agenda")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def make_item(council: Council, signal_id: int):
    return _act(council, signal_id, Permission.REVIEW_SIGNAL,
                lambda s: services.make_agenda_item(s, council, actor=current_user),
                _("An agenda item was proposed from this signal."))


# --- escalation and response --------------------------------------------------------------------------


@bp.post(PREFIX + "/<int:signal_id>/escalate")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def escalate(council: Council, signal_id: int):
    form = EscalateForm(destinations=_destination_choices(), prefix="escalate")

    def change(signal):
        destination = next(d for d in queries.destinations() if str(d.id) == form.destination.data)
        services.escalate(signal, destination=destination, requested_action=form.requested_action.data,
                          note=form.note.data, actor=current_user)

    return _act(council, signal_id, Permission.ESCALATE_SIGNAL, change, _("The signal was escalated."), form,
                "escalate_form")


def _escalation(council: Council, signal_id: int, escalation_id: int) -> Escalation:
    signal = queries.get_visible(council, signal_id, current_user)
    escalation = next((e for e in signal.escalations if e.id == escalation_id), None)
    if escalation is None:
        abort(404)
    if not queries.may_respond(current_user, escalation):
        abort(403)
    return escalation


@bp.post(PREFIX + "/<int:signal_id>/escalations/<int:escalation_id>/<any(acknowledge,respond,outcome):step>")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def answer(council: Council, signal_id: int, escalation_id: int, step: str):
    """The destination's office reader: acknowledge, respond, record the outcome."""
    escalation = _escalation(council, signal_id, escalation_id)
    form = {"acknowledge": None, "respond": RespondForm(prefix="respond"),
            "outcome": OutcomeForm(prefix="outcome")}[step]
    if form is not None and not form.validate_on_submit():
        return _page(council, escalation.signal, 400, **{f"{step}_form": form})
    try:
        if step == "acknowledge":
            services.acknowledge(escalation, actor=current_user)
        elif step == "respond":
            services.respond(escalation, status=form.status.data, reason=form.reason.data, actor=current_user)
        else:
            services.record_outcome(escalation, outcome=form.outcome.data, note=form.note.data, actor=current_user)
    except refusals.Refusal as refusal:
        return _refused(council, signal_id, refusal, form, f"{step}_form")
    flash(_("Your answer is recorded; the council is told."), "success")
    return _to_signal(council, signal_id)


@bp.get("/signals/escalations")
@login_required
def escalations():
    """An office reader's escalations, for the destinations they read for; overdue first."""
    if not can(current_user, Permission.READ_INBOX):
        abort(403)
    overdue = request.args.get("overdue") == "1"
    page = queries.escalations_for_reader(current_user, request.args.get("page", 1, type=int),
                                          overdue_only=overdue)
    return render_template("signals/escalations.html", page=page, overdue=overdue, codes=codes)


# --- trends and exports ---------------------------------------------------------------------------------


@bp.get(PREFIX + "/trends")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def trends(council: Council):
    by = "area" if request.args.get("by") == "area" else "sector"
    weeks, series = queries.trend(council, current_user, by=by)
    return render_template("signals/trends.html", council=council, by=by, weeks=weeks, series=series,
                           chart=charts.weekly_chart(weeks, series, names_are_text=by == "area"))


@bp.get(PREFIX + "/export.<any(csv,json):fmt>")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def export(council: Council, fmt: str):
    filters = queries.clean_filters(request.args)
    signals = exports.signals_for_export(council, current_user, filters)
    body, mimetype = (exports.to_csv(council, signals, current_user), "text/csv; charset=utf-8") if fmt == "csv" \
        else (exports.to_json(council, signals, current_user), "application/json")
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="signals-council-{council.id}.{fmt}"'})


# --- the council's catalogue of indicators and its deadlines (administrators) ------------------------


@bp.route(PREFIX + "/settings", methods=["GET", "POST"])
@council_required(Permission.ADMINISTER, deny=404)
def settings(council: Council):
    """Edit the indicator catalogue (names in every language) and the hours to respond by severity."""
    chosen = next((i for i in queries.indicators(council) if i.key == request.args.get("edit")), None)
    form = IndicatorForm(prefix="indicator", obj=None, formdata=request.form if request.form.get("which") ==
                         "indicator" else None, data=_indicator_data(chosen))
    hours = DueHoursForm(prefix="due", formdata=request.form if request.form.get("which") == "due" else None,
                         data={f"hours_{k}": v for k, v in services.due_hours(council.id).items()})
    if request.method == "POST":
        sent = form if request.form.get("which") == "indicator" else hours
        if sent.validate_on_submit():
            try:
                if sent is form:
                    services.save_indicator(council, key=form.key.data, nature=form.nature.data,
                                            polarity=form.polarity.data, gender_sensitive=form.gender_sensitive.data,
                                            active=form.active.data, names=form.names(), actor=current_user)
                else:
                    services.set_due_hours(council, {k: hours[f"hours_{k}"].data for k in codes.SEVERITIES},
                                           actor=current_user)
            except refusals.Refusal as refusal:
                refusals.show(refusal, sent)
            else:
                flash(_("Saved."), "success")
                return redirect(url_for(".settings", council_id=council.id))
    return render_template("signals/settings.html", council=council, form=form, hours=hours,
                           indicators=queries.indicators(council), defaults=queries.indicator_choices(council),
                           codes=codes), 400 if (form.errors or hours.errors) else 200


def _indicator_data(indicator) -> dict:
    if indicator is None:
        return {"active": True}
    data = {"key": indicator.key, "nature": indicator.nature, "polarity": indicator.polarity,
            "gender_sensitive": indicator.gender_sensitive, "active": indicator.active}
    data.update({f"name_{lang}": text for lang, text in (indicator.names or {}).items()})
    return data
