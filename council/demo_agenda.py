"""Demo data for the first council's agenda: an item in every status, and an open item whose
thread has a living deliberation (32 posts in four languages, replies, a translation, agree and
disagree marks, an anonymous post and a hidden one). Loaded by council.demo.load(); idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from council.agendas.models import AgendaEvent, AgendaItem
from council.auth.models import User
from council.core.markdown import render
from council.councils.models import Council
from council.deliberations.models import Post, PostReaction, PostReport, PostTranslation
from council.deliberations.services import update_item_counters
from council.extensions import db, utcnow

WATER_TITLE = "Access to water points during the dry season"

# title, language, theme, place, status, description, extra (decline reason)
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

# (author e-mail, language, kind, reply to (index) or None, body, anonymous)
THREAD = [
    ("facilitator@example.org", "en", "information", None,
     "Welcome to this deliberation. Please say what you have seen at the water points, and what "
     "you think would be fair. Deliberation is open for three weeks.", False),
    ("ibrahim@example.org", "ar", "contribution", None,
     "في زمن آبائنا كان للرعاة ساعات الصباح وللمزارعين ساعات المساء. هذا النظام كان يعمل لأن "
     "الجميع كان يعرفه.", False),
    ("aicha@example.org", "fr", "concern", None,
     "Les femmes qui puisent l'eau arrivent avant l'aube et attendent des heures. Quand les "
     "troupeaux arrivent, elles doivent partir. Toute règle doit leur réserver un moment sûr.", False),
    ("daniel@example.org", "en", "question", None,
     "Does anyone know how much water the Tessit borehole gives per day? Without numbers we are "
     "only guessing.", False),
    ("grace@example.org", "en", "information", 3,
     "The district water office measured about **40,000 litres a day** in March. The pump breaks "
     "down about once a month.", False),
    ("moussa@example.org", "fr", "contribution", 1,
     "Le système des heures est bon, mais aujourd'hui il y a trois fois plus de troupeaux "
     "qu'avant. Il faut aussi limiter le nombre de bêtes par famille.", False),
    ("karim@example.org", "ar", "proposal", None,
     "أقترح لجنة صغيرة لكل بئر: امرأة، ورجل من المزارعين، وراعٍ، وشاب. تضع الجدول وتعلنه في "
     "المسجد والسوق.", False),
    ("member@example.org", "es", "contribution", 6,
     "Me parece bien el comité, pero debe rendir cuentas cada mes ante el consejo.", False),
    ("hassan@example.org", "fr", "concern", 5,
     "Limiter les bêtes, c'est condamner les familles d'éleveurs. Il faut plutôt réparer la pompe "
     "et creuser un deuxième forage.", False),
    ("fatima@example.org", "ar", "contribution", 2,
     "أؤيد ما قالته عائشة. النساء يمشين ساعتين للوصول إلى البئر، ويجب أن يكون لهن وقت محمي.", False),
    ("olga@example.org", "en", "information", None,
     "In the next district an NGO repaired two pumps last year and trained two young people to "
     "maintain them. It cost less than one new borehole.", False),
    ("pedro@example.org", "es", "question", 10,
     "¿Quién pagaría el mantenimiento después de la primera reparación?", False),
    ("grace@example.org", "en", "contribution", 11,
     "A small fee per herd, collected by the water committee, could pay the mechanic. Families "
     "who only fetch drinking water should not pay.", False),
    ("chen@example.org", "en", "contribution", None,
     "Women's groups in Kora already collect money for the school. They could run the fund "
     "transparently if the council supports them.", False),
    ("mariam@example.org", "ar", "concern", None,
     "بعض الشباب يحملون السلاح عند البئر. يجب أن نتكلم عن الأمن أيضًا، وليس عن الماء فقط.", False),
    ("daniel@example.org", "en", "contribution", 14,
     "I agree with Mariam. Two of my friends were threatened at the borehole. Young people should "
     "be part of the solution, not only seen as the problem.", False),
    ("ibrahim@example.org", "ar", "proposal", 6,
     "أقترح أن يكون للجنة البئر شيخ من كل جهة ليحل النزاعات قبل أن تكبر.", False),
    ("aicha@example.org", "fr", "contribution", 12,
     "Une petite contribution par troupeau me semble juste. Mais qui contrôle la caisse ? Il faut "
     "que les comptes soient lus en public.", False),
    ("moussa@example.org", "fr", "question", None,
     "Est-ce que la police régionale a été informée des bagarres du mois dernier ?", False),
    ("facilitator@example.org", "en", "information", 18,
     "Yes: the two incidents were reported. The police asked the council to propose a way to "
     "prevent new ones, which is why this item is on our agenda.", False),
    ("karim@example.org", "ar", "contribution", 15,
     "يمكن لخطبة الجمعة أن تدعو إلى الهدوء عند البئر. رجال الدين مستعدون للمساعدة.", False),
    ("pedro@example.org", "es", "proposal", None,
     "Propongo tres puntos para la síntesis: 1) horario compartido con un tiempo reservado a las "
     "mujeres; 2) comité de pozo mixto; 3) fondo de mantenimiento transparente.", False),
    ("grace@example.org", "en", "contribution", 21,
     "Pedro's three points capture most of what was said. I would add a fourth: ask the district "
     "for a second borehole.", False),
    ("hassan@example.org", "fr", "contribution", 22,
     "D'accord avec le quatrième point. Sans nouveau forage, la tension reviendra chaque saison "
     "sèche.", False),
    ("olga@example.org", "en", "concern", None,
     "Whatever we decide must reach the herders who come from outside the region. They are not "
     "in this council.", False),
    ("member@example.org", "es", "contribution", 24,
     "Buena observación. El comité podría hablar con los jefes de los pastores que llegan cada "
     "temporada.", False),
    ("fatima@example.org", "ar", "contribution", 21,
     "أوافق على النقاط الثلاث، وأطلب أن يُكتب الوقت المحمي للنساء في الاتفاق بوضوح.", False),
    ("chen@example.org", "en", "information", None,
     "The district budget hearing is on the 15th. If we want a second borehole, that is the "
     "moment to ask.", False),
    ("moussa@example.org", "fr", "contribution", None,
     "Je parle pour des jeunes éleveurs qui ont peur d'être accusés : nous voulons un règlement, "
     "pas des soupçons contre notre groupe.", True),
    ("daniel@example.org", "en", "contribution", None,
     "Some people from the other side are liars and should be chased away from the borehole.", False),
    ("mariam@example.org", "ar", "contribution", 27,
     "سأحضر جلسة الميزانية مع مجموعة الشباب إذا رغب المجلس في ذلك.", False),
    ("facilitator@example.org", "en", "information", None,
     "Thank you all. I will close the deliberation at the end of next week and draft a summary with "
     "the points raised, where we agree and where we do not.", False),
]
HIDDEN = 29  # index of the post hidden by the facilitator
TRANSLATED = 2  # Aïcha's concern, translated into English and Arabic


def load(council: Council, users: dict[str, User]) -> int:
    """Create the agenda of `council` unless it exists; returns the number of posts created."""
    exists = db.session.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.council_id == council.id)
    )
    if exists:
        return 0
    council.allow_anonymous = True
    facilitator = users["facilitator@example.org"]
    start = utcnow() - timedelta(days=12)
    items = []
    for n, (title, language, theme, place, status, description, reason) in enumerate(ITEMS):
        proposer = users[("member@example.org", "aicha@example.org", "grace@example.org", "ibrahim@example.org",
                          "pedro@example.org", "hassan@example.org")[n]]
        item = AgendaItem(
            council=council, title=title, language=language, theme=theme, place=place, status=status,
            description=description, description_html=render(description), proposer=proposer, position=n,
            decline_reason=reason, created_at=start - timedelta(days=30 - n),
        )
        db.session.add(item)
        item.events.append(AgendaEvent(actor=proposer, action="proposed", to_status="proposed",
                                       created_at=item.created_at))
        if status != "proposed":
            opened = item.created_at + timedelta(days=2)
            if status == "declined":
                item.events.append(AgendaEvent(actor=facilitator, action="declined", from_status="proposed",
                                               to_status="declined", note=reason, created_at=opened))
            else:
                item.opened_at = opened
                item.events.append(AgendaEvent(actor=facilitator, action="accepted", from_status="proposed",
                                               to_status="open", created_at=opened))
                if status == "open":
                    item.deadline = utcnow() + timedelta(days=9)
                else:
                    item.closed_at = opened + timedelta(days=14)
                    item.events.append(AgendaEvent(actor=facilitator, action="closed", from_status="open",
                                                   to_status="closed", created_at=item.closed_at))
        items.append(item)
    db.session.flush()
    return _thread(items[0], council, users, start)


def _thread(item: AgendaItem, council: Council, users: dict[str, User], start) -> int:
    posts: list[Post] = []
    for n, (email, language, kind, reply_to, body, anonymous) in enumerate(THREAD):
        post = Post(
            item=item, council_id=council.id, author=users[email], language=language, kind=kind, body=body,
            body_html=render(body), anonymous=anonymous, reply_to=posts[reply_to] if reply_to is not None else None,
            created_at=start + timedelta(hours=7 * n),
        )
        db.session.add(post)
        posts.append(post)
    db.session.flush()

    facilitator = users["facilitator@example.org"]
    hidden = posts[HIDDEN]
    hidden.state, hidden.hidden_reason, hidden.hidden_by = "hidden", "abusive", facilitator
    hidden.hidden_note = "Please speak about what people do, not about what they are."
    hidden.hidden_at = hidden.created_at + timedelta(hours=3)
    for reporter in ("aicha@example.org", "karim@example.org"):
        db.session.add(PostReport(post=hidden, council_id=council.id, reporter=users[reporter], reason="abusive",
                                  resolved_at=hidden.hidden_at, resolved_by_id=facilitator.id, resolution="hidden"))

    original = posts[TRANSLATED]
    for language, text, translator in (
        ("en", "Women who fetch water arrive before dawn and wait for hours. When the herds arrive, they "
               "have to leave. Any rule must keep a safe time for them.", "grace@example.org"),
        ("ar", "النساء اللواتي يجلبن الماء يصلن قبل الفجر وينتظرن ساعات. وعندما تصل القطعان عليهن "
               "المغادرة. يجب أن تحفظ أي قاعدة لهن وقتًا آمنًا.", "fatima@example.org"),
    ):
        db.session.add(PostTranslation(post=original, language=language, body=text, body_html=render(text),
                                       translator=users[translator]))

    # Agree and disagree marks, spread over the thread.
    voters = ["aicha@example.org", "fatima@example.org", "grace@example.org", "chen@example.org",
              "karim@example.org", "member@example.org", "olga@example.org", "pedro@example.org"]
    marks = {2: (6, 0), 6: (5, 1), 8: (2, 3), 12: (4, 0), 14: (3, 1), 21: (7, 0), 22: (4, 1), 28: (2, 2)}
    for index, (agree, disagree) in marks.items():
        post = posts[index]
        for k, email in enumerate(voters[: agree + disagree]):
            if users[email].id == post.author_id:
                continue
            value = 1 if k < agree else -1
            db.session.add(PostReaction(post_id=post.id, user_id=users[email].id, value=value))
            if value == 1:
                post.agree_count += 1
            else:
                post.disagree_count += 1

    db.session.flush()
    update_item_counters(item)
    return len(posts)


def scale(council: Council, users: dict[str, User], posts: int) -> int:
    """Grow the open demo thread to at least `posts` posts (for measurements); returns how many
    were added. The added posts repeat the demo texts, written by the demo members in turn."""
    from sqlalchemy import insert

    item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.council_id == council.id, AgendaItem.title == WATER_TITLE)
    )
    if item is None:
        return 0
    have = db.session.scalar(select(func.count()).select_from(Post).where(Post.item_id == item.id))
    missing = max(0, posts - have)
    if not missing:
        return 0
    start = utcnow() - timedelta(days=1)
    rows = []
    for n in range(missing):
        email, language, kind, _, body, _ = THREAD[n % len(THREAD)]
        if n % len(THREAD) == HIDDEN:
            email, language, kind, _, body, _ = THREAD[0]
        rows.append({
            "item_id": item.id, "council_id": council.id, "author_id": users[email].id, "anonymous": False,
            "kind": kind, "language": language, "body": body, "body_html": render(body), "state": "visible",
            "hidden_note": "", "agree_count": n % 5, "disagree_count": n % 3, "open_report_count": 0,
            "revision_count": 0, "created_at": start + timedelta(seconds=n),
        })
    for i in range(0, len(rows), 1000):
        db.session.execute(insert(Post), rows[i:i + 1000])
    update_item_counters(item)
    return missing
