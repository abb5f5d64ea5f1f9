"""Inviting the groups not heard yet on an open item: a notification to their members, recorded in
the audit log. Flushes, never commits."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.audit import services as audit
from council.audit.models import AuditEvent
from council.core.refusals import NotAllowed, Refusal
from council.extensions import db, utcnow
from council.notifications import services as notifications
from council.notifications.models import Kind
from council.participation import queries
from council.permissions import Permission, can

# A group is invited to the same item at most once in this time.
INVITE_AGAIN_AFTER = timedelta(days=1)


def recently_invited(item: AgendaItem) -> set[str]:
    """The groups invited to `item` within INVITE_AGAIN_AFTER (from the audit log)."""
    rows = db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "participation.invite", AuditEvent.target_type == AgendaItem.__tablename__,
        AuditEvent.target_id == item.id, AuditEvent.created_at >= utcnow() - INVITE_AGAIN_AFTER))
    return {g for detail in rows for g in ((detail or {}).get("after") or {}).get("groups", [])}


def invite_silent(actor, item: AgendaItem, groups: list[str]) -> tuple[list[str], int]:
    """Invite the members of `groups` (among those still silent on `item`) to take part.
    Returns (groups invited, people told)."""
    if not can(actor, Permission.MANAGE_AGENDA, item.council):
        raise NotAllowed(_("Only the council's facilitators can invite groups to take part."))
    if not item.is_open:
        raise Refusal(_("Only an item open for deliberation can have groups invited to it."))
    silent = queries.silent_groups(item)
    chosen = [g for g in silent if g in set(groups or ())]
    if not chosen:
        raise Refusal(_("Choose at least one of the groups not heard yet."), field="groups")
    already = recently_invited(item)
    if set(chosen) <= already:
        raise Refusal(_("These groups were invited to this item less than a day ago."), field="groups")
    chosen = [g for g in chosen if g not in already]
    people = queries.members_of_groups(item.council_id, chosen)
    told = notifications.notify(people, Kind.ITEM_INVITED, council_id=item.council_id, item_id=item.id,
                                data={},
                                exclude_user_id=getattr(actor, "id", None))
    audit.record(actor, "participation.invite", item, council_id=item.council_id,
                 after={"groups": chosen, "people": len(told)})
    return chosen, len(told)
