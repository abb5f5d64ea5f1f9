"""The person's API tokens, on their account: make one (its secret shown once), see when each was
last used, revoke one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from council.api import services
from council.api.forms import TokenForm
from council.core import refusals
from council.core.forms import BaseForm
from council.core.refusals import Refusal

bp = Blueprint("api_account", __name__)


def _page(form: TokenForm, *, secret: str | None = None, status: int = 200):
    user = current_user._get_current_object()
    return render_template("api/tokens.html", form=form, tokens=services.tokens_of(user), secret=secret,
                           api_url=url_for("api.index", _external=False),
                           docs_url=url_for("api.openapi"), limit=current_app.config["RATELIMIT_API_PER_TOKEN"]), status


@bp.get("/account/api-tokens")
@login_required
def tokens():
    return _page(TokenForm(formdata=None))


@bp.post("/account/api-tokens")
@login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _row, secret = services.create(current_user._get_current_object(), name=form.name.data)
        except Refusal as error:
            refusals.show(error, form)
        else:
            # Shown on this answer only: never kept in the session or a flash message.
            return _page(TokenForm(formdata=None), secret=secret)
    return _page(form, status=400)


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    if not BaseForm().validate_on_submit():
        abort(400)
    row = services.revoke(current_user._get_current_object(), token_id)
    if row is None:
        abort(404)
    flash(_("The token “%(name)s” is revoked: programs using it are refused from now on.", name=row.name), "success")
    return redirect(url_for(".tokens"))
