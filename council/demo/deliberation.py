"""The thread of the first council's open item: a living deliberation of 32 posts in four
languages, with replies, an anonymous post, agree and disagree marks, a translation into two
languages, and an abusive post that two members report and the facilitator hides — all through
the deliberation and moderation services, which keep every counter.

The services date each post "now"; the thread lasted days, so the posts' dates are set afterwards,
seven hours apart in the order they were written, and the item's counters recounted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select

from council.agendas.models import AgendaItem
from council.core.markdown import render
from council.deliberations import services as deliberations
from council.deliberations.models import Post, PostReaction, PostReport, PostTranslation
from council.demo.agenda import THREAD_DAYS, WATER_TITLE
from council.demo.base import Demo
from council.extensions import db
from council.moderation import services as moderation

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



TRANSLATIONS = [
    ("en", "Women who fetch water arrive before dawn and wait for hours. When the herds arrive, they "
           "have to leave. Any rule must keep a safe time for them.", "grace@example.org"),
    ("ar", "النساء اللواتي يجلبن الماء يصلن قبل الفجر وينتظرن ساعات. وعندما تصل القطعان عليهن "
           "المغادرة. يجب أن تحفظ أي قاعدة لهن وقتًا آمنًا.", "fatima@example.org"),
]

# Agree and disagree marks, spread over the thread: post index -> (agree, disagree), given by the
# first voters in turn (an author does not mark their own post).
VOTERS = ["aicha@example.org", "fatima@example.org", "grace@example.org", "chen@example.org",
          "karim@example.org", "member@example.org", "olga@example.org", "pedro@example.org"]
MARKS = {2: (6, 0), 6: (5, 1), 8: (2, 3), 12: (4, 0), 14: (3, 1), 21: (7, 0), 22: (4, 1), 28: (2, 2)}

HIDE_NOTE = "Please speak about what people do, not about what they are."
REPORTERS = ["aicha@example.org", "karim@example.org"]

HOURS_APART = 7


def _item(demo: Demo) -> AgendaItem | None:
    council = demo.first
    if council is None:
        return None
    return db.session.scalar(
        select(AgendaItem).where(AgendaItem.council_id == council.id, AgendaItem.title == WATER_TITLE)
    )


def _post_count(item: AgendaItem) -> int:
    return db.session.scalar(select(func.count()).select_from(Post).where(Post.item_id == item.id))


def load(demo: Demo) -> None:
    """Write the thread of the open item unless it has posts."""
    item = _item(demo)
    if item is None or item.status != "open" or _post_count(item):
        return
    posts: list[Post] = []
    for n, (email, language, kind, reply_to, body, anonymous) in enumerate(THREAD):
        post, _ = deliberations.create_post(
            item, actor=demo.user(email), body=body, kind=kind, language=language, anonymous=anonymous,
            reply_to_id=posts[reply_to].id if reply_to is not None else None, submission_key=f"demo-{n}",
        )
        posts.append(post)
    # The facilitator's welcome comes an hour after the item was opened.
    _date(item, posts, start=(item.opened_at or demo.days_ago(THREAD_DAYS)) + timedelta(hours=1))

    for index, (agree, disagree) in MARKS.items():
        post = posts[index]
        for k, email in enumerate(VOTERS[: agree + disagree]):
            if demo.user(email).id != post.author_id:
                deliberations.react(post, actor=demo.user(email), value="agree" if k < agree else "disagree")
    for language, text, translator in TRANSLATIONS:
        deliberations.add_translation(posts[TRANSLATED], actor=demo.user(translator), language=language, body=text)

    hidden = posts[HIDDEN]
    for email in REPORTERS:
        moderation.report(hidden, reason="abusive", actor=demo.user(email))
    moderation.hide(hidden, reason="abusive", note=HIDE_NOTE, actor=demo.user("facilitator@example.org"))
    _date_responses(posts)
    demo.created["posts"] += len(posts)


def _date_responses(posts: list[Post]) -> None:
    """What answered a post (marks, translations, reports, its hiding) is dated after that post and
    before the next one, so that the thread reads in the order things happened."""
    step = timedelta(hours=HOURS_APART) / 8
    following = {p.id: (posts[n + 1].created_at if n + 1 < len(posts) else p.created_at + timedelta(hours=HOURS_APART))
                 for n, p in enumerate(posts)}
    by_id = {p.id: p for p in posts}
    for model in (PostReaction, PostTranslation, PostReport):
        rows = db.session.scalars(select(model).where(model.post_id.in_(by_id)).order_by(model.id)).all()
        for k, row in enumerate(rows):
            post = by_id[row.post_id]
            row.created_at = min(post.created_at + step * (1 + k % 4), following[row.post_id] - step)
    hidden = posts[HIDDEN]
    hidden.hidden_at = following[hidden.id] - step / 2
    for report in db.session.scalars(select(PostReport).where(PostReport.post_id == hidden.id)):
        report.resolved_at = hidden.hidden_at if report.resolved_at else None
    db.session.flush()


def _date(item: AgendaItem, posts: list[Post], *, start) -> None:
    """Date the posts HOURS_APART from `start`, in the order they were written, and recount the
    item's counters (its latest post's date is one of them) as the services do."""
    for n, post in enumerate(posts):
        post.created_at = start + timedelta(hours=HOURS_APART * n)
    db.session.flush()
    deliberations.update_item_counters(item)
    db.session.flush()


def scale(demo: Demo, posts: int) -> int:
    """Grow the open thread to at least `posts` posts (for measurements); returns how many were
    added. The added posts repeat the demo texts (the hidden one left out), written in turn by
    their demo authors, dated in order between the thread's latest post and now.

    Thousands of posts through create_post() would take minutes (each recounts the thread), so
    they are inserted as create_post() would write them, without marks, reports or revisions
    (their counters are 0 and true), and the item's counters are then recounted once by the
    function the services use."""
    item = _item(demo)
    if item is None or item.status != "open":
        return 0
    have = _post_count(item)
    missing = max(0, posts - have)
    if not missing:
        return 0
    texts = [row for n, row in enumerate(THREAD) if n != HIDDEN]
    html = [render(row[4]) for row in texts]
    latest = db.session.scalar(select(func.max(Post.created_at)).where(Post.item_id == item.id))
    start = latest or demo.days_ago(1)
    step = (demo.now - start) / (missing + 1)
    rows = []
    for n in range(missing):
        email, language, kind, _, body, _ = texts[n % len(texts)]
        rows.append({
            "item_id": item.id, "council_id": item.council_id, "author_id": demo.user(email).id, "anonymous": False,
            "kind": kind, "language": language, "body": body, "body_html": html[n % len(texts)],
            "submission_key": f"demo-scale-{have + n}", "created_at": start + step * (n + 1),
        })
    for i in range(0, len(rows), 1000):
        db.session.execute(insert(Post), rows[i:i + 1000])
    db.session.flush()
    deliberations.update_item_counters(item)
    db.session.flush()
    return missing
