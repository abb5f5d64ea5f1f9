"""The SMS gateway's webhook, and the facilitators' page that shows the council's intake address,
SMS codes and the retention of senders."""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import get_locale, ngettext
from flask_login import current_user

from council.core.refusals import Refusal, show
from council.councils.models import Council
from council.extensions import csrf
from council.permissions import Permission, council_required
from council.signals import codes
from council.signals.intake import services, setting, webhook
from council.signals.intake.forms import RetentionForm

bp = Blueprint("intake", __name__)


@bp.app_template_global("intake_indicator_name")
def indicator_name(indicator) -> str:
    """The indicator's name in the reader's language, else the default set's, else its key."""
    own = (indicator.names or {}).get(str(get_locale()))
    if own:
        return own
    default = codes.DEFAULT_INDICATORS.get(indicator.key)
    return str(default[3]) if default else next(iter((indicator.names or {}).values()), indicator.key)


def _text(body: str, status: int):
    return body, status, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.post("/intake/sms")
@csrf.exempt
def sms():
    """An SMS forwarded by the gateway; the reply body is the text the gateway sends back."""
    secret = setting("SIGNALS_SMS_SECRET")
    if not secret:
        abort(404)
    limit = setting("SIGNALS_SMS_MAX_BYTES")
    if request.content_length is not None and request.content_length > limit:
        return _text("Request too large.", 413)
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        return _text("Request too large.", 413)
    try:
        webhook.verify(secret, request.headers.get(webhook.TIMESTAMP_HEADER), body,
                       request.headers.get(webhook.SIGNATURE_HEADER), now=time.time(),
                       max_age=setting("SIGNALS_SMS_MAX_AGE_SECONDS"))
        message = webhook.fields(request.headers.get("Content-Type"), body)
    except webhook.Rejected as rejected:
        current_app.logger.warning("SMS webhook rejected: %s", rejected.reason)
        if rejected.reason == "fields":
            return _text("Expected the fields id, from and text.", 400)
        return _text("Bad signature." if rejected.reason == "signature" else "Stale timestamp.", 403)
    status, reply = services.store_sms(message)
    return _text(reply, status)


@bp.get("/councils/<int:council_id>/signals/intake")
@council_required(Permission.REVIEW_SIGNAL, deny=404)
def settings(council: Council):
    """How people send signals by e-mail and SMS to this council."""
    return _page(council, RetentionForm(days=services.retention_days(services.settings_of(council))))


def _page(council: Council, form: RetentionForm, status: int = 200):
    found = services.settings_of(council)
    return render_template(
        "signals/intake.html", council=council, form=form, address=services.address_of(found),
        mailbox_configured="@" in setting("SIGNALS_INTAKE_ADDRESS"), sms_number=setting("SIGNALS_SMS_NUMBER"),
        sms_on=bool(setting("SIGNALS_SMS_SECRET")), code=services.council_code(council),
        indicators=services.indicator_codes(council, seed=False), days=services.retention_days(found),
    ), status


@bp.post("/councils/<int:council_id>/signals/intake/address")
@council_required(Permission.REVIEW_SIGNAL, deny=404)
def new_address(council: Council):
    """Make (or replace) the council's e-mail intake address."""
    services.new_address(council, actor=current_user)
    flash(_("The council has a new intake address; the old one no longer works."), "success")
    return redirect(url_for(".settings", council_id=council.id))


@bp.post("/councils/<int:council_id>/signals/intake/retention")
@council_required(Permission.REVIEW_SIGNAL, deny=404)
def retention(council: Council):
    """Set how long senders' numbers and addresses are kept."""
    form = RetentionForm()
    if form.validate_on_submit():
        try:
            services.set_retention(council, form.days.data, actor=current_user)
        except Refusal as refusal:
            show(refusal, form)
        else:
            flash(ngettext("Senders will be kept for %(num)d day.", "Senders will be kept for %(num)d days.",
                           form.days.data), "success")
            return redirect(url_for(".settings", council_id=council.id))
    return _page(council, form, 400)
