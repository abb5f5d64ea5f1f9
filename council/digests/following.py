"""What an office reader follows. By default: the destinations they read for, and thereby the
councils that forward summaries or escalate signals to them. A reader may choose instead, on the
digest's settings page, any councils and any of their own destinations. A destination the reader
no longer reads for is never followed, whatever was chosen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, union

from council.digests.models import DigestFollow, DigestSettings
from council.extensions import db
from council.forwarding.models import Forwarding
from council.permissions import Role, destination_ids, roles
from council.signals.models import Escalation


@dataclass(frozen=True)
class Following:
    council_ids: tuple[int, ...]
    destination_ids: tuple[int, ...]
    chosen: bool  # the reader chose (else the defaults)


def may_have_digest(user) -> bool:
    return getattr(user, "is_authenticated", False) and Role.OFFICE in roles(user)


def settings_of(user) -> DigestSettings | None:
    return db.session.get(DigestSettings, user.id)


def senders(destinations) -> set[int]:
    """The councils that forwarded a summary or escalated a signal to one of `destinations`."""
    if not destinations:
        return set()
    query = union(select(Forwarding.council_id).where(Forwarding.destination_id.in_(destinations)),
                  select(Escalation.council_id).where(Escalation.destination_id.in_(destinations)))
    return set(db.session.scalars(select(query.subquery().c[0])))


def following(user, settings: DigestSettings | None = None) -> Following:
    if not may_have_digest(user):
        return Following((), (), False)
    settings = settings if settings is not None else settings_of(user)
    readable = destination_ids(user)
    if settings is None or not settings.chosen:
        destinations = set(readable)
        councils = senders(destinations)
        chosen = False
    else:
        follows = db.session.scalars(select(DigestFollow).where(DigestFollow.user_id == user.id)).all()
        destinations = {f.destination_id for f in follows if f.destination_id in readable}
        councils = {f.council_id for f in follows if f.council_id is not None} | senders(destinations)
        chosen = True
    return Following(tuple(sorted(councils)), tuple(sorted(destinations)), chosen)
