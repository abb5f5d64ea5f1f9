"""What changes a summary: drafting and revising (every save a new version, guarded by an optimistic
lock), putting it to review, members' endorsements and objections, adoption (with the figures of
that moment), corrections and translations. Functions take actor=, flush, write the audit log and
never commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from council import events, i18n
from council.agendas import services as agenda_services
from council.agendas.models import AgendaItem, ItemStatus
from council.audit import services as audit
from council.core.markdown import render
from council.core.refusals import Conflict, Refusal
from council.councils.models import MemberRole, Membership, MembershipStatus
from council.extensions import db, utcnow
from council.notifications import services as notifications
from council.notifications.models import Kind
from council.summaries import queries
from council.summaries.models import (
    SECTIONS,
    Recommendation,
    Stance,
    Summary,
    SummaryStatus,
    SummaryTranslation,
    SummaryVersion,
)

DRAFT = SummaryStatus.DRAFT.value
REVIEW = SummaryStatus.REVIEW.value
ADOPTED = SummaryStatus.ADOPTED.value
# Item statuses in which a summary may be written (a first draft needs a closed deliberation).
STANCES = ("endorse", "object")
MAX_RECOMMENDATIONS = 30


# --- drafting ------------------------------------------------------------------------------------


def may_draft(item: AgendaItem) -> bool:
    return item.may_be_summarised


def _check_and_bump(summary: Summary, lock_version: int) -> None:
    """Take the lock: UPDATE ... WHERE id = :id AND lock_version = :v. If no row changed, someone
    saved in between and the change is refused. Two concurrent saves cannot both win: the second
    UPDATE waits for the first transaction and then finds the lock_version changed."""
    result = db.session.execute(
        update(Summary)
        .where(Summary.id == summary.id, Summary.lock_version == lock_version)
        .values(lock_version=Summary.lock_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict(_("Someone saved this summary since you opened the form (another facilitator, or you in "
                         "another window). Nothing of yours was saved yet: your text is still in the form below."))
    db.session.expire(summary, ["lock_version", "updated_at"])


def _clean_sections(sections: Mapping[str, str]) -> dict[str, str]:
    return {key: (sections.get(key) or "").strip() for key in SECTIONS}


def _clean_recommendations(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [((text or "").strip(), (addressee or "").strip()) for text, addressee in rows]
    cleaned = [(t, a) for t, a in cleaned if t or a]
    if len(cleaned) > MAX_RECOMMENDATIONS:
        raise Refusal(_("A summary can have at most %(max)s recommendations.", max=MAX_RECOMMENDATIONS))
    for text, addressee in cleaned:
        if not text:
            raise Refusal(_("Write the recommendation, or empty the field of whom it is addressed to."))
        if not addressee:
            raise Refusal(_("Say to whom each recommendation is addressed."))
    return cleaned


def _new_version(summary: Summary, *, sections: dict[str, str], recommendations: list[tuple[str, str]],
                 change_note: str, is_correction: bool, actor) -> SummaryVersion:
    number = (db.session.scalar(
        select(func.max(SummaryVersion.number)).where(SummaryVersion.summary_id == summary.id)
    ) or 0) + 1
    version = SummaryVersion(
        summary_id=summary.id,
        number=number,
        sections=sections,
        sections_html={key: render(text) for key, text in sections.items() if text},
        change_note=(change_note or "").strip(),
        is_correction=is_correction,
        author_id=actor.id,
        created_at=utcnow(),
    )
    for n, (text, addressee) in enumerate(recommendations, 1):
        version.recommendations.append(Recommendation(number=n, text=text, text_html=render(text), addressee=addressee))
    db.session.add(version)
    db.session.flush()
    summary.current_version_id = version.id
    db.session.flush()
    return version


def save(
    item: AgendaItem,
    *,
    summary: Summary | None,
    lock_version: int,
    sections: Mapping[str, str],
    recommendations: Iterable[tuple[str, str]],
    change_note: str = "",
    language: str | None = None,
    actor,
) -> tuple[Summary, SummaryVersion]:
    """Create the summary of a closed item, or revise it: every save is a new version (none is ever
    changed). `lock_version` is the one the form was opened with (0 for a summary that did not
    exist); if the summary was saved since, Conflict is raised and nothing changes. After adoption
    a save is a correction (a change note is required; the destinations are told)."""
    if not may_draft(item):
        raise Refusal(_("A summary can be written only when the deliberation is closed."))
    sections = _clean_sections(sections)
    recs = _clean_recommendations(recommendations)
    if not sections[next(iter(SECTIONS))]:
        raise Refusal(_("Describe the issue and its context."), field="section_context")
    created = summary is None
    if created:
        if lock_version != 0:
            raise Conflict(_("This summary no longer exists as it was. Reload the page."))
        if language not in i18n.languages():
            raise Refusal(_("Choose one of the languages in the list."), field="language")
        summary = Summary(item_id=item.id, council_id=item.council_id, language=language, status=DRAFT,
                          created_by_id=actor.id, lock_version=1, created_at=utcnow(), updated_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(summary)
                db.session.flush()
        except IntegrityError:  # another facilitator created it a moment earlier
            raise Conflict(_("Another facilitator started this summary since you opened the form. Your text is "
                             "still in the form below; look at their version before you save.")) from None
    else:
        _check_and_bump(summary, lock_version)
    correction = summary.is_adopted
    if correction and not (change_note or "").strip():
        raise Refusal(_("Say what the correction changes."), field="change_note")
    version = _new_version(summary, sections=sections, recommendations=recs, change_note=change_note,
                           is_correction=correction, actor=actor)
    after = {"version": version.number, "status": summary.status, "recommendations": len(recs)}
    if correction:
        audit.record(actor, "summary.correct", summary, council_id=item.council_id,
                     after={**after, "change_note": version.change_note})
        db.session.flush()
        events.summary_corrected.send(summary, actor=actor, version=version)  # forwarding tells destinations
    else:
        audit.record(actor, "summary.draft", summary, council_id=item.council_id,
                     after={**after, "language": summary.language} if created else after)
    db.session.flush()
    events.summary_saved.send(summary, actor=actor, version=version)  # search indexes the new text
    return summary, version


# --- review --------------------------------------------------------------------------------------


def _members_to_tell(council_id: int) -> list[int]:
    """Active members and facilitators: those who may endorse or object."""
    return list(db.session.scalars(
        select(Membership.user_id).where(
            Membership.council_id == council_id,
            Membership.status == MembershipStatus.ACTIVE.value,
            Membership.role.in_((MemberRole.MEMBER.value, MemberRole.FACILITATOR.value)),
        )
    ))


def put_to_review(summary: Summary, *, deadline: date, actor) -> None:
    """Put the draft to the council with a deadline (or move the deadline of a review). Members
    are told when the review starts."""
    if summary.is_adopted:
        raise Refusal(_("This summary is adopted already."))
    if summary.current_version_id is None:
        raise Refusal(_("Save a first version before you put the summary to review."))
    if deadline is None or deadline <= utcnow().date():
        raise Refusal(_("Choose a day after today."), field="deadline")
    starting = summary.status == DRAFT
    before = {"status": summary.status,
              "deadline": summary.review_deadline.date().isoformat() if summary.review_deadline else None}
    summary.status = REVIEW
    summary.review_deadline = agenda_services.deadline_at(deadline)
    audit.record(actor, "summary.review", summary, council_id=summary.council_id, before=before,
                 after={"status": REVIEW, "deadline": deadline.isoformat()})
    db.session.flush()
    if starting:
        notifications.notify(
            _members_to_tell(summary.council_id), Kind.SUMMARY_REVIEW, council_id=summary.council_id,
            item_id=summary.item_id, data={"summary_id": summary.id}, exclude_user_id=getattr(actor, "id", None),
        )


def set_stance(summary: Summary, *, actor, value: str, reason: str = "") -> Stance:
    """A member's endorsement or objection (with a reason), changeable until adoption. One per
    person: a second submission updates the first, and a race between two inserts ends as one."""
    if value not in STANCES:
        raise Refusal(_("Choose to endorse or to object."), field="value")
    reason = (reason or "").strip()
    if value == "object" and not reason:
        raise Refusal(_("Say why you object."), field="reason")
    if value == "endorse":
        reason = ""
    if summary.status != REVIEW:
        raise Refusal(_("Endorsements and objections are possible only while the summary is under review."))
    mine = (Stance.summary_id == summary.id) & (Stance.user_id == actor.id)
    stance = db.session.scalar(select(Stance).where(mine).with_for_update())
    if stance is None:
        stance = Stance(summary_id=summary.id, user_id=actor.id, version_id=summary.current_version_id, value=value,
                        reason=reason, created_at=utcnow(), updated_at=utcnow())
        try:
            with db.session.begin_nested():
                db.session.add(stance)
                db.session.flush()
            return stance
        except IntegrityError:  # the same person, a moment earlier (a double submit)
            stance = db.session.scalar(select(Stance).where(mine).with_for_update())
            if stance is None:  # pragma: no cover - the other insert was rolled back
                raise Refusal(_("Your position could not be saved. Please try again.")) from None
    stance.value = value
    stance.reason = reason
    stance.version_id = summary.current_version_id
    stance.updated_at = utcnow()
    db.session.flush()
    return stance


# --- adoption ------------------------------------------------------------------------------------


def adopt(summary: Summary, *, lock_version: int, actor) -> None:
    """Adopt the version under review: record the counts of endorsements and objections, the
    objections that stood and the participation figures of this moment; the item becomes
    "summarised". Refused (Conflict) if a newer version was saved since the page was opened."""
    if summary.is_adopted:
        raise Refusal(_("This summary is adopted already."))
    if summary.status != REVIEW:
        raise Refusal(_("Put the summary to the council for review before adopting it."))
    item = db.session.get(AgendaItem, summary.item_id)
    _check_and_bump(summary, lock_version)
    stances = list(db.session.scalars(
        select(Stance).where(Stance.summary_id == summary.id).order_by(Stance.id)
    ))
    numbers = dict(db.session.execute(
        select(SummaryVersion.id, SummaryVersion.number).where(SummaryVersion.summary_id == summary.id)
    ).all())
    names = {}
    if stances:
        from council.auth.models import User

        names = dict(db.session.execute(
            select(User.id, User.display_name).where(User.id.in_({s.user_id for s in stances}))
        ).all())
    objections = [s for s in stances if s.value == "object"]
    summary.status = ADOPTED
    summary.adopted_version_id = summary.current_version_id
    summary.adopted_at = utcnow()
    summary.adopted_by_id = actor.id
    summary.adopted_endorsements = sum(1 for s in stances if s.value == "endorse")
    summary.adopted_objections = len(objections)
    summary.standing_objections = [
        {"reason": s.reason, "name": names.get(s.user_id, ""), "version": numbers.get(s.version_id)}
        for s in objections
    ]
    summary.participation = queries.participation(item)
    if item.status == ItemStatus.CLOSED.value:
        item.status = ItemStatus.SUMMARISED.value
        agenda_services._event(item, "summarised", actor, ItemStatus.CLOSED.value)
    audit.record(actor, "summary.adopt", summary, council_id=summary.council_id, before={"status": REVIEW},
                 after={"status": ADOPTED, "version": numbers.get(summary.current_version_id),
                        "endorsements": summary.adopted_endorsements, "objections": summary.adopted_objections})
    db.session.flush()
    events.summary_adopted.send(summary, actor=actor)


# --- translations --------------------------------------------------------------------------------


def add_translation(
    summary: Summary,
    *,
    actor,
    language: str,
    sections: Mapping[str, str],
    recommendations: list[tuple[str, str]],
) -> SummaryTranslation:
    """A human translation of the current version (every section and recommendation) into another
    supported language; one per language and version."""
    version = summary.current_version
    if version is None or summary.status == DRAFT:
        raise Refusal(_("A summary can be translated once it is put to the council."))
    if language == summary.language or language not in i18n.languages():
        raise Refusal(_("Choose a language other than the language of record."), field="language")
    originals = version.sections or {}
    texts = {key: (sections.get(key) or "").strip() for key in SECTIONS if (originals.get(key) or "").strip()}
    if any(not text for text in texts.values()):
        raise Refusal(_("Translate every section."))
    if len(recommendations) != len(version.recommendations) or any(not (t or "").strip() for t, _a in recommendations):
        raise Refusal(_("Translate every recommendation."))
    recs = [
        {"number": r.number, "text": text.strip(), "text_html": render(text.strip()),
         "addressee": (addressee or "").strip() or r.addressee}
        for r, (text, addressee) in zip(version.recommendations, recommendations)
    ]
    translation = SummaryTranslation(
        version_id=version.id, language=language, sections=texts,
        sections_html={key: render(text) for key, text in texts.items()}, recommendations=recs,
        translator_id=actor.id, created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(translation)
            db.session.flush()
    except IntegrityError:
        raise Refusal(_("This summary already has a translation into this language."), field="language") from None
    events.summary_translated.send(translation, actor=actor, summary=summary)  # search indexes it
    return translation
