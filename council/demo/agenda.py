"""The first council's agenda: an item in every status, each proposed by a member and triaged by
the facilitator through the agenda services. Items that will be summarised and forwarded are
closed here; the summaries and forwarding steps move them on.

The services date everything "now"; the agenda has a history of weeks, so the dates of the items
and of their recorded steps are set afterwards, in the order the steps happened."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from council.agendas import services as agendas
from council.agendas.models import AgendaEvent, AgendaItem
from council.demo.base import Demo
from council.extensions import db

WATER_TITLE = "Access to water points during the dry season"

# title, language, theme, place, the status it ends in (after the summaries and forwarding steps),
# description, decline reason
ITEMS = [
    (WATER_TITLE, "en", "land", "Kora and Tessit districts", "open",
     "Since the rains failed, herders and farmers meet at the same three water points. There were "
     "two fights at the **Tessit borehole** last month. How can access be shared fairly, and who "
     "should keep the schedule?", ""),
    ("Sécurité de la route du marché de Dalma", "fr", "security", "Route Dalma–Kora", "proposed",
     "Des femmes qui vont au marché le jeudi disent avoir été arrêtées à des barrages non "
     "officiels. Nous proposons d'en discuter avec la police régionale.", ""),
    ("Return of displaced families to Kora village", "en", "displacement", "Kora", "closed",
     "About 140 families wish to return before the planting season. Land has been occupied in "
     "their absence. What conditions make a safe return possible?", ""),
    ("ممرات الرعي بين المرتفعات والسهل", "ar", "land", "الممر الشمالي", "summarised",
     "اتفاق عام 2019 حول ممرات الرعي لم يعد يُحترم. نقترح مراجعة الخريطة مع زعماء القرى والرعاة.", ""),
    ("Empleo juvenil en las minas de Tessit", "es", "youth", "Tessit", "forwarded",
     "Muchos jóvenes trabajan en las minas sin contrato ni protección. Proponemos pedir a la "
     "comisión nacional un programa de formación y empleo local.", ""),
    ("Renaming the district", "en", "governance", "Northern Highlands", "declined",
     "Some elders ask that the district take back its old name.",
     "This is decided by the national parliament, not by the council; we will pass the request to the "
     "members of parliament of the region."),
]

# Who proposed each item, in the order of ITEMS.
PROPOSERS = ["member@example.org", "aicha@example.org", "grace@example.org", "ibrahim@example.org",
             "pedro@example.org", "hassan@example.org"]

# The thread of the open item starts this many days ago; the other items are older.
THREAD_DAYS = 12
# The open item's deliberation ends this many days from now.
OPEN_FOR_DAYS = 9


def load(demo: Demo) -> None:
    """Make the agenda of the first council unless it has one."""
    council = demo.first
    if council is None or db.session.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.council_id == council.id)
    ):
        return
    facilitator = demo.user("facilitator@example.org")
    for n, (title, language, theme, place, status, description, reason) in enumerate(ITEMS):
        item, _ = agendas.propose(council, title=title, description=description, theme=theme, place=place,
                                  language=language, actor=demo.user(PROPOSERS[n]))
        if status == "declined":
            agendas.decline(item, reason=reason, actor=facilitator)
        elif status == "open":
            agendas.accept(item, deadline=(demo.now + timedelta(days=OPEN_FOR_DAYS)).date(), actor=facilitator)
        elif status != "proposed":  # closed, and later summarised or forwarded
            agendas.accept(item, actor=facilitator)
            agendas.close(item, actor=facilitator)
        # The open item was accepted the day its thread began; the others earlier, in turn.
        _date(item, proposed=demo.days_ago(THREAD_DAYS + 2) if status == "open" else demo.days_ago(THREAD_DAYS + 30 - n))
        demo.created["agenda items"] += 1


def _date(item: AgendaItem, *, proposed) -> None:
    """Spread the item's recorded steps over the weeks before today: proposed on `proposed`,
    triaged two days later, closed two weeks after it opened."""
    db.session.flush()
    when = {"proposed": proposed, "accepted": proposed + timedelta(days=2), "declined": proposed + timedelta(days=2),
            "closed": proposed + timedelta(days=16)}
    item.created_at = proposed
    if item.opened_at is not None:
        item.opened_at = when["accepted"]
    if item.closed_at is not None:
        item.closed_at = when["closed"]
    for event in db.session.scalars(select(AgendaEvent).where(AgendaEvent.item_id == item.id)):
        event.created_at = when[event.action]
    db.session.flush()
