"""Citations of posts in summaries: [#123] in a summary's Markdown.

render_citations() is the one place where a citation becomes what a reader sees: a link to the
post and its author as the thread shows it, or, for readers who may not see the thread (office
readers), just "post 123". All cited posts of a page are loaded in one query."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from council.agendas.models import AgendaItem
from council.deliberations.models import Post, PostState
from council.extensions import db
from council.permissions import Permission, can

CITATION = re.compile(r"\[#([0-9]{1,12})\]")
# Citations inside links and code are left as written.
_KEEP = re.compile(r"(<a\b[^>]*>.*?</a>|<code\b[^>]*>.*?</code>|<pre\b[^>]*>.*?</pre>)", re.S | re.I)
MAX_CITED = 500  # cited posts loaded for one page, at most


def cited_ids(texts: Iterable[str]) -> list[int]:
    found: dict[int, None] = {}
    for text in texts:
        for match in CITATION.finditer(text or ""):
            found.setdefault(int(match.group(1)), None)
            if len(found) >= MAX_CITED:
                return list(found)
    return list(found)


def _pieces(html) -> list[str]:
    if html is None:
        return []
    if isinstance(html, str):
        return [html]
    if isinstance(html, Mapping):
        return [p for v in html.values() for p in _pieces(v)]
    return [p for v in html for p in _pieces(v)]


def _shape(html, convert):
    if html is None:
        return Markup("")
    if isinstance(html, str):
        return convert(html)
    if isinstance(html, Mapping):
        return {k: _shape(v, convert) for k, v in html.items()}
    return [_shape(v, convert) for v in html]


def may_see_thread(viewer, item: AgendaItem) -> bool:
    return viewer is not None and can(viewer, Permission.VIEW_AGENDA, item.council)


def _cited_posts(item: AgendaItem, ids: list[int]) -> dict[int, Post]:
    if not ids:
        return {}
    posts = db.session.scalars(
        select(Post).options(joinedload(Post.author)).where(Post.id.in_(ids), Post.item_id == item.id)
    )
    return {p.id: p for p in posts}


def _reference(post_id: int, post: Post | None, item: AgendaItem, thread_viewer) -> Markup:
    label = _("post %(number)s", number=post_id)
    if thread_viewer is None:  # office readers: no link, no name
        return Markup('<span class="citation">%s</span>') % label
    if post is None:  # not a post of this item: the text as written
        return escape(f"[#{post_id}]")
    href = url_for("deliberations.permalink", council_id=item.council_id, item_id=item.id, post_id=post.id)
    link = Markup('<a class="citation" href="%s">%s</a>') % (href, label)
    if post.state == PostState.WITHDRAWN.value:
        return link + Markup(' <span class="citation-note">(%s)</span>') % _("withdrawn by its author")
    if post.state == PostState.HIDDEN.value:
        return link + Markup(' <span class="citation-note">(%s)</span>') % _("hidden by a facilitator")
    from council.deliberations import queries as thread_queries

    name, _revealed = thread_queries.author_name(post, thread_viewer)
    if name is None:
        who = escape(_("a council member"))
    else:
        who = Markup('<span class="citation-author" translate="no" dir="auto">%s</span>') % name
    return link + Markup(" (") + who + Markup(")")


def render_citations(html, item: AgendaItem, viewer):
    """`html` (sanitised HTML of a summary: one string, or a dict or list of them) with every [#id]
    made into a reference to the post, as `viewer` (a user) may see it:

    - readers of the thread: a link to the post (deliberations.permalink) and its author as the
      thread shows them ("a council member" for an anonymous post; withdrawn or hidden posts marked);
      a number that is not a post of this item stays as written;
    - everyone else (office readers, exports outside the council): "post 123", no link, no name.

    All cited posts are loaded in one query; the result has the shape of `html` (Markup)."""
    pieces = _pieces(html)
    ids = cited_ids(pieces)
    thread_viewer = None
    posts: dict[int, Post] = {}
    if ids and may_see_thread(viewer, item):
        from council.deliberations import queries as thread_queries

        thread_viewer = thread_queries.viewer_for(viewer, item)
        posts = _cited_posts(item, ids)
    cache: dict[int, Markup] = {}

    def replace(match: re.Match) -> str:
        post_id = int(match.group(1))
        if post_id not in cache:
            cache[post_id] = _reference(post_id, posts.get(post_id), item, thread_viewer)
        return str(cache[post_id])

    def convert(text: str) -> Markup:
        parts = _KEEP.split(str(text))
        return Markup("".join(p if i % 2 else CITATION.sub(replace, p) for i, p in enumerate(parts)))

    return _shape(html, convert)


def plain_citations(text: str) -> str:
    """Markdown for plain-text output: [#123] becomes "[post 123]" (no names)."""
    return CITATION.sub(lambda m: "[" + _("post %(number)s", number=m.group(1)) + "]", text or "")


def reader_citations(text: str, language: str | None = None) -> str:
    """Markdown for readers outside the council (the office's text and JSON forms): [#123] becomes
    "post 123", as the office's page shows it: no brackets left to look like a link or a marker.
    With `language` (the text's own), the word is in that language, so that it reads with the text."""
    if language is None:
        return CITATION.sub(lambda m: _("post %(number)s", number=m.group(1)), text or "")
    from flask_babel import force_locale

    with force_locale(language):
        word = _("post %(number)s", number="\x00")
    return CITATION.sub(lambda m: word.replace("\x00", m.group(1)), text or "")
