"""What intake adds to pages of other domains: the sender line on a signal's page (facilitators of
its council only) and a link to the intake page on the council's page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from council.core import hooks
from council.councils.models import Council
from council.extensions import db
from council.permissions import Permission, can
from council.signals.intake import services


@hooks.fill("signal.after", order=80)
def sender_line(signal=None, council=None, **_context):
    if signal is None:
        return None
    council = council if council is not None else db.session.get(Council, signal.council_id)
    if not can(current_user, Permission.SEE_SIGNAL_SENDER, council) or signal.channel not in ("email", "sms"):
        return None
    message = services.sender_of(signal)
    if message is None:
        return None
    erase_on = services.erase_after(message, services.settings_of(council))
    return render_template("signals/_intake_sender.html", message=message, erase_on=erase_on)


@hooks.fill("council.sections", order=80)
def intake_link(council=None, **_context):
    if council is None or not can(current_user, Permission.REVIEW_SIGNAL, council):
        return None
    return render_template("signals/_intake_link.html", council=council)
