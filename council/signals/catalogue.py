"""A council's own settings for signals: its sectors and indicator catalogue (seeded with the
defaults; names in every language) and the hours until an escalation is due, by severity."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from council.audit import services as audit
from council.core.refusals import Refusal
from council.councils.models import Council
from council.extensions import db
from council.signals import codes
from council.signals.models import Indicator, SignalPolicy, SignalSector


def _code(value, allowed, field: str):
    if value not in allowed:
        raise Refusal(_("Choose one of the values offered."), field=field)
    return value


def _text(value, limit: int, field: str) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if len(value) > limit:
        raise Refusal(_("This is too long: at most %(n)s characters.", n=limit), field=field)
    return value


# --- sectors, indicators, deadlines ------------------------------------------------------------------------


def ensure_catalogues(council: Council) -> None:
    """Give `council` the default sectors and indicators if it has none yet (idempotent)."""
    if db.session.scalar(select(SignalSector.id).where(SignalSector.council_id == council.id).limit(1)) is None:
        for position, key in enumerate(codes.DEFAULT_SECTORS):
            db.session.add(SignalSector(council_id=council.id, key=key, names={}, position=position))
    if db.session.scalar(select(Indicator.id).where(Indicator.council_id == council.id).limit(1)) is None:
        for position, (key, (nature, gender, polarity, _label)) in enumerate(codes.DEFAULT_INDICATORS.items()):
            db.session.add(Indicator(council_id=council.id, key=key, nature=nature, gender_sensitive=gender,
                                     polarity=polarity, names={}, position=position))
    db.session.flush()


def due_hours(council_id: int) -> dict[int, int]:
    """Hours from escalation to the due date, by severity, for this council."""
    policy = db.session.scalar(select(SignalPolicy).where(SignalPolicy.council_id == council_id))
    hours = dict(codes.DEFAULT_DUE_HOURS)
    for key, value in ((policy.due_hours or {}) if policy else {}).items():
        if str(key).isdigit() and int(key) in hours and isinstance(value, int) and value > 0:
            hours[int(key)] = value
    return hours


def set_due_hours(council: Council, hours: dict[int, int], *, actor) -> SignalPolicy:
    if any(s not in codes.SEVERITIES for s in hours) or any(not (1 <= int(h) <= 24 * 365) for h in hours.values()):
        raise Refusal(_("Give each severity a number of hours between 1 and 8760."))
    policy = db.session.scalar(select(SignalPolicy).where(SignalPolicy.council_id == council.id))
    before = dict(policy.due_hours) if policy else {}
    if policy is None:
        policy = SignalPolicy(council_id=council.id, due_hours={})
        db.session.add(policy)
    policy.due_hours = {str(k): int(v) for k, v in hours.items()}
    db.session.flush()
    audit.record(actor, "signal.settings", policy, council_id=council.id, before=before, after=policy.due_hours)
    return policy


def save_indicator(council: Council, *, key: str, nature: str, polarity: str, gender_sensitive: bool,
                   active: bool, names: dict[str, str], actor) -> Indicator:
    """Add an indicator to the council's catalogue, or change one (its names in every language)."""
    ensure_catalogues(council)
    key = (key or "").strip().lower()
    if not key or len(key) > 40 or not all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in key):
        raise Refusal(_("Use only small letters, digits and underscores, at most 40."), field="key")
    _code(nature, ("structural", "dynamic"), "nature")
    _code(polarity, ("conflict", "peace"), "polarity")
    clean = {lang: _text(text, 200, f"name_{lang}") for lang, text in names.items() if text}
    indicator = db.session.scalar(select(Indicator).where(Indicator.council_id == council.id, Indicator.key == key))
    if indicator is None and not clean:
        raise Refusal(_("Give the indicator a name in at least one language."), field=f"name_{next(iter(names))}")
    before = None
    if indicator is None:
        position = db.session.scalar(select(func.count(Indicator.id)).where(Indicator.council_id == council.id))
        indicator = Indicator(council_id=council.id, key=key, position=position or 0)
        db.session.add(indicator)
    else:
        before = {"names": dict(indicator.names or {}), "active": indicator.active}
    indicator.nature, indicator.polarity = nature, polarity
    indicator.gender_sensitive, indicator.active = bool(gender_sensitive), bool(active)
    indicator.names = clean
    db.session.flush()
    audit.record(actor, "signal.indicator", indicator, council_id=council.id, before=before,
                 after={"key": key, "names": clean, "active": indicator.active})
    return indicator
