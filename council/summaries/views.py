"""The summary of an agenda item, one blueprint in three modules by audience: reading.py (the
council's people read, take a stance, compare versions, translate), drafting.py (facilitators
write, put to review and adopt) and exports.py (printable, plain text and JSON of an adopted
summary). This module holds the blueprint and what the three share.

Everything here is for the council's own people (VIEW_AGENDA); everyone else gets 404, office
readers included (they read forwarded summaries through the forwarding pages)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from council.agendas.models import AgendaItem
from council.councils.models import Council
from council.extensions import db
from council.permissions import Permission, can
from council.summaries import citations, queries
from council.summaries.models import Summary

bp = Blueprint("summaries", __name__, url_prefix="/councils/<int:council_id>/agenda/<int:item_id>/summary")

bp.add_app_template_global(queries.status_label, "summary_status_label")
bp.add_app_template_global(citations.render_citations, "render_citations")

def require(permission: Permission, council: Council) -> None:
    """For people who may see the agenda: refuse (403) what their role does not allow."""
    if not can(current_user, permission, council):
        abort(403)


def load_item(council: Council, item_id: int) -> AgendaItem:
    return db.first_or_404(db.select(AgendaItem).filter_by(id=item_id, council_id=council.id))


def load_summary(item: AgendaItem) -> Summary:
    summary = queries.summary_of(item)
    if summary is None:
        abort(404)
    return summary


def require_readable(summary: Summary, council: Council) -> None:
    if not queries.may_read_text(summary, current_user, council):
        abort(403)


def load_adopted(council: Council, item_id: int) -> tuple[AgendaItem, Summary]:
    item = load_item(council, item_id)
    summary = load_summary(item)
    if not summary.is_adopted or summary.current_version is None:
        abort(404)
    return item, summary


def to_summary(item: AgendaItem, **args):
    return redirect(url_for(".view", council_id=item.council_id, item_id=item.id, **args))


# The routes, by audience (they register on `bp`).
from council.summaries import drafting, exports, reading  # noqa: E402,F401
