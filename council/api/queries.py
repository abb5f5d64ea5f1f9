"""What the API reads, through the domains' own queries and exports, a fixed number of queries per
answer whatever its length. Lists are walked by an opaque cursor (signed, bound to one list) on
the rows' ids, oldest first, so that a walk sees every row once even while new ones arrive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from council.agendas.models import AgendaItem
from council.councils import composition as council_composition
from council.councils import queries as council_queries
from council.councils.models import Council, Region
from council.extensions import db
from council.forwarding import queries as forwarding_queries
from council.forwarding.models import Forwarding
from council.signals import exports as signal_exports
from council.signals import queries as signal_queries
from council.signals.models import Signal
from council.summaries import queries as summary_queries
from council.summaries.models import Summary, SummaryStatus, SummaryVersion

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


# --- cursors -------------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="council.api.cursor")


def make_cursor(scope: str, key: int) -> str:
    return _serializer().dumps([scope, key])


def read_cursor(cursor: str, scope: str) -> int | None:
    """The id after which the page starts, or None when the cursor was not made for this list."""
    if len(cursor) > 300:
        return None
    try:
        found_scope, key = _serializer().loads(cursor)
    except (BadSignature, ValueError, TypeError):
        return None
    if found_scope != scope or not isinstance(key, int) or key < 0:
        return None
    return key


@dataclass
class Page:
    rows: list[dict[str, Any]]
    last_key: int | None  # the id to continue after, None on the last page


def _keyset(query, column, after: int, limit: int) -> tuple[list, int | None]:
    found = list(db.session.scalars(query.where(column > after).order_by(column).limit(limit + 1)))
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].id if more and found else None)


def _time(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- councils ------------------------------------------------------------------------------------


def council(council_id: int) -> Council | None:
    return db.session.scalar(select(Council).filter_by(id=council_id).options(*council_queries.council_options()))


def _council_row(c: Council) -> dict[str, Any]:
    name = council_queries.council_name(c)
    region = council_queries.place_name(c.region)
    country = council_queries.place_name(c.region.country if c.region else None)
    return {
        "id": c.id,
        "name": name.text,
        "name_language": name.lang,
        "names": {t.language: t.name for t in c.texts if t.name},
        "region": {"id": c.region_id, "name": region.text},
        "country": {"id": c.region.country_id if c.region else None,
                    "code": c.region.country.code if c.region and c.region.country else None, "name": country.text},
        "working_languages": list(c.working_languages or []),
        "url": url_for("api.council", council_id=c.id),
    }


def councils_page(after: int, limit: int) -> Page:
    query = select(Council).options(
        selectinload(Council.texts), selectinload(Council.region).selectinload(Region.country))
    found, last = _keyset(query, Council.id, after, limit)
    return Page([_council_row(c) for c in found], last)


def breakdown_json(b: council_queries.Breakdown) -> dict[str, Any]:
    """A disclosed breakdown as the page shows it: nothing at all when it is hidden."""
    if b.hidden:
        return {"hidden": True, "total": None, "cells": []}
    return {"hidden": False, "total": b.total,
            "cells": [{"key": c.key, "state": c.state, "count": c.count, "share": c.share} for c in b.cells]}


def council_profile(c: Council) -> dict[str, Any]:
    """The public page of a council: its names, mandate, place, languages and published composition."""
    mandate = council_queries.council_mandate(c)
    published = council_composition.published(c)
    figures = published.composition
    return {
        **_council_row(c),
        "mandate": mandate.text,
        "mandate_language": mandate.lang,
        "composition": {
            "as_of": published.as_of.date().isoformat(),
            "rounding": published.base,
            "threshold": council_queries.threshold(),
            "women_target_percent": figures.women_target_percent,
            "by_gender": breakdown_json(figures.by_gender),
            "by_group": breakdown_json(figures.by_group),
        },
    }


# --- agenda items and summaries (who sees the council's agenda) ------------------------------------


def items_page(c: Council, after: int, limit: int) -> Page:
    found, last = _keyset(select(AgendaItem).where(AgendaItem.council_id == c.id), AgendaItem.id, after, limit)
    return Page([{
        "id": i.id, "title": i.title, "language": i.language, "description": i.description, "theme": i.theme,
        "status": i.status, "place": i.place, "deadline": _time(i.deadline), "merged_into": i.merged_into_id,
        "posts": i.post_count, "created_at": _time(i.created_at),
    } for i in found], last)


def summaries_page(c: Council, after: int, limit: int) -> Page:
    query = select(Summary).where(Summary.council_id == c.id, Summary.status == SummaryStatus.ADOPTED.value,
                                  Summary.current_version_id.is_not(None)).options(selectinload(Summary.item))
    found, last = _keyset(query, Summary.id, after, limit)
    return Page([{
        "id": s.id, "item": {"id": s.item.id, "title": s.item.title, "language": s.item.language},
        "language": s.language, "adopted_at": _time(s.adopted_at),
        "endorsements": s.adopted_endorsements or 0, "objections": s.adopted_objections or 0,
        "url": url_for("api.summary", council_id=c.id, summary_id=s.id),
    } for s in found], last)


def summary_detail(c: Council, summary_id: int) -> dict[str, Any] | None:
    """An adopted summary as the council's own JSON export gives it (summaries.queries.export), and
    what became of it: where it was forwarded and the answers, as "What became of our advice"."""
    summary = db.session.scalar(
        select(Summary).where(Summary.id == summary_id, Summary.council_id == c.id,
                              Summary.status == SummaryStatus.ADOPTED.value)
        .options(joinedload(Summary.current_version).selectinload(SummaryVersion.recommendations),
                 selectinload(Summary.item)))
    if summary is None or summary.current_version is None:
        return None
    data = summary_queries.export(summary, summary.item, c)
    outcomes = forwarding_queries.outcomes_for_summary(summary)
    data["id"] = summary.id
    data["forwardings"] = [_outcome(row) for row in (outcomes.rows if outcomes else [])]
    return data


def _outcome(row) -> dict[str, Any]:
    f = row.forwarding
    return {
        "destination": {"id": row.destination.id, "name": forwarding_queries.destination_name(row.destination)[0]},
        **_forwarding_dates(f, row.overdue),
        "answer": ({"text": f.overall_answer, "language": f.answer_language,
                    "recommendations": [{"number": n, "stance": a.stance, "text": a.text}
                                        for n, a in sorted(row.answers.items())]}
                   if row.answered else None),
    }


def _forwarding_dates(f: Forwarding, overdue: bool) -> dict[str, Any]:
    return {
        "status": f.status,
        "sent_at": _time(f.sent_at),
        "answer_requested_by": f.answer_requested_by.date().isoformat() if f.answer_requested_by else None,
        "overdue": overdue,
        "acknowledged_at": _time(f.acknowledged_at),
        "answered_at": _time(f.answered_at),
        "corrected_at": _time(f.corrected_at),
    }


# --- early-warning signals -----------------------------------------------------------------------


def signals_page(c: Council, user, after: int, limit: int) -> Page:
    """The signals `user` may see, as the JSON export gives them (points blurred, sources' identity
    only for those who may know it)."""
    query = signal_queries.filtered(c, user, {}).options(*signal_exports.export_options())
    found, last = _keyset(query, Signal.id, after, limit)
    return Page(signal_exports.json_rows(c, found, user), last)


# --- forwarded summaries, for their destinations' readers -----------------------------------------


def forwardings_page(user, after: int, limit: int) -> Page:
    ids = forwarding_queries.readable_destination_ids(user)
    query = select(Forwarding).options(selectinload(Forwarding.destination))
    if ids is not None:
        query = query.where(Forwarding.destination_id.in_(sorted(ids) or [-1]))
    found, last = _keyset(query, Forwarding.id, after, limit)
    summaries = {s.id: s for s in db.session.scalars(
        select(Summary).where(Summary.id.in_({f.summary_id for f in found})).options(selectinload(Summary.item)))} \
        if found else {}
    councils = {c.id: c for c in db.session.scalars(
        select(Council).where(Council.id.in_({f.council_id for f in found})).options(selectinload(Council.texts)))} \
        if found else {}
    rows = []
    for f in found:
        summary, c = summaries.get(f.summary_id), councils.get(f.council_id)
        rows.append({
            "id": f.id,
            "council": {"id": f.council_id, "name": council_queries.council_name(c).text if c else None},
            "destination": {"id": f.destination_id, "name": forwarding_queries.destination_name(f.destination)[0]},
            "item": {"title": summary.item.title if summary else None,
                     "language": summary.item.language if summary else None},
            "language": summary.language if summary else None,
            **_forwarding_dates(f, forwarding_queries.is_overdue(f)),
            "url": url_for("api.forwarding", forwarding_id=f.id),
        })
    return Page(rows, last)


def forwarding_for(forwarding_id: int) -> Forwarding | None:
    return forwarding_queries.forwarding_for_office(forwarding_id)


def forwarding_detail(f: Forwarding, user) -> dict[str, Any] | None:
    found = forwarding_queries.received(f, user, original=True)
    return forwarding_queries.office_export(found) if found is not None else None
