"""Reading the audit log: filters, a page of events newest first, and what each event shows.

A page costs a fixed number of queries whatever its length: the events with their actors, then
at most one query per kind of target (accounts, councils, countries, regions, memberships)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from council.audit import services as audit
from council.audit.models import AuditEvent
from council.auth.models import User
from council.councils.models import Council, Country, Membership, Region
from council.extensions import db

PER_PAGE = 50
MAX_PAGE = 100_000

# How a kind of target is named in the log.
TARGET_LABELS = {
    "users": _l("Account"),
    "councils": _l("Council"),
    "countries": _l("Country"),
    "regions": _l("Region"),
    "memberships": _l("Membership"),
    "invitations": _l("Invitation"),
    "agenda_items": _l("Agenda item"),
    "posts": _l("Post in a thread"),
    "appeals": _l("Appeal"),
    "signals": _l("Early-warning signal"),
    "signal_escalations": _l("Escalation of a signal"),
    "signal_policies": _l("Signal settings"),
    "signal_indicators_catalogue": _l("Indicator"),
    "agreements": _l("Agreement"),
    "provisions": _l("Provision"),
    "assessments": _l("Assessment"),
    "api_tokens": _l("API token"),
}

# How a field recorded in before/after is named.
FIELD_LABELS = {
    "code": _l("Country code"),
    "scope": _l("Access"),
    "names": _l("Name"),
    "mandates": _l("Mandate"),
    "country": _l("Country"),
    "region": _l("Region"),
    "working_languages": _l("Working languages"),
    "allow_anonymous": _l("Anonymous posting"),
    "women_target_percent": _l("Target share of women (per cent)"),
    "role": _l("Role"),
    "status": _l("Status"),
    "site_role": _l("Site role"),
    "email": _l("E-mail address"),
    "language": _l("Language"),
    "message": _l("Message"),
    "constituency": _l("Group represented"),
    "title": _l("Title"),
    "theme": _l("Theme"),
    "reason": _l("Reason"),
    "deadline": _l("Deadline"),
    "merged_into": _l("Merged into"),
    "position": _l("Position on the agenda"),
    "state": _l("State of the post"),
    "hidden_reason": _l("Reason for hiding"),
    "hidden_by_id": _l("Hidden by"),
    "hidden_note": _l("Note to the author"),
    "open_report_count": _l("Open reports"),
    "outcome": _l("Outcome"),
    "sessions_ended": _l("Number of sessions"),
    "method": _l("Kind of request"),
    "path": _l("Address of the page"),
    "confidentiality": _l("Who may read it"),
    "severity": _l("Severity"),
    "channel": _l("Received by"),
    "requested_action": _l("Action requested"),
    "destination": _l("Destination"),
    "due_at": _l("Due"),
    "key": _l("Code"),
    "active": _l("Offered on the form"),
    "item": _l("Agenda item"),
    "rating": _l("Status of implementation"),
    "confidence": _l("Confidence"),
    "rationale": _l("Rationale"),
    "gender_analysis": _l("Gender analysis"),
    "women_rating": _l("Rating gathered from women members"),
    "men_rating": _l("Rating gathered from men members"),
    "confidential": _l("Confidential"),
    "cadence": _l("Cadence"),
    "stage": _l("Stage"),
}

# Actions whose actor, when none is recorded, is someone not signed in (not the system).
VISITOR_ACTIONS = frozenset({"user.sign_in_fail", "user.sign_in_two_factor_fail", "user.sign_in_lock", "access.refuse"})

# How recorded values of some fields are named.
VALUE_LABELS = {
    "role": {"member": _l("Member"), "facilitator": _l("Facilitator"), "observer": _l("Observer")},
    "site_role": {"admin": _l("Administrator"), "office": _l("Office reader")},
    "status": {
        "pending": _l("Not yet confirmed"),
        "active": _l("Active"),
        "suspended": _l("Suspended"),
        "deleted": _l("Deleted"),
        "applied": _l("Applied"),
        "declined": _l("Declined"),
        "left": _l("Left"),
        "proposed": _l("Proposed"),
        "open": _l("Open for deliberation"),
        "closed": _l("Deliberation closed"),
        "summarised": _l("Summarised"),
        "forwarded": _l("Forwarded"),
        "draft": _l("Draft"),
        "review": _l("Under review by the council"),
        "adopted": _l("Adopted"),
        "sent": _l("Sent"),
        "acknowledged": _l("Acknowledged"),
        "answered": _l("Answered"),
        "new": _l("New"),
        "in_review": _l("In review"),
        "verified": _l("Verified"),
        "disputed": _l("Disputed"),
        "false": _l("False"),
        "information_only": _l("Information only"),
        "under_way": _l("Action under way"),
        "completed": _l("Completed"),
        "no_action": _l("No action"),
        "reviewed": _l("Reviewed"),
        "published": _l("Published"),
    },
    "confidentiality": {"council": _l("The council"), "facilitators_office": _l("Facilitators and office"),
                        "office_only": _l("Office only")},
    "channel": {"web": _l("Web form"), "email": _l("E-mail"), "sms": _l("SMS")},
    "requested_action": {
        "dialogue": _l("Dialogue or mediation"), "protection": _l("Protection referral"),
        "humanitarian": _l("Humanitarian referral"), "public_messaging": _l("Public messaging"),
        "monitoring_visit": _l("Monitoring visit"), "small_grant": _l("Small grant"), "other": _l("Other"),
    },
    "rating": {"0": _l("0 – not initiated"), "1": _l("1 – minimal"), "2": _l("2 – intermediate"), "3": _l("3 – full"),
               "not_applicable": _l("Not applicable here"), "insufficient": _l("Insufficient information")},
    "confidence": {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")},
    "cadence": {"monthly": _l("Monthly"), "quarterly": _l("Quarterly"), "half_yearly": _l("Every six months"),
                "yearly": _l("Yearly")},
    "state": {"visible": _l("Visible"), "hidden": _l("Hidden"), "withdrawn": _l("Withdrawn")},
    "outcome": {"restored": _l("Restored"), "upheld": _l("Kept hidden"), "de_escalated": _l("De-escalated"),
                "no_change": _l("No change"), "escalated_further": _l("Escalated further"), "unknown": _l("Unknown")},
}

# Fields whose values are texts people wrote, in a language ({lang: text}).
PER_LANGUAGE = {"names", "mandates", "region"}


# --- filters -----------------------------------------------------------------------------------


@dataclass
class Filters:
    """What the reader asked for; values that did not make sense are left out."""

    action: str | None = None
    council_id: int | None = None
    actor_email: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def args(self) -> dict[str, Any]:
        """As query arguments, for pagination links."""
        found = {
            "action": self.action,
            "council": self.council_id,
            "actor": self.actor_email,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }
        return {k: v for k, v in found.items() if v not in (None, "")}


def _start_of(day: date) -> datetime | None:
    """The first instant of `day` in the reader's time zone, in UTC (None if out of range)."""
    tz = get_timezone()
    naive = datetime.combine(day, time.min)
    try:
        aware = tz.localize(naive) if hasattr(tz, "localize") else naive.replace(tzinfo=tz)  # pytz or zoneinfo
        return aware.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def query(filters: Filters, *, council_id: int | None = None) -> Select:
    """Events matching `filters` (and only `council_id`'s when given), newest first."""
    stmt = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if council_id is not None:
        stmt = stmt.where(AuditEvent.council_id == council_id)
    elif filters.council_id is not None:
        stmt = stmt.where(AuditEvent.council_id == filters.council_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.actor_email:
        actor_ids = select(User.id).where(func.lower(User.email) == filters.actor_email.strip().lower())
        stmt = stmt.where(AuditEvent.actor_id.in_(actor_ids))
    if filters.date_from:
        start = _start_of(filters.date_from)
        if start is not None:
            stmt = stmt.where(AuditEvent.created_at >= start)
    if filters.date_to:
        end = _start_of(filters.date_to + timedelta(days=1)) if filters.date_to < date.max else None
        if end is not None:
            stmt = stmt.where(AuditEvent.created_at < end)
    return stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def page(filters: Filters, *, page_number: int, council_id: int | None = None):
    """One page of events (Flask-SQLAlchemy Pagination)."""
    page_number = min(max(page_number, 1), MAX_PAGE)
    return db.paginate(
        query(filters, council_id=council_id), page=page_number, per_page=PER_PAGE, max_per_page=PER_PAGE,
        error_out=False, count=True,
    )


# --- what an event shows -----------------------------------------------------------------------


@dataclass
class Change:
    field: str
    label: Any
    before: Any
    after: Any
    per_language: bool = False
    translated: bool = False  # the values are labels in the reader's language
    known: bool = True  # the field has a label (else its recorded name is shown, marked as not UI text)


@dataclass
class Row:
    event: AuditEvent
    label: str
    target_label: Any
    target_name: str | None = None
    target_lang: str | None = None
    council_names: dict[str, str] | None = None
    council_languages: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def by_visitor(self) -> bool:
        return self.event.actor_id is None and self.event.action in VISITOR_ACTIONS


def _value(field_name: str, value: Any) -> Any:
    labels = VALUE_LABELS.get(field_name)
    if labels and isinstance(value, str) and value in labels:
        return str(labels[value])
    return value


def changes(detail: dict[str, Any] | None) -> list[Change]:
    detail = detail or {}
    before = detail.get("before") or {}
    after = detail.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(dict.fromkeys([*after.keys(), *before.keys()]))
    return [
        Change(
            field=key,
            label=str(FIELD_LABELS.get(key, key)),
            before=_value(key, before.get(key)) if key in before else None,
            after=_value(key, after.get(key)) if key in after else None,
            per_language=key in PER_LANGUAGE,
            translated=key in VALUE_LABELS,
            known=key in FIELD_LABELS,
        )
        for key in keys
    ]


def _load(model, ids: set[int], *options) -> dict[int, Any]:
    if not ids:
        return {}
    return {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options))}


