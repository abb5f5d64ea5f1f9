"""What the forwarding pages read: destinations, an office reader's inboxes with their counts, a
forwarded summary as the office sees it, and what became of a council's advice. Changes nothing;
each page costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from council.agendas.models import AgendaItem
from council.councils.models import Council, Region
from council.councils.queries import council_name, language_label, reader_language
from council.extensions import db, utcnow
from council.forwarding.models import (
    ANSWER_STANCES,
    DESTINATION_KINDS,
    FORWARDING_STATUS_LABELS,
    Destination,
    Forwarding,
    ForwardingStatus,
    OfficeAssignment,
    RecommendationAnswer,
)
from council.i18n import localized
from council.permissions import Permission, Role, can, destination_ids, roles
from council.summaries import queries as summary_queries
from council.summaries.citations import reader_citations
from council.summaries.models import SECTIONS, Summary, SummaryVersion

ANSWERED = ForwardingStatus.ANSWERED.value
FILTERS = ("new", "acknowledged", "answered", "overdue")
PER_PAGE = 25
MAX_PAGE = 100_000
# A requested day is stored as noon UTC; it has passed once that day is over everywhere in UTC.
_DAY_GRACE = timedelta(hours=12)


# --- labels --------------------------------------------------------------------------------------


def destination_name(destination: Destination) -> tuple[str, str | None]:
    """The destination's name in the reader's language (else another), and that language."""
    return localized(destination.names)


def kind_label(kind: str) -> str:
    return str(DESTINATION_KINDS.get(kind, kind))


def forwarding_status_label(status: str) -> str:
    return str(FORWARDING_STATUS_LABELS.get(status, status))


def stance_label(stance: str) -> str:
    return str(ANSWER_STANCES.get(stance, stance))


def answer_language_note(code: str | None) -> str:
    """"Answer in French": said when an answer is written in another language than the reader's."""
    if not code or code.split("_")[0] == reader_language().split("_")[0]:
        return ""
    return _("Answer in %(language)s", language=language_label(code))


# --- overdue -------------------------------------------------------------------------------------


def _cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - _DAY_GRACE


def is_overdue(forwarding: Forwarding, now: datetime | None = None) -> bool:
    """An answer was requested by a day that has passed, and none has come."""
    return (forwarding.status != ANSWERED and forwarding.answer_requested_by is not None
            and forwarding.answer_requested_by < _cutoff(now))


def overdue_clause(now: datetime | None = None):
    return and_(Forwarding.status != ANSWERED, Forwarding.answer_requested_by.is_not(None),
                Forwarding.answer_requested_by < _cutoff(now))


def correction_unseen(forwarding: Forwarding) -> bool:
    return forwarding.corrected_at is not None and (
        forwarding.seen_correction_at is None or forwarding.seen_correction_at < forwarding.corrected_at)


# --- what goes with a list of forwardings, loaded in a fixed number of queries --------------------


@dataclass
class Context:
    summaries: dict[int, Summary] = field(default_factory=dict)
    councils: dict[int, Council] = field(default_factory=dict)
    versions: dict[int, SummaryVersion] = field(default_factory=dict)

    def item(self, forwarding: Forwarding) -> AgendaItem | None:
        summary = self.summaries.get(forwarding.summary_id)
        return summary.item if summary is not None else None


def _context(forwardings: list[Forwarding], *, versions: bool = False) -> Context:
    context = Context()
    if not forwardings:
        return context
    summary_ids = {f.summary_id for f in forwardings}
    context.summaries = {s.id: s for s in db.session.scalars(
        select(Summary).where(Summary.id.in_(summary_ids)).options(selectinload(Summary.item)))}
    council_ids = {f.council_id for f in forwardings}
    context.councils = {c.id: c for c in db.session.scalars(
        select(Council).where(Council.id.in_(council_ids))
        .options(selectinload(Council.texts), selectinload(Council.region).selectinload(Region.country)))}
    if versions:
        context.versions = {v.id: v for v in db.session.scalars(
            select(SummaryVersion).where(SummaryVersion.id.in_({f.version_id for f in forwardings}))
            .options(selectinload(SummaryVersion.recommendations)))}
    return context


# --- destinations (administrators) ---------------------------------------------------------------


@dataclass
class DestinationRow:
    destination: Destination
    forwarded: int


def all_destinations() -> list[DestinationRow]:
    """Every destination with its readers and how many summaries it received."""
    rows = db.session.scalars(
        select(Destination).options(selectinload(Destination.readers).selectinload(OfficeAssignment.user))
        .order_by(Destination.active.desc(), Destination.id)
    ).all()
    counts = dict(db.session.execute(
        select(Forwarding.destination_id, func.count(Forwarding.id)).group_by(Forwarding.destination_id)
    ).all())
    return [DestinationRow(d, counts.get(d.id, 0)) for d in rows]


def destination_with_readers(destination_id: int) -> Destination | None:
    return db.session.scalar(
        select(Destination).filter_by(id=destination_id)
        .options(selectinload(Destination.readers).selectinload(OfficeAssignment.user)))


