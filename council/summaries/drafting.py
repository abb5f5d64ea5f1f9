"""Drafting a summary, for facilitators: writing and revising it (with optimistic locking),
putting it to the council's review, adopting it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.core import refusals
from council.core.refusals import Conflict, Refusal
from council.councils.models import Council
from council.extensions import db
from council.permissions import Permission, council_required
from council.summaries import queries, services
from council.summaries.forms import MAX_RECOMMENDATIONS, AdoptForm, EditForm, ReviewForm, rec_fields, section_field
from council.summaries.models import SECTIONS, Summary
from council.summaries.reading import view_page
from council.summaries.views import bp, load_item, load_summary, require, to_summary

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
    require(Permission.DRAFT_SUMMARY, council)
    item = load_item(council, item_id)
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
    return to_summary(item)


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


@bp.post("/review")
@council_required(Permission.VIEW_AGENDA, deny=404)
def review(council: Council, item_id: int):
    """Put the draft to the council with a deadline (or move the deadline)."""
    require(Permission.DRAFT_SUMMARY, council)
    item = load_item(council, item_id)
    summary = load_summary(item)
    form = ReviewForm()
    if not form.validate_on_submit():
        return view_page(council, item, summary, review_form=form, status=400)
    try:
        services.put_to_review(summary, deadline=form.deadline.data, actor=current_user)
    except Refusal as error:
        refusals.show(error)
        return to_summary(item)
    flash(_("The summary is put to the council for review."), "success")
    return to_summary(item)


@bp.post("/adopt")
@council_required(Permission.VIEW_AGENDA, deny=404)
def adopt(council: Council, item_id: int):
    """Adopt the summary under review, as the page showed it."""
    require(Permission.DRAFT_SUMMARY, council)
    item = load_item(council, item_id)
    summary = load_summary(item)
    form = AdoptForm()
    if not form.validate_on_submit():
        flash(_("The form was incomplete. Reload the page and try again."), "error")
        return to_summary(item)
    if summary.is_under_review and queries.adoption(summary).needs_confirmation and not form.confirm.data:
        form.confirm.errors = [_("Tick the box to adopt the summary now all the same.")]
        return view_page(council, item, summary, adopt_form=form, status=400)
    try:
        services.adopt(summary, lock_version=int(form.lock_version.data), actor=current_user)
    except Conflict:
        refusals.undo()
        flash(_("A newer version was saved since you opened the page. Read it before you adopt the summary."), "error")
        return to_summary(item)
    except Refusal as error:
        refusals.show(error)
        return to_summary(item)
    flash(_("The summary is adopted."), "success")
    return to_summary(item)