def rows(events: list[AuditEvent]) -> list[Row]:
    """Events with what they show: target names, council names, changes. A fixed number of queries."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.target_id is not None:
            wanted.setdefault(e.target_type, set()).add(e.target_id)
    memberships = _load(Membership, wanted.get("memberships", set()), selectinload(Membership.user))
    users = _load(User, wanted.get("users", set()))
    countries = _load(Country, wanted.get("countries", set()))
    regions = _load(Region, wanted.get("regions", set()))
    council_ids = wanted.get("councils", set()) | {e.council_id for e in events if e.council_id is not None}
    councils = _load(Council, council_ids, selectinload(Council.texts))

    from council.i18n import localized

    found = []
    for e in events:
        row = Row(event=e, label=audit.label(e.action), target_label=str(TARGET_LABELS.get(e.target_type, e.target_type)), changes=changes(e.detail))
        tid = e.target_id
        if e.target_type == "users" and tid in users:
            row.target_name = users[tid].display_name or None
        elif e.target_type == "memberships" and tid in memberships:
            row.target_name = memberships[tid].user.display_name or None
        elif e.target_type == "councils" and tid in councils:
            c = councils[tid]
            row.target_name, row.target_lang = localized({t.language: t.name for t in c.texts}, *c.working_languages)
        elif e.target_type == "countries" and tid in countries:
            row.target_name, row.target_lang = localized(countries[tid].names)
        elif e.target_type == "regions" and tid in regions:
            row.target_name, row.target_lang = localized(regions[tid].names)
        if e.council_id in councils:
            c = councils[e.council_id]
            row.council_names = {t.language: t.name for t in c.texts}
            row.council_languages = list(c.working_languages or [])
        found.append(row)
    return found
