"""What the summary pages read: the summary of an item, stances, translations, participation
figures and versions (citations are in citations.py, differences in diff.py). Nothing here
changes the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from council.agendas.models import AgendaItem
from council.auth.models import User
from council.councils import queries as council_queries
from council.deliberations.participation import figures as participation_figures
from council.councils.models import Membership, MembershipStatus
from council.extensions import db, utcnow
from council.summaries.citations import render_citations
from council.permissions import Permission, can
from council.summaries.models import (
    SECTIONS,
    SUMMARY_STATUS_LABELS,
    Stance,
    Summary,
    SummaryStatus,
    SummaryTranslation,
    SummaryVersion,
)



def status_label(status: str) -> str:
    return str(SUMMARY_STATUS_LABELS.get(status, status))


def section_label(key: str) -> str:
    return str(SECTIONS.get(key, key))


# --- loading -------------------------------------------------------------------------------------


def summary_of(item: AgendaItem) -> Summary | None:
    """The summary of `item` with its current version and recommendations, or None."""
    return db.session.scalar(
        select(Summary)
        .where(Summary.item_id == item.id, Summary.council_id == item.council_id)
        .options(joinedload(Summary.current_version).selectinload(SummaryVersion.recommendations))
    )


def summary_for_item(item: AgendaItem) -> Summary | None:
    """For the item page: whether a summary exists and its status (one query)."""
    return db.session.scalar(select(Summary).where(Summary.item_id == item.id, Summary.council_id == item.council_id))


def version(summary: Summary, number: int) -> SummaryVersion | None:
    return db.session.scalar(
        select(SummaryVersion)
        .where(SummaryVersion.summary_id == summary.id, SummaryVersion.number == number)
        .options(selectinload(SummaryVersion.recommendations))
    )


@dataclass
class VersionInfo:
    id: int
    number: int
    created_at: datetime
    is_correction: bool
    change_note: str
    author_name: str | None


def versions(summary: Summary) -> list[VersionInfo]:
    """Every version of `summary`, oldest first, without its text (one query)."""
    rows = db.session.execute(
        select(SummaryVersion.id, SummaryVersion.number, SummaryVersion.created_at, SummaryVersion.is_correction,
               SummaryVersion.change_note, User.display_name)
        .outerjoin(User, SummaryVersion.author_id == User.id)
        .where(SummaryVersion.summary_id == summary.id)
        .order_by(SummaryVersion.number)
    )
    return [VersionInfo(*row) for row in rows]


def may_read_text(summary: Summary, user, council) -> bool:
    """A draft is read by those who write it; the council reads it from the review on."""
    return summary.status != SummaryStatus.DRAFT.value or can(user, Permission.DRAFT_SUMMARY, council)


def user_name(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user.display_name if user is not None else None


# --- what a reader sees of a version -------------------------------------------------------------


@dataclass
class ShownRecommendation:
    number: int
    html: Markup
    addressee: str


@dataclass
class Shown:
    """The text of a version as this reader sees it: the original or a translation of it."""

    version: SummaryVersion
    language: str
    sections: list[tuple[str, str, Markup]]  # (key, heading, html), only sections with text
    recommendations: list[ShownRecommendation]
    translation: SummaryTranslation | None  # shown instead of the original
    original_language: str
    translation_available: bool  # a translation exists in the reader's language (maybe not shown)


def reader_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def translation_for(version: SummaryVersion, language: str) -> SummaryTranslation | None:
    return db.session.scalar(
        select(SummaryTranslation).where(SummaryTranslation.version_id == version.id,
                                         SummaryTranslation.language == language)
    )


def translations_of(version: SummaryVersion) -> list[SummaryTranslation]:
    return list(db.session.scalars(
        select(SummaryTranslation).options(joinedload(SummaryTranslation.translator))
        .where(SummaryTranslation.version_id == version.id).order_by(SummaryTranslation.language)
    ))


def shown(summary: Summary, version: SummaryVersion, item: AgendaItem, viewer, *, original: bool = False) -> Shown:
    """`version` in the reader's language when a translation exists (unless `original`), with
    citations rendered for `viewer`. A fixed number of queries."""
    reader = reader_language()
    translation = translation_for(version, reader) if reader != summary.language else None
    use = translation if (translation is not None and not original) else None
    if use is not None:
        html = dict(use.sections_html or {})
        recs_source = list(use.recommendations or [])
        by_number = {r.number: r for r in version.recommendations}
        recs = [(int(r.get("number", 0)), r.get("text_html", ""),
                 r.get("addressee") or getattr(by_number.get(int(r.get("number", 0))), "addressee", ""))
                for r in recs_source]
        language = use.language
    else:
        html = dict(version.sections_html or {})
        recs = [(r.number, r.text_html, r.addressee) for r in version.recommendations]
        language = summary.language
    rendered = render_citations({"sections": html, "recs": [r[1] for r in recs]}, item, viewer)
    sections = [(key, section_label(key), rendered["sections"][key]) for key in SECTIONS
                if (html.get(key) or "").strip()]
    recommendations = [ShownRecommendation(number, rendered["recs"][i], addressee)
                       for i, (number, _html, addressee) in enumerate(recs)]
    return Shown(version, language, sections, recommendations, use, summary.language, translation is not None)


# --- stances -------------------------------------------------------------------------------------


@dataclass
class StanceView:
    name: str
    value: str
    reason: str
    version_number: int | None
    user_id: int
    updated_at: datetime


@dataclass
class Stances:
    endorsements: int
    objections: list[StanceView]
    mine: Stance | None
    current_number: int | None = None

    @property
    def objection_count(self) -> int:
        return len(self.objections)


def stances(summary: Summary, user, numbers: Mapping[int, int]) -> Stances:
    """Counts of endorsements, the objections with reason and name, and the reader's own stance
    (one query). `numbers`: version id → number."""
    rows = list(db.session.scalars(
        select(Stance).options(joinedload(Stance.user)).where(Stance.summary_id == summary.id).order_by(Stance.id)
    ))
    me = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    objections = [
        StanceView(s.user.display_name, s.value, s.reason, numbers.get(s.version_id), s.user_id, s.updated_at)
        for s in rows if s.value == "object"
    ]
    return Stances(
        endorsements=sum(1 for s in rows if s.value == "endorse"),
        objections=objections,
        mine=next((s for s in rows if s.user_id == me), None),
    )


# --- adoption --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    """What the facilitator is told before adopting: how many of the members who may respond have
    endorsed or objected, and whether the review is still open."""

    responded: int
    members: int  # the council's active members and facilitators
    review_until: datetime | None
    early: bool  # the review deadline has not passed

    @property
    def few(self) -> bool:
        """Fewer than half of the members have responded."""
        return self.responded * 2 < self.members

    @property
    def needs_confirmation(self) -> bool:
        return self.early or self.few


def adoption(summary: Summary, now: datetime | None = None) -> Adoption:
    """Two queries."""
    responded = db.session.scalar(select(func.count(Stance.id)).where(Stance.summary_id == summary.id)) or 0
    members = db.session.scalar(select(func.count(Membership.id)).where(
        Membership.council_id == summary.council_id, Membership.status == MembershipStatus.ACTIVE.value,
        Membership.role.in_(council_queries.COMPOSING_ROLES))) or 0
    deadline = summary.review_deadline
    today = (now or utcnow()).date()
    return Adoption(responded, members, deadline, deadline is not None and today <= deadline.date())


# --- participation -------------------------------------------------------------------------------


def participation(item: AgendaItem) -> dict[str, Any]:
    """Participation figures of the thread now (the same computation as the council's
    participation page: council.deliberations.participation). Two queries."""
    return participation_figures(item.council, item_id=item.id)


def breakdown(data: Mapping[str, Any] | None, threshold: int) -> council_queries.Breakdown:
    """A stored breakdown, as the councils' breakdown_table macro shows it."""
    return council_queries.breakdown_from_json(data, threshold)


