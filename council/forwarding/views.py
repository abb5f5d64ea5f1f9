"""Where adopted summaries go and what comes back: the admins' destinations, forwarding by
facilitators, the office readers' inboxes, acknowledging and answering, and the council's page
"What became of our advice".

Office readers see forwarded summaries of their destinations only (others: 404), never a thread,
a member list or who wrote what."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.core import refusals
from council.core.refusals import Refusal
from council.councils.models import Council
from council.extensions import db
from council.forwarding import queries, services
from council.forwarding.forms import (ConfirmForm, ForwardForm, ReaderAddForm, ReaderRemoveForm, answer_form,
                                      destination_form)
from council.forwarding.models import DESTINATION_KINDS, Destination, Forwarding
from council.i18n import languages
from council.permissions import Permission, can, council_required, for_destination, site_required
from council.summaries.models import Summary

bp = Blueprint("forwarding", __name__)

for _name, _helper in (
    ("destination_name", queries.destination_name),
    ("destination_kind_label", queries.kind_label),
    ("forwarding_status_label", queries.forwarding_status_label),
    ("answer_stance_label", queries.stance_label),
    ("answer_language_note", queries.answer_language_note),
):
    bp.add_app_template_global(_helper, _name)


def summary_url(council_id: int, item_id: int) -> str:
    return url_for("summaries.view", council_id=council_id, item_id=item_id)


bp.add_app_template_global(summary_url, "forwarding_summary_url")


def _page() -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), queries.MAX_PAGE)


# --- forwarding (facilitators) -------------------------------------------------------------------


@bp.route("/councils/<int:council_id>/agenda/<int:item_id>/summary/forward", methods=["GET", "POST"])
@council_required(Permission.VIEW_AGENDA, deny=404)
def forward(council: Council, item_id: int):
    """Send the adopted summary of an item to one or more destinations."""
    if not can(current_user, Permission.FORWARD_SUMMARY, council):
        abort(403)
    item = db.first_or_404(select(AgendaItem).filter_by(id=item_id, council_id=council.id))
    query = select(Summary).filter_by(item_id=item.id, council_id=council.id)
    summary = db.first_or_404(query.with_for_update() if request.method == "POST" else query)
    if not summary.is_adopted:
        flash(_("Only an adopted summary can be forwarded."), "error")
        return redirect(summary_url(council.id, item.id))
    destinations = queries.active_destinations()
    form = ForwardForm(destinations=[(d.id, queries.destination_name(d)[0]) for d in destinations])
    if form.validate_on_submit():
        chosen = [d for d in destinations if d.id in set(form.destinations.data)]
        try:
            _send(summary, chosen, form)
        except Refusal as error:
            refusals.show(error, form)
        else:
            flash(_("The summary has been forwarded."), "success")
            return redirect(summary_url(council.id, item.id))
    return render_template("forwarding/forward.html", council=council, item=item, summary=summary, form=form,
                           destinations=destinations, already=queries.forwarded_destination_ids(summary)), \
        400 if form.errors else 200


def _send(summary: Summary, chosen: list[Destination], form: ForwardForm) -> None:
    services.forward(summary, destinations=chosen, covering_note=form.covering_note.data,
                     answer_by=form.answer_by.data, actor=current_user)


# --- the council's side --------------------------------------------------------------------------


@bp.get("/councils/<int:council_id>/advice")
@council_required(Permission.VIEW_AGENDA, deny=404)
def outcomes(council: Council):
    """What became of our advice: each forwarded summary, where it went, and the answers."""
    return render_template("forwarding/outcomes.html", council=council, outcomes=queries.outcomes(council))


# --- the office ----------------------------------------------------------------------------------


def office_required(view):
    """For people who read inboxes (office readers, administrators); others get 404."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not can(current_user, Permission.READ_INBOX):
            abort(404)
        return view(*args, **kwargs)

    return wrapper


def _readable(forwarding_id: int, *, answering: bool = False, lock: bool = False) -> Forwarding:
    """A forwarding of a destination the person reads for (else 404); when `answering`, one they
    may also answer (else 403: administrators read every inbox but do not answer)."""
    if lock:
        db.session.execute(select(Forwarding.id).filter_by(id=forwarding_id).with_for_update())
    forwarding = queries.forwarding_for_office(forwarding_id)
    if forwarding is None or not for_destination(current_user, Permission.READ_INBOX, forwarding.destination_id):
        abort(404)
    if answering and not for_destination(current_user, Permission.ANSWER_FORWARDING, forwarding.destination_id):
        abort(403)
    return forwarding


@bp.get("/office")
@office_required
def office():
    """The destinations the person reads for, with what is new, acknowledged, answered, overdue."""
    return render_template("forwarding/office.html", rows=queries.office(current_user))


@bp.get("/office/destinations/<int:destination_id>")
@office_required
def inbox(destination_id: int):
    """The summaries forwarded to one destination, filtered by ?show=new|acknowledged|answered|overdue."""
    if not for_destination(current_user, Permission.READ_INBOX, destination_id):
        abort(404)
    destination = db.get_or_404(Destination, destination_id)
    show = queries.clean_filter(request.args.get("show", type=str))
    pagination, rows, counts = queries.inbox(destination, show, _page())
    return render_template("forwarding/inbox.html", destination=destination, show=show, pagination=pagination,
                           rows=rows, counts=counts, filters=queries.FILTERS)


@bp.get("/office/forwardings/<int:forwarding_id>")
@office_required
def received(forwarding_id: int):
    """A forwarded summary as its destination reads it."""
    forwarding = _readable(forwarding_id)
    found = queries.received(forwarding, current_user, original=request.args.get("original", type=str) == "1")
    if found is None:
        abort(404)
    answers = for_destination(current_user, Permission.ANSWER_FORWARDING, forwarding.destination_id)
    return render_template("forwarding/received.html", r=found, may_answer=answers,
                           correction_unseen=queries.correction_unseen(forwarding),
                           acknowledge_form=ConfirmForm(formdata=None))


