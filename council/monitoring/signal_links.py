"""Early-warning signals next to agreement provisions: a facilitator links a signal of the council to
provisions that apply in the council's region, and an assessment may rest on a signal as evidence.

Which signals a person learns of is decided by the signals domain's visibility query
(council.signals.queries.visible); every query here goes through it, so a signal one may not see is
never listed, counted or named."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from council.audit.services import record
from council.core.refusals import Conflict, NotAllowed, Refusal
from council.councils.models import Council, Region
from council.extensions import db
from council.monitoring import queries
from council.monitoring.models import Agreement, Evidence, Provision, SignalProvisionLink
from council.permissions import Permission, can, council_ids_with
from council.signals.models import Signal, SignalSector
from council.signals.queries import visible

# Provision categories next to which the region's recent security signals are shown.
SECURITY_CATEGORIES = frozenset({"ceasefire", "ddr", "security_sector_reform"})
RECENT = 8  # how many recent security signals a provision's page shows
CHOICES = 100  # how many signals the evidence chooser offers (the most recent)


# --- linking a signal to provisions ------------------------------------------------------------------------


def linkable_provisions(council: Council) -> list[Provision]:
    """Provisions of the agreements of the council's country that apply in its region."""
    rows = db.session.scalars(
        select(Provision).join(Agreement).where(Agreement.country_id == council.region.country_id)
        .options(*queries.provision_options(), selectinload(Provision.agreement).selectinload(Agreement.texts))
        .order_by(Agreement.id, Provision.position, Provision.id))
    return [p for p in rows if p.applies_to(council.region_id)]


def linked_provisions(signal: Signal) -> list[Provision]:
    return list(db.session.scalars(
        select(Provision).join(SignalProvisionLink, SignalProvisionLink.provision_id == Provision.id)
        .where(SignalProvisionLink.signal_id == signal.id)
        .options(*queries.provision_options(), selectinload(Provision.agreement).selectinload(Agreement.texts))
        .order_by(Provision.agreement_id, Provision.position, Provision.id)))


def _applying(council: Council, provision_id: int | None) -> Provision:
    provision = db.session.get(Provision, provision_id) if provision_id else None
    if provision is None or provision.agreement.country_id != council.region.country_id \
            or not provision.applies_to(council.region_id):
        raise Refusal(_("Choose a provision that applies in the council's region."), field="provision_id")
    return provision


def link(signal: Signal, council: Council, provision_id: int | None, *, actor) -> SignalProvisionLink:
    """Link `signal` (of `council`, loaded through the visibility query) to a provision of its region."""
    if signal.council_id != council.id or not can(actor, Permission.LINK_SIGNAL, council):
        raise NotAllowed(_("Only the council's facilitators link signals to agreement provisions."))
    provision = _applying(council, provision_id)
    exists = db.session.scalar(select(SignalProvisionLink.id).where(
        SignalProvisionLink.signal_id == signal.id, SignalProvisionLink.provision_id == provision.id))
    if exists is not None:
        raise Conflict(_("The signal is already linked to this provision."), field="provision_id")
    made = SignalProvisionLink(signal_id=signal.id, provision_id=provision.id)
    db.session.add(made)
    db.session.flush()
    record(actor, "signal.provision_link", signal, council_id=council.id, after={"provision_id": provision.id})
    return made


def unlink(signal: Signal, council: Council, provision_id: int, *, actor) -> None:
    if signal.council_id != council.id or not can(actor, Permission.LINK_SIGNAL, council):
        raise NotAllowed(_("Only the council's facilitators link signals to agreement provisions."))
    found = db.session.scalar(select(SignalProvisionLink).where(
        SignalProvisionLink.signal_id == signal.id, SignalProvisionLink.provision_id == provision_id))
    if found is None:
        raise Refusal(_("The signal is not linked to this provision."))
    db.session.delete(found)
    db.session.flush()
    record(actor, "signal.provision_unlink", signal, council_id=council.id, before={"provision_id": provision_id})


# --- signals as evidence ---------------------------------------------------------------------------------


def evidence_choices(council: Council, user) -> list[Signal]:
    """The council's signals `user` may see, most recent first (what the evidence chooser offers)."""
    return list(db.session.scalars(select(Signal).where(visible(user, council))
                                   .order_by(Signal.event_date.desc(), Signal.id.desc()).limit(CHOICES)))


def may_cite(council: Council, user, signal_id: int | None) -> bool:
    if not signal_id:
        return False
    return db.session.scalar(select(Signal.id).where(Signal.id == signal_id, visible(user, council))) is not None


def cited(council: Council, user, evidence: list[Evidence]) -> dict[int, Signal]:
    """The signals named by `evidence` that `user` may see, by id (one query); the others stay unnamed."""
    ids = {e.signal_id for e in evidence if e.signal_id}
    if not ids:
        return {}
    return {s.id: s for s in db.session.scalars(select(Signal).where(Signal.id.in_(ids), visible(user, council)))}


# --- what a provision's page shows -------------------------------------------------------------------------


@dataclass
class ProvisionSignals:
    councils: dict[int, Council] = field(default_factory=dict)
    linked: list[Signal] = field(default_factory=list)
    recent: list[Signal] = field(default_factory=list)
    security: bool = False


def for_provision(user, provision: Provision) -> ProvisionSignals:
    """The signals linked to `provision` and, for a security provision, the recent security signals,
    of the councils whose region the provision applies in and whose signals `user` may see. Three
    queries (councils, linked, recent) however many councils and signals there are."""
    found = ProvisionSignals(security=provision.category.key in SECURITY_CATEGORIES)
    ids = council_ids_with(user, Permission.VIEW_SIGNALS)
    if ids is not None and not ids:
        return found
    query = (select(Council).join(Region).where(Region.country_id == provision.agreement.country_id)
             .options(selectinload(Council.texts)).order_by(Council.id))
    if ids is not None:
        query = query.where(Council.id.in_(ids))
    found.councils = {c.id: c for c in db.session.scalars(query) if provision.applies_to(c.region_id)}
    if not found.councils:
        return found
    seen = or_(*(visible(user, c) for c in found.councils.values()))
    found.linked = list(db.session.scalars(
        select(Signal).join(SignalProvisionLink, SignalProvisionLink.signal_id == Signal.id)
        .where(SignalProvisionLink.provision_id == provision.id, seen)
        .order_by(Signal.event_date.desc(), Signal.id.desc())))
    if found.security:
        found.recent = list(db.session.scalars(
            select(Signal).join(SignalSector, SignalSector.id == Signal.sector_id)
            .where(SignalSector.key == "security", Signal.status != "false", seen)
            .order_by(Signal.event_date.desc(), Signal.id.desc()).limit(RECENT)))
    return found
