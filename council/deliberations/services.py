"""What changes a thread: posting, editing, withdrawing, marks, translations, revealing an author.

Services take `actor=`, flush, record privileged actions in the audit log and never commit (the
view does). A refused change raises Refusal, whose str() is a translated message for
the person; NotAllowed (a Refusal) means the person may not do this at all (403)."""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlalchemy import case, delete, distinct, func, select, update
from sqlalchemy.exc import IntegrityError

from council import events, i18n
from council.agendas.models import AgendaItem, ItemStatus
from council.audit import services as audit
from council.core import revisions
from council.core.markdown import render
from council.core.refusals import Conflict, NotAllowed, Refusal
from council.deliberations.models import POST_KINDS, Post, PostReaction, PostRevision, PostState, PostTranslation
from council.extensions import db, utcnow

VISIBLE = PostState.VISIBLE.value
HIDDEN = PostState.HIDDEN.value
WITHDRAWN = PostState.WITHDRAWN.value
MARKS = {"agree": 1, "disagree": -1, "none": None}


class TranslationExists(Conflict):
    pass


# --- helpers -------------------------------------------------------------------------------------


def _lock_item(item: AgendaItem) -> AgendaItem:
    """Lock the item's row until the commit (PostgreSQL; SQLite serialises writers anyway) and
    read its current state, so that counters and the status check see every committed post."""
    return db.session.execute(
        select(AgendaItem).where(AgendaItem.id == item.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _lock_post(post: Post) -> Post:
    return db.session.execute(
        select(Post).where(Post.id == post.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _require_open(item: AgendaItem) -> None:
    if item.status != ItemStatus.OPEN.value:
        raise NotAllowed(_("Deliberation on this item is closed; the thread can no longer be changed."))


def _require_author(post: Post, actor) -> None:
    if post.author_id != actor.id:
        raise NotAllowed(_("Only the author of a post can do this."))


def update_item_counters(item: AgendaItem) -> None:
    """Recount the item's visible posts and contributors and its latest visible post.

    Contributors are the people who posted under their name; anonymous posts are counted apart, as
    posts, never as people. Counting distinct people over both would tie an anonymous post to a
    person: a new anonymous post that leaves "14 contributors" unchanged says its author is one of
    the 14 named ones, one that makes it 15 says they are not. Counted this way an anonymous post
    moves only the anonymous count, by one, whoever wrote it and whatever else they wrote.

    Call it (after _lock_item, or from any service that changed the state of a post) whenever a
    post is added, withdrawn, hidden or restored."""
    visible = (Post.item_id == item.id) & (Post.state == VISIBLE)
    count, contributors, anonymous = db.session.execute(
        select(
            func.count(Post.id),
            func.count(distinct(case((Post.anonymous.is_(False), Post.author_id)))),
            func.count(case((Post.anonymous.is_(True), Post.id))),
        ).where(visible)
    ).one()
    last = db.session.execute(
        select(Post.id, Post.created_at).where(visible).order_by(Post.id.desc()).limit(1)
    ).first()
    item.post_count = count
    item.contributor_count = contributors
    item.anonymous_post_count = anonymous
    item.last_post_id = last.id if last else None
    item.last_post_at = last.created_at if last else None


# --- posting -------------------------------------------------------------------------------------


def stored_key(submission_key: str, body: str, reply_to_id: int | None = None) -> str:
    """What is stored of a form's one-time key: the key with a digest of what was sent. The same
    form sent twice (a double click, a retry after a lost answer) makes one post; a page kept by
    the browser or the server (core/pages.py) may hand the same key to two tabs, and a different
    text sent under it is a different post, never swallowed as a repeat."""
    sent = hashlib.blake2b(f"{reply_to_id or ''}\x1f{body}".encode(), digest_size=15).hexdigest()
    return f"{submission_key}:{sent}"[:64]


def find_submission(actor, submission_key: str) -> Post | None:
    """The post this author already made with this (stored) key."""
    return db.session.scalar(select(Post).where(Post.author_id == actor.id, Post.submission_key == submission_key))


def create_post(
    item: AgendaItem,
    *,
    actor,
    body: str,
    kind: str = "contribution",
    language: str = "en",
    reply_to_id: int | None = None,
    anonymous: bool = False,
    submission_key: str,
) -> tuple[Post, bool]:
    """Add a post to the thread of `item`: (the post, whether it is new).

    The same submission key and text from the same author give back the post made the first time."""
    item = _lock_item(item)
    submission_key = stored_key(submission_key, body, reply_to_id)
    existing = find_submission(actor, submission_key)
    if existing is not None:
        return existing, False
    _require_open(item)
    if kind not in POST_KINDS:
        raise Refusal(_("Choose one of the kinds in the list."), "kind")
    if language not in i18n.languages():
        raise Refusal(_("Choose one of the languages in the list."), "language")
    reply_to = None
    if reply_to_id is not None:
        reply_to = db.session.scalar(
            select(Post).where(Post.id == reply_to_id, Post.item_id == item.id, Post.council_id == item.council_id)
        )
        if reply_to is None or reply_to.state != VISIBLE:
            raise Refusal(_("The post you reply to cannot be found in this thread."), "reply_to")
    post = Post(
        item_id=item.id,
        council_id=item.council_id,
        author_id=actor.id,
        anonymous=bool(anonymous and item.council.allow_anonymous),
        kind=kind,
        language=language,
        body=body,
        body_html=render(body),
        reply_to_id=reply_to.id if reply_to else None,
        submission_key=submission_key,
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(post)
            db.session.flush()
    except IntegrityError:  # the same form, a moment earlier, in another request
        existing = find_submission(actor, submission_key)
        if existing is None:
            raise
        return existing, False
    update_item_counters(item)
    events.post_created.send(post, actor=actor)  # notifications tells the author replied to
    db.session.flush()
    return post, True


def edit_post(post: Post, *, actor, body: str) -> bool:
    """Replace the text of the actor's own post, keeping the old one as a revision.
    Returns False when the text did not change (a second submit of the same edit)."""
    _require_author(post, actor)
    _require_open(post.item)
    post = _lock_post(post)
    if post.state != VISIBLE:
        raise NotAllowed(_("This post can no longer be edited."))
    if body == post.body:
        return False
    db.session.add(PostRevision(
        post_id=post.id, body=post.body, body_html=post.body_html,
        written_at=post.edited_at or post.created_at, replaced_at=utcnow(),
    ))
    post.body = body
    post.body_html = render(body)
    post.revision_count = (post.revision_count or 0) + 1
    post.edited_at = utcnow()
    db.session.flush()
    events.post_edited.send(post, actor=actor)  # search indexes the new text
    return True


def withdraw_post(post: Post, *, actor) -> None:
    """The author takes back their post: its text, earlier texts and translations are erased; a
    placeholder stays in the thread so that replies keep their sense."""
    _require_author(post, actor)
    item = _lock_item(post.item)
    post = _lock_post(post)
    if post.state == WITHDRAWN:
        return
    if post.state != VISIBLE:
        raise NotAllowed(_("A hidden post cannot be withdrawn while it waits for the facilitators."))
    post.state = WITHDRAWN
    post.withdrawn_at = utcnow()
    post.body = ""
    post.body_html = ""
    post.revision_count = 0
    db.session.execute(delete(PostRevision).where(PostRevision.post_id == post.id))
    db.session.execute(delete(PostTranslation).where(PostTranslation.post_id == post.id))
    db.session.expire(post, ["revisions", "translations"])
    db.session.flush()
    update_item_counters(item)
    db.session.flush()
    events.post_withdrawn.send(post, actor=actor)  # search forgets its text


# --- marks ---------------------------------------------------------------------------------------


def react(post: Post, *, actor, value: str) -> int | None:
    """Set the actor's mark on a post: "agree", "disagree" or "none". Returns the new mark.

    Members do not mark their own posts: a mark says what the others think of it."""
    if value not in MARKS:
        raise Refusal(_("Choose agree or disagree."), "value")
    if post.author_id == actor.id:
        raise NotAllowed(_("You cannot mark your own post."))
    _require_open(post.item)
    if post.state != VISIBLE:
        raise NotAllowed(_("This post cannot be marked."))
    new = MARKS[value]
    mine = (PostReaction.post_id == post.id) & (PostReaction.user_id == actor.id)
    current = db.session.scalar(select(PostReaction).where(mine).with_for_update())
    if current is None and new is not None:
        try:
            with db.session.begin_nested():
                db.session.add(PostReaction(post_id=post.id, user_id=actor.id, value=new, created_at=utcnow()))
                db.session.flush()
        except IntegrityError:  # the same person, a moment earlier
            current = db.session.scalar(select(PostReaction).where(mine).with_for_update())
        else:
            _shift_counts(post, None, new)
            return new
    old = current.value if current is not None else None
    if old == new:
        return new
    if new is None:
        db.session.delete(current)
    else:
        current.value = new
        current.created_at = utcnow()
    db.session.flush()
    _shift_counts(post, old, new)
    return new


def _shift_counts(post: Post, old: int | None, new: int | None) -> None:
    agree = (new == 1) - (old == 1)
    disagree = (new == -1) - (old == -1)
    if agree or disagree:
        db.session.execute(
            update(Post).where(Post.id == post.id).values(
                agree_count=Post.agree_count + agree, disagree_count=Post.disagree_count + disagree
            ).execution_options(synchronize_session=False, page_scopes=[revisions.council(post.council_id)])
        )
        db.session.expire(post, ["agree_count", "disagree_count"])


# --- translations --------------------------------------------------------------------------------


def existing_translation(post: Post, language: str) -> PostTranslation | None:
    return db.session.scalar(
        select(PostTranslation).where(PostTranslation.post_id == post.id, PostTranslation.language == language)
    )


def add_translation(post: Post, *, actor, language: str, body: str) -> PostTranslation:
    """A member's translation of a post into another supported language (one per language)."""
    _require_open(post.item)
    if post.state != VISIBLE:
        raise NotAllowed(_("This post cannot be translated."))
    if language == post.language or language not in i18n.languages():
        raise Refusal(_("Choose a language other than the one the post is written in."), "language")
    if existing_translation(post, language) is not None:
        raise TranslationExists(_("This post already has a translation into this language."), "language")
    translation = PostTranslation(
        post_id=post.id, language=language, body=body, body_html=render(body), translator_id=actor.id,
        created_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(translation)
            db.session.flush()
    except IntegrityError:  # someone else, a moment earlier
        raise TranslationExists(_("This post already has a translation into this language."), "language") from None
    events.post_translated.send(translation, actor=actor)  # search indexes the translation
    return translation


# --- anonymity -----------------------------------------------------------------------------------


def reveal_author(post: Post, *, actor):
    """A facilitator sees who wrote an anonymous post; every such view is in the audit log.
    (The caller has checked Permission.SEE_ANONYMOUS in the post's council.)"""
    if not post.anonymous:
        raise Refusal(_("This post is not anonymous."))
    audit.record(actor, "post.reveal_author", post, council_id=post.council_id)
    db.session.flush()
    return post.author
