"""What changes destinations and forwardings: setting up destinations and their office readers,
forwarding an adopted summary, acknowledging and answering it, and telling the destination of a
correction. Functions take actor=, flush, write the audit log, and never commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council import events, permissions
from council.agendas.models import AgendaEvent, AgendaItem, ItemStatus
from council.audit import services as audit
from council.auth.models import User, UserStatus
from council.core.markdown import render
from council.core.refusals import Refusal
from council.councils.models import Council, Membership, MembershipStatus
from council.extensions import db, utcnow
from council.forwarding.models import (
    ANSWER_STANCES,
    DESTINATION_KINDS,
    Destination,
    Forwarding,
    ForwardingStatus,
    OfficeAssignment,
    RecommendationAnswer,
)
from council.i18n import languages, localized
from council.notifications import services as notifications
from council.notifications.models import Kind
from council.summaries.models import Summary, SummaryVersion

SENT = ForwardingStatus.SENT.value
ACKNOWLEDGED = ForwardingStatus.ACKNOWLEDGED.value
ANSWERED = ForwardingStatus.ANSWERED.value
NAME_MAX = 120
NOTE_MAX = 5000
ANSWER_MAX = 10_000
RECOMMENDATION_ANSWER_MAX = 5000


def destination_label(destination: Destination) -> str:
    return localized(destination.names)[0] or _("Destination %(number)s", number=destination.id)


# --- destinations (administrators) ---------------------------------------------------------------


def _clean_names(names: Mapping[str, str] | None) -> dict[str, str]:
    supported = set(languages())
    return {lang: value.strip() for lang, value in (names or {}).items()
            if lang in supported and isinstance(value, str) and value.strip()}


def _check_destination(kind: str, names: dict[str, str]) -> None:
    if kind not in DESTINATION_KINDS:
        raise Refusal(_("Choose one of the kinds in the list."), "kind")
    if not names:
        raise Refusal(_("Give the name in at least one language."))
    if any(len(name) > NAME_MAX for name in names.values()):
        raise Refusal(_("Use at most %(max)d characters.", max=NAME_MAX))


def create_destination(*, kind: str, names: Mapping[str, str], active: bool = True, actor) -> Destination:
    names = _clean_names(names)
    _check_destination(kind, names)
    destination = Destination(kind=kind, names=names, active=bool(active))
    db.session.add(destination)
    db.session.flush()
    audit.record(actor, "destination.create", destination,
                 after={"kind": kind, "names": names, "active": bool(active)})
    return destination


def edit_destination(destination: Destination, *, kind: str, names: Mapping[str, str], active: bool, actor) -> bool:
    """Change the kind, names and whether it receives summaries; returns whether anything changed."""
    names = _clean_names(names)
    _check_destination(kind, names)
    old = {"kind": destination.kind, "names": dict(destination.names or {}), "active": destination.active}
    new = {"kind": kind, "names": names, "active": bool(active)}
    keys = [k for k in new if old[k] != new[k]]
    if not keys:
        return False
    destination.kind, destination.names, destination.active = kind, names, bool(active)
    db.session.flush()
    audit.record(actor, "destination.edit", destination,
                 before={k: old[k] for k in keys}, after={k: new[k] for k in keys})
    return True


def _reader_ids(destination: Destination) -> list[int]:
    return sorted(db.session.scalars(
        select(OfficeAssignment.user_id).where(OfficeAssignment.destination_id == destination.id)
    ))


def add_reader(destination: Destination, *, email: str, actor) -> User:
    """Attach the office account with this e-mail address to the destination."""
    email = (email or "").strip()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower())) if email else None
    if user is None or user.status == UserStatus.DELETED.value:
        raise Refusal(_("There is no account with this e-mail address."), "email")
    if user.site_role != "office":
        raise Refusal(
            _("This account is not an office account. Give it the site role “Office reader” first."), "email")
    before = _reader_ids(destination)
    if user.id in before:
        raise Refusal(_("This account already reads for this destination."), "email")
    db.session.add(OfficeAssignment(user_id=user.id, destination_id=destination.id))
    db.session.flush()
    audit.record(actor, "destination.readers", destination, before={"readers": before},
                 after={"readers": sorted([*before, user.id])})
    permissions.forget_memberships()
    return user


def remove_reader(destination: Destination, *, user_id: int, actor) -> bool:
    """Detach an office account from the destination; False if it was not attached."""
    assignment = db.session.scalar(
        select(OfficeAssignment).filter_by(destination_id=destination.id, user_id=user_id))
    if assignment is None:
        return False
    before = _reader_ids(destination)
    db.session.delete(assignment)
    db.session.flush()
    audit.record(actor, "destination.readers", destination, before={"readers": before},
                 after={"readers": [i for i in before if i != user_id]})
    permissions.forget_memberships()
    return True


def reader_ids(destination_ids: Iterable[int]) -> dict[int, list[int]]:
    """The office accounts reading for each destination, in one query."""
    wanted = list(set(destination_ids))
    found: dict[int, list[int]] = {d: [] for d in wanted}
    if wanted:
        rows = db.session.execute(
            select(OfficeAssignment.destination_id, OfficeAssignment.user_id)
            .where(OfficeAssignment.destination_id.in_(wanted))
        )
        for destination_id, user_id in rows:
            found[destination_id].append(user_id)
    return found


# --- forwarding (facilitators) -------------------------------------------------------------------


def answer_deadline(day: date | None) -> datetime | None:
    """A requested day as a timestamp: noon UTC, so it reads as the same day in every time zone."""
    return None if day is None else datetime.combine(day, time(12, 0), tzinfo=timezone.utc)


def sent_version_id(summary: Summary) -> int | None:
    """The text to send: the latest correction of the adopted summary, else the adopted version."""
    return summary.current_version_id or summary.adopted_version_id


def forwardings_of(summary: Summary) -> list[Forwarding]:
    return list(db.session.scalars(
        select(Forwarding).where(Forwarding.summary_id == summary.id).order_by(Forwarding.id)))


def _labels(names: Mapping[str, str], preferred: Iterable[str] = ()) -> dict[str, str]:
    """A name kept per language, for each language of the interface (the language's own, else the
    first of `preferred`, else any): a notification reads in whatever language it is shown."""
    names = {k: v for k, v in names.items() if v}
    found = {}
    for code in languages():
        chosen = code if code in names else next((p for p in preferred if p in names), next(iter(names), None))
        if chosen is not None:
            found[code] = names[chosen]
    return found


def _notice_office(forwardings: list[Forwarding], item: AgendaItem, kind: Kind, readers: Iterable[int]) -> None:
    """Tell office readers of forwardings of one summary: one notification per reader, naming the
    council and every destination of theirs it went to, leading to the first of them.

    No council_id: office readers are not members of the council, and a notification tied to a
    council only reaches its members. The item's title, the council's name and the destinations'
    names travel in `data` instead, in each language of the interface (plain values only)."""
    council = db.session.get(Council, item.council_id)
    council_labels = _labels({t.language: t.name for t in council.texts}, council.working_languages or ()) \
        if council is not None else {}
    per_destination = [_labels(f.destination.names or {}) for f in forwardings]
    data = {"forwarding_id": forwardings[0].id, "title": item.title, "title_lang": item.language,
            "forwardings": len(forwardings)}
    for code in languages():
        data[f"council_{code}"] = council_labels.get(code)
        data[f"destination_{code}"] = ", ".join(label.get(code, "") for label in per_destination if label.get(code))
    notifications.notify(list(readers), kind, data=data)


def _notice_readers(forwardings: list[Forwarding], item: AgendaItem, kind: Kind) -> None:
    """One notification per office reader, whatever the number of their destinations the summary
    went to (readers who cover the same destinations share one call)."""
    readers = reader_ids(f.destination_id for f in forwardings)
    covered: dict[int, list[Forwarding]] = {}
    for forwarding in forwardings:
        for user_id in readers[forwarding.destination_id]:
            covered.setdefault(user_id, []).append(forwarding)
    groups: dict[tuple[int, ...], list[int]] = {}
    for user_id, theirs in covered.items():
        groups.setdefault(tuple(f.id for f in theirs), []).append(user_id)
    by_id = {f.id: f for f in forwardings}
    for ids, user_ids in groups.items():
        _notice_office([by_id[i] for i in ids], item, kind, sorted(user_ids))


def forward(summary: Summary, *, destinations: Iterable[Destination], covering_note: str,
            answer_by: date | None = None, actor, _again: bool = False) -> tuple[list[Forwarding], bool]:
    """Send an adopted summary to each destination (once per destination). Returns (forwardings,
    created): a form sent twice (the same destinations and note, by the same person) returns the
    forwardings made the first time and changes nothing."""
    if not summary.is_adopted:
        raise Refusal(_("Only an adopted summary can be forwarded."))
    version_id = sent_version_id(summary)
    if version_id is None:
        raise Refusal(_("Only an adopted summary can be forwarded."))
    chosen = list({d.id: d for d in destinations}.values())
    if not chosen:
        raise Refusal(_("Choose at least one body to send the summary to."), "destinations")
    covering_note = (covering_note or "").strip()
    if not covering_note:
        raise Refusal(_("Write a covering note."), "covering_note")
    if len(covering_note) > NOTE_MAX:
        raise Refusal(_("Use at most %(max)d characters.", max=NOTE_MAX), "covering_note")
    if answer_by is not None and answer_by <= utcnow().date():
        raise Refusal(_("Choose a day after today."), "answer_by")
    inactive = [d for d in chosen if not d.active]
    if inactive:
        raise Refusal(_("%(name)s no longer receives summaries.", name=destination_label(inactive[0])),
                              "destinations")

    existing = {f.destination_id: f for f in forwardings_of(summary)}
    again = [d for d in chosen if d.id in existing]
    if again:
        previous = [existing[d.id] for d in chosen if d.id in existing]
        if len(again) == len(chosen) and all(
            f.sent_by_id == getattr(actor, "id", None) and f.covering_note == covering_note for f in previous
        ):
            return previous, False  # the same form, sent twice
        raise Refusal(
            _("The summary was already forwarded to %(names)s. Untick it to send it elsewhere.",
              names=", ".join(destination_label(d) for d in again)),
            "destinations",
        )

    item = db.session.get(AgendaItem, summary.item_id)
    created = []
    try:
        with db.session.begin_nested():
            for destination in chosen:
                forwarding = Forwarding(
                    summary_id=summary.id, version_id=version_id, council_id=summary.council_id,
                    destination_id=destination.id, status=SENT, covering_note=covering_note,
                    answer_requested_by=answer_deadline(answer_by), sent_by_id=getattr(actor, "id", None),
                    sent_at=utcnow(),
                )
                db.session.add(forwarding)
                created.append(forwarding)
            db.session.flush()
    except IntegrityError:  # the same form, sent twice at the same moment: answer as to a second send
        if _again:
            raise
        return forward(summary, destinations=chosen, covering_note=covering_note, answer_by=answer_by, actor=actor,
                       _again=True)

    before_status = item.status
    if item.status != ItemStatus.FORWARDED.value:
        item.status = ItemStatus.FORWARDED.value
        db.session.add(AgendaEvent(item_id=item.id, actor_id=getattr(actor, "id", None), action="forwarded",
                                   from_status=before_status, to_status=item.status))
    for forwarding in created:
        audit.record(actor, "forwarding.send", forwarding, council_id=summary.council_id,
                     before={"item_status": before_status},
                     after={"summary": summary.id, "version": version_id, "destination": forwarding.destination_id,
                            "item_status": item.status,
                            "answer_requested_by": answer_by.isoformat() if answer_by else None})
    db.session.flush()
    _notice_readers(created, item, Kind.FORWARDING_RECEIVED)
    for forwarding in created:
        events.forwarding_sent.send(forwarding, actor=actor)
    return created, True


# --- acknowledging and answering (office readers) -------------------------------------------------


def acknowledge(forwarding: Forwarding, *, actor) -> bool:
    """Say the summary has been received and is being considered; False if that was said already
    (or it has been answered)."""
    if forwarding.status != SENT:
        return False
    forwarding.status = ACKNOWLEDGED
    forwarding.acknowledged_by_id = getattr(actor, "id", None)
    forwarding.acknowledged_at = utcnow()
    db.session.flush()
    audit.record(actor, "forwarding.acknowledge", forwarding, council_id=forwarding.council_id,
                 before={"status": SENT}, after={"status": ACKNOWLEDGED})
    return True


def _answer_record(forwarding: Forwarding) -> dict:
    return {
        "status": forwarding.status,
        "language": forwarding.answer_language,
        "overall": forwarding.overall_answer,
        "recommendations": {str(a.number): {"stance": a.stance, "text": a.text} for a in forwarding.answers},
    }


def _council_people(council_id: int) -> list[int]:
    """Active members, facilitators and observers of the council."""
    return list(db.session.scalars(
        select(Membership.user_id).where(Membership.council_id == council_id,
                                         Membership.status == MembershipStatus.ACTIVE.value)
    ))


def recommendation_numbers(forwarding: Forwarding) -> list[int]:
    version = db.session.get(SummaryVersion, forwarding.version_id)
    return [r.number for r in version.recommendations] if version is not None else []


def answer(forwarding: Forwarding, *, answers: Mapping[int, tuple[str, str]], overall: str, language: str,
           actor) -> bool:
    """Answer each recommendation (a stance and a text) and the summary as a whole, in `language`.
    Answering again replaces the answer (the log keeps both). Returns whether anything changed."""
    numbers = recommendation_numbers(forwarding)
    overall = (overall or "").strip()
    if not overall:
        raise Refusal(_("Write the overall answer."), "overall")
    if len(overall) > ANSWER_MAX:
        raise Refusal(_("Use at most %(max)d characters.", max=ANSWER_MAX), "overall")
    if language not in languages():
        raise Refusal(_("Choose one of the languages in the list."), "language")
    if set(answers) != set(numbers):
        raise Refusal(_("Give your position on every recommendation."))
    for number, (stance, text) in answers.items():
        if stance not in ANSWER_STANCES:
            raise Refusal(_("Choose one of the positions in the list."), f"stance_{number}")
        if len(text or "") > RECOMMENDATION_ANSWER_MAX:
            raise Refusal(_("Use at most %(max)d characters.", max=RECOMMENDATION_ANSWER_MAX),
                                  f"text_{number}")

    before = _answer_record(forwarding)
    amended = forwarding.status == ANSWERED
    given = {a.number: a for a in forwarding.answers}
    for number in numbers:
        stance, text = answers[number]
        text = (text or "").strip()
        row = given.get(number)
        if row is None:
            forwarding.answers.append(RecommendationAnswer(number=number, stance=stance, text=text,
                                                           text_html=render(text),
                                                           answered_by_id=getattr(actor, "id", None)))
        elif (row.stance, row.text) != (stance, text):
            row.stance, row.text, row.text_html = stance, text, render(text)
            row.answered_by_id = getattr(actor, "id", None)
    for number, row in given.items():
        if number not in numbers:  # a recommendation that a correction removed
            forwarding.answers.remove(row)
    forwarding.overall_answer = overall
    forwarding.overall_answer_html = render(overall)
    forwarding.answer_language = language
    forwarding.status = ANSWERED
    db.session.flush()
    after = _answer_record(forwarding)
    if amended and after == before:
        return False
    forwarding.answered_by_id = getattr(actor, "id", None)
    forwarding.answered_at = utcnow()
    if forwarding.acknowledged_at is None:
        forwarding.acknowledged_at = forwarding.answered_at
        forwarding.acknowledged_by_id = forwarding.answered_by_id
    db.session.flush()
    audit.record(actor, "forwarding.answer", forwarding, council_id=forwarding.council_id,
                 before=before, after=after)
    summary = db.session.get(Summary, forwarding.summary_id)
    notifications.notify(
        _council_people(forwarding.council_id), Kind.SUMMARY_ANSWERED, council_id=forwarding.council_id,
        item_id=summary.item_id if summary is not None else None,
        data={"forwarding_id": forwarding.id, "outcome": "amended" if amended else "answered"},
    )
    events.forwarding_answered.send(forwarding, actor=actor)
    return True


# --- corrections (called by the summaries domain) -------------------------------------------------


def summary_corrected(summary: Summary, version: SummaryVersion, *, actor) -> list[Forwarding]:
    """A correction of a forwarded summary was made (`version`): every destination now holds the
    corrected text, marked as corrected, and its readers are told. The summaries domain records the
    audit event of the correction itself."""
    forwardings = forwardings_of(summary)
    if not forwardings:
        return []
    now = utcnow()
    for forwarding in forwardings:
        forwarding.version_id = version.id
        forwarding.corrected_at = now
        forwarding.seen_correction_at = None
    db.session.flush()
    item = db.session.get(AgendaItem, summary.item_id)
    _notice_readers(forwardings, item, Kind.FORWARDING_CORRECTED)
    return forwardings


def mark_correction_seen(forwarding: Forwarding) -> bool:
    """An office reader has opened the corrected summary."""
    if forwarding.corrected_at is None or (
        forwarding.seen_correction_at is not None and forwarding.seen_correction_at >= forwarding.corrected_at
    ):
        return False
    forwarding.seen_correction_at = utcnow()
    db.session.flush()
    return True
