"""The summary of an agenda item: reading it, drafting and revising it, the council's review
(endorse or object), adoption, versions and their differences, translations, and the printable,
plain-text and JSON forms of an adopted summary.

Everything here is for the council's own people (VIEW_AGENDA); everyone else gets 404, office
readers included (they read forwarded summaries through the forwarding pages)."""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.agendas.models import AgendaItem
from council.core import refusals
from council.core.refusals import Conflict, Refusal
from council.councils import queries as council_queries
from council.councils.models import Council
from council.extensions import db
from council.permissions import Permission, can, council_required
from council.summaries import citations, queries, services
from council.summaries import diff as differences
from council.summaries.forms import (
    MAX_RECOMMENDATIONS,
    AdoptForm,
    EditForm,
    ReviewForm,
    StanceForm,
    TranslateForm,
    rec_fields,
    section_field,
)
from council.summaries.models import SECTIONS, Summary, SummaryStatus

bp = Blueprint("summaries", __name__, url_prefix="/councils/<int:council_id>/agenda/<int:item_id>/summary")

bp.add_app_template_global(queries.status_label, "summary_status_label")
bp.add_app_template_global(citations.render_citations, "render_citations")

ADOPTED = SummaryStatus.ADOPTED.value


def _require(permission: Permission, council: Council) -> None:
    """For people who may see the agenda: refuse (403) what their role does not allow."""
    if not can(current_user, permission, council):
        abort(403)


def _item(council: Council, item_id: int) -> AgendaItem:
    return db.first_or_404(db.select(AgendaItem).filter_by(id=item_id, council_id=council.id))


def _summary(item: AgendaItem) -> Summary:
    summary = queries.summary_of(item)
    if summary is None:
        abort(404)
    return summary


def _readable(summary: Summary, council: Council) -> None:
    if not queries.may_read_text(summary, current_user, council):
        abort(403)


def _adopted(council: Council, item_id: int) -> tuple[AgendaItem, Summary]:
    item = _item(council, item_id)
    summary = _summary(item)
    if not summary.is_adopted or summary.current_version is None:
        abort(404)
    return item, summary


def _to_summary(item: AgendaItem, **args):
    return redirect(url_for(".view", council_id=item.council_id, item_id=item.id, **args))


# --- reading -------------------------------------------------------------------------------------


def _view_page(council, item, summary, *, stance_form=None, review_form=None, status=200):
    infos = queries.versions(summary) if summary is not None else []
    context = {"council": council, "item": item, "summary": summary, "versions": infos, "readable": False}
    if summary is not None and queries.may_read_text(summary, current_user, council) and summary.current_version:
        original = request.args.get("original") == "1"
        numbers = {v.id: v.number for v in infos}
        context.update(
            shown=queries.shown(summary, summary.current_version, item, current_user, original=original),
            stances=queries.stances(summary, current_user, numbers),
            current_number=numbers.get(summary.current_version_id),
            adopted_number=numbers.get(summary.adopted_version_id),
            corrections=queries.corrections(infos, summary),
            adopted_by=queries.user_name(summary.adopted_by_id),
            figures=(queries.figures(summary.participation, frozen=True) if summary.is_adopted
                     else queries.figures(queries.participation(item), frozen=False)),
            readable=True,
            adopt_form=AdoptForm(formdata=None, lock_version=str(summary.lock_version)),
        )
    mine = context.get("stances").mine if context.get("stances") else None
    if stance_form is None:
        stance_form = StanceForm(formdata=None, value=mine.value if mine else None, reason=mine.reason if mine else "")
    context.update(stance_form=stance_form, review_form=review_form or ReviewForm(formdata=None))
    return render_template("summaries/view.html", **context), status


@bp.get("")
@council_required(Permission.VIEW_AGENDA, deny=404)
def view(council: Council, item_id: int):
    """The summary: its text (or a translation), the review, adoption, figures and answers."""
    item = _item(council, item_id)
    return _view_page(council, item, queries.summary_of(item))


# --- drafting ------------------------------------------------------------------------------------


def _fill(form, summary: Summary | None) -> None:
    if summary is None:
        form.lock_version.data = "0"
        return
    form.lock_version.data = str(summary.lock_version)
    version = summary.current_version
    if version is None:
        return
    form.base_version.data = str(version.number)
    for key in SECTIONS:
        form[section_field(key)].data = (version.sections or {}).get(key, "")
    for r in version.recommendations[:MAX_RECOMMENDATIONS]:
        text, addressee = rec_fields(r.number)
        form[text].data, form[addressee].data = r.text, r.addressee


def _edit_page(council, item, summary, form, *, conflict=None, status=200):
    existing = len(summary.current_version.recommendations) if summary and summary.current_version else 0
    return render_template(
        "summaries/edit.html", council=council, item=item, summary=summary, form=form, conflict=conflict,
        rows=form.rows_to_show(existing), sections=SECTIONS, section_field=section_field, rec_fields=rec_fields,
    ), status


