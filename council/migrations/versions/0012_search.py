"""search: the index of agenda items, posts and summaries, with each engine's full-text search

PostgreSQL: a generated tsvector column (the row's language's text search configuration) with a
GIN index. SQLite: an FTS5 table over the index (external content), kept in step by triggers.
Neither is in the models (see council/search/models.py, include_object). Fill the index of an
existing database afterwards with `flask council search-rebuild`.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

CONFIGS = ('english', 'french', 'spanish', 'russian', 'arabic', 'simple')
CASE = " ".join(f"WHEN '{c}' THEN '{c}'::regconfig" for c in CONFIGS)


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('translation', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('config', sa.String(length=20), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_search_entries_council_id_councils')),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_search_entries_item_id_agenda_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'object_id', 'language', name=op.f('uq_search_entries_kind_object_id_language'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_item_id'), ['item_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("ALTER TABLE search_entries ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
                   f"(to_tsvector(CASE config {CASE} ELSE 'simple'::regconfig END, terms)) STORED")
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    elif dialect == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_entries', content_rowid='id', "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
                   "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END")
        op.execute("CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
                   "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END")
        op.execute("CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
                   "INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
                   "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS search_entries_au")
        op.execute("DROP TRIGGER IF EXISTS search_entries_ad")
        op.execute("DROP TRIGGER IF EXISTS search_entries_ai")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_item_id'))
        batch_op.drop_index(batch_op.f('ix_search_entries_council_id'))
    op.drop_table('search_entries')
