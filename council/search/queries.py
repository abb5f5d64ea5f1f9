"""Searching: one page of results for a person, in a fixed number of queries (the page with the
number of results, and the names of the councils on it), whatever the number of results.

What a search reads is bounded by what the person may read, not by the size of the index: the
words are looked up within their councils only, and at most CANDIDATES entries (the newest that
match) are ranked and counted; past that number the page says "more than" that many.

Everything a page would refuse is refused in the query itself, by joining each index entry to the
row it copies and applying the same rules as the pages:

- items and posts of the councils where the person may read the agenda (permissions
  .council_ids_with(VIEW_AGENDA)); posts only while visible, hidden ones also for those who
  moderate that council (the thread shows them their text), withdrawn ones never; translations only
  of visible posts;
- summaries of those councils from the review on, drafts for those who draft them
  (summaries.queries.may_read_text); and, for office readers, summaries forwarded to a destination
  they read for (forwarding.queries.readable_destination_ids), linked to the forwarded copy;
- an anonymous post is shown without a name, and no name is ever indexed, so no one finds a post
  by its author's name.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import and_, case, false, func, literal_column, or_, select, text, true
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import selectinload

from council.agendas import queries as agenda_queries
from council.agendas.models import AgendaItem
from council.auth.models import User
from council.councils import queries as council_queries
from council.councils.models import Council
from council.deliberations.models import Post, PostState
from council.extensions import db
from council.forwarding.models import Forwarding
from council.forwarding.queries import readable_destination_ids
from council.permissions import Permission, council_ids_with
from council.search.models import ALL_CONFIGS, SearchEntry
from council.search.text import SNIPPET_CHARS, Query
from council.summaries import queries as summary_queries
from council.summaries.models import Summary, SummaryStatus

PER_PAGE = 20
MAX_PAGE = 50  # deeper pages are refused: a narrower query finds the rest
# The most entries a search reads: every result its pages can show, and one more to tell that
# there are more. Beyond that number the newest matching entries are the ones ranked and counted.
CANDIDATES = PER_PAGE * MAX_PAGE

E = SearchEntry


@dataclass
class Scope:
    """Where a person may search: council ids (None: every council) and destination ids;
    `councils`, the councils whose entries they may find at all (those they read, and those whose
    summaries were forwarded to a destination they read for)."""

    view: set[int] | None
    moderate: set[int] | None
    draft: set[int] | None
    destinations: set[int] | None
    councils: set[int] | None = None

    @property
    def empty(self) -> bool:
        return self.view == set() and self.destinations == set()


def scope_of(user) -> Scope:
    scope = Scope(
        view=council_ids_with(user, Permission.VIEW_AGENDA),
        moderate=council_ids_with(user, Permission.MODERATE),
        draft=council_ids_with(user, Permission.DRAFT_SUMMARY),
        destinations=readable_destination_ids(user),
    )
    if scope.view is not None:
        scope.councils = scope.view | _forwarded_council_ids(scope.destinations or set())
    return scope


def _forwarded_council_ids(destinations: set[int]) -> set[int]:
    """The councils that forwarded a summary to one of these destinations."""
    if not destinations:
        return set()
    return set(db.session.scalars(select(Forwarding.council_id).distinct().where(
        Forwarding.destination_id.in_(sorted(destinations)))))


def _within(column, ids: set[int] | None):
    if ids is None:
        return true()
    return column.in_(sorted(ids)) if ids else false()


@dataclass
class Result:
    kind: str  # item | post | summary
    url: str
    title: Markup
    title_language: str
    excerpt: Markup
    language: str
    translation: bool
    council: Any  # Localized name, or None when the person reads one council only
    author: str | None  # posts: the name, "" for an erased account, None for an anonymous post
    anonymous: bool
    note: str  # the item's or summary's status; "hidden" for a hidden post (moderators)


@dataclass
class Page:
    """A page of results, with what the shared pagination macro reads."""

    query: Query
    results: list[Result]
    total: int  # at most CANDIDATES + 1: `more` tells that there are more than CANDIDATES
    page: int
    searchable: bool = True  # the person may read something that search could find
    per_page: int = PER_PAGE

    @property
    def more(self) -> bool:
        return self.total > CANDIDATES

    @property
    def most(self) -> int:
        return CANDIDATES

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, math.ceil(self.total / self.per_page)))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _postgresql_match(query: Query):
    """The condition that an entry matches, with PostgreSQL's text search.

    First the words as any configuration would stem them: one lookup in the GIN index on
    (council_id, tsv) finds them within the reader's councils. Then, among what it found, the words
    as the entry's own configuration stems them, so that an entry is matched with its own
    language's stemming and stop words. A CASE rather than an OR of arms: the planner counts it as
    one condition of unknown selectivity instead of multiplying it with the first as if the two
    were independent, which made it expect a handful of rows and choose its plan for that."""
    tsv = literal_column("search_entries.tsv")
    words = query.plain()
    queries = {name: func.plainto_tsquery(literal_column(f"'{name}'::regconfig"), words) for name in ALL_CONFIGS}
    any_language = functools.reduce(lambda a, b: a.op("||")(b), queries.values())
    own_language = case(*((E.config == name, tsv.op("@@")(tsquery)) for name, tsquery in queries.items()),
                        else_=false())
    return and_(tsv.op("@@")(any_language), own_language)


def _postgresql_relevance(query: Query, tsv, config):
    return func.ts_rank(tsv, func.plainto_tsquery(config.cast(REGCONFIG), query.plain()))


def _sqlite_hits(query: Query):
    """The entries FTS5 matches, with its relevance (`rank`: lower is better)."""
    return (
        select(literal_column("rowid").label("rowid"), literal_column("rank").label("rank"))
        .select_from(text("search_fts"))
        .where(text("search_fts MATCH :match").bindparams(match=query.fts5()))
        .subquery("hits")
    )


def _forwarded(scope: Scope):
    """The first forwarding of the entry's summary to a destination the person reads (office
    readers only; None for everyone else)."""
    office = scope.destinations is not None and scope.destinations != set() and scope.view is not None
    if not office:
        return None
    return (
        select(func.min(Forwarding.id))
        .where(Forwarding.summary_id == E.object_id, Forwarding.council_id == E.council_id,
               _within(Forwarding.destination_id, scope.destinations))
        .correlate(E)
        .scalar_subquery()
    )


def _joined(statement):
    """The entries joined to the post or summary they copy."""
    return (
        statement
        .outerjoin(Post, and_(E.kind == "post", Post.id == E.object_id, Post.council_id == E.council_id))
        .outerjoin(Summary, and_(E.kind == "summary", Summary.id == E.object_id, Summary.council_id == E.council_id))
    )


def _candidates(query: Query, scope: Scope, dialect: str):
    """The entries the person may find, newest first, at most CANDIDATES + 1 of them, each with
    what its relevance is computed from.

    The reader's councils come first, as a condition of their own: PostgreSQL finds the words
    within those councils in its index (council_id and tsv share one GIN index) instead of finding
    them everywhere and filtering afterwards. The rules themselves follow, in the query: a
    narrower council list only ever finds less."""
    forwarded = _forwarded(scope)
    in_council = _within(E.council_id, scope.view)
    visible_post = Post.state == PostState.VISIBLE.value
    hidden_post = and_(Post.state == PostState.HIDDEN.value, E.translation.is_(False),
                       _within(E.council_id, scope.moderate))
    readable_summary = and_(in_council, or_(Summary.status != SummaryStatus.DRAFT.value,
                                            _within(E.council_id, scope.draft)))
    if forwarded is not None:
        readable_summary = or_(readable_summary, and_(Summary.status == SummaryStatus.ADOPTED.value,
                                                      forwarded.is_not(None)))
    allowed = or_(
        and_(E.kind == "item", in_council),
        and_(E.kind == "post", in_council, or_(visible_post, hidden_post)),
        and_(E.kind == "summary", readable_summary),
    )
    statement = _joined(select(E.id.label("id")).select_from(E)).where(_within(E.council_id, scope.councils), allowed)
    if dialect == "postgresql":
        statement = statement.add_columns(literal_column("search_entries.tsv").label("tsv"), E.config).where(
            _postgresql_match(query))
    else:
        hits = _sqlite_hits(query)
        statement = statement.add_columns(hits.c.rank.label("rank")).join(hits, hits.c.rowid == E.id)
    return statement.order_by(E.id.desc()).limit(CANDIDATES + 1).subquery("candidates")


def _statement(query: Query, scope: Scope, dialect: str, page: int):
    """The page's rows, with the number of candidates on each (`total`, at most CANDIDATES + 1);
    and the statement that counts the candidates, for a page past the last."""
    candidates = _candidates(query, scope, dialect)
    if dialect == "postgresql":
        relevance = _postgresql_relevance(query, candidates.c.tsv, candidates.c.config)
    else:
        relevance = -candidates.c.rank  # FTS5's rank: lower is better
    ranked = (
        select(candidates.c.id, relevance.label("relevance"), func.count().over().label("total"))
        .order_by(relevance.desc(), candidates.c.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
        .subquery("ranked")
    )
    author_name = case((Post.anonymous.is_(False), User.display_name), else_=None)
    columns = [E.id, E.kind, E.object_id, E.translation, E.language, E.council_id, E.item_id, E.title, E.body,
               AgendaItem.title.label("item_title"), AgendaItem.language.label("item_language"),
               AgendaItem.status.label("item_status"), Post.state.label("post_state"),
               Post.anonymous.label("post_anonymous"), author_name.label("author_name"),
               Summary.status.label("summary_status"), ranked.c.total]
    forwarded = _forwarded(scope)
    if forwarded is not None:
        columns.append(forwarded.label("forwarding_id"))
    statement = (
        _joined(select(*columns).select_from(ranked).join(E, E.id == ranked.c.id)
                .join(AgendaItem, and_(AgendaItem.id == E.item_id, AgendaItem.council_id == E.council_id)))
        .outerjoin(User, User.id == Post.author_id)
        .order_by(ranked.c.relevance.desc(), E.id.desc())
    )
    count = select(func.count()).select_from(candidates)
    return statement, count


def search(user, raw: str | None, page: int = 1) -> Page:
    query = Query(raw)
    page = min(max(page, 1), MAX_PAGE)
    scope = scope_of(user)
    if not query or scope.empty:
        return Page(query, [], 0, 1, searchable=not scope.empty)
    statement, count = _statement(query, scope, db.engine.dialect.name, page)
    rows = db.session.execute(statement).all()
    if not rows:  # nothing found, or a page past the last: how many there are, for the page
        total = db.session.scalar(count) if page > 1 else 0
        return Page(query, [], total or 0, page)
    councils = _council_names({r.council_id for r in rows}) if scope.view is None or len(scope.view) != 1 else {}
    return Page(query, [_result(r, query, councils) for r in rows], rows[0].total, page)


def _council_names(ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    found = db.session.scalars(select(Council).where(Council.id.in_(sorted(ids))).options(selectinload(Council.texts)))
    return {c.id: council_queries.council_name(c) for c in found}


def _result(row, query: Query, councils: dict[int, Any]) -> Result:
    if row.kind == "item":
        url = url_for("agendas.item", council_id=row.council_id, item_id=row.item_id)
        note = agenda_queries.status_label(row.item_status)
        title, title_language = row.title, row.language
    elif row.kind == "post":
        url = url_for("deliberations.permalink", council_id=row.council_id, item_id=row.item_id, post_id=row.object_id)
        note = _("Hidden") if row.post_state == PostState.HIDDEN.value else ""
        title, title_language = row.item_title, row.item_language
    else:
        forwarding_id = getattr(row, "forwarding_id", None)
        if forwarding_id is not None:  # an office reader: the copy their destination received
            url = url_for("forwarding.received", forwarding_id=forwarding_id)
        else:
            url = url_for("summaries.view", council_id=row.council_id, item_id=row.item_id)
        note = summary_queries.status_label(row.summary_status)
        title, title_language = row.item_title, row.item_language
    anonymous = row.kind == "post" and bool(row.post_anonymous)
    return Result(
        kind=row.kind,
        url=url,
        title=query.mark(title or ""),
        title_language=title_language,
        excerpt=query.mark(row.body or "", limit=SNIPPET_CHARS),
        language=row.language,
        translation=bool(row.translation),
        council=councils.get(row.council_id),
        author=(row.author_name or "") if row.kind == "post" and not anonymous else None,
        anonymous=anonymous,
        note=note,
    )
