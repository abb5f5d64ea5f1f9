"""A forwarded summary as the office keeps it: a page to print, plain text and JSON, like the
council's own copy (summaries.exports) but as its destination reads it: the text that was sent,
citations as "post N" (no link into a thread the office cannot open, no name), the reasons of
standing objections without who gave them, and the destination's answers."""

from __future__ import annotations

import json
import re

from flask import Response, abort, render_template, request
from flask_login import current_user

from council.councils import queries as council_queries
from council.forwarding import queries
from council.forwarding.views import _readable, bp, office_required
from council.summaries import citations
from council.summaries import queries as summary_queries
from council.summaries.models import SECTIONS


def _received(forwarding_id: int, *, original: bool = False):
    found = queries.received(_readable(forwarding_id), current_user, original=original)
    if found is None:
        abort(404)
    return found


@bp.get("/office/forwardings/<int:forwarding_id>/print")
@office_required
def received_print(forwarding_id: int):
    """The forwarded summary on a page made for printing."""
    r = _received(forwarding_id, original=request.args.get("original", type=str) == "1")
    return render_template("forwarding/received_print.html", r=r, council_name=council_queries.council_name(r.council))


@bp.get("/office/forwardings/<int:forwarding_id>/summary.txt")
@office_required
def received_text(forwarding_id: int):
    """The forwarded summary as plain text, in its language of record."""
    r = _received(forwarding_id)
    version, language = r.version, r.summary.language
    body = render_template(
        "forwarding/received.txt", r=r, council_name=council_queries.council_name(r.council),
        sections=[(summary_queries.section_label(k), citations.reader_citations(version.sections.get(k, ""), language))
                  for k in SECTIONS if (version.sections or {}).get(k, "").strip()],
        recommendations=[(rec.number, citations.reader_citations(rec.text, language), rec.addressee,
                          r.answers.get(rec.number) if r.forwarding.status == queries.ANSWERED else None)
                         for rec in version.recommendations],
        figures=r.figures,
    )
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return Response(body, mimetype="text/plain", headers={"Content-Type": "text/plain; charset=utf-8"})


@bp.get("/office/forwardings/<int:forwarding_id>/summary.json")
@office_required
def received_json(forwarding_id: int):
    """The forwarded summary as JSON: no names of people."""
    data = queries.office_export(_received(forwarding_id))
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
