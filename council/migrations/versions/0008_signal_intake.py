"""early-warning intake by e-mail and SMS: councils' intake settings, received messages and senders

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'signal_intake_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('email_token', sa.String(length=32), nullable=True),
        sa.Column('retention_days', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'],
                                name=op.f('fk_signal_intake_settings_council_id_councils'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_intake_settings')),
        sa.UniqueConstraint('council_id', name=op.f('uq_signal_intake_settings_council_id')),
        sa.UniqueConstraint('email_token', name=op.f('uq_signal_intake_settings_email_token')),
    )
    op.create_table(
        'signal_intake_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('signal_id', sa.Integer(), nullable=True),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('message_key', sa.String(length=64), nullable=False),
        sa.Column('reference', sa.String(length=16), nullable=False),
        sa.Column('sender', sa.String(length=254), nullable=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sender_erased_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['council_id'], ['councils.id'],
                                name=op.f('fk_signal_intake_messages_council_id_councils'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signal_id'], ['signals.id'],
                                name=op.f('fk_signal_intake_messages_signal_id_signals'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_intake_messages')),
        sa.UniqueConstraint('channel', 'message_key', name=op.f('uq_signal_intake_messages_channel_message_key')),
        sa.UniqueConstraint('reference', name=op.f('uq_signal_intake_messages_reference')),
        sa.UniqueConstraint('signal_id', name=op.f('uq_signal_intake_messages_signal_id')),
    )
    with op.batch_alter_table('signal_intake_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_intake_messages_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_intake_messages_received_at'), ['received_at'], unique=False)


def downgrade():
    with op.batch_alter_table('signal_intake_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_intake_messages_received_at'))
        batch_op.drop_index(batch_op.f('ix_signal_intake_messages_council_id'))
    op.drop_table('signal_intake_messages')
    op.drop_table('signal_intake_settings')