def active_destinations() -> list[Destination]:
    return list(db.session.scalars(select(Destination).where(Destination.active.is_(True)).order_by(Destination.id)))


# --- the office: destinations with counts, an inbox, a forwarding ---------------------------------


@dataclass
class Counts:
    new: int = 0
    acknowledged: int = 0
    answered: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.new + self.acknowledged + self.answered

    def get(self, name: str) -> int:
        return getattr(self, name)


@dataclass
class DestinationCounts:
    destination: Destination
    counts: Counts


def readable_destination_ids(user) -> set[int] | None:
    """The destinations whose inbox `user` reads: None means all (administrators)."""
    if not can(user, Permission.READ_INBOX):
        return set()
    if Role.ADMIN in roles(user):
        return None
    return destination_ids(user)


def counts_by_destination(ids: list[int], now: datetime | None = None) -> dict[int, Counts]:
    """New, acknowledged, answered and overdue forwardings of each destination, in one query."""
    if not ids:
        return {}
    one = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731
    rows = db.session.execute(
        select(
            Forwarding.destination_id,
            one(Forwarding.status == ForwardingStatus.SENT.value),
            one(Forwarding.status == ForwardingStatus.ACKNOWLEDGED.value),
            one(Forwarding.status == ANSWERED),
            one(overdue_clause(now)),
        ).where(Forwarding.destination_id.in_(ids)).group_by(Forwarding.destination_id)
    ).all()
    found = {d: Counts() for d in ids}
    for destination_id, new, acknowledged, answered, overdue in rows:
        found[destination_id] = Counts(int(new or 0), int(acknowledged or 0), int(answered or 0), int(overdue or 0))
    return found


def office(user) -> list[DestinationCounts]:
    """The destinations `user` reads for, each with its counts."""
    ids = readable_destination_ids(user)
    query = select(Destination).order_by(Destination.active.desc(), Destination.id)
    if ids is not None:
        if not ids:
            return []
        query = query.where(Destination.id.in_(ids))
    destinations = db.session.scalars(query).all()
    counts = counts_by_destination([d.id for d in destinations])
    return [DestinationCounts(d, counts[d.id]) for d in destinations]


def clean_filter(value: Any) -> str | None:
    return value if value in FILTERS else None


@dataclass
class InboxRow:
    forwarding: Forwarding
    summary: Summary | None
    item: AgendaItem | None
    council: Council | None
    overdue: bool
    correction_unseen: bool


def inbox(destination: Destination, show: str | None, page: int = 1):
    """The forwardings a destination received, newest first, filtered by `show`:
    (pagination, rows, counts)."""
    now = utcnow()
    query = select(Forwarding).where(Forwarding.destination_id == destination.id)
    if show == "new":
        query = query.where(Forwarding.status == ForwardingStatus.SENT.value)
    elif show == "acknowledged":
        query = query.where(Forwarding.status == ForwardingStatus.ACKNOWLEDGED.value)
    elif show == "answered":
        query = query.where(Forwarding.status == ANSWERED)
    elif show == "overdue":
        query = query.where(overdue_clause(now))
    pagination = db.paginate(query.order_by(Forwarding.sent_at.desc(), Forwarding.id.desc()),
                             page=min(max(page, 1), MAX_PAGE), per_page=PER_PAGE, error_out=False)
    forwardings = list(pagination.items)
    context = _context(forwardings)
    rows = [InboxRow(f, context.summaries.get(f.summary_id), context.item(f), context.councils.get(f.council_id),
                     is_overdue(f, now), correction_unseen(f)) for f in forwardings]
    return pagination, rows, counts_by_destination([destination.id], now)[destination.id]


@dataclass
class Received:
    """A forwarded summary as its destination reads it: no thread, no names."""

    forwarding: Forwarding
    destination: Destination
    summary: Summary
    item: AgendaItem
    council: Council
    version: SummaryVersion
    shown: Any  # summaries.queries.Shown: the text in the reader's language, citations without names
    figures: Any  # summaries.queries.Figures, or None
    answers: dict[int, RecommendationAnswer]
    overdue: bool
    correction_unseen: bool

    @property
    def recommendations(self):
        return self.version.recommendations

    @property
    def standing_reasons(self) -> list[str]:
        """The reasons of the objections that stood, without who gave them."""
        reasons = []
        for objection in self.summary.standing_objections or []:
            reason = objection.get("reason") if isinstance(objection, dict) else objection
            if isinstance(reason, str) and reason.strip():
                reasons.append(reason.strip())
        return reasons


def forwarding_for_office(forwarding_id: int) -> Forwarding | None:
    return db.session.scalar(
        select(Forwarding).filter_by(id=forwarding_id)
        .options(selectinload(Forwarding.destination), selectinload(Forwarding.answers)))


