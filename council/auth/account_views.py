"""The person's own account, continued: the language of e-mails, and their signed-in sessions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from council import i18n
from council.auth import services, sessions
from council.auth.forms import LanguageForm
from council.auth.views import bp
from council.core.forms import BaseForm
from council.core.web import safe_next_url


@bp.post("/account/language")
@login_required
def save_language():
    """The explicit "use this language for e-mails" button: saves the language of the visit."""
    form = LanguageForm()
    form.language.choices = i18n.language_choices()
    if form.validate_on_submit():
        services.update_profile(current_user._get_current_object(), locale=form.language.data)
        flash(_("E-mails and notices will now be written in %(language)s.",
                language=i18n.native_name(form.language.data)), "success")
    return redirect(safe_next_url(request.form.get("next")) or url_for(".account"))


@bp.get("/account/sessions", endpoint="sessions")
@login_required
def sessions_page():
    """Where the person is signed in: device, when, address as recorded; each can be ended."""
    user = current_user._get_current_object()
    rows = sessions.of(user)
    return render_template("auth/sessions.html", rows=rows, device=sessions.device,
                           current=lambda row: sessions.is_current(row, user))


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    user = current_user._get_current_object()
    if not BaseForm().validate_on_submit():
        abort(400)
    row = sessions.end_one(user, session_id)
    if row is None:
        abort(404)
    if sessions.is_current(row, user):
        sessions.end(user)
        flash(_("You have signed out."), "info")
        return redirect(url_for("core.index"))
    flash(_("That session has ended: the device it was on is signed out."), "success")
    return redirect(url_for(".sessions"))
