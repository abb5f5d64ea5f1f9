"""Writing to the audit log. Services call record(); they never commit.

Each row is chained to the one before it by a hash (council/audit/chain.py). On PostgreSQL
record() first takes a transaction-level advisory lock, so that two requests recording at once
cannot both chain to the same predecessor; the lock is released when the transaction ends, after
the row is committed or rolled back. SQLite serialises writers itself."""

from __future__ import annotations

import json
import logging
from typing import Any, Iterator

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from council.core import transaction
from council.audit import chain
from council.audit.models import AuditEvent
from council.extensions import client_address, db, utcnow

log = logging.getLogger(__name__)

# Any fixed number, the same in every process: the key of the advisory lock of the chain.
CHAIN_LOCK_KEY = 7_201_190_512

# Every action that may be recorded, with the label shown in the log.
ACTIONS: dict[str, Any] = {
    "user.register": _l("Account registered"),
    "user.confirm": _l("E-mail address confirmed"),
    "user.password_change": _l("Password changed"),
    "user.password_reset": _l("Password reset by e-mail"),
    "user.two_factor_enable": _l("Two-factor authentication switched on"),
    "user.two_factor_disable": _l("Two-factor authentication switched off"),
    "user.delete": _l("Account deleted"),
    "user.sign_in": _l("Signed in"),
    "user.sign_in_fail": _l("Sign-in refused: wrong password or unknown account"),
    "user.sign_in_two_factor_fail": _l("Sign-in refused: wrong two-factor code"),
    "user.sign_in_lock": _l("Sign-in blocked after too many attempts"),
    "user.recovery_code_use": _l("Recovery code used to sign in"),
    "user.recovery_codes_new": _l("New recovery codes made"),
    "user.sessions_end": _l("Sessions of the account ended"),
    "access.refuse": _l("Request refused: not allowed"),
    "user.suspend": _l("Account suspended"),
    "user.reinstate": _l("Account reinstated"),
    "user.site_role": _l("Site role changed"),
    "api_token.create": _l("API token created"),
    "api_token.revoke": _l("API token revoked"),
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
    "participation.invite": _l("Groups not heard yet invited to an agenda item"),
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
    "signal.raise": _l("Early-warning signal raised"),
    "signal.review": _l("Signal taken in review"),
    "signal.decide": _l("Signal review decided"),
    "signal.confidentiality": _l("Signal confidentiality raised"),
    "signal.escalate": _l("Signal escalated"),
    "signal.acknowledge": _l("Signal escalation acknowledged"),
    "signal.respond": _l("Response to a signal escalation"),
    "signal.outcome": _l("Outcome of a signal escalation"),
    "signal.link": _l("Signal linked to an agenda item"),
    "signal.provision_link": _l("Signal linked to an agreement provision"),
    "signal.provision_unlink": _l("Signal unlinked from an agreement provision"),
    "signal.settings": _l("Signal settings changed"),
    "signal.indicator": _l("Signal indicator catalogue changed"),
    "signal.intake": _l("Signal received by e-mail or SMS"),
    "signal.intake_sender_erase": _l("Sender of an e-mailed or texted signal erased"),
    "signal.intake_settings": _l("Intake address or retention period changed"),
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
    "digest.feed_token_create": _l("Digest feed address created"),
    "digest.feed_token_revoke": _l("Digest feed address revoked"),
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
    """Add an audit event for `action` by `actor` on `target` (a model instance), with the
    client's address when there is a request, chained to the previous event; flushed at once."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    detail: dict[str, Any] = {}
    if before is not None:
        detail["before"] = before
    if after is not None:
        detail["after"] = after
    detail = json.loads(json.dumps(detail))  # hash exactly what the JSON column will give back
    db.session.flush()  # a target added in this transaction gets its id
    event = AuditEvent(
        created_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__tablename__ if target is not None else "",
        target_id=getattr(target, "id", None),
        council_id=council_id,
        detail=detail,
        client_address=client_address()[:45] if has_request_context() else None,
    )
    event.chain_hash = chain.link(_previous_hash(), _fields(event))
    db.session.add(event)
    db.session.flush()
    return event


def _previous_hash() -> str | None:
    """The hash of the newest event (one recorded earlier in this transaction included: each is
    flushed at once), after taking the chain's lock (PostgreSQL) until this transaction ends."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    return db.session.scalar(select(AuditEvent.chain_hash).order_by(AuditEvent.id.desc()).limit(1))


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in chain.FIELDS}


def record_refusal(actor_id: int | None, action: str, target=None, *, after: dict[str, Any] | None = None) -> None:
    """Record a refused request so that the record outlives the request's rollback.

    A response of 400 or more rolls the request back at the commit point; this event is written
    after that rollback and committed alone (core.transaction.keep_despite_rollback). For
    after-request hooks only. `target` is kept by class and id, not as an object of the session."""
    kind, target_id = (type(target), target.id) if target is not None else (None, None)

    def write() -> None:
        again = db.session.get(kind, target_id) if kind is not None else None
        record(_Actor(actor_id), action, again, after=after)

    transaction.keep_despite_rollback(write)


class _Actor:
    def __init__(self, actor_id: int | None) -> None:
        self.id = actor_id


def _stored_rows() -> Iterator[tuple[int, str | None, dict[str, Any]]]:
    """Every event as stored (columns, not cached objects), oldest first, a thousand at a time."""
    columns = [getattr(AuditEvent, name) for name in chain.FIELDS]
    stmt = select(AuditEvent.id, AuditEvent.chain_hash, *columns).order_by(AuditEvent.id)
    for row in db.session.execute(stmt.execution_options(yield_per=1000)):
        yield row[0], row[1], dict(zip(chain.FIELDS, row[2:]))


def verify() -> tuple[int, chain.Break | None]:
    """Check the whole chain: the number of events checked and the first break (None if whole)."""
    return chain.first_break(_stored_rows())


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))
