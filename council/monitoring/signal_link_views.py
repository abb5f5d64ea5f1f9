"""Signals next to provisions: the linked provisions (and a form to link one) on a signal's page, the
region's signals on a provision's page. Both pages belong to lower or sibling modules and leave a
template hook (council/core/hooks.py) that this module fills. Routes on the monitoring blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from council.core import hooks
from council.core.refusals import Refusal, show
from council.councils.models import Council
from council.monitoring import queries, signal_links
from council.monitoring.forms import ConfirmForm, LinkProvisionForm
from council.monitoring.views import bp
from council.permissions import Permission, can, council_required
from council.signals.queries import get_visible

PREFIX = "/councils/<int:council_id>/signals/<int:signal_id>/provisions"


@hooks.fill("signal.after", order=60)
def signal_provisions(signal=None, council=None, **_context):
    if signal is None or council is None:
        return None
    linked = signal_links.linked_provisions(signal)
    form = None
    if can(current_user, Permission.LINK_SIGNAL, council):
        taken = {p.id for p in linked}
        form = LinkProvisionForm(formdata=None, prefix="link")
        form.provision_id.choices = [_choice(p) for p in signal_links.linkable_provisions(council) if p.id not in taken]
    if not linked and (form is None or not form.provision_id.choices):
        return None
    return render_template("monitoring/_signal_provisions.html", signal=signal, council=council, linked=linked,
                           form=form, confirm=ConfirmForm())


def _choice(provision) -> tuple:
    title = queries.provision_title(provision)
    marks = {"lang": title.lang, "dir": "auto"} if title.lang else {"translate": "no", "dir": "auto"}
    return provision.id, f"{provision.reference} · {title.text}", marks


@hooks.fill("provision.after", order=50)
def provision_signals(provision=None, **_context):
    if provision is None:
        return None
    found = signal_links.for_provision(current_user, provision)
    if not found.linked and not found.recent:
        return None
    return render_template("monitoring/_provision_signals.html", provision=provision, found=found)


@bp.post(PREFIX)
@council_required(Permission.VIEW_SIGNALS, deny=404)
def link_signal(council: Council, signal_id: int):
    signal = get_visible(council, signal_id, current_user)
    if not can(current_user, Permission.LINK_SIGNAL, council):
        abort(403)
    form = LinkProvisionForm(prefix="link")
    if not form.validate_on_submit():
        abort(400)
    try:
        signal_links.link(signal, council, form.provision_id.data, actor=current_user)
    except Refusal as refusal:
        show(refusal)
    else:
        flash(_("The signal has been linked to the provision."), "success")
    return redirect(url_for("signals.view", council_id=council.id, signal_id=signal.id, _anchor="provisions"))


@bp.post(PREFIX + "/<int:provision_id>/unlink")
@council_required(Permission.VIEW_SIGNALS, deny=404)
def unlink_signal(council: Council, signal_id: int, provision_id: int):
    signal = get_visible(council, signal_id, current_user)
    if not can(current_user, Permission.LINK_SIGNAL, council):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        signal_links.unlink(signal, council, provision_id, actor=current_user)
    except Refusal as refusal:
        show(refusal)
    else:
        flash(_("The link to the provision has been removed."), "success")
    return redirect(url_for("signals.view", council_id=council.id, signal_id=signal.id, _anchor="provisions"))
