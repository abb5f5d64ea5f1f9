"""A council's agenda: the list of items, proposing, an item's page, the facilitators' triage and
following. Everything here is for the council's members (others get 404)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from council.agendas import charts, queries, services
from council.agendas.forms import (AcceptForm, ConfirmForm, DeclineForm, MergeForm, MoveForm, ProposeForm,
                                  new_submission_key)
from council.agendas.models import THEMES, AgendaItem
from council.core import pages, refusals, revisions
from council.core.refusals import Refusal
from council.core.web import safe_next_url
from council.councils.models import Council
from council.extensions import client_address, db, limiter
from council.permissions import Permission, can, council_required

bp = Blueprint("agendas", __name__, url_prefix="/councils/<int:council_id>/agenda")

bp.add_app_template_global(queries.status_label, "item_status_label")
bp.add_app_template_global(queries.status_badge, "item_status_badge")
bp.add_app_template_global(queries.theme_label, "theme_label")

def _posting_limit() -> str:
    return current_app.config["RATELIMIT_POSTING"]


def _posting_key() -> str:
    if current_user.is_authenticated:
        return f"posting:user:{current_user.id}"
    return f"posting:address:{client_address()}"


def _require(permission: Permission, council: Council) -> None:
    """For people who may see the agenda: refuse (403) what their role does not allow."""
    if not can(current_user, permission, council):
        abort(403)


def _load(council: Council, item_id: int, *, lock: bool = False) -> AgendaItem:
    query = select(AgendaItem).filter_by(id=item_id, council_id=council.id)
    return db.first_or_404(query.with_for_update() if lock else query)


def _to_item(item: AgendaItem):
    return redirect(url_for(".item", council_id=item.council_id, item_id=item.id))


def _back_or_item(item: AgendaItem):
    target = safe_next_url(request.form.get("next", type=str))
    return redirect(target) if target else _to_item(item)


# --- the agenda ----------------------------------------------------------------------------------


@bp.get("")
@pages.kept(lambda council_id, **_: [revisions.council(council_id)])
@council_required(Permission.VIEW_AGENDA, deny=404)
def index(council: Council):
    """The items by status, with counts, filters, what is new and what the reader follows."""
    filters = queries.clean_filters(request.args)
    agenda = queries.agenda(council, current_user, **filters)
    return render_template("agendas/index.html", council=council, filters=filters, themes=list(THEMES),
                           agenda=agenda, status_chart=charts.by_status(agenda.counts))


@bp.route("/propose", methods=["GET", "POST"])
@limiter.limit(_posting_limit, methods=["POST"], key_func=_posting_key)
@council_required(Permission.VIEW_AGENDA, deny=404)
def propose(council: Council):
    """Propose an issue for the agenda; a form sent twice makes one item."""
    _require(Permission.PARTICIPATE, council)
    linkable = queries.linkable_items(council)
    form = ProposeForm(link_choices=[(row.id, row.title) for row in linkable], language=str(get_locale() or "en"))
    if form.validate_on_submit():
        item = _submit_proposal(council, form)
        if item is not None:
            flash(_("Your proposal is on the agenda. A facilitator will consider it."), "success")
            return _to_item(item)
    return render_template("agendas/propose.html", council=council, form=form, linkable=linkable), \
        400 if form.errors else 200


def _submit_proposal(council: Council, form: ProposeForm) -> AgendaItem | None:
    """The item made from the form (or made by the same form before); None if refused."""
    fields = {name: getattr(form, name).data for name in ("title", "description", "theme", "place", "language")}
    try:
        item, _created = services.propose(council, links=form.links.data or (), submission_key=form.submission_key.data,
                                          actor=current_user, **fields)
    except Refusal as error:
        refusals.show(error, form)
        if not error.field:
            form.submission_key.data = new_submission_key()
        return None
    return item


# --- an item -------------------------------------------------------------------------------------


def _item_page(council: Council, item: AgendaItem, *, status: int = 200, **forms):
    manages = can(current_user, Permission.MANAGE_AGENDA, council)
    if manages and item.status == services.PROPOSED:
        forms.setdefault("accept_form", AcceptForm(formdata=None))
        forms.setdefault("decline_form", DeclineForm(formdata=None))
        if "merge_form" not in forms:
            forms["merge_form"] = MergeForm(formdata=None, targets=queries.merge_targets(item))
    return render_template(
        "agendas/item.html",
        council=council,
        item=item,
        manages=manages,
        following=services.is_following(item, current_user),
        merged_from=queries.merged_from(item),
        **forms,
    ), status


@bp.get("/<int:item_id>")
@pages.kept(lambda council_id, **_: [revisions.council(council_id)])
@council_required(Permission.VIEW_AGENDA, deny=404)
def item(council: Council, item_id: int):
    """An item: what it is about, its status and history, and its thread."""
    found = queries.item_for_page(council, item_id)
    if found is None:
        abort(404)
    page = _item_page(council, found)
    if current_user.is_authenticated:
        services.record_visit(found, user=current_user)
    return page


# --- triage by facilitators ----------------------------------------------------------------------


def _triage(council: Council, item_id: int, action: str, make_form):
    """Load the item and the form of a triage action: (item, form, whether to go ahead). A refused
    action is flashed."""
    _require(Permission.MANAGE_AGENDA, council)
    item = _load(council, item_id, lock=True)
    form = make_form(item)
    try:
        services.check(item, action)
    except Refusal as error:
        refusals.show(error)
        return item, form, False
    return item, form, form.validate_on_submit()


def _refused(council: Council, item: AgendaItem, **forms):
    """The item page again, with the errors of the form that was sent."""
    if not any(f.errors for f in forms.values()):  # the action itself was refused (flashed)
        return _to_item(item)
    return _item_page(council, queries.item_for_page(council, item.id), status=400, **forms)


def _apply(item: AgendaItem, change, success: str, *, back: bool = False):
    """Make the change and tell; then to the item (or, with `back`, to the page the form was sent
    from, e.g. the agenda list)."""
    try:
        change()
    except Refusal as error:
        refusals.show(error)
    else:
        flash(success, "success")
    return _back_or_item(item) if back else _to_item(item)


@bp.post("/<int:item_id>/accept")
@council_required(Permission.VIEW_AGENDA, deny=404)
def accept(council: Council, item_id: int):
    """Open a proposed item for deliberation, with an optional deadline."""
    item, form, ok = _triage(council, item_id, "accept", lambda _item: AcceptForm())
    if not ok:
        return _refused(council, item, accept_form=form)
    return _apply(item, lambda: services.accept(item, deadline=form.deadline.data, actor=current_user),
                  _("“%(title)s” is open for deliberation.", title=item.title), back=True)


@bp.post("/<int:item_id>/decline")
@council_required(Permission.VIEW_AGENDA, deny=404)
def decline(council: Council, item_id: int):
    """Decline a proposed item with a reason the proposer sees."""
    item, form, ok = _triage(council, item_id, "decline", lambda _item: DeclineForm())
    if not ok:
        return _refused(council, item, decline_form=form)
    return _apply(item, lambda: services.decline(item, reason=form.reason.data, actor=current_user),
                  _("“%(title)s” has been declined.", title=item.title), back=True)


def _merge_form(item: AgendaItem) -> MergeForm:
    return MergeForm(targets=queries.merge_targets(item))


@bp.post("/<int:item_id>/merge")
@council_required(Permission.VIEW_AGENDA, deny=404)
def merge(council: Council, item_id: int):
    """Merge a proposed item into another item of the same council."""
    item, form, ok = _triage(council, item_id, "merge", _merge_form)
    if not ok:
        return _refused(council, item, merge_form=form)
    into = _load(council, form.into.data, lock=True)
    return _apply(item, lambda: services.merge(item, into=into, actor=current_user),
                  _("“%(title)s” has been merged into “%(other)s”.", title=item.title, other=into.title))


@bp.post("/<int:item_id>/close")
@council_required(Permission.VIEW_AGENDA, deny=404)
def close(council: Council, item_id: int):
    """Close the deliberation of an open item."""
    item, _form, ok = _triage(council, item_id, "close", lambda _item: ConfirmForm())
    if not ok:
        return _to_item(item)
    return _apply(item, lambda: services.close(item, actor=current_user),
                  _("The deliberation on “%(title)s” is closed.", title=item.title))


@bp.post("/<int:item_id>/move")
@council_required(Permission.VIEW_AGENDA, deny=404)
def move(council: Council, item_id: int):
    """Move an item one place up or down on the agenda."""
    _require(Permission.MANAGE_AGENDA, council)
    item = _load(council, item_id, lock=True)
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_("Choose to move the item up or down."), "error")
    elif services.move(item, direction=form.direction.data, actor=current_user):
        flash(_("“%(title)s” has been moved.", title=item.title), "success")
    else:
        flash(_("“%(title)s” is already at that end of the list.", title=item.title), "info")
    return _back_or_item(item)


# --- following -----------------------------------------------------------------------------------


@bp.post("/<int:item_id>/follow")
@council_required(Permission.VIEW_AGENDA, deny=404)
def follow(council: Council, item_id: int):
    """Follow an item: be told when its deliberation closes."""
    item = _load(council, item_id)
    if ConfirmForm().validate_on_submit():
        services.follow(item, actor=current_user)
        flash(_("You follow “%(title)s”.", title=item.title), "success")
    return _back_or_item(item)


@bp.post("/<int:item_id>/unfollow")
@council_required(Permission.VIEW_AGENDA, deny=404)
def unfollow(council: Council, item_id: int):
    """Stop following an item."""
    item = _load(council, item_id)
    if ConfirmForm().validate_on_submit():
        services.unfollow(item, actor=current_user)
        flash(_("You no longer follow “%(title)s”.", title=item.title), "success")
    return _back_or_item(item)