def received(forwarding: Forwarding, viewer, *, original: bool = False) -> Received | None:
    """Everything the page of a forwarded summary shows, for a reader of its destination: the text
    sent (in the reader's language when a translation exists, unless `original`), citations of
    posts without links or names, figures, counts and the reasons of standing objections."""
    context = _context([forwarding], versions=True)
    summary = context.summaries.get(forwarding.summary_id)
    version = context.versions.get(forwarding.version_id)
    council = context.councils.get(forwarding.council_id)
    if summary is None or version is None or council is None:
        return None
    shown = summary_queries.shown(summary, version, summary.item, viewer, original=original)
    figures = summary_queries.figures(summary.participation, frozen=True)
    return Received(forwarding, forwarding.destination, summary, summary.item, council, version, shown, figures,
                    {a.number: a for a in forwarding.answers}, is_overdue(forwarding), correction_unseen(forwarding))


def office_export(r: Received) -> dict[str, Any]:
    """A forwarded summary as data, as its destination reads it (also the API's answer)."""
    f, version = r.forwarding, r.version
    answered = f.status == ANSWERED
    return {
        "id": f.id,
        "council": {"id": r.council.id, "name": council_name(r.council).text},
        "destination": {"id": r.destination.id, "name": destination_name(r.destination)[0]},
        "item": {"title": r.item.title, "language": r.item.language},
        "language": r.summary.language,
        "version": version.number,
        "adopted_at": r.summary.adopted_at.isoformat() if r.summary.adopted_at else None,
        "status": f.status,
        "sent_at": f.sent_at.isoformat(),
        "answer_requested_by": f.answer_requested_by.date().isoformat() if f.answer_requested_by else None,
        "overdue": r.overdue,
        "acknowledged_at": f.acknowledged_at.isoformat() if f.acknowledged_at else None,
        "answered_at": f.answered_at.isoformat() if f.answered_at else None,
        "correction": ({"sent_at": f.corrected_at.isoformat(), "note": version.change_note}
                       if f.corrected_at else None),
        "covering_note": f.covering_note,
        "sections": {key: reader_citations((version.sections or {}).get(key, ""), r.summary.language)
                     for key in SECTIONS},
        "recommendations": [
            {"number": rec.number, "text": reader_citations(rec.text, r.summary.language),
             "addressee": rec.addressee,
             "answer": ({"stance": r.answers[rec.number].stance, "text": r.answers[rec.number].text}
                        if answered and rec.number in r.answers else None)}
            for rec in version.recommendations
        ],
        "answer": {"text": f.overall_answer, "language": f.answer_language} if answered else None,
        "participation": r.summary.participation or {},
        "endorsements": r.summary.adopted_endorsements or 0,
        "objections": r.summary.adopted_objections or 0,
        "standing_objections": r.standing_reasons,
    }


# --- the council's side: what became of its advice -------------------------------------------------


@dataclass
class OutcomeRow:
    forwarding: Forwarding
    destination: Destination
    overdue: bool
    answers: dict[int, RecommendationAnswer]

    @property
    def answered(self) -> bool:
        return self.forwarding.status == ANSWERED


@dataclass
class SummaryOutcomes:
    """One summary's forwardings and the answers that came back."""

    summary: Summary
    item: AgendaItem | None
    rows: list[OutcomeRow]
    recommendations: list  # of the version last sent

    @property
    def last_sent(self) -> datetime | None:
        return max((r.forwarding.sent_at for r in self.rows), default=None)


def _outcomes(forwardings: list[Forwarding], context: Context) -> list[SummaryOutcomes]:
    now = utcnow()
    grouped: dict[int, list[Forwarding]] = {}
    for f in forwardings:
        grouped.setdefault(f.summary_id, []).append(f)
    found = []
    for summary_id, group in grouped.items():
        summary = context.summaries.get(summary_id)
        if summary is None:
            continue
        version = context.versions.get(max(group, key=lambda f: f.version_id).version_id)
        rows = [OutcomeRow(f, f.destination, is_overdue(f, now), {a.number: a for a in f.answers}) for f in group]
        found.append(SummaryOutcomes(summary, summary.item, rows, list(version.recommendations) if version else []))
    found.sort(key=lambda o: (o.last_sent or now, o.summary.id), reverse=True)
    return found


def _forwardings(*conditions) -> list[Forwarding]:
    return list(db.session.scalars(
        select(Forwarding).where(*conditions)
        .options(selectinload(Forwarding.destination), selectinload(Forwarding.answers))
        .order_by(Forwarding.sent_at, Forwarding.id)))


def outcomes(council: Council) -> list[SummaryOutcomes]:
    """Each forwarded summary of the council, newest first, with its destinations and answers."""
    forwardings = _forwardings(Forwarding.council_id == council.id)
    return _outcomes(forwardings, _context(forwardings, versions=True))


def outcomes_for_summary(summary: Summary) -> SummaryOutcomes | None:
    """The forwardings of one summary and their answers (None if it was never forwarded); for the
    summary page."""
    forwardings = _forwardings(Forwarding.summary_id == summary.id)
    if not forwardings:
        return None
    found = _outcomes(forwardings, _context(forwardings, versions=True))
    return found[0] if found else None


def forwarded_destination_ids(summary: Summary) -> dict[int, Forwarding]:
    """The destinations a summary was forwarded to, with the forwarding (two queries)."""
    return {f.destination_id: f for f in db.session.scalars(
        select(Forwarding).filter_by(summary_id=summary.id).options(selectinload(Forwarding.destination)))}
