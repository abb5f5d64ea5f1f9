"""What changes a council's agenda: proposing, triage (accept, decline, merge, reorder, close),
following and the record of visits. Functions take actor=, flush, write the audit log and the
item's own history, and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from council.agendas.models import STATUS_LABELS, AgendaEvent, AgendaItem, ItemFollow, ItemStatus, ItemVisit
from council import events
from council.audit import services as audit
from council.core import revisions, transaction
from council.core.markdown import render
from council.core.refusals import Refusal
from council.councils.models import Council
from council.extensions import db, utcnow

PROPOSED = ItemStatus.PROPOSED.value
OPEN = ItemStatus.OPEN.value
CLOSED = ItemStatus.CLOSED.value
DECLINED = ItemStatus.DECLINED.value


def _status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def _event(item: AgendaItem, action: str, actor, from_status: str | None, note: str = "") -> AgendaEvent:
    event = AgendaEvent(
        item=item,
        actor_id=getattr(actor, "id", None),
        action=action,
        from_status=from_status,
        to_status=item.status,
        note=note,
    )
    db.session.add(event)
    return event


def _next_position(council_id: int, status: str | None = None) -> int:
    query = select(func.max(AgendaItem.position)).where(AgendaItem.council_id == council_id)
    if status is not None:
        query = query.where(AgendaItem.status == status)
    return (db.session.scalar(query) or 0) + 1


# --- proposing -----------------------------------------------------------------------------------


def _stored_key(actor, key: str | None) -> str | None:
    """Submission keys are kept per person, so one person's key can never block another's."""
    return f"{actor.id}:{key}" if key else None


def find_submission(council: Council, key: str | None, *, actor) -> AgendaItem | None:
    """The item already created from the form carrying `key`, if any (a double submit). A key
    already used in another council is refused (Refusal): the form was tampered with."""
    stored = _stored_key(actor, key)
    if stored is None:
        return None
    found = db.session.scalar(select(AgendaItem).filter_by(submission_key=stored, proposer_id=actor.id))
    if found is not None and found.council_id != council.id:
        raise Refusal(_("This form was already used. Check what you wrote and send it again."))
    return found


def propose(
    council: Council,
    *,
    title: str,
    description: str,
    theme: str,
    place: str,
    language: str,
    links: Iterable[int] = (),
    submission_key: str | None = None,
    actor,
) -> tuple[AgendaItem, bool]:
    """Put an issue on the council's agenda as "proposed". Returns (item, created): a form sent
    twice returns the item made the first time and changes nothing."""
    existing = find_submission(council, submission_key, actor=actor)
    if existing is not None:
        return existing, False
    wanted = {int(i) for i in links}
    linked: list[AgendaItem] = []
    if wanted:
        linked = list(db.session.scalars(
            select(AgendaItem).where(AgendaItem.id.in_(wanted), AgendaItem.council_id == council.id)
        ))
        if len(linked) != len(wanted):
            raise Refusal(_("Choose only items of this council to link to."), field="links")
    item = AgendaItem(
        council_id=council.id,
        title=title,
        description=description,
        description_html=render(description),
        theme=theme,
        place=place or "",
        language=language,
        proposer_id=actor.id,
        status=PROPOSED,
        position=_next_position(council.id),
        submission_key=_stored_key(actor, submission_key),
        links=linked,
    )
    try:
        with db.session.begin_nested():
            db.session.add(item)
            db.session.flush()
    except IntegrityError:  # the same form, sent twice at the same moment, in another request
        existing = find_submission(council, submission_key, actor=actor)
        if existing is None:
            raise Refusal(_("This form was already used. Check what you wrote and send it again.")) from None
        return existing, False
    _event(item, "proposed", actor, None)
    db.session.add(ItemFollow(user_id=actor.id, item_id=item.id))
    audit.record(actor, "agenda.propose", item, council_id=council.id,
                 after={"status": PROPOSED, "title": title, "theme": theme})
    db.session.flush()
    events.item_proposed.send(item, actor=actor)  # search indexes it
    return item, True


# --- triage --------------------------------------------------------------------------------------


def _follower_ids(item: AgendaItem) -> list[int]:
    return list(db.session.scalars(select(ItemFollow.user_id).where(ItemFollow.item_id == item.id)))


def _changed(item: AgendaItem, action: str, actor, before: str) -> None:
    """Tell higher domains (notifications tells the proposer, the members, the followers)."""
    events.item_status_changed.send(item, actor=actor, before=before, action=action)


# The status each triage action starts from, and the message when an item is not in it.
def _illegal(action: str, status: str) -> str:
    label = _status_label(status)
    if action == "accept":
        return _("Only a proposed item can be opened for deliberation. This one is: %(status)s.", status=label)
    if action == "decline":
        return _("Only a proposed item can be declined. This one is: %(status)s.", status=label)
    if action == "merge":
        return _("Only a proposed item can be merged into another. This one is: %(status)s.", status=label)
    return _("Only an item open for deliberation can be closed. This one is: %(status)s.", status=label)


TRANSITIONS = {"accept": (PROPOSED, OPEN), "decline": (PROPOSED, DECLINED), "merge": (PROPOSED, DECLINED),
               "close": (OPEN, CLOSED)}


def check(item: AgendaItem, action: str) -> None:
    """Refuse (Refusal) a triage action the item's status does not allow."""
    if item.status != TRANSITIONS[action][0]:
        raise Refusal(_illegal(action, item.status))


def deadline_at(day: date | None) -> datetime | None:
    """A deadline day as a timestamp: noon UTC, so it reads as the same day in every time zone."""
    return None if day is None else datetime.combine(day, time(12, 0), tzinfo=timezone.utc)