@bp.route("/edit", methods=["GET", "POST"])
@council_required(Permission.VIEW_AGENDA, deny=404)
def edit(council: Council, item_id: int):
    """Write the first draft or revise it; every save is a new version (optimistic locking)."""
    _require(Permission.DRAFT_SUMMARY, council)
    item = _item(council, item_id)
    summary = queries.summary_of(item)
    if not item.may_be_summarised:
        flash(_("A summary can be written only when the deliberation is closed."), "error")
        return redirect(url_for("agendas.item", council_id=council.id, item_id=item.id))
    form = EditForm(new=summary is None, correction=summary is not None and summary.is_adopted)
    if request.method == "GET":
        _fill(form, summary)
        return _edit_page(council, item, summary, form)
    if not form.validate_on_submit():
        return _edit_page(council, item, summary, form, status=400)
    try:
        summary, version = services.save(
            item, summary=summary, lock_version=form.lock, sections=form.sections(),
            recommendations=form.recommendations(), change_note=form.change_note.data or "",
            language=form.language.data if "language" in form else None, actor=current_user,
        )
    except Conflict as conflict:
        refusals.undo()
        return _conflict_page(council, item, form, conflict)
    except Refusal as error:
        refusals.show(error, form)
        return _edit_page(council, item, queries.summary_of(item), form, status=400)
    flash(_("Version %(number)s of the summary is saved.", number=version.number), "success")
    return _to_summary(item)


def _conflict_page(council, item, form, conflict):
    """The form again, with what the person typed, and where to see the newer version. The form now
    carries the newer lock: saving again makes the typed text the next version (nothing is lost)."""
    db.session.expire_all()
    summary = queries.summary_of(item)
    newer = summary.current_version if summary is not None else None
    info = {"message": str(conflict), "base": form.base, "newer": newer.number if newer else None}
    if summary is not None:
        form.lock_version.data = str(summary.lock_version)
        if newer is not None:
            form.base_version.data = str(newer.number)
        if "language" in form and summary.current_version is not None:
            del form.language
    return _edit_page(council, item, summary, form, conflict=info, status=409)


# --- review, stances, adoption -------------------------------------------------------------------


@bp.post("/review")
@council_required(Permission.VIEW_AGENDA, deny=404)
def review(council: Council, item_id: int):
    """Put the draft to the council with a deadline (or move the deadline)."""
    _require(Permission.DRAFT_SUMMARY, council)
    item = _item(council, item_id)
    summary = _summary(item)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _view_page(council, item, summary, review_form=form, status=400)
    try:
        services.put_to_review(summary, deadline=form.deadline.data, actor=current_user)
    except Refusal as error:
        refusals.show(error)
        return _to_summary(item)
    flash(_("The summary is put to the council for review."), "success")
    return _to_summary(item)


@bp.post("/stance")
@council_required(Permission.VIEW_AGENDA, deny=404)
def stance(council: Council, item_id: int):
    """A member endorses the summary under review, or objects with a reason."""
    _require(Permission.PARTICIPATE, council)
    item = _item(council, item_id)
    summary = _summary(item)
    _readable(summary, council)
    form = StanceForm()
    if not form.validate_on_submit():
        return _view_page(council, item, summary, stance_form=form, status=400)
    try:
        services.set_stance(summary, actor=current_user, value=form.value.data, reason=form.reason.data or "")
    except Refusal as error:
        refusals.show(error)
        return _to_summary(item)
    if form.value.data == "endorse":
        flash(_("You endorse this summary. You can change your position until it is adopted."), "success")
    else:
        flash(_("Your objection is recorded. You can change your position until the summary is adopted."), "success")
    return _to_summary(item, _anchor="review")


@bp.post("/adopt")
@council_required(Permission.VIEW_AGENDA, deny=404)
def adopt(council: Council, item_id: int):
    """Adopt the summary under review, as the page showed it."""
    _require(Permission.DRAFT_SUMMARY, council)
    item = _item(council, item_id)
    summary = _summary(item)
    form = AdoptForm()
    if not form.validate_on_submit():
        flash(_("The form was incomplete. Reload the page and try again."), "error")
        return _to_summary(item)
    try:
        services.adopt(summary, lock_version=int(form.lock_version.data), actor=current_user)
    except Conflict:
        refusals.undo()
        flash(_("A newer version was saved since you opened the page. Read it before you adopt the summary."), "error")
        return _to_summary(item)
    except Refusal as error:
        refusals.show(error)
        return _to_summary(item)
    flash(_("The summary is adopted."), "success")
    return _to_summary(item)


# --- versions and differences --------------------------------------------------------------------


