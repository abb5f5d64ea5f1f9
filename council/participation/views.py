"""The participation page of a council, the invitation of silent groups, and the fragments this
domain puts on lower domains' pages (the council's composition, an open item's facilitation)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.core import hooks, refusals
from council.core.refusals import Refusal
from council.councils.models import Council
from council.extensions import db
from council.participation import charts, queries, services
from council.participation.forms import InviteForm, PeriodForm
from council.permissions import Permission, can, council_required

bp = Blueprint("participation", __name__, url_prefix="/councils/<int:council_id>/participation")


@bp.get("")
@council_required(Permission.VIEW_PARTICIPATION, deny=404)
def page(council: Council):
    """Who took part over a period, by gender and by group, against the council's composition."""
    form = PeriodForm(request.args)
    picture = queries.picture(council, current_user, form.chosen)
    return render_template("participation/page.html", council=council, form=form, picture=picture,
                           gender_chart=charts.against_composition(picture, "gender"),
                           group_chart=charts.against_composition(picture, "group"))


@bp.post("/items/<int:item_id>/invite")
@council_required(Permission.MANAGE_AGENDA, deny=404)
def invite(council: Council, item_id: int):
    """Invite the members of the groups not heard yet on an open item to take part."""
    item = db.first_or_404(select(AgendaItem).filter_by(id=item_id, council_id=council.id))
    form = InviteForm(silent=queries.silent_groups(item))
    if form.validate_on_submit():
        try:
            groups, people = services.invite_silent(current_user, item, form.groups.data or [])
        except Refusal as error:
            refusals.show(error)
        else:
            flash(ngettext("%(num)s person was invited to take part.", "%(num)s people were invited to take part.",
                           people) if people else _("Nobody could be invited: the groups have no active members."),
                  "success")
    return redirect(url_for("agendas.item", council_id=council.id, item_id=item.id) + "#silent-groups")


# --- on other domains' pages ---------------------------------------------------------------------


@hooks.fill("council.composition")
def _council_link(council=None, **_kw):
    if council is None or not can(current_user, Permission.VIEW_PARTICIPATION, council):
        return None
    return render_template("participation/_council_link.html", council=council)


@hooks.fill("item.facilitation")
def _silent_groups(item=None, council=None, **_kw):
    """For facilitators, on an open item: the groups not heard yet, and the invitation."""
    if item is None or council is None or not item.is_open or not can(current_user, Permission.MANAGE_AGENDA, council):
        return None
    silent = queries.silent_groups(item)
    return render_template("participation/_silent_groups.html", council=council, item=item, silent=silent,
                           invited=services.recently_invited(item) if silent else set(),
                           form=InviteForm(formdata=None, silent=silent))
