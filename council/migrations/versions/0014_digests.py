"""digests: what office readers follow, their e-mail day and the feed's token

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=True),
    sa.Column('destination_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_digest_follows_council_id_councils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['destination_id'], ['destinations.id'], name=op.f('fk_digest_follows_destination_id_destinations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_follows')),
    sa.UniqueConstraint('user_id', 'council_id', name=op.f('uq_digest_follows_user_id_council_id')),
    sa.UniqueConstraint('user_id', 'destination_id', name=op.f('uq_digest_follows_user_id_destination_id'))
    )
    with op.batch_alter_table('digest_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_follows_user_id'), ['user_id'], unique=False)

    op.create_table('digest_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.Column('mail_day', sa.Integer(), nullable=True),
    sa.Column('feed_token_hash', sa.String(length=64), nullable=True),
    sa.Column('feed_token_created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_mailed_start', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_settings')),
    sa.UniqueConstraint('feed_token_hash', name=op.f('uq_digest_settings_feed_token_hash'))
    )


def downgrade():
    op.drop_table('digest_settings')
    with op.batch_alter_table('digest_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_follows_user_id'))
    op.drop_table('digest_follows')
