"""Reading the audit log: the whole log for administrators, a council's own log for its facilitators."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council.audit import queries, watch
from council.audit.forms import AuditFilterForm, filter_form
from council.councils.models import Council
from council.councils.setup import council_names
from council.extensions import db
from council.i18n import localized
from council.permissions import Permission, council_required, site_required

bp = Blueprint("audit", __name__)
bp.after_app_request(watch.record_forbidden)


@bp.context_processor
def _helpers():
    return {"localized": localized}


def _council_choices() -> list[tuple[str, str, dict]]:
    councils = db.session.scalars(select(Council).options(selectinload(Council.texts)).order_by(Council.id))
    choices = []
    for c in councils:
        name, lang = localized({t.language: t.name for t in c.texts}, *c.working_languages)
        choices.append((str(c.id), name, {"lang": lang, "dir": "auto"}))  # a name, not interface text
    return choices


def _filters(form: AuditFilterForm) -> queries.Filters:
    """The filters that make sense; a value that does not is left out (the form shows why)."""
    form.validate()

    def good(name: str):
        f = form._fields.get(name)
        return f.data if f is not None and not f.errors and f.data not in ("", None) else None

    council = good("council")
    return queries.Filters(
        action=good("action"),
        council_id=int(council) if council else None,
        actor_email=good("actor"),
        date_from=good("date_from"),
        date_to=good("date_to"),
    )


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/admin/audit")
@site_required(Permission.ADMINISTER)
def log():
    """The whole audit log, newest first, with filters."""
    form = filter_form(request.args, _council_choices())
    filters = _filters(form)
    page = queries.page(filters, page_number=_page_number())
    return render_template(
        "audit/log.html", form=form, page=page, rows=queries.rows(page.items), council=None, args=filters.args()
    )


@bp.get("/councils/<int:council_id>/audit")
@council_required(Permission.VIEW_COUNCIL_AUDIT)
def council_log(council: Council):
    """What was done in one council, for its facilitators."""
    form = filter_form(request.args, None)
    filters = _filters(form)
    page = queries.page(filters, page_number=_page_number(), council_id=council.id)
    return render_template(
        "audit/log.html", form=form, page=page, rows=queries.rows(page.items), council=council, args=filters.args(),
        council_name=localized(council_names(council), *council.working_languages),
    )
