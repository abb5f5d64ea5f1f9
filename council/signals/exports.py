"""Signals as CSV shaped like ACLED's event files (our own columns after theirs) and as JSON.
Only what the exporter may see; for readers who do not see details (exact places, who the sources
are), coordinates are blurred to about 1 km and sources' identities left out."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from typing import Any

from flask import current_app
from sqlalchemy.orm import selectinload

from council.councils.models import Council, Region
from council.extensions import db
from council.signals import codes, queries
from council.signals.models import Signal, SignalIndicator

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso3", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = (
    "council_id", "signal_kind", "title", "language", "sector", "severity", "trend", "status", "confidentiality",
    "channel", "gender_dimensions", "indicators", "killed", "injured", "abducted", "displaced",
    "sexual_violence_survivors", "impact_estimated", "reliability", "escalations",
)

# Our own actor codes are not ACLED interaction codes: in ACLED's columns they are named, not coded.
OWN_ACTOR_NAMES = {"community_authority": "Community authority", "womens_group": "Women's group",
                   "youth_group": "Youth group"}
ACLED_ACTOR_NAMES = {"1": "State forces", "2": "Rebel groups", "3": "Political militias", "4": "Identity militias",
                     "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/other forces"}
DISORDER = {"battles": "Political violence", "explosions": "Political violence",
            "violence_civilians": "Political violence", "protests": "Demonstrations", "riots": "Demonstrations",
            "strategic": "Strategic developments"}


def signals_for_export(council: Council, user, filters: dict[str, Any]) -> list[Signal]:
    query = queries.filtered(council, user, filters).options(*export_options()).order_by(Signal.event_date, Signal.id)
    return list(db.session.scalars(query).all())


def opaque_id(signal: Signal) -> str:
    """A stable identifier that reveals neither the database id nor how many signals exist."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"signal:{signal.id}".encode(), hashlib.sha256).hexdigest()[:12]


def _actor(code: str | None) -> tuple[str, str]:
    """(actor name, ACLED interaction code or "")."""
    if not code:
        return "", ""
    if code in ACLED_ACTOR_NAMES:
        return ACLED_ACTOR_NAMES[code], code
    return OWN_ACTOR_NAMES.get(code, code), ""


def _interaction(a: str, b: str) -> str:
    if not a:
        return ""
    if not b:
        return f"{a}0"
    low, high = sorted((int(a), int(b)))
    return f"{low}{high}"


def _count(signal: Signal, category: str) -> int:
    return sum(i.count for i in signal.impacts if i.category == category)


def row(signal: Signal, council: Council, user, country_code: str, country: str, region: str) -> dict[str, Any]:
    point = queries.point(signal, user, council)
    exact = point is not None and (point[0], point[1]) == (signal.latitude, signal.longitude)
    identity = queries.sees_source_identity(signal, user, council)
    actor1, inter1 = _actor(signal.actor1_type)
    actor2, inter2 = _actor(signal.actor2_type)
    sub = codes.SUB_EVENT_TYPES.get(signal.sub_event_type or "")
    scales = list(dict.fromkeys(s.scale for s in signal.sources))
    return {
        "event_id_cnty": f"{country_code}{opaque_id(signal)}",
        "event_date": signal.event_date.isoformat(),
        "year": signal.event_date.year,
        "time_precision": codes.ACLED_TIME_PRECISION.get(signal.date_precision, 3),
        "disorder_type": DISORDER.get(signal.event_type or "", ""),
        "event_type": codes.ACLED_EVENT_TYPE.get(signal.event_type or "", ""),
        "sub_event_type": sub[2] if sub else "",
        "actor1": actor1, "assoc_actor_1": "", "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if signal.event_type == "violence_civilians" else "",
        "iso3": country_code, "country": country, "admin1": region, "admin2": signal.area, "admin3": "",
        "location": signal.place,
        "latitude": f"{point[0]:.6f}".rstrip("0").rstrip(".") if point else "",
        "longitude": f"{point[1]:.6f}".rstrip("0").rstrip(".") if point else "",
        "geo_precision": 1 if exact and signal.place else (2 if signal.place or signal.area or point else 3),
        "source": "; ".join(s.description for s in signal.sources if s.description) if identity else "",
        "source_scale": "-".join(s.capitalize() for s in scales),
        "notes": signal.narrative,
        "fatalities": _count(signal, "killed"),
        "tags": "; ".join(signal.gender_dimensions or []),
        "timestamp": int(signal.updated_at.timestamp()),
        "council_id": council.id,
        "signal_kind": signal.kind, "title": signal.title, "language": signal.language,
        "sector": signal.sector.key if signal.sector else "", "severity": signal.severity, "trend": signal.trend,
        "status": signal.status, "confidentiality": signal.confidentiality, "channel": signal.channel,
        "gender_dimensions": "; ".join(signal.gender_dimensions or []),
        "indicators": "; ".join(f"{t.indicator.key}:{t.direction}" for t in signal.indicators),
        "killed": _count(signal, "killed"), "injured": _count(signal, "injured"),
        "abducted": _count(signal, "abducted"), "displaced": _count(signal, "displaced"),
        "sexual_violence_survivors": _count(signal, "sexual_violence"),
        "impact_estimated": int(any(i.estimate for i in signal.impacts)),
        "reliability": "; ".join(s.reliability for s in signal.sources),
        "escalations": "; ".join(f"{e.requested_action}:{e.status}:{e.outcome or ''}" for e in signal.escalations),
    }


def _place(council: Council) -> tuple[str, str, str]:
    region = db.session.get(Region, council.region_id)
    country = region.country if region is not None else None
    return ((country.code or "") if country else "", (country.names or {}).get("en", "") if country else "",
            (region.names or {}).get("en", "") if region else "")


def rows(council: Council, signals: list[Signal], user) -> list[dict[str, Any]]:
    code, country, region = _place(council)
    return [row(s, council, user, code, country, region) for s in signals]


def to_csv(council: Council, signals: list[Signal], user) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    writer.writeheader()
    for r in rows(council, signals, user):
        writer.writerow({k: _safe_cell(v) for k, v in r.items()})
    return out.getvalue()


def _safe_cell(value):
    """No spreadsheet formulas from what people typed."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def json_rows(council: Council, signals: list[Signal], user) -> list[dict[str, Any]]:
    """The rows of the JSON export (and of the API): the CSV's columns, with sources (their
    identity only for readers who may know it) and impacts as lists."""
    result = []
    for signal, r in zip(signals, rows(council, signals, user)):
        identity = queries.sees_source_identity(signal, user, council)
        r["sources"] = [{"scale": s.scale, "reliability": s.reliability, "seen_themselves": s.seen_themselves,
                         **({"description": s.description} if identity else {})} for s in signal.sources]
        r["impacts"] = [{"category": i.category, "sex": i.sex, "age_band": i.age_band, "count": i.count,
                         "estimate": i.estimate} for i in signal.impacts]
        result.append(r)
    return result


def export_options():
    """What a row needs loaded with the signals (a fixed number of queries)."""
    return (selectinload(Signal.sector), selectinload(Signal.sources), selectinload(Signal.impacts),
            selectinload(Signal.indicators).selectinload(SignalIndicator.indicator), selectinload(Signal.escalations))


def to_json(council: Council, signals: list[Signal], user) -> str:
    return json.dumps({"council_id": council.id, "signals": json_rows(council, signals, user)},
                      ensure_ascii=False, indent=1)
