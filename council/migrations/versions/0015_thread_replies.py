"""thread replies: an index on posts.reply_to_id, so that a page of a thread finds the replies to
its posts (wherever they are in the thread) in one indexed query

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 12:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_posts_reply_to_id', 'posts', ['reply_to_id'], unique=False)


def downgrade():
    op.drop_index('ix_posts_reply_to_id', table_name='posts')
