"""Reading the audit log: filters, a page of events newest first, and what each event shows.

A page costs a fixed number of queries whatever its length: the events with their actors, then
at most one query per kind of target (accounts, councils, countries, regions, memberships)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask_babel import format_date, format_datetime, get_timezone, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Select, func, null, select
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

# How an event's object is named, with its name (a title, a person's name) put in by the log.
TARGET_PHRASES = {
    "users": _l("The account of %(name)s"),
    "memberships": _l("The membership of %(name)s"),
    "councils": _l("The council %(name)s"),
    "countries": _l("The country %(name)s"),
    "regions": _l("The region %(name)s"),
    "agenda_items": _l("The agenda item “%(name)s”"),
    "posts": _l("A post in the thread of “%(name)s”"),
    "appeals": _l("An appeal about a post in the thread of “%(name)s”"),
    "summaries": _l("The summary of “%(name)s”"),
    "forwardings": _l("The forwarding of the summary of “%(name)s”"),
    "destinations": _l("The destination %(name)s"),
    "signals": _l("The signal “%(name)s”"),
    "signal_escalations": _l("The escalation of the signal “%(name)s”"),
    "provisions": _l("Provision %(name)s"),
    "assessments": _l("The assessment of provision %(name)s"),
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
    "reference": _l("Reference"),
    "readers": _l("Office readers"),
    "summary": _l("Summary"),
    "version": _l("Version"),
    "item_status": _l("Status of the agenda item"),
    "answer_requested_by": _l("Answer requested by"),
    "recommendations": _l("Number of recommendations"),
    "endorsements": _l("Endorsements"),
    "objections": _l("Objections"),
}

# Fields whose value is the id of a person, shown by name (fetched with the page's other names).
PERSON_FIELDS = {"hidden_by_id", "readers"}
# Fields whose value is the id of an object, shown by name: field -> kind of target.
OBJECT_FIELDS = {"merged_into": "agenda_items", "destination": "destinations", "summary": "summaries",
                 "item": "agenda_items"}
DATE_FIELDS = {"deadline", "answer_requested_by"}
DATETIME_FIELDS = {"due_at"}


def status_labels(kind: str) -> dict[str, str]:
    """Status words by the kind of object they describe: the same English word (Active, Declined,
    Adopted...) takes another form in other languages for an account, a membership, an item, a
    summary, a forwarding or a signal, so each is translated in its context."""
    labels = {
        "users": {
            "pending": pgettext("account status", "Not yet confirmed"),
            "active": pgettext("account status", "Active"),
            "suspended": pgettext("account status", "Suspended"),
            "deleted": pgettext("account status", "Deleted"),
        },
        "memberships": {
            "applied": pgettext("membership status", "Applied"),
            "active": pgettext("membership status", "Active"),
            "suspended": pgettext("membership status", "Suspended"),
            "declined": pgettext("membership status", "Declined"),
            "left": pgettext("membership status", "Left"),
        },
        "agenda_items": {
            "proposed": pgettext("agenda item status", "Proposed"),
            "open": pgettext("agenda item status", "Open for deliberation"),
            "closed": pgettext("agenda item status", "Deliberation closed"),
            "summarised": pgettext("agenda item status", "Summarised"),
            "forwarded": pgettext("agenda item status", "Forwarded"),
            "declined": pgettext("agenda item status", "Declined"),
        },
        "summaries": {
            "draft": pgettext("summary status", "Draft"),
            "review": pgettext("summary status", "Under review by the council"),
            "adopted": pgettext("summary status", "Adopted"),
        },
        "forwardings": {
            "sent": pgettext("forwarding status", "Sent"),
            "acknowledged": pgettext("forwarding status", "Acknowledged"),
            "answered": pgettext("forwarding status", "Answered"),
        },
        "signals": {
            "new": pgettext("signal status", "New"),
            "in_review": pgettext("signal status", "In review"),
            "verified": pgettext("signal status", "Verified"),
            "disputed": pgettext("signal status", "Disputed"),
            "false": pgettext("signal status", "False"),
            "information_only": pgettext("signal status", "Information only"),
        },
        "signal_escalations": {
            "sent": pgettext("escalation status", "Sent"),
            "acknowledged": pgettext("escalation status", "Acknowledged"),
            "under_way": pgettext("escalation status", "Action under way"),
            "completed": pgettext("escalation status", "Completed"),
            "no_action": pgettext("escalation status", "No action"),
        },
        "assessments": {
            "draft": pgettext("assessment status", "Draft"),
            "reviewed": pgettext("assessment status", "Reviewed"),
            "published": pgettext("assessment status", "Published"),
        },
    }
    if kind in labels:
        return labels[kind]
    return {value: label for group in labels.values() for value, label in group.items()}

# Actions whose actor, when none is recorded, is someone not signed in (not the system).
VISITOR_ACTIONS = frozenset({"user.sign_in_fail", "user.sign_in_two_factor_fail", "user.sign_in_lock", "access.refuse"})

# How recorded values of some fields are named.
VALUE_LABELS = {
    "role": {"member": _l("Member"), "facilitator": _l("Facilitator"), "observer": _l("Observer")},
    "site_role": {"admin": _l("Administrator"), "office": _l("Office reader")},
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
    translated: bool = False  # the values are labels in the reader's language (or names, marked up)
    known: bool = True  # the field has a label (else its recorded name is shown, marked as not UI text)

    @property
    def is_creation(self) -> bool:
        return self.before is None


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

    @property
    def target(self) -> Markup | None:
        """The object as a phrase in the reader's language, its name put in as the text it is
        ("The summary of “Access to water points”"); None when it has no name to give."""
        phrase = TARGET_PHRASES.get(self.event.target_type)
        if phrase is None or not self.target_name:
            return None
        return Markup(escape(str(phrase))) % {"name": _name(self.target_name, self.target_lang)}


def _name(text: str, lang: str | None) -> Markup:
    """A name people wrote, kept apart from the interface's text (as the user_text macro does)."""
    if lang:
        return Markup('<span lang="{}" dir="auto">{}</span>').format(lang, text)
    return Markup('<span translate="no" dir="auto">{}</span>').format(text)


