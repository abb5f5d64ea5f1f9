"""The search index: one row per searchable text (an agenda item, a post, a summary, or a human
translation of a post or summary), kept by the services' events (receivers.py).

The index holds text only. Who may find a row is never stored here: queries.py joins each row to
the item, post or summary it copies and applies the same predicates as the pages, so a post hidden
a moment ago or a summary still in draft is not found, whatever the index says.

Each engine matches with its own full-text search, on the `terms` column (the text normalised by
text.index_terms: case folded, accents dropped, Chinese split into characters and pairs):

- PostgreSQL: a stored generated column `tsv` = to_tsvector(<configuration of the row's
  language>, terms). The configuration is in `config` ('english', 'french', 'spanish',
  'russian', 'arabic', or 'simple' for Chinese and any other language). One GIN index holds
  council_id and tsv together (council_id through the btree_gin extension), so that a search
  finds the words within the reader's councils in one lookup (migration 0017).
- SQLite: an FTS5 table `search_fts` over `terms` (external content: search_entries), tokenizer
  "porter unicode61 remove_diacritics 2", kept in step by triggers.

Neither structure is an ORM object: ENGINE_DDL creates them after the table (db.create_all in the
tests) and migration 0012 creates the same; `include_object` tells Alembic's comparison (and
autogenerate) to leave exactly these objects out, tests/core/test_migrations.py checks they exist.
(Migration 0012 made a GIN index on tsv alone; 0017 replaced it with the one on both columns.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from council.extensions import UTCDateTime, db, utcnow

KINDS = ("item", "post", "summary")

# The text search configuration for each interface language; anything else is 'simple'.
CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
SIMPLE = "simple"
ALL_CONFIGS = tuple(CONFIGS.values()) + (SIMPLE,)


def config_for(language: str | None) -> str:
    return CONFIGS.get((language or "").split("_")[0].split("-")[0].lower(), SIMPLE)


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    PAGE_SCOPES_UNSEEN = True  # no kept page shows it (core/revisions.py)
    __table_args__ = (UniqueConstraint("kind", "object_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # item | post | summary
    object_id: Mapped[int] = mapped_column(Integer)  # the item's, post's or summary's id
    translation: Mapped[bool] = mapped_column(Boolean, default=False)  # a human translation of it
    language: Mapped[str] = mapped_column(String(10))
    config: Mapped[str] = mapped_column(String(20))  # PostgreSQL text search configuration
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    title: Mapped[str] = mapped_column(Text, default="")  # items only; others show their item's title
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, as shown in results
    terms: Mapped[str] = mapped_column(Text, default="")  # what is matched (text.index_terms)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<SearchEntry {self.kind} {self.object_id} {self.language}>"


# --- the engines' own structures -----------------------------------------------------------------

_CASE = " ".join(f"WHEN '{c}' THEN '{c}'::regconfig" for c in ALL_CONFIGS)
POSTGRESQL_DDL = [
    f"ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    f"(to_tsvector(CASE config {_CASE} ELSE 'simple'::regconfig END, terms)) STORED",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX ix_search_entries_council_tsv ON search_entries USING gin (council_id, tsv)",
]
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_entries', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]  # the triggers go with search_entries

# What Alembic's comparison must leave out, by engine: the objects above, and FTS5's own tables.
ENGINE_ONLY = {
    "postgresql": {"columns": {("search_entries", "tsv")}, "indexes": {"ix_search_entries_council_tsv"},
                   "tables": set()},
    "sqlite": {
        "columns": set(),
        "indexes": set(),
        "tables": {"search_fts", "search_fts_data", "search_fts_idx", "search_fts_docsize",
                   "search_fts_config"},
    },
}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic (autogenerate and the migrations test): False for the engine's own search
    structures, found in the database with no counterpart in the models; True for all else."""
    if not reflected or compare_to is not None:
        return True
    for engine in ENGINE_ONLY.values():
        if type_ == "table" and name in engine["tables"]:
            return False
        if type_ == "column" and (obj.table.name, name) in engine["columns"]:
            return False
        if type_ == "index" and name in engine["indexes"]:
            return False
    return True


for _statement in POSTGRESQL_DDL:
    event.listen(SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_DDL:
    event.listen(SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in SQLITE_DROP:
    event.listen(SearchEntry.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite"))