@bp.post("/office/forwardings/<int:forwarding_id>/correction-read")
@office_required
def correction_read(forwarding_id: int):
    """The office marks a correction as read (a GET never does: it changes what colleagues see)."""
    forwarding = _readable(forwarding_id, answering=True)
    if ConfirmForm().validate_on_submit() and services.mark_correction_seen(forwarding):
        flash(_("The correction is marked as read."), "success")
    return redirect(url_for(".received", forwarding_id=forwarding.id))


@bp.post("/office/forwardings/<int:forwarding_id>/acknowledge")
@office_required
def acknowledge(forwarding_id: int):
    """Tell the council its summary has been received and is being considered."""
    forwarding = _readable(forwarding_id, answering=True, lock=True)
    if ConfirmForm().validate_on_submit():
        if services.acknowledge(forwarding, actor=current_user):
            flash(_("The summary is acknowledged. The council sees that it has been received."), "success")
        else:
            flash(_("This summary was already acknowledged."), "info")
    return redirect(url_for(".received", forwarding_id=forwarding.id))


@bp.route("/office/forwardings/<int:forwarding_id>/answer", methods=["GET", "POST"])
@office_required
def answer(forwarding_id: int):
    """Answer each recommendation and the summary as a whole (or amend the answer)."""
    forwarding = _readable(forwarding_id, answering=True, lock=request.method == "POST")
    found = queries.received(forwarding, current_user)
    if found is None:
        abort(404)
    form = answer_form([r.number for r in found.recommendations])
    if request.method == "GET":
        if forwarding.answer_language:
            form.fill(forwarding)
        else:
            form.language.data = current_user.locale if current_user.locale in languages() else None
    if form.validate_on_submit():
        try:
            changed = services.answer(forwarding, answers=form.answers(), overall=form.overall.data,
                                      language=form.language.data, actor=current_user)
        except Refusal as error:
            refusals.show(error, form)
        else:
            flash(_("Your answer has been sent to the council.") if changed else _("Nothing was changed."),
                  "success")
            return redirect(url_for(".received", forwarding_id=forwarding_id))
    return render_template("forwarding/answer.html", r=found, form=form), 400 if form.errors else 200


# --- destinations (administrators) ---------------------------------------------------------------


@bp.get("/admin/destinations")
@site_required(Permission.ADMINISTER)
def destinations():
    """Every destination, with its kind, readers and how many summaries it received."""
    return render_template("forwarding/destinations.html", rows=queries.all_destinations())


@bp.route("/admin/destinations/new", methods=["GET", "POST"])
@site_required(Permission.ADMINISTER)
def destination_new():
    form = destination_form()
    if form.validate_on_submit():
        try:
            destination = services.create_destination(kind=form.kind.data, names=form.names(),
                                                      active=form.active.data, actor=current_user)
        except Refusal as error:
            refusals.show(error, form)
        else:
            flash(_("The destination has been created. Now attach its office readers."), "success")
            return redirect(url_for(".destination_edit", destination_id=destination.id))
    return render_template("forwarding/destination_form.html", form=form, destination=None,
                           kinds=DESTINATION_KINDS), 400 if form.errors else 200


@bp.route("/admin/destinations/<int:destination_id>", methods=["GET", "POST"])
@site_required(Permission.ADMINISTER)
def destination_edit(destination_id: int):
    """Edit a destination; add or remove its office readers (each form says which with `action`)."""
    destination = queries.destination_with_readers(destination_id)
    if destination is None:
        abort(404)
    action = request.form.get("action", "save") if request.method == "POST" else None
    form = destination_form(formdata=request.form if action == "save" else None,
                            kind=destination.kind, active=destination.active)
    if action != "save":
        form.fill_names(destination.names)
    reader_form = ReaderAddForm(formdata=request.form if action == "add_reader" else None)
    if action == "save" and form.validate_on_submit():
        return _save_destination(destination, form) or _destination_page(destination, form, reader_form)
    if action == "add_reader" and reader_form.validate_on_submit():
        try:
            services.add_reader(destination, email=reader_form.email.data, actor=current_user)
        except Refusal as error:
            refusals.show(error, reader_form)
        else:
            flash(_("The office account now reads for this destination."), "success")
            return redirect(url_for(".destination_edit", destination_id=destination_id))
    if action == "remove_reader":
        remove = ReaderRemoveForm()
        if remove.validate_on_submit() and services.remove_reader(destination, user_id=int(remove.user_id.data),
                                                                  actor=current_user):
            flash(_("The office account no longer reads for this destination."), "success")
        else:
            flash(_("That account does not read for this destination."), "error")
        return redirect(url_for(".destination_edit", destination_id=destination_id))
    return _destination_page(destination, form, reader_form)


def _save_destination(destination: Destination, form):
    try:
        changed = services.edit_destination(destination, kind=form.kind.data, names=form.names(),
                                            active=form.active.data, actor=current_user)
    except Refusal as error:
        refusals.show(error, form)
        return None
    flash(_("The destination has been saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".destinations"))


def _destination_page(destination: Destination, form, reader_form):
    status = 400 if (form.errors or reader_form.errors) else 200
    destination = queries.destination_with_readers(destination.id)
    return render_template("forwarding/destination_form.html", form=form, reader_form=reader_form,
                           destination=destination, kinds=DESTINATION_KINDS), status


# The office's printable, text and JSON forms of a forwarded summary (they register on `bp`).
from council.forwarding import exports as _exports  # noqa: E402,F401
