"""The notifications page, marking as read, the choices per kind, and unsubscribing by link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from council.core.web import safe_next_url
from council.extensions import csrf, db
from council.notifications import queries, services
from council.notifications.forms import MarkReadForm, settings_form
from council.notifications.models import KIND_LABELS, Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
bp.add_app_template_global(queries.unread_count, "unread_notification_count")


@bp.get("")
@login_required
def index():
    """My notifications, newest first; unread ones marked. Reading the page marks nothing."""
    page = max(request.args.get("page", 1, type=int), 1)
    pagination, rows = queries.page_of(current_user, page=min(page, 100_000))
    return render_template("notifications/index.html", pagination=pagination, rows=rows,
                           unread=queries.unread_count(current_user))


@bp.post("/read")
@login_required
def mark_read():
    """Mark one notification (`id`) or all of mine as read."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    notification_id = form.id.data
    if notification_id is not None:
        db.first_or_404(select(Notification).filter_by(id=notification_id, user_id=current_user.id))
    changed = services.mark_read(current_user, notification_id)
    if notification_id is None:
        flash(_("All your notifications are marked as read.") if changed
              else _("There was nothing unread."), "success")
    else:
        flash(_("The notification is marked as read."), "success")
    return redirect(safe_next_url(form.next.data) or url_for(".index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """For each kind of notification: an e-mail at once, in a daily summary, or none."""
    form = settings_form(queries.deliveries(current_user.id), queries.kinds_for(current_user))
    if form.validate_on_submit():
        services.set_deliveries(current_user.id, form.choices())
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form), 400 if form.errors else 200


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """One-click unsubscribing from a kind of e-mail (RFC 8058). GET asks; POST does it. The
    signed token is the protection, so it works signed out and without a CSRF token."""
    target = services.unsubscribe_target(token)
    if target is None:
        abort(404)
    labels = [KIND_LABELS[kind] for kind in target[1]]
    if request.method == "POST":
        if services.unsubscribe(token) is None:
            abort(404)
        return render_template("notifications/unsubscribed.html", labels=labels)
    return render_template("notifications/unsubscribe.html", labels=labels, token=token)


csrf.exempt(unsubscribe)