def accept(item: AgendaItem, *, deadline: date | None = None, actor) -> None:
    """Open a proposed item for deliberation, at the end of the open items."""
    check(item, "accept")
    item.position = _next_position(item.council_id, OPEN)
    item.status = OPEN
    item.deadline = deadline_at(deadline)
    item.opened_at = utcnow()
    _event(item, "accepted", actor, PROPOSED)
    audit.record(actor, "agenda.accept", item, council_id=item.council_id, before={"status": PROPOSED},
                 after={"status": OPEN, "deadline": deadline.isoformat() if deadline else None})
    db.session.flush()
    _changed(item, "accepted", actor, PROPOSED)


def decline(item: AgendaItem, *, reason: str, actor) -> None:
    """Decline a proposed item, with a reason the proposer and the members see."""
    check(item, "decline")
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Say why the item is declined."))
    item.status = DECLINED
    item.decline_reason = reason
    _event(item, "declined", actor, PROPOSED, note=reason)
    audit.record(actor, "agenda.decline", item, council_id=item.council_id, before={"status": PROPOSED},
                 after={"status": DECLINED, "reason": reason})
    db.session.flush()
    _changed(item, "declined", actor, PROPOSED)


def merge(item: AgendaItem, *, into: AgendaItem, actor) -> None:
    """Merge a proposed item into another item of the same council: it is declined, points to the
    other, and its followers follow the other."""
    check(item, "merge")
    if into.council_id != item.council_id or into.id == item.id or not into.may_receive_merge:
        raise Refusal(_("An item can only be merged into another item of the same council that is still proposed "
                        "or open for deliberation."))
    item.status = DECLINED
    item.merged_into_id = into.id
    _event(item, "merged", actor, PROPOSED)
    already = set(db.session.scalars(select(ItemFollow.user_id).where(ItemFollow.item_id == into.id)))
    for user_id in _follower_ids(item):
        if user_id not in already:
            db.session.add(ItemFollow(user_id=user_id, item_id=into.id))
    audit.record(actor, "agenda.merge", item, council_id=item.council_id, before={"status": PROPOSED},
                 after={"status": DECLINED, "merged_into": into.id})
    db.session.flush()
    _changed(item, "merged", actor, PROPOSED)


def close(item: AgendaItem, *, actor) -> None:
    """Close the deliberation of an open item; its thread becomes read-only."""
    check(item, "close")
    item.status = CLOSED
    item.closed_at = utcnow()
    _event(item, "closed", actor, OPEN)
    audit.record(actor, "agenda.close", item, council_id=item.council_id, before={"status": OPEN},
                 after={"status": CLOSED})
    db.session.flush()
    _changed(item, "closed", actor, OPEN)


def move(item: AgendaItem, *, direction: str, actor) -> bool:
    """Move an item one place up or down among the items of the same status. False if it is
    already first (or last)."""
    if direction not in ("up", "down"):
        raise Refusal(_("Choose to move the item up or down."))
    group = list(db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.council_id == item.council_id, AgendaItem.status == item.status)
        .order_by(AgendaItem.position, AgendaItem.id)
    ))
    index = next(i for i, other in enumerate(group) if other.id == item.id)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(group):
        return False
    before = item.position
    group[index], group[target] = group[target], group[index]
    for position, other in enumerate(group, start=1):
        if other.position != position:
            other.position = position
    audit.record(actor, "agenda.reorder", item, council_id=item.council_id, before={"position": before},
                 after={"position": item.position})
    db.session.flush()
    return True


# --- following and visits ------------------------------------------------------------------------


def is_following(item: AgendaItem, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.scalar(
        select(ItemFollow.id).filter_by(item_id=item.id, user_id=user.id)
    ) is not None


def follow(item: AgendaItem, *, actor) -> bool:
    """Follow an item (told when it closes). False if already following."""
    if is_following(item, actor):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ItemFollow(user_id=actor.id, item_id=item.id))
            db.session.flush()
    except IntegrityError:  # followed by a request running at the same time
        return False
    return True


def unfollow(item: AgendaItem, *, actor) -> bool:
    result = db.session.execute(delete(ItemFollow).filter_by(item_id=item.id, user_id=actor.id).execution_options(
        page_scopes=[revisions.council(item.council_id), revisions.user(actor.id)]))
    return bool(result.rowcount)


def record_visit(item: AgendaItem, *, user) -> None:
    """Remember the newest post `user` has seen of `item`: a read, and an upsert only when there
    is something new (so that reading a thread again writes nothing)."""
    seen = db.session.scalar(
        select(ItemVisit.last_seen_post_id).where(ItemVisit.user_id == user.id, ItemVisit.item_id == item.id)
    )
    if seen is not None and seen >= (item.last_post_id or 0):
        return
    values = {"user_id": user.id, "item_id": item.id, "last_seen_post_id": item.last_post_id or 0,
              "visited_at": utcnow()}
    dialect = db.session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(ItemVisit).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[ItemVisit.user_id, ItemVisit.item_id],
            set_={"last_seen_post_id": statement.excluded.last_seen_post_id,
                  "visited_at": statement.excluded.visited_at},
        )
        statement = statement.execution_options(page_scopes=[revisions.user(user.id)])
        transaction.best_effort(lambda: db.session.execute(statement), "visit")
        return
    updated = db.session.execute(
        update(ItemVisit).filter_by(user_id=user.id, item_id=item.id)
        .values(last_seen_post_id=values["last_seen_post_id"], visited_at=values["visited_at"])
        .execution_options(page_scopes=[revisions.user(user.id)])
    )
    if not updated.rowcount:
        db.session.add(ItemVisit(**values))
        db.session.flush()
