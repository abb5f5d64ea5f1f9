"""page revisions: the revision of each scope a kept page depends on (council/core/revisions.py)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 18:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'page_revisions',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_page_revisions')),
    )
    # A database of its own from the start: pages kept for another database (a cache shared with
    # an earlier one) never match this one's revisions.
    table = sa.table('page_revisions', sa.column('scope', sa.String), sa.column('revision', sa.BigInteger))
    op.bulk_insert(table, [{'scope': 'global', 'revision': secrets.randbits(62)}])


def downgrade():
    op.drop_table('page_revisions')
