"""Demo data for monitoring: a fictional peace agreement of twenty provisions for Meridia, assessed
over two quarters by the three demo councils through the services (draft, review by a second person,
publication), with a regression, a contested cell with a minority view, and a cell where women's and
men's ratings differ. Idempotent: nothing is done when the agreement exists."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from council.auth.models import User
from council.councils import setup
from council.councils.models import Council
from council.demo.base import Demo
from council.extensions import db
from council.monitoring import services
from council.monitoring.models import AgreementText
from council.permissions import forget_memberships

SHORT_NAME = "Meridia Accord"
PERIODS = (("2026-Q2", date(2026, 4, 1)), ("2026-Q3", date(2026, 7, 1)))

# reference, category, gender stipulation, regions (indexes of the demo councils; None: everywhere),
# English title, French title
PROVISIONS = [
    ("1.1", "ceasefire", False, None, "Cessation of hostilities in all districts", "Cessation des hostilités dans tous les districts"),
    ("1.2", "ceasefire", False, None, "Joint ceasefire monitoring committees", "Comités mixtes de suivi du cessez-le-feu"),
    ("1.3", "ceasefire", True, None, "Women in every ceasefire committee", "Des femmes dans chaque comité de cessez-le-feu"),
    ("2.1", "ddr", False, None, "Cantonment of combatants", "Cantonnement des combattants"),
    ("2.2", "ddr", True, None, "Reintegration support for women ex-combatants", "Appui à la réintégration des ex-combattantes"),
    ("3.1", "security_sector_reform", False, None, "Community policing units", "Unités de police de proximité"),
    ("4.1", "power_sharing", False, None, "Regional assemblies with guaranteed seats", "Assemblées régionales à sièges garantis"),
    ("4.2", "elections", True, None, "Thirty per cent women candidates", "Trente pour cent de candidates"),
    ("5.1", "decentralisation", False, None, "Transfer of budgets to districts", "Transfert des budgets aux districts"),
    ("6.1", "land_and_resources", False, (0, 2), "Land commissions for disputed plots", "Commissions foncières pour les parcelles disputées"),
    ("6.2", "land_and_resources", True, (0, 2), "Joint land titles for women", "Titres fonciers conjoints pour les femmes"),
    ("6.3", "land_and_resources", False, (1,), "Shared management of fishing grounds", "Gestion partagée des zones de pêche"),
    ("7.1", "refugees_and_displaced", False, None, "Safe and voluntary return of displaced families", "Retour sûr et volontaire des familles déplacées"),
    ("7.2", "refugees_and_displaced", True, None, "Protection of displaced women and girls", "Protection des femmes et filles déplacées"),
    ("8.1", "human_rights", False, None, "Release of political detainees", "Libération des détenus politiques"),
    ("9.1", "transitional_justice", False, None, "Truth commission hearings in each region", "Audiences de la commission vérité dans chaque région"),
    ("9.2", "reparations", True, None, "Reparations for survivors of sexual violence", "Réparations pour les survivantes de violences sexuelles"),
    ("10.1", "economic_social_development", False, None, "Reopening of rural schools and clinics", "Réouverture des écoles et dispensaires ruraux"),
    ("10.2", "women_rights_participation", True, None, "Women's mediation networks funded", "Financement des réseaux de médiatrices"),
    ("11.1", "verification", False, None, "Third-party verification reports", "Rapports de vérification par un tiers"),
]

# (council index, author, reviewer, publisher) by e-mail; extra members the demo needs in councils 2 and 3
TEAMS = [
    ("member@example.org", "aicha@example.org", "facilitator@example.org"),
    ("other@example.org", "moussa@example.org", "hassan@example.org"),
    ("daniel@example.org", "grace@example.org", "pedro@example.org"),
]
EXTRA_ROLES = [(1, "moussa@example.org", "member"), (1, "hassan@example.org", "facilitator"),
               (2, "daniel@example.org", "member"), (2, "grace@example.org", "member"),
               (2, "pedro@example.org", "facilitator")]


def _rating(i: int, council: int, period: int) -> str:
    base = (i * 5 + council * 3) % 3  # 0, 1 or 2 in the first quarter
    return str(min(3, base + (1 if period and (i + council) % 2 == 0 else 0)))


def load(demo: Demo) -> None:
    """The demo step: the agreement, assessed by the demo councils over two periods."""
    if demo.councils:
        demo.created["provisions assessed"] += _load(demo.councils, demo.users)


def _load(councils: list[Council], users: dict[str, User]) -> int:
    """Create the agreement and its assessments when missing; returns how many assessments were made."""
    if db.session.scalar(select(AgreementText.id).where(AgreementText.short_name == SHORT_NAME)) is not None:
        return 0
    if len(councils) < 3:
        return 0
    admin = users["admin@example.org"]
    for index, email, role in EXTRA_ROLES:
        setup.set_council_role(councils[index], users[email], role, actor=admin)
    forget_memberships()
    services.seed_categories()
    agreement = services.create_agreement(
        country_id=councils[0].region.country_id, actor=admin, stage="implementation", signed_on=date(2025, 11, 8),
        parties="Government of Meridia; Meridian Liberation Front", third_parties="Regional Union (guarantor)",
        text_url="https://example.org/meridia-accord", text_languages=["en", "fr"],
        texts={"en": {"title": "Meridia Accord for a Lasting Peace", "short_name": SHORT_NAME},
               "fr": {"title": "Accord de Méridia pour une paix durable", "short_name": "Accord de Méridia"}})
    provisions = []
    for reference, category, gender, regions, en, fr in PROVISIONS:
        region_ids = [councils[i].region_id for i in regions] if regions else []
        provisions.append(services.save_provision(
            agreement, None, texts={"en": {"title": en, "excerpt": ""}, "fr": {"title": fr, "excerpt": ""}},
            category_id=services.category_by_key(category).id, region_ids=region_ids, actor=admin,
            reference=reference, responsible_actors="Government; Front", gender_stipulation=gender,
            deadline=date(2026, 6, 30) if reference.startswith(("1.", "2.")) else None))
    made = 0
    for c, council in enumerate(councils):
        author, reviewer, publisher = (users[e] for e in TEAMS[c])
        for period_index, period in enumerate(PERIODS):
            for i, provision in enumerate(provisions):
                if not provision.applies_to(council.region_id):
                    continue
                values = _values(i, c, period_index, provision.reference)
                a = services.draft_assessment(council, provision, period=period, actor=author, **values)
                made += 1
                if c == 0 and period_index == 1 and i >= 17:  # left for the demo council to review
                    continue
                if c == 0 and period_index == 1 and provision.reference == "1.2":
                    services.add_evidence(a, council, actor=author, kind="site_visit", occurred_on=date(2026, 8, 12),
                                          summary="Two of five committee posts were empty during the visit.",
                                          source_scale="local")
                services.review(a, actor=reviewer)
                if c == 1 and period_index == 1 and provision.reference == "7.1":
                    services.add_minority_view(a, actor=reviewer, rating="1",
                                               reasons="Families who returned to the coast were displaced again in August.")
                services.publish(a, actor=publisher)
    return made


def _values(i: int, c: int, period: int, reference: str) -> dict:
    rating = _rating(i, c, period)
    values = {"rating": rating, "confidence": ("low", "medium", "high")[(i + c) % 3],
              "rationale": f"Assessment of provision {reference} by the council, based on members' reports.",
              "gender_analysis": ""}
    if c == 0 and reference == "1.2":  # a regression: committees stopped meeting
        values.update(rating="2" if period == 0 else "1",
                      rationale="The committees met monthly in the spring; since July most have stopped meeting.")
    if c == 1 and reference == "7.1" and period == 1:  # contested: the minority sees far less
        values.update(rating="3", rationale="Most displaced families have returned to their villages.")
    if c == 2 and reference == "6.2":  # women and men members see it differently
        values.update(rating="1", women_rating=0, men_rating=2,
                      gender_analysis="Women members report that no joint title has been issued in their villages.")
    return values
