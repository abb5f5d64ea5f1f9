"""Reading a thread: one keyset page of posts with everything the page shows about each, loaded in
a fixed number of queries whatever the length of the thread.

The item page (agendas.item) calls thread(item, viewer, after=..., before=...) and includes
templates/deliberations/_thread.html with `thread`, `item` and `council`.

Anonymity is decided here, once: a PostView carries the author's name only when this viewer may
see it, so the templates never touch the author of an anonymous post."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import Integer, SmallInteger, exists, func, literal, select
from sqlalchemy.orm import aliased, joinedload

from council.agendas.models import AgendaItem, ItemStatus, ItemVisit
from council.deliberations.models import (HIDE_REASONS, POST_KINDS, Post, PostReaction, PostReport, PostState,
                                          PostTranslation)
from council.extensions import db
from council.permissions import Permission, can

EXCERPT_LENGTH = 140
REPORTED = 9  # not a mark's value: a row of the reader's reports in build_views' one query
REVEALED_SESSION_KEY = "revealed_posts"
REVEALED_KEEP = 50


@dataclass
class Viewer:
    """What the reader may do in this council, decided once per page."""

    user: Any
    participate: bool
    moderate: bool
    see_anonymous: bool
    item_open: bool
    language: str
    revealed: frozenset[int]

    @property
    def id(self) -> int | None:
        return getattr(self.user, "id", None) if getattr(self.user, "is_authenticated", False) else None

    def __fragment_key__(self) -> tuple:
        """What a kept piece of the thread may depend on (core/fragments.py): everything but the
        account itself, whose bearing on each post is in its PostView (own, marks, may_*)."""
        return tuple((f.name, getattr(self, f.name)) for f in fields(self) if f.name != "user")


@dataclass
class ReplyRef:
    id: int
    author_name: str | None  # None: "a council member" (anonymous)
    excerpt: str  # "" when the post is hidden or withdrawn
    language: str
    state: str


@dataclass
class PostView:
    """One post as this reader sees it."""

    post: Post
    author_name: str | None  # None unless the reader may see who wrote it
    anonymous: bool
    revealed: bool  # a facilitator chose to see who wrote an anonymous post
    own: bool
    kind_label: str
    state: str
    hidden_reason: str | None  # translated
    show_body: bool  # False for withdrawn posts, and hidden ones to members who did not write them
    body_html: Markup | None
    body_language: str
    translation: PostTranslation | None  # shown instead of the original
    translator_name: str | None  # who translated it, when this reader may know (see translator_name())
    translation_stale: bool  # the original was edited after it was translated
    showing_original: bool  # the reader asked for the original although a translation exists
    reply_ref: ReplyRef | None
    my_mark: int | None  # +1 agree, -1 disagree
    reported: bool  # this reader reported the post (shown to them; they cannot report it twice)
    may_react: bool
    may_reply: bool
    may_translate: bool
    may_report: bool
    may_edit: bool
    may_withdraw: bool
    may_reveal: bool
    may_appeal: bool

    @property
    def id(self) -> int:
        return self.post.id


@dataclass
class ThreadPage:
    posts: list[PostView]
    after: int | None  # the query that produced this page, for links that keep it
    before: int | None
    older: int | None  # ?before=<older> shows the previous page
    newer: int | None  # ?after=<newer> shows the next page
    is_first: bool
    per_page: int
    viewer: Viewer
    form: Any = None  # a ComposeForm when the reader may post here
    replies: dict[int, list[int]] = field(default_factory=dict)  # post id -> ids of its visible replies
    first_new: int | None = None  # the first post by another that is new since the reader's last visit

    @property
    def may_post(self) -> bool:
        return self.form is not None

    def __fragment_key__(self) -> tuple:
        """The page as a kept post depends on it: not the other posts, nor the compose form."""
        return tuple((f.name, getattr(self, f.name)) for f in fields(self) if f.name not in ("posts", "form"))


def per_page() -> int:
    try:
        value = int(current_app.config.get("POSTS_PER_PAGE", 50))
    except (TypeError, ValueError):
        value = 50
    return max(1, min(value, 500))


def viewer_for(user, item: AgendaItem) -> Viewer:
    council = item.council
    revealed: frozenset[int] = frozenset()
    see_anonymous = can(user, Permission.SEE_ANONYMOUS, council)
    if see_anonymous and has_request_context():
        raw = session.get(REVEALED_SESSION_KEY) or []
        revealed = frozenset(i for i in raw if isinstance(i, int))
    if hasattr(user, "_get_current_object"):  # current_user: resolved once, not on every post
        user = user._get_current_object()
    return Viewer(
        user=user,
        participate=can(user, Permission.PARTICIPATE, council),
        moderate=can(user, Permission.MODERATE, council),
        see_anonymous=see_anonymous,
        item_open=item.status == ItemStatus.OPEN.value,
        language=str(get_locale() or "en").split("_")[0],
        revealed=revealed,
    )


def remember_revealed(post_id: int) -> None:
    """Let this session show the author of `post_id` (after an audit-logged reveal)."""
    ids = [i for i in (session.get(REVEALED_SESSION_KEY) or []) if isinstance(i, int) and i != post_id]
    session[REVEALED_SESSION_KEY] = (ids + [post_id])[-REVEALED_KEEP:]


def post_query():
    replied = aliased(Post)
    return select(Post).options(
        joinedload(Post.author),
        joinedload(Post.reply_to.of_type(replied)).joinedload(replied.author),
    )


def _clean_id(value) -> int | None:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < 2**62 else None


def thread(item: AgendaItem, viewer_user, after=None, before=None, *, form=None) -> ThreadPage:
    """One page of the thread of `item` as `viewer_user` sees it.

    `after`: the posts following that id; `before`: the page of posts preceding it; neither: the
    first page. Pages are aligned on multiples of POSTS_PER_PAGE from the first post, so links stay
    stable while the thread grows."""
    size = per_page()
    after, before = _clean_id(after), _clean_id(before)
    if after is not None:
        before = None
    in_item = Post.item_id == item.id

    if before is not None:
        rows = list(db.session.scalars(
            post_query().where(in_item, Post.id < before).order_by(Post.id.desc()).limit(size)
        ).unique())
        rows.reverse()
        if len(rows) < size:  # it reaches the start of the thread: that is the first page
            before = None
            rows = list(db.session.scalars(post_query().where(in_item).order_by(Post.id).limit(size)).unique())
    else:
        query = post_query().where(in_item).order_by(Post.id).limit(size)
        if after is not None:
            query = query.where(Post.id > after)
        rows = list(db.session.scalars(query).unique())

    low = rows[0].id if rows else (after if after is not None else 0) + 1
    high = rows[-1].id if rows else (after if after is not None else 0)
    viewer = viewer_for(viewer_user, item)
    # The reader's previous visit rides along (for the marker of what is new since then).
    seen = (
        select(ItemVisit.last_seen_post_id)
        .where(ItemVisit.user_id == viewer.id, ItemVisit.item_id == item.id)
        .scalar_subquery()
        if viewer.id is not None else literal(None, Integer)
    )
    has_older, has_newer, last_seen = db.session.execute(
        select(
            exists().where(Post.item_id == item.id, Post.id < low),
            exists().where(Post.item_id == item.id, Post.id > high),
            seen,
        )
    ).one()

    views = build_views(rows, viewer)
    ids = [p.id for p in rows]
    page = ThreadPage(
        posts=views,
        after=after,
        before=before,
        older=low if has_older else None,
        newer=high if has_newer and rows else None,
        is_first=not has_older,
        per_page=size,
        viewer=viewer,
        replies=replies_to(ids),
        first_new=first_new(rows, viewer, last_seen),
    )
    if viewer.participate and viewer.item_open:
        from council.deliberations.forms import ComposeForm

        page.form = form or ComposeForm(
            formdata=None, allow_anonymous=bool(item.council.allow_anonymous), language=viewer.language,
            kind="contribution",
        )
    return page


def replies_to(ids: list[int]) -> dict[int, list[int]]:
    """The visible replies to each of the posts `ids`, wherever they are in the thread (one query)."""
    found: dict[int, list[int]] = {}
    if not ids:
        return found
    for target, reply in db.session.execute(
        select(Post.reply_to_id, Post.id)
        .where(Post.reply_to_id.in_(ids), Post.state == PostState.VISIBLE.value)
        .order_by(Post.id)
    ):
        found.setdefault(target, []).append(reply)
    return found


def first_new(posts: list[Post], viewer: Viewer, seen: int | None) -> int | None:
    """The first of `posts` written by someone else after the reader's last visit to the item
    (`seen`: the newest post they had seen then), or None, also on a first visit, when everything
    is new. The visit is recorded after the page is drawn, so `seen` is the previous one."""
    if viewer.id is None or seen is None:
        return None
    for post in posts:
        if post.id > seen and post.author_id != viewer.id and post.state == PostState.VISIBLE.value:
            return post.id
    return None


def build_views(posts: list[Post], viewer: Viewer) -> list[PostView]:
    """PostViews for `posts` (loaded with post_query), with three more queries at most: the
    translations into the reader's language, the reader's own marks and the reader's reports."""
    ids = [p.id for p in posts]
    translations: dict[int, PostTranslation] = {}
    marks: dict[int, int] = {}
    reported: set[int] = set()
    wanted = [p.id for p in posts if p.language != viewer.language and p.state == PostState.VISIBLE.value]
    if wanted:
        for t in db.session.scalars(
            select(PostTranslation)
            .options(joinedload(PostTranslation.translator))
            .where(PostTranslation.post_id.in_(wanted), PostTranslation.language == viewer.language)
        ):
            translations[t.post_id] = t
    if ids and viewer.id is not None:
        # The reader's marks and reports in one query (REPORTED stands for a report).
        query = select(PostReaction.post_id, PostReaction.value).where(
            PostReaction.post_id.in_(ids), PostReaction.user_id == viewer.id
        )
        if viewer.participate:
            query = query.union_all(
                select(PostReport.post_id, literal(REPORTED, SmallInteger)).where(
                    PostReport.post_id.in_(ids), PostReport.reporter_id == viewer.id
                )
            )
        for post_id, value in db.session.execute(query):
            if value == REPORTED:
                reported.add(post_id)
            else:
                marks[post_id] = value
    original = _original_requested()
    return [_view(p, viewer, translations.get(p.id), marks.get(p.id), original, p.id in reported) for p in posts]


