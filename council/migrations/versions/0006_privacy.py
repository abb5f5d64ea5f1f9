"""privacy: anonymous posts counted apart; composition published from periodic snapshots

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('composition_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_gender', sa.JSON(), nullable=False),
    sa.Column('by_group', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_composition_snapshots_council_id_councils'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_composition_snapshots')),
    sa.UniqueConstraint('council_id', 'period_start', name=op.f('uq_composition_snapshots_council_id_period_start'))
    )
    with op.batch_alter_table('composition_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_composition_snapshots_council_id'), ['council_id'], unique=False)
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymous_post_count', sa.Integer(), server_default='0', nullable=False))
    # Contributors are now the people who posted under their name.
    op.execute(
        "UPDATE agenda_items SET "
        "anonymous_post_count = (SELECT count(*) FROM posts WHERE posts.item_id = agenda_items.id "
        "AND posts.state = 'visible' AND posts.anonymous), "
        "contributor_count = (SELECT count(DISTINCT posts.author_id) FROM posts WHERE posts.item_id = agenda_items.id "
        "AND posts.state = 'visible' AND NOT posts.anonymous)"
    )


def downgrade():
    with op.batch_alter_table('composition_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_composition_snapshots_council_id'))
    op.drop_table('composition_snapshots')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('anonymous_post_count')
