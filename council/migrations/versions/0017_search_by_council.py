"""search by council: on PostgreSQL the GIN index of the search entries holds council_id with tsv,
so that a search finds the words within the reader's councils in one lookup, instead of finding
every match in every council and filtering afterwards (council/search/queries.py). council_id
enters a GIN index through the btree_gin extension (created if it is not there yet, and left in
place on the way down: other objects may use it). It replaces the index on tsv alone, which the
new one serves as well. Nothing changes on SQLite (FTS5 has no such index).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 18:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute("CREATE INDEX ix_search_entries_council_tsv ON search_entries USING gin (council_id, tsv)")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_tsv")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    op.execute("DROP INDEX IF EXISTS ix_search_entries_council_tsv")
