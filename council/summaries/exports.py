"""An adopted summary as a printable page, plain text and JSON."""

from __future__ import annotations

import json
import re

from flask import Response, render_template, request
from flask_login import current_user

from council.councils import queries as council_queries
from council.councils.models import Council
from council.permissions import Permission, council_required
from council.summaries import citations, queries
from council.summaries.models import SECTIONS
from council.summaries.views import bp, load_adopted

# --- printable, plain text, JSON -----------------------------------------------------------------


def _export_context(council, item, summary):
    infos = queries.versions(summary)
    numbers = {v.id: v.number for v in infos}
    return {
        "council": council, "item": item, "summary": summary, "version": summary.current_version,
        "number": numbers.get(summary.current_version_id), "adopted_number": numbers.get(summary.adopted_version_id),
        "corrections": queries.corrections(infos, summary),
        "figures": queries.figures(summary.participation, frozen=True),
        "council_name": council_queries.council_name(council),
    }


@bp.get("/print")
@council_required(Permission.VIEW_AGENDA, deny=404)
def printable(council: Council, item_id: int):
    """The adopted summary on a page made for printing."""
    item, summary = load_adopted(council, item_id)
    context = _export_context(council, item, summary)
    context["shown"] = queries.shown(summary, summary.current_version, item, current_user,
                                     original=request.args.get("original") == "1")
    return render_template("summaries/print.html", **context)


@bp.get("/summary.txt")
@council_required(Permission.VIEW_AGENDA, deny=404)
def text(council: Council, item_id: int):
    """The adopted summary as plain text, in its language of record."""
    item, summary = load_adopted(council, item_id)
    context = _export_context(council, item, summary)
    version = summary.current_version
    context.update(
        sections=[(queries.section_label(k), citations.plain_citations(version.sections.get(k, "")))
                  for k in SECTIONS if (version.sections or {}).get(k, "").strip()],
        recommendations=[(r.number, citations.plain_citations(r.text), r.addressee) for r in version.recommendations],
    )
    body = re.sub(r"\n{3,}", "\n\n", render_template("summaries/summary.txt", **context)).strip() + "\n"
    return Response(body, mimetype="text/plain", headers={"Content-Type": "text/plain; charset=utf-8"})


@bp.get("/summary.json")
@council_required(Permission.VIEW_AGENDA, deny=404)
def export(council: Council, item_id: int):
    """The adopted summary as JSON: text, recommendations, figures and counts, no names of people."""
    item, summary = load_adopted(council, item_id)
    data = queries.export(summary, item, council)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
