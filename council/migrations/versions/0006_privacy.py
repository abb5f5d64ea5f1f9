"""privacy: anonymous posts counted apart; composition published from periodic snapshots

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
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
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('anonymous_post_count')
