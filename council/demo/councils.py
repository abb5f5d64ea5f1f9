"""The Republic of Meridia: three regions, each with an advisory council whose name and mandate
are given in English, French and Arabic (working languages en, fr, ar):

1. Northern Highlands Advisory Council (land and water, return of displaced families)
2. Coastal Plain Advisory Council (implementation of the peace agreement)
3. Eastern Valley Advisory Council (relations between communities, reconciliation)

The administrator sets them up and names the first council's facilitator and observer; the members
apply and are approved (by the facilitator in the first council, by the administrator in the
second); one application to the first council waits for the facilitator.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from council.councils import services as memberships
from council.councils import setup
from council.councils.models import CompositionSnapshot, Council, Membership, Region
from council.demo.base import Demo
from council.demo.people import ACCOUNTS
from council.extensions import db

COUNTRY_CODE = "MRD"

COUNTRY_NAMES = {
    "en": "Republic of Meridia",
    "fr": "République de Méridia",
    "es": "República de Meridia",
    "ar": "جمهورية ميريديا",
    "ru": "Республика Меридия",
    "zh": "梅里迪亚共和国",
}

REGIONS = [
    {
        "en": "Northern Highlands",
        "fr": "Hauts Plateaux du Nord",
        "es": "Altiplanos del Norte",
        "ar": "المرتفعات الشمالية",
        "ru": "Северное нагорье",
        "zh": "北部高地",
    },
    {
        "en": "Coastal Plain",
        "fr": "Plaine côtière",
        "es": "Llanura Costera",
        "ar": "السهل الساحلي",
        "ru": "Прибрежная равнина",
        "zh": "沿海平原",
    },
    {
        "en": "Eastern Valley",
        "fr": "Vallée orientale",
        "es": "Valle Oriental",
        "ar": "الوادي الشرقي",
        "ru": "Восточная долина",
        "zh": "东部河谷",
    },
]

COUNCILS: list[dict[str, Any]] = [
    {
        "allow_anonymous": True,
        "women_target_percent": 50,
        "texts": {
            "en": (
                "Northern Highlands Advisory Council",
                "The council brings together women and men from the highland districts — farmers and herders, "
                "young people, elders, traditional and religious leaders, and civil-society organisations — to "
                "discuss the tensions over land and water that have grown since displaced families began to "
                "return. It gathers early warning of local disputes, proposes peaceful ways to resolve them, and "
                "forwards its advice to the national dialogue and to the office of the UN Resident Coordinator.",
            ),
            "fr": (
                "Conseil consultatif des Hauts Plateaux du Nord",
                "Le conseil réunit des femmes et des hommes des districts des hauts plateaux — agriculteurs et "
                "éleveurs, jeunes, aînés, autorités traditionnelles et religieuses, organisations de la société "
                "civile — pour examiner les tensions autour de la terre et de l’eau apparues depuis le retour des "
                "familles déplacées. Il recueille les signes précoces de conflits locaux, propose des moyens "
                "pacifiques de les régler et transmet ses avis au dialogue national ainsi qu’au bureau du "
                "Coordonnateur résident des Nations Unies.",
            ),
            "ar": (
                "المجلس الاستشاري للمرتفعات الشمالية",
                "يجمع المجلس نساءً ورجالاً من مناطق المرتفعات، من مزارعين ورعاة وشباب وكبار السن وقيادات تقليدية "
                "ودينية ومنظمات المجتمع المدني، للتداول في التوترات المتعلقة بالأرض والمياه التي تصاعدت منذ بدء "
                "عودة الأسر النازحة. ويرصد المجلس مؤشرات الإنذار المبكر بالنزاعات المحلية، ويقترح سبلاً سلمية "
                "لحلّها، ويرفع توصياته إلى الحوار الوطني وإلى مكتب المنسق المقيم للأمم المتحدة.",
            ),
        },
    },
    {
        "allow_anonymous": False,
        "women_target_percent": 50,
        "texts": {
            "en": (
                "Coastal Plain Advisory Council",
                "The council gives fishing communities, port workers, traders, young people and women’s "
                "associations of the coast a regular place to discuss how the peace agreement is being "
                "implemented in their region, in particular the reintegration of former combatants and fair "
                "access to jobs in the port. It follows progress, raises concerns early, and forwards its "
                "assessments to the implementation commission.",
            ),
            "fr": (
                "Conseil consultatif de la Plaine côtière",
                "Le conseil offre aux communautés de pêcheurs, aux travailleurs du port, aux commerçants, aux "
                "jeunes et aux associations de femmes du littoral un lieu régulier pour examiner la mise en œuvre "
                "de l’accord de paix dans leur région, en particulier la réintégration des anciens combattants et "
                "l’accès équitable aux emplois du port. Il suit les progrès, signale tôt les préoccupations et "
                "transmet ses évaluations à la commission de mise en œuvre.",
            ),
            "ar": (
                "المجلس الاستشاري للسهل الساحلي",
                "يتيح المجلس لمجتمعات الصيادين وعمّال الميناء والتجار والشباب والجمعيات النسائية في المنطقة "
                "الساحلية منبراً منتظماً لمناقشة تنفيذ اتفاق السلام في منطقتهم، ولا سيما إعادة إدماج المقاتلين "
                "السابقين والوصول العادل إلى فرص العمل في الميناء. ويتابع المجلس التقدّم المحرز، وينبّه مبكراً إلى "
                "مواطن القلق، ويرفع تقييماته إلى لجنة تنفيذ الاتفاق.",
            ),
        },
    },
    {
        "allow_anonymous": False,
        "women_target_percent": 50,
        "texts": {
            "en": (
                "Eastern Valley Advisory Council",
                "The council connects the communities of the eastern valley — including minority communities and "
                "people displaced by the conflict and by recent floods — with the national dialogue. It "
                "discusses relations between communities, the safe return of displaced families and the fair "
                "sharing of public services, and proposes local strategies for reconciliation.",
            ),
            "fr": (
                "Conseil consultatif de la Vallée orientale",
                "Le conseil relie au dialogue national les communautés de la vallée orientale, y compris les "
                "communautés minoritaires et les personnes déplacées par le conflit et par les récentes "
                "inondations. Il débat des relations entre communautés, du retour en sécurité des familles "
                "déplacées et du partage équitable des services publics, et propose des stratégies locales de "
                "réconciliation.",
            ),
            "ar": (
                "المجلس الاستشاري للوادي الشرقي",
                "يربط المجلس مجتمعات الوادي الشرقي بالحوار الوطني، بما فيها مجتمعات الأقليات والأشخاص الذين "
                "نزحوا بسبب النزاع والفيضانات الأخيرة. ويتداول المجلس في العلاقات بين المجتمعات المحلية، وفي "
                "العودة الآمنة للأسر النازحة، وفي التوزيع العادل للخدمات العامة، ويقترح استراتيجيات محلية "
                "للمصالحة.",
            ),
        },
    },
]

WORKING_LANGUAGES = ["en", "fr", "ar"]

FURTHER_MEMBERS = [row[0] for row in ACCOUNTS[7:]]

APPLICANT_STATEMENT = (
    "I coordinate a network of youth volunteers in the market towns of the highlands. I would like to "
    "bring their concerns about jobs, land and the return of displaced families to the council."
)

# What a member writes when applying, by the group they represent.
STATEMENTS = {
    "women": "I speak for the women's groups of my village, who fetch the water and farm the small fields.",
    "youth": "I belong to a youth association of the district; young people want a say in how disputes are settled.",
    "elders": "The elders of my village asked me to bring their experience of the old agreements to the council.",
    "religious": "I serve as imam in the market town and want to help the communities talk to each other.",
    "civil_society": "I work for a civil-society organisation that supports returning families.",
}


def find(demo: Demo) -> None:
    """The three demo councils, found through the country code (none if it does not exist)."""
    country = setup.country_by_code(COUNTRY_CODE)
    if country is None:
        demo.councils = []
        return
    regions = db.session.scalars(select(Region).where(Region.country_id == country.id).order_by(Region.id))
    demo.councils = [region.councils[0] for region in regions if region.councils]


def load(demo: Demo) -> None:
    find(demo)
    if not demo.councils:
        _create(demo)
    _memberships(demo)


def _create(demo: Demo) -> None:
    admin = demo.user("admin@example.org")
    country = setup.create_country(code=COUNTRY_CODE, names=COUNTRY_NAMES, actor=admin)
    for names, spec in zip(REGIONS, COUNCILS):
        region = setup.create_region(country, names=names, actor=admin)
        demo.councils.append(
            setup.create_council(
                region=region, texts=spec["texts"], working_languages=WORKING_LANGUAGES,
                allow_anonymous=spec["allow_anonymous"], women_target_percent=spec["women_target_percent"],
                actor=admin,
            )
        )
    demo.created["councils"] += len(demo.councils)


def _memberships(demo: Demo) -> None:
    if len(demo.councils) < 2:
        return
    first, second = demo.councils[0], demo.councils[1]
    admin, facilitator = demo.user("admin@example.org"), demo.user("facilitator@example.org")
    existing = {
        (m.council_id, m.user_id)
        for m in db.session.scalars(
            select(Membership).where(Membership.council_id.in_([first.id, second.id]))
        )
    }

    def missing(council: Council, email: str) -> bool:
        return (council.id, demo.user(email).id) not in existing

    for email, role in (("facilitator@example.org", "facilitator"), ("observer@example.org", "observer")):
        if missing(first, email):
            setup.set_council_role(first, demo.user(email), role, actor=admin)
            demo.created["memberships"] += 1
    for email in ("member@example.org", *FURTHER_MEMBERS):
        if missing(first, email):
            _apply(first, demo.user(email), approved_by=facilitator)
            demo.created["memberships"] += 1
    if missing(first, "applicant@example.org"):
        applicant = demo.user("applicant@example.org")
        memberships.apply(first, statement=APPLICANT_STATEMENT, constituency=applicant.constituency, actor=applicant)
        demo.created["memberships"] += 1
    if missing(second, "other@example.org"):
        _apply(second, demo.user("other@example.org"), approved_by=admin)
        demo.created["memberships"] += 1
    if demo.created["memberships"]:
        # The demo's members joined before this month began: its public figures show them already.
        db.session.flush()
        db.session.execute(delete(CompositionSnapshot).where(CompositionSnapshot.council_id.in_([first.id, second.id])))


def _apply(council: Council, user, *, approved_by) -> None:
    """`user` applies to `council` and `approved_by` approves the application."""
    membership = memberships.apply(council, statement=STATEMENTS[user.constituency],
                                   constituency=user.constituency, actor=user)
    memberships.decide(membership, approve=True, message="", actor=approved_by)