def post_view(post: Post, viewer: Viewer) -> PostView:
    return build_views([post], viewer)[0]


def _original_requested() -> set[int]:
    if not has_request_context():
        return set()
    wanted = set()
    for raw in request.args.getlist("original")[:10]:
        value = _clean_id(raw)
        if value is not None:
            wanted.add(value)
    return wanted


def author_name(post: Post, viewer: Viewer) -> tuple[str | None, bool]:
    """(the name this viewer may see or None, whether it was revealed to a facilitator)."""
    if not post.anonymous:
        return post.author.display_name, False
    if viewer.see_anonymous and post.id in viewer.revealed:
        return post.author.display_name, True
    return None, False


def translator_name(translation: PostTranslation | None, post: Post, viewer: Viewer) -> str | None:
    """Who translated `post`, or None. The translator of an anonymous post is never named (unless
    the author was revealed to this facilitator): the author may translate their own post, and
    naming anyone else would tell readers who the author is not."""
    if translation is None or translation.translator is None:
        return None
    if post.anonymous and not (viewer.see_anonymous and post.id in viewer.revealed):
        return None
    return translation.translator.display_name


def excerpt(html: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(Markup(html).striptags().split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _reply_ref(post: Post, viewer: Viewer) -> ReplyRef | None:
    target = post.reply_to
    if target is None:
        return None
    visible = target.state == PostState.VISIBLE.value
    name, _ = author_name(target, viewer) if visible else (None, False)
    return ReplyRef(
        id=target.id,
        author_name=name,
        excerpt=excerpt(target.body_html) if visible else "",
        language=target.language,
        state=target.state,
    )


def _view(post: Post, viewer: Viewer, translation, mark, original: set[int], reported: bool = False) -> PostView:
    own = viewer.id is not None and post.author_id == viewer.id
    name, revealed = author_name(post, viewer)
    state = post.state
    visible = state == PostState.VISIBLE.value
    hidden = state == PostState.HIDDEN.value
    show_body = visible or (hidden and (own or viewer.moderate))
    showing_original = translation is not None and post.id in original
    shown = translation if (translation is not None and not showing_original and visible) else None
    acting = viewer.participate and viewer.item_open
    return PostView(
        post=post,
        author_name=name,
        anonymous=post.anonymous,
        revealed=revealed,
        own=own,
        kind_label=str(POST_KINDS.get(post.kind, post.kind)),
        state=state,
        hidden_reason=str(HIDE_REASONS.get(post.hidden_reason or "other", HIDE_REASONS["other"])) if hidden else None,
        show_body=show_body,
        body_html=Markup((shown.body_html if shown else post.body_html) or "") if show_body else None,
        body_language=shown.language if shown else post.language,
        translation=shown,
        translator_name=translator_name(shown, post, viewer),
        translation_stale=bool(shown and post.edited_at and post.edited_at > shown.created_at),
        showing_original=showing_original,
        reply_ref=_reply_ref(post, viewer),
        my_mark=mark,
        reported=reported,
        may_react=acting and visible and not own,
        may_reply=acting and visible,
        may_translate=acting and visible,
        may_report=viewer.participate and visible and not own and not reported,
        may_edit=acting and visible and own,
        may_withdraw=own and visible,
        may_reveal=post.anonymous and viewer.see_anonymous and not revealed and not own,
        may_appeal=own and hidden,
    )


def page_anchor(post: Post) -> int | None:
    """The ?after= value of the aligned page that holds `post` (None: the first page)."""
    size = per_page()
    position = db.session.scalar(
        select(func.count()).select_from(Post).where(Post.item_id == post.item_id, Post.id < post.id)
    ) or 0
    if position < size:
        return None
    return db.session.scalar(
        select(Post.id)
        .where(Post.item_id == post.item_id, Post.id < post.id)
        .order_by(Post.id.desc())
        .offset(position % size)
        .limit(1)
    )


def may_see_history(post: Post, viewer: Viewer) -> bool:
    if post.state == PostState.HIDDEN.value:
        return viewer.moderate or (viewer.id is not None and post.author_id == viewer.id)
    return True


def revisions(post: Post):
    from council.deliberations.models import PostRevision

    return list(db.session.scalars(
        select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc())
    ))


def translations_of(post: Post) -> list[PostTranslation]:
    return list(db.session.scalars(
        select(PostTranslation)
        .options(joinedload(PostTranslation.translator))
        .where(PostTranslation.post_id == post.id)
        .order_by(PostTranslation.language)
    ))


def load_post(item: AgendaItem, post_id: int) -> Post:
    """A post of `item` (hence of its council), with what its view needs, or 404."""
    return db.first_or_404(
        post_query().where(Post.id == post_id, Post.item_id == item.id, Post.council_id == item.council_id)
    )
