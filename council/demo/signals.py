"""Demo early-warning signals for the first council: a dozen across kinds, severities, sectors,
statuses and confidentiality levels, one escalated and answered, one overdue, one by SMS.
Made through the services, as people would; idempotent (nothing is made if the council has signals)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from council.auth.models import User
from council.councils.models import Council
from council.demo.base import Demo
from council.extensions import db, utcnow
from council.forwarding.models import Destination, OfficeAssignment
from council.signals import services
from council.signals.models import Signal

# title, language, kind, sector, severity, confidentiality, days ago, area, place, final status, extra fields
SIGNALS = [
    ("Hombres armados en el pozo de Wadi Sirr", "es", "incident", "security", 4, "council", 2, "Este", "Wadi Sirr",
     "answered", {"event_type": "violence_civilians", "sub_event_type": "attack", "actor1_type": "4",
                  "actor2_type": "7", "gender_dimensions": ["targets_women"], "trend": "escalating",
                  "latitude": 12.34567, "longitude": 21.98765,
                  "impacts": [{"category": "injured", "sex": "female", "age_band": "adult", "count": 2}]}),
    ("اشتباك بين رعاة ومزارعين قرب السوق", "ar", "incident", "security", 4, "facilitators_office", 4, "الشمال",
     "السوق القديم", "overdue", {"event_type": "battles", "sub_event_type": "armed_clash", "actor1_type": "4",
                                  "actor2_type": "4", "trend": "escalating",
                                  "impacts": [{"category": "killed", "sex": "male", "age_band": "adult", "count": 3,
                                               "estimate": True}]}),
    ("Hausse brutale du prix du mil", "fr", "situation", "economy", 2, "council", 9, "Centre", "Marché central",
     "verified", {"indicators": {"price_rise": "worsening"}, "trend": "escalating"}),
    ("Women's peace committee mediates land dispute", "en", "peace", "social", 0, "council", 12, "West", "Kibo",
     "information_only", {"gender_dimensions": ["womens_peace_action"],
                          "indicators": {"women_peace_messengers": "improving"}, "trend": "de_escalating"}),
    ("Rumour of militia recruitment at the school", "en", "rumour", "security", 2, "council", 1, "East", "Tala",
     "new", {"indicators": {"youth_recruitment": "worsening"}, "gender_dimensions": ["targets_men"]}),
    ("Protesta pacífica por el agua", "es", "incident", "governance", 1, "council", 15, "Centro", "Plaza mayor",
     "verified", {"event_type": "protests", "sub_event_type": "peaceful_protest", "actor1_type": "6"}),
    ("Restrictions on women travelling to market", "en", "situation", "social", 3, "facilitators_office", 6,
     "North", "Garissa road", "in_review", {"gender_dimensions": ["restricts_women"],
                                            "indicators": {"women_movement": "worsening"}}),
    ("Nom d'un témoin menacé", "fr", "incident", "security", 3, "office_only", 3, "Sud", "Koro", "new",
     {"sources": [{"description": "Témoin direct", "scale": "local", "reliability": "A", "seen_themselves": True}]}),
    ("Flood destroys grazing land", "en", "situation", "environment", 2, "council", 20, "River valley", "Lower Ford",
     "verified", {"indicators": {"land_dispute": "worsening"}, "date_precision": "week"}),
    ("Rumeur d'attaque du poste de police", "fr", "rumour", "security", 1, "council", 8, "Sud", "Koro", "false",
     {}),
    ("Joint market day reopens", "en", "peace", "economy", 0, "council", 5, "West", "Kibo", "verified",
     {"indicators": {"joint_market": "improving"}, "trend": "de_escalating"}),
    ("Hate speech on community radio", "en", "incident", "governance", 2, "council", 10, "Centre", "", "disputed",
     {"indicators": {"hate_speech": "worsening"}, "gender_dimensions": ["gendered_rhetoric"]}),
]


def load(demo: Demo) -> None:
    """The demo step: the first council's signals (after forwarding, which makes the destinations)."""
    if demo.first is not None:
        demo.created["signals"] += _load(demo.first, demo.users)


def _load(council: Council, users: dict[str, User]) -> int:
    """Create the demo signals unless the council has some; returns how many were made."""
    if db.session.scalar(select(Signal.id).where(Signal.council_id == council.id).limit(1)) is not None:
        return 0
    member, facilitator = users["member@example.org"], users["facilitator@example.org"]
    office = users["office@example.org"]
    destination = db.session.scalar(select(Destination).join(OfficeAssignment).where(
        OfficeAssignment.user_id == office.id).order_by(Destination.id)) or db.session.scalar(
        select(Destination).order_by(Destination.id))
    made = 0
    for title, language, kind, sector, severity, level, days, area, place, final, extra in SIGNALS:
        fields = {"sources": [{"description": "Market traders", "scale": "local", "reliability": "C"}], **extra}
        signal = services.raise_signal(
            council, actor=member, title=title, language=language, kind=kind, sector=sector, severity=severity,
            confidentiality=level, event_date=(utcnow() - timedelta(days=days)).date(), area=area, place=place,
            narrative=f"{title}.", **fields)
        made += 1
        if final == "new":
            continue
        services.take_for_review(signal, actor=facilitator)
        if final == "in_review":
            continue
        status = "verified" if final in ("answered", "overdue") else final
        services.decide(signal, outcome=status, note="Checked with two sources." if status != "verified" else "",
                        actor=facilitator)
        if final in ("answered", "overdue") and destination is not None:
            when = utcnow() - timedelta(days=3 if final == "overdue" else 1)
            escalation = services.escalate(signal, destination=destination, requested_action="dialogue",
                                           actor=facilitator, now=when)
            if final == "answered":
                services.acknowledge(escalation, actor=office)
                services.respond(escalation, status="completed", reason="Mediation held with elders.", actor=office)
                services.record_outcome(escalation, outcome="de_escalated", actor=office)
    services.raise_signal(council, actor=None, channel="sms", title="SMS: cattle stolen at night near Tala",
                          narrative="cattle stolen at night near Tala", severity=2, sector="security", area="East",
                          language="en")
    return made + 1
