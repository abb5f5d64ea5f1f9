"""Two summaries of closed items of the first council, each drafted by the facilitator, put to
review, endorsed by six members and objected to by one, and adopted — through the summaries
services, which compute the counts and participation figures and mark the items "summarised"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.demo.base import Demo
from council.extensions import db
from council.summaries import services as summaries
from council.summaries.models import Summary

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

ENDORSERS = ["member@example.org", "aicha@example.org", "grace@example.org", "karim@example.org",
             "chen@example.org", "pedro@example.org"]
OBJECTOR = ("hassan@example.org", "Il manque la voix des familles d'éleveurs venues d'autres régions.")

# title, language of record, sections, recommendations
SUMMARIES = [
    (GRAZING_TITLE, "ar", GRAZING_SECTIONS, GRAZING_RECOMMENDATIONS),
    (YOUTH_TITLE, "es", YOUTH_SECTIONS, YOUTH_RECOMMENDATIONS),
]


def items(demo: Demo) -> dict[str, AgendaItem]:
    """The first council's items, by title."""
    if demo.first is None:
        return {}
    return {i.title: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.council_id == demo.first.id))}


def summary_of(item: AgendaItem) -> Summary | None:
    return db.session.scalar(select(Summary).where(Summary.item_id == item.id))


def load(demo: Demo) -> None:
    """Adopt a summary of each item of SUMMARIES that has none."""
    found = items(demo)
    for title, language, sections, recommendations in SUMMARIES:
        item = found.get(title)
        if item is not None and item.status == "closed" and summary_of(item) is None:
            _adopt(demo, item, language, sections, recommendations)
            demo.created["summaries"] += 1


def _adopt(demo: Demo, item: AgendaItem, language: str, sections, recommendations) -> Summary:
    """Draft, review (endorsements and one objection) and adopt a summary of a closed item."""
    facilitator = demo.user("facilitator@example.org")
    summary, _ = summaries.save(item, summary=None, lock_version=0, sections=sections,
                                recommendations=recommendations, language=language, actor=facilitator)
    summaries.put_to_review(summary, deadline=(demo.now + timedelta(days=7)).date(), actor=facilitator)
    for email in ENDORSERS:
        summaries.set_stance(summary, actor=demo.user(email), value="endorse")
    email, reason = OBJECTOR
    summaries.set_stance(summary, actor=demo.user(email), value="object", reason=reason)
    summaries.adopt(summary, lock_version=summary.lock_version, actor=facilitator)
    return summary