@dataclass
class Names:
    """The names a page of events needs, fetched in one query per kind of object."""

    objects: dict[str, dict[int, tuple[str, str | None]]] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)

    def of(self, kind: str, ident: Any) -> tuple[str, str | None] | None:
        try:
            return self.objects.get(kind, {}).get(int(ident))
        except (TypeError, ValueError):
            return None


def _value(kind: str, field_name: str, value: Any, names: Names) -> tuple[Any, bool]:
    """A recorded value as the reader should see it: (value, whether it is already shown as text
    for the reader: a label in their language or a name marked up)."""
    if value is None or value == "":
        return None, False
    if field_name == "status" or field_name == "item_status":
        labels = status_labels("agenda_items" if field_name == "item_status" else kind)
        if isinstance(value, str) and value in labels:
            return labels[value], True
        return value, False
    if field_name == "hidden_reason":
        from council.deliberations.models import HIDE_REASONS

        if isinstance(value, str) and value in HIDE_REASONS:
            return str(HIDE_REASONS[value]), True
    labels = VALUE_LABELS.get(field_name)
    if labels and isinstance(value, str) and value in labels:
        return str(labels[value]), True
    if field_name in PERSON_FIELDS:
        ids = value if isinstance(value, list) else [value]
        shown = [_name(names.people[i], None) if i in names.people else Markup(escape(_("Former member")))
                 for i in ids if isinstance(i, int)]
        return (Markup(", ").join(shown) if shown else Markup(escape(_("Nobody")))), True
    if field_name in OBJECT_FIELDS:
        found = names.of(OBJECT_FIELDS[field_name], value)
        if found:
            return _name(*found), True
    if field_name in DATE_FIELDS and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value[:10]), "medium"), True
        except ValueError:
            return value, False
    if field_name in DATETIME_FIELDS and isinstance(value, str):
        try:
            return format_datetime(datetime.fromisoformat(value), "medium"), True
        except ValueError:
            return value, False
    if isinstance(value, bool):
        return (_("Yes") if value else _("No")), True
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value), False
    return value, False


def changes(detail: dict[str, Any] | None, kind: str = "", names: Names | None = None) -> list[Change]:
    """What an event changed, field by field; a field recorded with the same value before and
    after changed nothing and is left out."""
    names = names or Names()
    detail = detail or {}
    before = detail.get("before") or {}
    after = detail.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(dict.fromkeys([*after.keys(), *before.keys()]))
    found = []
    for key in keys:
        if key in before and key in after and before[key] == after[key]:
            continue
        if before.get(key) in (None, "", [], {}) and after.get(key) in (None, "", [], {}):
            continue
        shown_before, before_text = _value(kind, key, before.get(key), names) if key in before else (None, False)
        shown_after, after_text = _value(kind, key, after.get(key), names) if key in after else (None, False)
        found.append(Change(
            field=key,
            label=str(FIELD_LABELS.get(key, key)),
            before=shown_before,
            after=shown_after,
            per_language=key in PER_LANGUAGE,
            translated=(before_text or shown_before is None) and (after_text or shown_after is None),
            known=key in FIELD_LABELS,
        ))
    return found


def _load(model, ids: set[int], *options) -> dict[int, Any]:
    if not ids:
        return {}
    return {obj.id: obj for obj in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options))}


