"""Demo data: a fictional country, three regional councils and accounts to try every role.

`flask council demo` (and `make run`) loads it. Loading twice changes nothing: the country is
recognised by its code (MRD), accounts by their e-mail address, memberships by council and account.

The Republic of Meridia has three regions, each with an advisory council whose name and mandate
are given in English, French and Arabic (working languages en, fr, ar):

1. Northern Highlands Advisory Council (land and water, return of displaced families)
2. Coastal Plain Advisory Council (implementation of the peace agreement)
3. Eastern Valley Advisory Council (relations between communities, reconciliation)

Accounts — all active, all with the password ``kettle-orchard-2026``:

========================== ============================================== ======
e-mail                     role                                           locale
========================== ============================================== ======
admin@example.org          site administrator                             en
office@example.org         office reader (RC/SRSG office)                 fr
facilitator@example.org    facilitator of the first council               ar
member@example.org         member of the first council                    es
observer@example.org       observer of the first council                  ru
applicant@example.org      pending application to the first council       zh
other@example.org          member of the second council                   fr
aicha@example.org …        twelve further members of the first council    mixed
========================== ============================================== ======

The twelve further members (aicha, fatima, grace, mariam, chen, olga, ibrahim, moussa, daniel,
karim, pedro, hassan @example.org) are women and men from several groups, so that the first
council's composition figures (shown only where at least five people stand behind them) appear.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from council import demo_agenda, demo_monitoring, demo_summaries
from council.audit import services as audit
from council.auth import passwords
from council.auth.models import User
from council.councils import setup
from council.councils.models import Council, Membership, Region
from council.extensions import db, utcnow

PASSWORD = "kettle-orchard-2026"
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

# email, display name, locale, time zone, gender, group, site role
ACCOUNTS: list[tuple[str, str, str, str | None, str | None, str | None, str | None]] = [
    ("admin@example.org", "Nadia K.", "en", "Europe/London", "woman", None, "admin"),
    ("office@example.org", "Léa M.", "fr", "Europe/Paris", "woman", None, "office"),
    ("facilitator@example.org", "Samira H.", "ar", "Africa/Cairo", "woman", "women", None),
    ("member@example.org", "Tomás R.", "es", "America/Bogota", "man", "youth", None),
    ("observer@example.org", "Irina V.", "ru", "Europe/Moscow", "woman", None, None),
    ("applicant@example.org", "Li Wei", "zh", "Asia/Shanghai", "man", "youth", None),
    ("other@example.org", "Youssef B.", "fr", "Africa/Casablanca", "man", "civil_society", None),
    ("aicha@example.org", "Aïcha D.", "fr", "Africa/Dakar", "woman", "women", None),
    ("fatima@example.org", "Fatima Z.", "ar", "Africa/Cairo", "woman", "women", None),
    ("grace@example.org", "Grace O.", "en", "Africa/Nairobi", "woman", "youth", None),
    ("mariam@example.org", "Mariam S.", "ar", "Asia/Amman", "woman", "youth", None),
    ("chen@example.org", "Chen Jing", "zh", "Asia/Shanghai", "woman", "women", None),
    ("olga@example.org", "Olga P.", "ru", "Europe/Moscow", "woman", "women", None),
    ("ibrahim@example.org", "Ibrahim T.", "ar", "Africa/Khartoum", "man", "elders", None),
    ("moussa@example.org", "Moussa K.", "fr", "Africa/Bamako", "man", "youth", None),
    ("daniel@example.org", "Daniel E.", "en", "Africa/Lagos", "man", "youth", None),
    ("karim@example.org", "Karim A.", "ar", "Asia/Beirut", "man", "religious", None),
    ("pedro@example.org", "Pedro G.", "es", "America/Lima", "man", "civil_society", None),
    ("hassan@example.org", "Hassan M.", "fr", "Africa/Tunis", "man", "elders", None),
]

ACCOUNT_EMAILS = [row[0] for row in ACCOUNTS]

FURTHER_MEMBERS = [row[0] for row in ACCOUNTS[7:]]

APPLICANT_STATEMENT = (
    "I coordinate a network of youth volunteers in the market towns of the highlands. I would like to "
    "bring their concerns about jobs, land and the return of displaced families to the council."
)


def _accounts() -> tuple[dict[str, User], int]:
    """Every demo account by e-mail, creating the missing ones (the password is hashed once)."""
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(ACCOUNT_EMAILS)))}
    missing = [row for row in ACCOUNTS if row[0] not in users]
    if missing:
        password_hash = passwords.hash_password(PASSWORD)
        now = utcnow()
        for email, name, locale, tz, gender, group, site_role in missing:
            user = User(
                email=email, password_hash=password_hash, display_name=name, locale=locale, timezone=tz,
                read_languages=list(dict.fromkeys([locale, "en"])), gender=gender, constituency=group,
                status="active", site_role=site_role, confirmed_at=now,
            )
            db.session.add(user)
            users[email] = user
        db.session.flush()
    return users, len(missing)


def _councils(admin: User) -> tuple[list[Council], int]:
    """The three demo councils: found through the country code, or created with their country."""
    country = setup.country_by_code(COUNTRY_CODE)
    if country is not None:
        regions = db.session.scalars(select(Region).where(Region.country_id == country.id).order_by(Region.id))
        councils = [region.councils[0] for region in regions if region.councils]
        return councils, 0
    country = setup.create_country(code=COUNTRY_CODE, names=COUNTRY_NAMES, actor=admin)
    councils = []
    for names, spec in zip(REGIONS, COUNCILS):
        region = setup.create_region(country, names=names, actor=admin)
        councils.append(
            setup.create_council(
                region=region, texts=spec["texts"], working_languages=WORKING_LANGUAGES,
                allow_anonymous=spec["allow_anonymous"], women_target_percent=spec["women_target_percent"],
                actor=admin,
            )
        )
    return councils, len(councils)


def _memberships(councils: list[Council], users: dict[str, User]) -> int:
    admin, facilitator = users["admin@example.org"], users["facilitator@example.org"]
    existing = {
        (m.council_id, m.user_id)
        for m in db.session.scalars(
            select(Membership).where(Membership.user_id.in_([u.id for u in users.values()]))
        )
    }
    created = 0

    def missing(council: Council, email: str) -> bool:
        return (council.id, users[email].id) not in existing

    first = councils[0] if councils else None
    second = councils[1] if len(councils) > 1 else None
    if first is not None:
        for email, role in (("facilitator@example.org", "facilitator"), ("observer@example.org", "observer")):
            if missing(first, email):
                setup.set_council_role(first, users[email], role, actor=admin)
                created += 1
        for email in ("member@example.org", *FURTHER_MEMBERS):
            if missing(first, email):
                _approved_member(first, users[email], facilitator)
                created += 1
        if missing(first, "applicant@example.org"):
            applicant = users["applicant@example.org"]
            m = Membership(council=first, user=applicant, role="member", status="applied",
                           constituency=applicant.constituency, statement=APPLICANT_STATEMENT)
            db.session.add(m)
            db.session.flush()
            audit.record(applicant, "membership.apply", m, council_id=first.id, after={"status": "applied"})
            created += 1
    if second is not None and missing(second, "other@example.org"):
        _approved_member(second, users["other@example.org"], admin)
        created += 1
    return created


def _approved_member(council: Council, user: User, decided_by: User) -> None:
    m = Membership(
        council=council, user=user, role="member", status="active", constituency=user.constituency,
        statement="", decided_by_id=decided_by.id, decided_at=utcnow(),
    )
    db.session.add(m)
    db.session.flush()
    audit.record(decided_by, "membership.approve", m, council_id=council.id,
                 before={"status": "applied"}, after={"status": "active"})


def load() -> dict[str, int]:
    """Load what is missing of the demo data; returns how many things of each kind were created.
    Flushes, never commits (the CLI command does)."""
    users, new_accounts = _accounts()
    councils, new_councils = _councils(users["admin@example.org"])
    new_memberships = _memberships(councils, users)
    new_posts = demo_agenda.load(councils[0], users) if councils else 0
    new_summaries = demo_summaries.load(councils[0], users) if councils else 0
    new_assessments = demo_monitoring.load(councils, users)
    return {"accounts": new_accounts, "councils": new_councils, "memberships": new_memberships, "posts": new_posts,
            "summaries": new_summaries, "assessments": new_assessments}


def scale(posts: int) -> int:
    """Grow the first council's open thread to at least `posts` posts; returns how many were added."""
    users, _ = _accounts()
    councils, _ = _councils(users["admin@example.org"])
    return demo_agenda.scale(councils[0], users, posts) if councils else 0
