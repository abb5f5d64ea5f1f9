"""The whole loop: destinations with their office reader, and the youth summary forwarded by the
facilitator to two of them, acknowledged and answered by the UN office — through the forwarding
services — so that a new user sees at once what becomes of a council's advice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from council.demo.base import Demo
from council.demo.summaries import YOUTH_TITLE, items, summary_of
from council.extensions import db
from council.forwarding import services as forwarding
from council.forwarding.models import Destination, Forwarding

DESTINATIONS = [
    ("national_dialogue", {"en": "National Dialogue Secretariat", "fr": "Secrétariat du dialogue national",
                           "ar": "أمانة الحوار الوطني", "es": "Secretaría del Diálogo Nacional"}),
    ("implementation_commission", {"en": "Peace Agreement Implementation Commission",
                                   "fr": "Commission de mise en œuvre de l'accord de paix",
                                   "ar": "لجنة تنفيذ اتفاق السلام",
                                   "es": "Comisión de Implementación del Acuerdo de Paz"}),
    ("un_office", {"en": "Office of the UN Resident Coordinator, Meridia",
                   "fr": "Bureau du Coordonnateur résident des Nations Unies, Méridie",
                   "ar": "مكتب المنسق المقيم للأمم المتحدة، ميريديا",
                   "es": "Oficina del Coordinador Residente de la ONU, Meridia"}),
]

# Destinations the office reader reads for.
OFFICE_READS = ("un_office", "implementation_commission")

COVERING_NOTE = "El consejo del Norte les transmite su síntesis sobre el empleo juvenil en las minas."
FORWARDED_TO = ("implementation_commission", "un_office")
ANSWERED_BY = "un_office"

OFFICE_ANSWER = (
    "Le Bureau remercie le conseil pour cette analyse claire. Nous soutenons la formation des jeunes "
    "et transmettons la question des contrats au ministère concerné."
)
ANSWERS = {
    1: ("accepted", "Le programme sera proposé au fonds pour la consolidation de la paix lors du prochain cycle."),
    2: ("referred", "Transmis au ministère des Mines, qui nous répondra d'ici trois mois."),
    3: ("under_consideration", "Nous étudions avec le PNUD un appui au comité de jeunes."),
}




def load(demo: Demo) -> None:
    destinations = _destinations(demo)
    item = items(demo).get(YOUTH_TITLE)
    summary = summary_of(item) if item is not None else None
    if summary is None or summary.status != "adopted" or db.session.scalar(
        select(Forwarding.id).where(Forwarding.summary_id == summary.id).limit(1)
    ) is not None:
        return
    facilitator, office = demo.user("facilitator@example.org"), demo.user("office@example.org")
    sent, _ = forwarding.forward(
        summary, destinations=[destinations[kind] for kind in FORWARDED_TO], covering_note=COVERING_NOTE,
        answer_by=(demo.now + timedelta(days=30)).date(), actor=facilitator,
    )
    answered = next(f for f in sent if f.destination_id == destinations[ANSWERED_BY].id)
    forwarding.acknowledge(answered, actor=office)
    forwarding.answer(answered, answers=ANSWERS, overall=OFFICE_ANSWER, language="fr", actor=office)
    demo.created["forwardings"] += len(sent)


def _destinations(demo: Demo) -> dict[str, Destination]:
    admin, office = demo.user("admin@example.org"), demo.user("office@example.org")
    found = {d.kind: d for d in db.session.scalars(select(Destination))}
    for kind, names in DESTINATIONS:
        if kind not in found:
            found[kind] = forwarding.create_destination(kind=kind, names=names, actor=admin)
            demo.created["destinations"] += 1
            if kind in OFFICE_READS:
                forwarding.add_reader(found[kind], email=office.email, actor=admin)
    return found