def _number(name: str) -> int | None:
    value = request.args.get(name, type=str) or ""
    return int(value) if value.isdigit() and len(value) <= 9 else None


@bp.get("/versions")
@council_required(Permission.VIEW_AGENDA, deny=404)
def versions(council: Council, item_id: int):
    """Every version, who made it and why, with links to the differences."""
    item = _item(council, item_id)
    summary = _summary(item)
    _readable(summary, council)
    return render_template("summaries/versions.html", council=council, item=item, summary=summary,
                           versions=queries.versions(summary))


@bp.get("/diff")
@council_required(Permission.VIEW_AGENDA, deny=404)
def diff(council: Council, item_id: int):
    """The lines removed and added between versions a and b."""
    item = _item(council, item_id)
    summary = _summary(item)
    _readable(summary, council)
    a_number, b_number = _number("a"), _number("b")
    if a_number is None or b_number is None:
        abort(404)
    a, b = queries.version(summary, a_number), queries.version(summary, b_number)
    if a is None or b is None:
        abort(404)
    return render_template("summaries/diff.html", council=council, item=item, summary=summary, a=a, b=b,
                           parts=differences.diff(a, b), versions=queries.versions(summary))


# --- translations --------------------------------------------------------------------------------


@bp.route("/translate", methods=["GET", "POST"])
@council_required(Permission.VIEW_AGENDA, deny=404)
def translate(council: Council, item_id: int):
    """Add a translation of the current version into another language."""
    _require(Permission.PARTICIPATE, council)
    item = _item(council, item_id)
    summary = _summary(item)
    _readable(summary, council)
    version = summary.current_version
    if version is None or summary.status == SummaryStatus.DRAFT.value:
        flash(_("A summary can be translated once it is put to the council."), "error")
        return _to_summary(item)
    existing = queries.translations_of(version)
    form = TranslateForm(source_language=summary.language, taken={t.language for t in existing},
                         sections_present=[k for k, v in (version.sections or {}).items() if (v or "").strip()],
                         recommendation_count=len(version.recommendations))
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.add_translation(summary, actor=current_user, language=form.language.data,
                                         sections=form.sections(), recommendations=form.translated_recommendations())
            except Refusal as error:
                error.field = error.field or "language"
                refusals.show(error, form)
            else:
                flash(_("Thank you: the translation is added."), "success")
                return _to_summary(item)
        status = 400
    else:
        status = 200
        for r in version.recommendations[:MAX_RECOMMENDATIONS]:
            form[rec_fields(r.number)[1]].data = r.addressee
    return render_template("summaries/translate.html", council=council, item=item, summary=summary, version=version,
                           form=form, translations=existing, sections=SECTIONS, section_field=section_field,
                           rec_fields=rec_fields), status


# --- printable, plain text, JSON -----------------------------------------------------------------


def _export_context(council, item, summary):
    infos = queries.versions(summary)
    numbers = {v.id: v.number for v in infos}
    return {
        "council": council, "item": item, "summary": summary, "version": summary.current_version,
        "number": numbers.get(summary.current_version_id), "adopted_number": numbers.get(summary.adopted_version_id),
        "corrections": queries.corrections(infos, summary),
        "figures": queries.figures(summary.participation, frozen=True),
        "council_name": council_queries.council_name(council),
    }


@bp.get("/print")
@council_required(Permission.VIEW_AGENDA, deny=404)
def printable(council: Council, item_id: int):
    """The adopted summary on a page made for printing."""
    item, summary = _adopted(council, item_id)
    context = _export_context(council, item, summary)
    context["shown"] = queries.shown(summary, summary.current_version, item, current_user,
                                     original=request.args.get("original") == "1")
    return render_template("summaries/print.html", **context)


@bp.get("/summary.txt")
@council_required(Permission.VIEW_AGENDA, deny=404)
def text(council: Council, item_id: int):
    """The adopted summary as plain text, in its language of record."""
    item, summary = _adopted(council, item_id)
    context = _export_context(council, item, summary)
    version = summary.current_version
    context.update(
        sections=[(queries.section_label(k), citations.plain_citations(version.sections.get(k, "")))
                  for k in SECTIONS if (version.sections or {}).get(k, "").strip()],
        recommendations=[(r.number, citations.plain_citations(r.text), r.addressee) for r in version.recommendations],
    )
    body = re.sub(r"\n{3,}", "\n\n", render_template("summaries/summary.txt", **context)).strip() + "\n"
    return Response(body, mimetype="text/plain", headers={"Content-Type": "text/plain; charset=utf-8"})


@bp.get("/summary.json")
@council_required(Permission.VIEW_AGENDA, deny=404)
def export(council: Council, item_id: int):
    """The adopted summary as JSON: text, recommendations, figures and counts, no names of people."""
    item, summary = _adopted(council, item_id)
    data = queries.export(summary, item, council)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
