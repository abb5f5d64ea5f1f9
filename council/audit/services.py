"""Writing to the audit log. Services call record(); they never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from council.audit.models import AuditEvent
from council.extensions import db

# Every action that may be recorded, with the label shown in the log.
ACTIONS: dict[str, Any] = {
    "user.register": _l("Account registered"),
    "user.confirm": _l("E-mail address confirmed"),
    "user.password_change": _l("Password changed"),
    "user.password_reset": _l("Password reset by e-mail"),
    "user.two_factor_enable": _l("Two-factor authentication switched on"),
    "user.two_factor_disable": _l("Two-factor authentication switched off"),
    "user.delete": _l("Account deleted"),
    "user.suspend": _l("Account suspended"),
    "user.reinstate": _l("Account reinstated"),
    "user.site_role": _l("Site role changed"),
    "country.create": _l("Country created"),
    "country.edit": _l("Country edited"),
    "region.create": _l("Region created"),
    "region.edit": _l("Region edited"),
    "council.create": _l("Council created"),
    "council.edit": _l("Council edited"),
    "membership.apply": _l("Applied to join"),
    "membership.approve": _l("Application approved"),
    "membership.decline": _l("Application declined"),
    "membership.role": _l("Council role changed"),
    "membership.suspend": _l("Member suspended from the council"),
    "membership.reinstate": _l("Member reinstated in the council"),
    "membership.leave": _l("Left the council"),
    "invitation.create": _l("Invitation sent"),
    "invitation.accept": _l("Invitation accepted"),
    "invitation.revoke": _l("Invitation withdrawn"),
    "agenda.propose": _l("Agenda item proposed"),
    "agenda.accept": _l("Agenda item opened for deliberation"),
    "agenda.decline": _l("Agenda item declined"),
    "agenda.merge": _l("Agenda item merged into another"),
    "agenda.reorder": _l("Agenda reordered"),
    "agenda.close": _l("Deliberation closed"),
    "agenda.edit": _l("Agenda item edited"),
    "post.hide": _l("Post hidden"),
    "post.restore": _l("Post restored"),
    "post.dismiss_reports": _l("Reports on a post dismissed"),
    "post.reveal_author": _l("Author of an anonymous post viewed"),
    "appeal.decide": _l("Appeal decided"),
    "summary.draft": _l("Summary drafted or revised"),
    "summary.review": _l("Summary put to the council for review"),
    "summary.adopt": _l("Summary adopted"),
    "summary.correct": _l("Correction of a forwarded summary"),
    "destination.create": _l("Destination created"),
    "destination.edit": _l("Destination edited"),
    "destination.readers": _l("Office readers of a destination changed"),
    "forwarding.send": _l("Summary forwarded"),
    "forwarding.acknowledge": _l("Forwarded summary acknowledged"),
    "forwarding.answer": _l("Forwarded summary answered"),
    "agreement.create": _l("Agreement created"),
    "agreement.edit": _l("Agreement edited"),
    "agreement.import": _l("Agreement imported"),
    "provision.create": _l("Provision added"),
    "provision.edit": _l("Provision edited"),
    "monitoring.cadence": _l("Monitoring cadence changed"),
    "assessment.draft": _l("Assessment drafted"),
    "assessment.edit": _l("Assessment edited"),
    "assessment.review": _l("Assessment reviewed"),
    "assessment.publish": _l("Assessment published"),
    "assessment.evidence": _l("Evidence added to an assessment"),
    "assessment.minority": _l("Minority assessment recorded"),
}


def record(
    actor,
    action: str,
    target,
    *,
    council_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for `action` by `actor` on `target` (a model instance)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    detail: dict[str, Any] = {}
    if before is not None:
        detail["before"] = before
    if after is not None:
        detail["after"] = after
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__tablename__ if target is not None else "",
        target_id=getattr(target, "id", None),
        council_id=council_id,
        detail=detail,
    )
    db.session.add(event)
    return event


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))
