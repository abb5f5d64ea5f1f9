"""Reading a summary: its page, stances of the council's members, versions and their
differences, translations."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from council.core import refusals
from council.core.refusals import Refusal
from council.councils.models import Council
from council.permissions import Permission, can, council_required
from council.summaries import diff as differences
from council.summaries import queries, services
from council.summaries.forms import (MAX_RECOMMENDATIONS, AdoptForm, ReviewForm, StanceForm, TranslateForm, rec_fields,
                                     section_field)
from council.summaries.models import SECTIONS, SummaryStatus
from council.summaries.views import bp, load_item, load_summary, require, require_readable, to_summary

# --- reading -------------------------------------------------------------------------------------


def view_page(council, item, summary, *, stance_form=None, review_form=None, adopt_form=None, status=200):
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
            adopt_form=adopt_form or AdoptForm(formdata=None, lock_version=str(summary.lock_version)),
            adoption=(queries.adoption(summary) if summary.is_under_review
                      and can(current_user, Permission.DRAFT_SUMMARY, council) else None),
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
    item = load_item(council, item_id)
    return view_page(council, item, queries.summary_of(item))




@bp.post("/stance")
@council_required(Permission.VIEW_AGENDA, deny=404)
def stance(council: Council, item_id: int):
    """A member endorses the summary under review, or objects with a reason."""
    require(Permission.PARTICIPATE, council)
    item = load_item(council, item_id)
    summary = load_summary(item)
    require_readable(summary, council)
    form = StanceForm()
    if not form.validate_on_submit():
        return view_page(council, item, summary, stance_form=form, status=400)
    try:
        services.set_stance(summary, actor=current_user, value=form.value.data, reason=form.reason.data or "")
    except Refusal as error:
        refusals.show(error)
        return to_summary(item)
    if form.value.data == "endorse":
        flash(_("You endorse this summary. You can change your position until it is adopted."), "success")
    else:
        flash(_("Your objection is recorded. You can change your position until the summary is adopted."), "success")
    return to_summary(item, _anchor="review")



# --- versions and differences --------------------------------------------------------------------


def _number(name: str) -> int | None:
    value = request.args.get(name, type=str) or ""
    return int(value) if value.isdigit() and len(value) <= 9 else None


@bp.get("/versions")
@council_required(Permission.VIEW_AGENDA, deny=404)
def versions(council: Council, item_id: int):
    """Every version, who made it and why, with links to the differences."""
    item = load_item(council, item_id)
    summary = load_summary(item)
    require_readable(summary, council)
    return render_template("summaries/versions.html", council=council, item=item, summary=summary,
                           versions=queries.versions(summary))


@bp.get("/diff")
@council_required(Permission.VIEW_AGENDA, deny=404)
def diff(council: Council, item_id: int):
    """The lines removed and added between versions a and b."""
    item = load_item(council, item_id)
    summary = load_summary(item)
    require_readable(summary, council)
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
    require(Permission.PARTICIPATE, council)
    item = load_item(council, item_id)
    summary = load_summary(item)
    require_readable(summary, council)
    version = summary.current_version
    if version is None or summary.status == SummaryStatus.DRAFT.value:
        flash(_("A summary can be translated once it is put to the council."), "error")
        return to_summary(item)
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
                return to_summary(item)
        status = 400
    else:
        status = 200
        for r in version.recommendations[:MAX_RECOMMENDATIONS]:
            form[rec_fields(r.number)[1]].data = r.addressee
    return render_template("summaries/translate.html", council=council, item=item, summary=summary, version=version,
                           form=form, translations=existing, sections=SECTIONS, section_field=section_field,
                           rec_fields=rec_fields), status
