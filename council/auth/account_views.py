"""The person's own account, continued: the language of e-mails, and their signed-in sessions."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from council import i18n
from council.auth import services
from council.auth.forms import LanguageForm
from council.auth.views import bp
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
