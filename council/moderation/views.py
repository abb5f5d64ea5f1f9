"""Moderation: members report posts, facilitators review a queue, hide, dismiss and restore,
and authors appeal once against the hiding of their post."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.core import refusals
from council.core.refusals import Refusal
from council.core.web import safe_next_url
from council.councils.models import Council
from council.deliberations.models import Appeal, Post
from council.extensions import client_address, db, limiter
from council.moderation import queries, services
from council.moderation.forms import AppealForm, ConfirmForm, DecideAppealForm, HideForm, ReportForm
from council.permissions import Permission, council_required

bp = Blueprint("moderation", __name__)

POST_PATH = "/councils/<int:council_id>/agenda/<int:item_id>/posts/<int:post_id>"
QUEUE_PATH = "/councils/<int:council_id>/moderation"

for _helper in (services.report_reason_label, services.hide_reason_label, services.may_report,
                services.may_appeal, services.may_decide_appeal):
    bp.add_app_template_global(_helper)


def _posting_limit() -> str:
    return current_app.config["RATELIMIT_POSTING"]


def _user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + client_address()


def _load_post(council: Council, item_id: int, post_id: int) -> Post:
    """A post of this council's item, or 404: nothing is reachable through another council's URL."""
    return db.first_or_404(select(Post).filter_by(id=post_id, council_id=council.id, item_id=item_id))


def post_url(post: Post) -> str:
    return url_for("deliberations.permalink", council_id=post.council_id, item_id=post.item_id, post_id=post.id)


def _next_or(default: str) -> str:
    return safe_next_url(request.form.get("next")) or default


# --- reporting -----------------------------------------------------------------------------------


def _report_refusal(post: Post) -> str | None:
    if post.author_id == current_user.id:
        return _("You cannot report your own post.")
    if post.state != services.VISIBLE:
        return _("This post is not shown in the thread, so it cannot be reported.")
    if services.has_reported(current_user, post):
        return _("You have already reported this post. The facilitators will look at it.")
    return None


def _reports_limit() -> str:
    return current_app.config["RATELIMIT_REPORTS_PER_MEMBER"]


def _reports_key() -> str:
    return "reports:" + _user_key()


@bp.route(POST_PATH + "/report", methods=["GET", "POST"])
@limiter.limit(_posting_limit, methods=["POST"], key_func=_user_key)
@limiter.limit(_reports_limit, methods=["POST"], key_func=_reports_key)
@council_required(Permission.PARTICIPATE, deny=404)
def report(council: Council, item_id: int, post_id: int):
    """Report a post to the facilitators, with a reason."""
    post = _load_post(council, item_id, post_id)
    refusal = _report_refusal(post)
    if refusal:
        flash(refusal, "info")
        return redirect(post_url(post))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report(post, reason=form.reason.data, note=form.note.data or "", actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
            return redirect(post_url(post))
        flash(_("Thank you. The facilitators of the council will review the post."), "success")
        return redirect(post_url(post))
    return render_template("moderation/report.html", council=council, post=post, form=form), \
        400 if form.errors else 200


# --- hiding and restoring (from the queue or the thread) -----------------------------------------


@bp.post(POST_PATH + "/hide")
@council_required(Permission.MODERATE, deny=404)
def hide(council: Council, item_id: int, post_id: int):
    """Hide a post with a reason. Without a reason in the request, ask for one first."""
    post = _load_post(council, item_id, post_id)
    next_url = _next_or(post_url(post))
    if "reason" not in request.form:
        form = HideForm(formdata=None)
        return render_template("moderation/hide.html", council=council, post=post, form=form, next_url=next_url)
    form = HideForm()
    if not form.validate_on_submit():
        return render_template("moderation/hide.html", council=council, post=post, form=form,
                               next_url=next_url), 400
    try:
        services.hide(post, reason=form.reason.data, note=form.note.data or "", actor=current_user)
    except Refusal as error:
        refusals.show(error, category="info")
        return redirect(next_url)
    flash(_("The post is hidden. Its author has been told why."), "success")
    return redirect(next_url)


@bp.post(POST_PATH + "/restore")
@council_required(Permission.MODERATE, deny=404)
def restore(council: Council, item_id: int, post_id: int):
    """Show a hidden post again."""
    post = _load_post(council, item_id, post_id)
    next_url = _next_or(post_url(post))
    if ConfirmForm().validate_on_submit():
        try:
            services.restore(post, actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
            return redirect(next_url)
        flash(_("The post is shown again. Its author has been told."), "success")
    return redirect(next_url)


# --- the facilitators' queue ---------------------------------------------------------------------


def _queue(council: Council, failed: tuple[int, DecideAppealForm] | None = None, status: int = 200):
    page = request.args.get("page", 1, type=int)
    pagination, reported = queries.reported_posts(council, page=max(page, 1))
    return render_template(
        "moderation/queue.html",
        council=council,
        pagination=pagination,
        reported=reported,
        appeals=queries.open_appeals(council),
        failed=failed,
        hide_form=HideForm(formdata=None),
    ), status


@bp.get(QUEUE_PATH)
@council_required(Permission.MODERATE, deny=404)
def queue(council: Council):
    """Posts with open reports and appeals waiting for a decision."""
    return _queue(council)


@bp.post(QUEUE_PATH + "/posts/<int:post_id>/dismiss")
@council_required(Permission.MODERATE, deny=404)
def dismiss(council: Council, post_id: int):
    """Dismiss the open reports on a post; a post hidden only by them is shown again."""
    post = db.first_or_404(select(Post).filter_by(id=post_id, council_id=council.id))
    if ConfirmForm().validate_on_submit():
        try:
            shown_again = services.dismiss_reports(post, actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
        else:
            flash(_("The reports are dismissed and the post is shown again.") if shown_again
                  else _("The reports are dismissed."), "success")
    return redirect(url_for(".queue", council_id=council.id))


@bp.post(QUEUE_PATH + "/appeals/<int:appeal_id>/decide")
@council_required(Permission.MODERATE, deny=404)
def decide_appeal(council: Council, appeal_id: int):
    """Restore the post or keep it hidden, with a note the author sees."""
    appeal = db.first_or_404(select(Appeal).filter_by(id=appeal_id, council_id=council.id))
    if not services.may_decide_appeal(current_user, appeal, council):
        abort(403)
    form = DecideAppealForm()
    if not form.validate_on_submit():
        return _queue(council, failed=(appeal.id, form), status=400)
    try:
        services.decide_appeal(appeal, outcome=form.outcome.data, note=form.note.data or "",
                               actor=current_user, council=council)
    except services.AppealForbidden:
        abort(403)
    except Refusal as error:
        refusals.show(error, category="info")
        return redirect(url_for(".queue", council_id=council.id))
    flash(_("The post is shown again. Its author has been told.") if form.outcome.data == services.OUTCOME_RESTORED
          else _("The post stays hidden. Its author has been told."), "success")
    return redirect(url_for(".queue", council_id=council.id))


# --- the author's appeal -------------------------------------------------------------------------


@bp.route(POST_PATH + "/appeal", methods=["GET", "POST"])
@council_required(Permission.VIEW_AGENDA, deny=404)
def appeal(council: Council, item_id: int, post_id: int):
    """For the author of a hidden post: why it is hidden, and asking once for a review."""
    post = _load_post(council, item_id, post_id)
    if post.author_id != current_user.id:
        abort(404)
    existing = queries.appeal_for(post)
    if existing is None and post.state != services.HIDDEN:
        flash(_("This post is not hidden."), "info")
        return redirect(post_url(post))
    form = AppealForm() if existing is None else None
    if form is not None and form.validate_on_submit():
        try:
            services.appeal(post, statement=form.statement.data, actor=current_user)
        except Refusal as error:
            refusals.show(error, category="info")
            return redirect(url_for(".appeal", council_id=council.id, item_id=post.item_id, post_id=post.id))
        flash(_("Your request has been sent. A facilitator who did not hide the post will review it."), "success")
        return redirect(url_for(".appeal", council_id=council.id, item_id=post.item_id, post_id=post.id))
    if form is None and request.method == "POST":
        flash(_("You have already asked for a review of this post. It can be asked only once."), "info")
        return redirect(url_for(".appeal", council_id=council.id, item_id=post.item_id, post_id=post.id))
    return render_template("moderation/appeal.html", council=council, post=post, appeal=existing, form=form), \
        400 if form is not None and form.errors else 200