def _titles(kind: str, ids: set[int]) -> dict[int, tuple[str, str | None]]:
    """Names of objects of the higher domains, one query for the kind: {id: (name, language)}."""
    if not ids:
        return {}
    from council.agendas.models import AgendaItem
    from council.deliberations.models import Appeal, Post
    from council.forwarding.models import Destination, Forwarding
    from council.i18n import localized
    from council.monitoring.models import Assessment, Provision
    from council.signals.models import Escalation, Signal
    from council.summaries.models import Summary

    item = (AgendaItem.title, AgendaItem.language)
    statements = {
        "agenda_items": select(AgendaItem.id, *item),
        "summaries": select(Summary.id, *item).join(AgendaItem, Summary.item_id == AgendaItem.id),
        "posts": select(Post.id, *item).join(AgendaItem, Post.item_id == AgendaItem.id),
        "appeals": select(Appeal.id, *item).join(Post, Appeal.post_id == Post.id)
        .join(AgendaItem, Post.item_id == AgendaItem.id),
        "forwardings": select(Forwarding.id, *item).join(Summary, Forwarding.summary_id == Summary.id)
        .join(AgendaItem, Summary.item_id == AgendaItem.id),
        "signals": select(Signal.id, Signal.title, Signal.language, Signal.council_id, Signal.confidentiality,
                          Signal.reporter_id),
        "signal_escalations": select(Escalation.id, Signal.title, Signal.language, Signal.council_id,
                                     Signal.confidentiality, Signal.reporter_id)
        .join(Signal, Escalation.signal_id == Signal.id),
        "provisions": select(Provision.id, Provision.reference, null()),
        "assessments": select(Assessment.id, Provision.reference, null())
        .join(Provision, Assessment.provision_id == Provision.id),
    }
    if kind == "destinations":
        rows = db.session.execute(select(Destination.id, Destination.names).where(Destination.id.in_(ids)))
        return {i: localized(n) for i, n in rows}
    stmt = statements.get(kind)
    if stmt is None:
        return {}
    model_id = stmt.selected_columns[0]
    found = {}
    if kind in ("signals", "signal_escalations"):
        # A signal's title is named only to a reader who may learn of the signal (its confidentiality
        # level); for the others the line keeps its kind of object and no name.
        visible = _signal_visibility()
        for ident, name, lang, council_id, level, reporter_id in db.session.execute(stmt.where(model_id.in_(ids))):
            if visible(council_id, level, reporter_id):
                found[ident] = (name, lang)
        return found
    for ident, name, lang in db.session.execute(stmt.where(model_id.in_(ids))):
        found[ident] = (name, lang if kind not in ("provisions", "assessments") else None)
    return found


def _signal_visibility():
    """visible(council_id, level, reporter_id) for the current reader, one council lookup each."""
    from flask_login import current_user

    from council import permissions

    levels: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def visible(council_id: int, level: str, reporter_id: int | None) -> bool:
        if council_id not in levels:
            council = db.session.get(Council, council_id)
            levels[council_id] = permissions.signal_levels(current_user, council) if council else (frozenset(), frozenset())
        seen, own = levels[council_id]
        return level in seen or (level in own and reporter_id is not None
                                 and reporter_id == getattr(current_user, "id", None))

    return visible


def rows(events: list[AuditEvent]) -> list[Row]:
    """Events with what they show: target names, council names, changes. A fixed number of
    queries: one per kind of object named on the page, whatever the number of events."""
    wanted: dict[str, set[int]] = {}
    people: set[int] = set()

    def want(kind: str, ident: Any) -> None:
        if isinstance(ident, int) and not isinstance(ident, bool):
            wanted.setdefault(kind, set()).add(ident)

    for e in events:
        if e.target_id is not None:
            want(e.target_type, e.target_id)
        for side in ("before", "after"):
            values = (e.detail or {}).get(side) if isinstance(e.detail, dict) else None
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if key in PERSON_FIELDS:
                    people.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, int))
                elif key in OBJECT_FIELDS:
                    want(OBJECT_FIELDS[key], value)
    memberships = _load(Membership, wanted.get("memberships", set()), selectinload(Membership.user))
    users = _load(User, wanted.get("users", set()) | people)
    countries = _load(Country, wanted.get("countries", set()))
    regions = _load(Region, wanted.get("regions", set()))
    council_ids = wanted.get("councils", set()) | {e.council_id for e in events if e.council_id is not None}
    councils = _load(Council, council_ids, selectinload(Council.texts))

    from council.i18n import localized

    names = Names(people={i: u.display_name for i, u in users.items() if i in people and u.display_name})
    for kind, ids in wanted.items():
        if kind not in ("memberships", "users", "countries", "regions", "councils"):
            names.objects[kind] = _titles(kind, ids)

    found = []
    for e in events:
        row = Row(event=e, label=audit.label(e.action), target_label=str(TARGET_LABELS.get(e.target_type, e.target_type)),
                  changes=changes(e.detail, e.target_type, names))
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
        elif names.of(e.target_type, tid):
            row.target_name, row.target_lang = names.of(e.target_type, tid)
        if e.council_id in councils:
            c = councils[e.council_id]
            row.council_names = {t.language: t.name for t in c.texts}
            row.council_languages = list(c.working_languages or [])
        found.append(row)
    return found
