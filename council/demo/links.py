"""Demo links between signals and monitoring: the first council's armed men at the Wadi Sirr well
are linked to the ceasefire provision "Cessation of hostilities", and the council's latest assessment
of that provision cites the signal as evidence. Through the services; idempotent (nothing is done when
the link exists)."""

from __future__ import annotations


from sqlalchemy import select

from council.demo.base import Demo
from council.demo.monitoring import SHORT_NAME
from council.extensions import db
from council.monitoring import services, signal_links
from council.monitoring.models import Agreement, AgreementText, Assessment, Provision, SignalProvisionLink
from council.signals.models import Signal

SIGNAL_TITLE = "Hombres armados en el pozo de Wadi Sirr"
REFERENCE = "1.1"  # cessation of hostilities, a ceasefire provision


def load(demo: Demo) -> None:
    """The demo step (after signals and monitoring)."""
    council = demo.first
    if council is None:
        return
    signal = db.session.scalar(select(Signal).where(Signal.council_id == council.id, Signal.title == SIGNAL_TITLE))
    provision = db.session.scalar(
        select(Provision).join(Agreement).join(AgreementText)
        .where(AgreementText.short_name == SHORT_NAME, Provision.reference == REFERENCE))
    if signal is None or provision is None:
        return
    if db.session.scalar(select(SignalProvisionLink.id).where(SignalProvisionLink.signal_id == signal.id,
                                                              SignalProvisionLink.provision_id == provision.id)):
        return
    signal_links.link(signal, council, provision.id, actor=demo.user("facilitator@example.org"))
    demo.created["signals linked to provisions"] += 1
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.council_id == council.id, Assessment.provision_id == provision.id)
        .order_by(Assessment.period_start.desc()).limit(1))
    if assessment is not None:
        services.add_evidence(assessment, council, actor=demo.user("member@example.org"), kind="signal",
                              occurred_on=signal.event_date, signal_id=signal.id,
                              summary="Armed men at the Wadi Sirr well: the council's own early-warning signal.")
        demo.created["evidence from signals"] += 1
