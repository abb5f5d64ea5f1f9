"""security: what a session records (device, address, privilege) and its server-side scratch

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('privileged', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('data')
        batch_op.drop_column('privileged')
        batch_op.drop_column('address')
        batch_op.drop_column('user_agent')