@dataclass
class Figures:
    posts: int
    contributors: int
    anonymous_posts: int
    threshold: int
    by_gender: council_queries.Breakdown
    by_group: council_queries.Breakdown
    frozen: bool  # recorded at adoption (else: the thread as it is now)


def figures(data: Mapping[str, Any] | None, *, frozen: bool) -> Figures | None:
    if not data:
        return None
    threshold = int(data.get("threshold") or council_queries.threshold())
    return Figures(
        posts=int(data.get("posts") or 0),
        contributors=int(data.get("contributors") or 0),
        anonymous_posts=int(data.get("anonymous_posts") or 0),
        threshold=threshold,
        by_gender=breakdown(data.get("by_gender"), threshold),
        by_group=breakdown(data.get("by_group"), threshold),
        frozen=frozen,
    )


# --- exports -------------------------------------------------------------------------------------


def export(summary: Summary, item: AgendaItem, council) -> dict[str, Any]:
    """An adopted summary as data: its text in force (Markdown, citations as written), the
    recommendations, figures and counts, the reasons of standing objections and the corrections.
    No names of people."""
    infos = versions(summary)
    numbers = {v.id: v.number for v in infos}
    version = summary.current_version
    return {
        "item": {"id": item.id, "title": item.title, "language": item.language},
        "council": {"id": council.id, "name": council_queries.council_name(council).text},
        "language": summary.language,
        "version": numbers.get(summary.current_version_id),
        "adopted_version": numbers.get(summary.adopted_version_id),
        "adopted_at": summary.adopted_at.isoformat() if summary.adopted_at else None,
        "sections": {key: (version.sections or {}).get(key, "") for key in SECTIONS},
        "recommendations": [{"number": r.number, "text": r.text, "addressee": r.addressee}
                            for r in version.recommendations],
        "participation": summary.participation or {},
        "endorsements": summary.adopted_endorsements or 0,
        "objections": summary.adopted_objections or 0,
        "standing_objections": [{"reason": o.get("reason", ""), "version": o.get("version")}
                                for o in summary.standing_objections or []],
        "corrections": [{"version": c.number, "date": c.created_at.isoformat(), "note": c.change_note}
                        for c in corrections(infos, summary)],
    }


# --- for other domains ---------------------------------------------------------------------------


def text_in_force(summary: Summary) -> SummaryVersion | None:
    """The text that stands: the current version (for an adopted summary, the adopted version or
    its latest correction)."""
    return summary.current_version


def corrections(infos: Iterable[VersionInfo], summary: Summary) -> list[VersionInfo]:
    return [v for v in infos if v.is_correction]
