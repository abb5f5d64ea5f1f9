"""Keeping the search index current. The receivers (receivers.py) call these when a service tells
of a new or changed text; `rebuild` makes the whole index again from the tables (after the
migration on an existing database, or after rows were written without the services: `flask
council search-rebuild`).

Only text is kept here. Whether a row may be found (a hidden post, a summary in draft, an item of
another council) is decided when searching, against the rows themselves (queries.py)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from council.agendas.models import AgendaItem
from council.deliberations.models import Post, PostState, PostTranslation
from council.extensions import db, utcnow
from council.search.models import SearchEntry, config_for
from council.search.text import index_terms, plain
from council.summaries.models import Summary, SummaryTranslation, SummaryVersion


def _put(*, kind: str, object_id: int, language: str, translation: bool, council_id: int, item_id: int,
         body: str, title: str = "") -> None:
    entry = db.session.scalar(select(SearchEntry).where(
        SearchEntry.kind == kind, SearchEntry.object_id == object_id, SearchEntry.language == language))
    if entry is None:
        entry = SearchEntry(kind=kind, object_id=object_id, language=language)
        db.session.add(entry)
    entry.translation = translation
    entry.config = config_for(language)
    entry.council_id = council_id
    entry.item_id = item_id
    entry.title = title
    entry.body = body
    entry.terms = index_terms(f"{title} {body}")
    entry.updated_at = utcnow()
    db.session.flush()


def _forget(kind: str, object_id: int, *, translations_only: bool = False) -> None:
    query = delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.object_id == object_id)
    if translations_only:
        query = query.where(SearchEntry.translation.is_(True))
    db.session.execute(query.execution_options(synchronize_session=False))


# --- agenda items --------------------------------------------------------------------------------


def index_item(item: AgendaItem) -> None:
    body = " ".join(part for part in (item.place or "", plain(item.description_html)) if part)
    _put(kind="item", object_id=item.id, language=item.language, translation=False, council_id=item.council_id,
         item_id=item.id, title=item.title, body=body)


# --- posts ---------------------------------------------------------------------------------------


def index_post(post: Post) -> None:
    """The post's own text; a withdrawn post (its text erased) leaves the index with its
    translations."""
    if post.state == PostState.WITHDRAWN.value or not (post.body or "").strip():
        forget_post(post)
        return
    _put(kind="post", object_id=post.id, language=post.language, translation=False, council_id=post.council_id,
         item_id=post.item_id, body=plain(post.body_html))


def index_post_translation(translation: PostTranslation, post: Post) -> None:
    if post.state == PostState.WITHDRAWN.value:
        return
    _put(kind="post", object_id=post.id, language=translation.language, translation=True,
         council_id=post.council_id, item_id=post.item_id, body=plain(translation.body_html))


def forget_post(post: Post) -> None:
    _forget("post", post.id)


# --- summaries -----------------------------------------------------------------------------------


def _summary_text(sections_html: dict | None, recommendations: list[str]) -> str:
    parts = [plain(html) for html in (sections_html or {}).values()]
    parts += [plain(html) for html in recommendations]
    return " ".join(p for p in parts if p)


def index_summary(summary: Summary, version: SummaryVersion) -> None:
    """The text of the summary's current version. Translations belong to a version: those of an
    earlier one are no longer shown, so they leave the index."""
    if version.id != summary.current_version_id:
        return
    _forget("summary", summary.id, translations_only=True)
    _put(kind="summary", object_id=summary.id, language=summary.language, translation=False,
         council_id=summary.council_id, item_id=summary.item_id,
         body=_summary_text(version.sections_html, [r.text_html for r in version.recommendations]))


def index_summary_translation(translation: SummaryTranslation, summary: Summary) -> None:
    if translation.version_id != summary.current_version_id:
        return
    _put(kind="summary", object_id=summary.id, language=translation.language, translation=True,
         council_id=summary.council_id, item_id=summary.item_id,
         body=_summary_text(translation.sections_html,
                            [r.get("text_html", "") for r in translation.recommendations or []]))


# --- the whole index -----------------------------------------------------------------------------


def rebuild(batch: int = 500) -> int:
    """Make the index again from the items, posts and summaries; returns the number of entries."""
    db.session.execute(delete(SearchEntry).execution_options(synchronize_session=False))
    for item in list(db.session.scalars(select(AgendaItem).order_by(AgendaItem.id))):
        index_item(item)
    ids = list(db.session.scalars(select(Post.id).where(Post.state != PostState.WITHDRAWN.value).order_by(Post.id)))
    for start in range(0, len(ids), batch):
        chunk = select(Post).where(Post.id.in_(ids[start:start + batch])).options(selectinload(Post.translations))
        for post in list(db.session.scalars(chunk)):
            index_post(post)
            for translation in post.translations:
                index_post_translation(translation, post)
    summaries = select(Summary).where(Summary.current_version_id.is_not(None)).order_by(Summary.id)
    for summary in list(db.session.scalars(summaries.options(selectinload(Summary.current_version)
                                                             .selectinload(SummaryVersion.recommendations)))):
        index_summary(summary, summary.current_version)
        for translation in list(db.session.scalars(select(SummaryTranslation).where(
                SummaryTranslation.version_id == summary.current_version_id))):
            index_summary_translation(translation, summary)
    db.session.flush()
    return db.session.scalar(select(func.count(SearchEntry.id))) or 0
