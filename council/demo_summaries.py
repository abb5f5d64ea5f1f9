"""Demo data for the whole loop: destinations with their office readers, an adopted summary kept
by the council, and one adopted, forwarded and answered — so that a new user sees at once what
becomes of a council's advice. Goes through the same services as the site; idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.auth.models import User
from council.councils.models import Council
from council.extensions import db, utcnow
from council.forwarding import services as forwarding
from council.forwarding.models import Destination
from council.summaries import services as summaries
from council.summaries.models import Summary

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

YOUTH_TITLE = "Empleo juvenil en las minas de Tessit"
GRAZING_TITLE = "ممرات الرعي بين المرتفعات والسهل"

YOUTH_SECTIONS = {
    "context": "Cientos de jóvenes de Tessit trabajan en minas artesanales sin contrato ni protección. "
               "Los accidentes y las deudas con los intermediarios alimentan la frustración y el "
               "reclutamiento por grupos armados.",
    "points": "- Falta de formación y de equipos de seguridad.\n- Las familias dependen de estos ingresos.\n"
              "- Las jóvenes quedan excluidas de los pocos empleos formales.",
    "agreement": "El consejo está de acuerdo en que hace falta un programa local de formación y empleo, "
                 "con una parte reservada a las mujeres jóvenes.",
    "disagreement": "Algunos miembros piden cerrar las minas más peligrosas de inmediato; otros temen que eso "
                    "deje a las familias sin ingresos. **Opinión minoritaria:** los ancianos proponen que las "
                    "minas sigan bajo control de las aldeas.",
    "early_warning": "Se observa reclutamiento de jóvenes por grupos armados cerca de las minas del norte.",
}
YOUTH_RECOMMENDATIONS = [
    ("Financiar un programa de formación profesional para 300 jóvenes de Tessit, con al menos un 40 % de mujeres.",
     "Comisión de Implementación del Acuerdo de Paz"),
    ("Exigir equipos de seguridad y contratos escritos en todas las minas con licencia.",
     "Ministerio de Minas"),
    ("Apoyar un comité local de jóvenes que siga la aplicación de estas medidas.",
     "Oficina del Coordinador Residente de la ONU"),
]
GRAZING_SECTIONS = {
    "context": "لم يعد اتفاق عام 2019 حول ممرات الرعي يُحترم، وتكررت النزاعات بين الرعاة والمزارعين.",
    "points": "- الممرات القديمة أُغلقت بالزراعة.\n- لا توجد خريطة متفق عليها.",
    "agreement": "يتفق المجلس على مراجعة الخريطة مع زعماء القرى والرعاة قبل موسم الأمطار.",
    "disagreement": "يرى بعض الأعضاء أن التعويض ضروري للمزارعين الذين سيفقدون أراضيهم.",
    "early_warning": "خطر اشتباكات عند الممر الشمالي في بداية موسم الجفاف.",
}
GRAZING_RECOMMENDATIONS = [
    ("رسم خريطة جديدة لممرات الرعي بمشاركة جميع الأطراف.", "السلطات المحلية"),
    ("إنشاء لجنة وساطة دائمة للممرات.", "المجلس الاستشاري"),
]

OFFICE_ANSWER = (
    "Le Bureau remercie le conseil pour cette analyse claire. Nous soutenons la formation des jeunes "
    "et transmettons la question des contrats au ministère concerné."
)
ANSWERS = {
    1: ("accepted", "Le programme sera proposé au fonds pour la consolidation de la paix lors du prochain cycle."),
    2: ("referred", "Transmis au ministère des Mines, qui nous répondra d'ici trois mois."),
    3: ("under_consideration", "Nous étudions avec le PNUD un appui au comité de jeunes."),
}


def load(council: Council, users: dict[str, User]) -> int:
    """Create the destinations and the two summaries unless they exist; returns how many
    summaries were made."""
    admin, office = users["admin@example.org"], users["office@example.org"]
    destinations = _destinations(admin, office)
    items = {i.title: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.council_id == council.id))}
    made = 0
    grazing, youth = items.get(GRAZING_TITLE), items.get(YOUTH_TITLE)
    if grazing is not None and _no_summary(grazing):
        _adopted(grazing, "ar", GRAZING_SECTIONS, GRAZING_RECOMMENDATIONS, users)
        made += 1
    if youth is not None and _no_summary(youth):
        summary = _adopted(youth, "es", YOUTH_SECTIONS, YOUTH_RECOMMENDATIONS, users)
        facilitator = users["facilitator@example.org"]
        forwardings, _ = forwarding.forward(
            summary, destinations=[destinations["implementation_commission"], destinations["un_office"]],
            covering_note="El consejo del Norte les transmite su síntesis sobre el empleo juvenil en las minas.",
            answer_by=(utcnow() + timedelta(days=30)).date(), actor=facilitator,
        )
        rc = next(f for f in forwardings if f.destination_id == destinations["un_office"].id)
        forwarding.acknowledge(rc, actor=office)
        forwarding.answer(rc, answers=ANSWERS, overall=OFFICE_ANSWER, language="fr", actor=office)
        made += 1
    return made


def _no_summary(item: AgendaItem) -> bool:
    return db.session.scalar(select(Summary.id).where(Summary.item_id == item.id)) is None


def _destinations(admin: User, office: User) -> dict[str, Destination]:
    found = {d.kind: d for d in db.session.scalars(select(Destination))}
    for kind, names in DESTINATIONS:
        if kind not in found:
            found[kind] = forwarding.create_destination(kind=kind, names=names, actor=admin)
            if kind in ("un_office", "implementation_commission"):
                forwarding.add_reader(found[kind], email=office.email, actor=admin)
    return found


def _adopted(item: AgendaItem, language: str, sections, recommendations, users) -> Summary:
    """Draft, review (endorsements and one objection) and adopt a summary of a closed item."""
    facilitator = users["facilitator@example.org"]
    item.status = "closed"  # the demo agenda created it in its final status; the services move it on
    db.session.flush()
    summary, _ = summaries.save(item, summary=None, lock_version=0, sections=sections,
                                recommendations=recommendations, language=language, actor=facilitator)
    summaries.put_to_review(summary, deadline=(utcnow() + timedelta(days=7)).date(), actor=facilitator)
    for email in ("member@example.org", "aicha@example.org", "grace@example.org", "karim@example.org",
                  "chen@example.org", "pedro@example.org"):
        summaries.set_stance(summary, actor=users[email], value="endorse")
    summaries.set_stance(summary, actor=users["hassan@example.org"], value="object",
                         reason="Il manque la voix des familles d'éleveurs venues d'autres régions.")
    summaries.adopt(summary, lock_version=summary.lock_version, actor=facilitator)
    return summary
