"""The public composition figures of a council, published so that nobody can learn one person's
gender or group by comparing the page at two moments.

Live figures would move by one in a gender cell and a group cell the moment a facilitator approves
someone (or someone leaves, or changes their profile), and the member list says who joined when.
So the public page shows the composition **as it was at the start of the period** (the first day of
the month, UTC), and every count is **rounded to a multiple of COMPOSITION_ROUNDING** (5), after the
five-person rule and the secondary suppression of council.councils.queries.disclose:

- within a period the figures do not move at all, whatever happens;
- from one period to the next, one join, leave or change moves a rounded count only when it
  crosses a rounding boundary, and then by the base, so the change of one person cannot be read
  as such; shares are computed from the rounded counts.

How the start of a period is kept: the figures at the start of a period are those of the first
moment in the period at which anything that counts changes. A session hook (before every flush)
looks for changed memberships and changed genders, and before the first such change of the
period it stores a CompositionSnapshot of the council as the database still holds it. Until a
change happens nothing has moved since the period began, so the live figures *are* those of its
start. A page never writes; the hook runs in the request (or command) that makes the change, in
its transaction.

The applications queue (facilitators only) still projects live figures; see queries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from council.auth.models import User
from council.councils import queries
from council.councils.models import CompositionSnapshot, Council, Membership, MembershipStatus
from council.extensions import db, utcnow


def period_start(moment: datetime | None = None) -> datetime:
    """The start of the period that holds `moment` (now): the first of its month, 00:00 UTC."""
    moment = (moment or utcnow()).astimezone(timezone.utc)
    return datetime(moment.year, moment.month, 1, tzinfo=timezone.utc)


def rounding_base() -> int:
    return max(1, int(current_app.config.get("COMPOSITION_ROUNDING", 5)))


def round_to(n: int, base: int) -> int:
    """`n` to the nearest multiple of `base` (halves up)."""
    return ((n + base // 2) // base) * base


def rounded(b: queries.Breakdown, base: int) -> queries.Breakdown:
    """A disclosed breakdown with its shown counts and its total rounded to `base`; shares from the
    rounded figures, so that no exact count can be worked back from them."""
    if b.hidden or base <= 1:
        return replace(b, base=base)
    total = round_to(b.total or 0, base)
    cells = tuple(
        replace(c, count=round_to(c.count, base), share=(round_to(c.count, base) / total if total else None))
        if c.shown else c
        for c in b.cells
    )
    return replace(b, total=total, cells=cells, base=base)


@dataclass(frozen=True)
class Published:
    composition: queries.Composition
    as_of: datetime  # the start of the period the figures describe
    base: int


def _counts_now(council_id: int, session=None) -> tuple[dict[str, int], dict[str, int]]:
    rows = (session or db.session).execute(
        select(User.gender, Membership.constituency)
        .join(User, Membership.user_id == User.id)
        .where(
            Membership.council_id == council_id,
            Membership.status == MembershipStatus.ACTIVE.value,
            Membership.role.in_(queries.COMPOSING_ROLES),
        )
    )
    return queries.counts_of([(g, c) for g, c in rows])


def published(council: Council, now: datetime | None = None) -> Published:
    """The public figures of `council`: those at the start of the current period, rounded."""
    start = period_start(now)
    snapshot = db.session.scalar(
        select(CompositionSnapshot).where(CompositionSnapshot.council_id == council.id,
                                          CompositionSnapshot.period_start == start)
    )
    genders, groups = (snapshot.by_gender, snapshot.by_group) if snapshot else _counts_now(council.id)
    threshold, base = queries.threshold(), rounding_base()
    composition = queries.Composition(
        by_gender=rounded(queries.disclose(dict(genders), threshold), base),
        by_group=rounded(queries.disclose(dict(groups), threshold), base),
        women_target_percent=council.women_target_percent,
    )
    return Published(composition, start, base)


# --- keeping the start of each period ------------------------------------------------------------


def _councils_touched(session: Session) -> set[int]:
    """Councils whose figures the pending changes of `session` could move."""
    councils: set[int] = set()
    users: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Membership):
            state = inspect(obj)
            if obj in session.dirty and not state.modified:
                continue
            councils.add(obj.council_id or getattr(obj.council, "id", None))
            history = state.attrs.council_id.history
            councils.update(v for v in (*history.deleted,) if v is not None)
        elif isinstance(obj, User) and obj in session.dirty and inspect(obj).attrs.gender.history.has_changes():
            users.add(obj.id)
    if users:
        councils.update(session.scalars(
            select(Membership.council_id).where(Membership.user_id.in_(users),
                                                Membership.status == MembershipStatus.ACTIVE.value)
        ))
    councils.discard(None)
    return councils


def _keep_period_start(session: Session, _context, _instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    with session.no_autoflush:
        touched = _councils_touched(session)
        if not touched:
            return
        start = period_start()
        kept = set(session.scalars(
            select(CompositionSnapshot.council_id).where(CompositionSnapshot.council_id.in_(touched),
                                                         CompositionSnapshot.period_start == start)
        ))
        pending = {o.council_id for o in session.new if isinstance(o, CompositionSnapshot)}
        existing = set(session.scalars(select(Council.id).where(Council.id.in_(touched))))
        for council_id in sorted(existing - kept - pending):
            genders, groups = _counts_now(council_id, session)  # the database still holds the state before this flush
            session.add(CompositionSnapshot(council_id=council_id, period_start=start, by_gender=genders,
                                            by_group=groups, created_at=utcnow()))


def register() -> None:
    """Keep the start of each period before the first change in it (once per process)."""
    if not event.contains(Session, "before_flush", _keep_period_start):
        event.listen(Session, "before_flush", _keep_period_start)
