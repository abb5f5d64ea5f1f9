"""links between early-warning signals and monitoring: evidence names a signal by a real foreign key,
and a signal may be linked to agreement provisions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Evidence that names a signal which no longer exists loses the name before the key is added.
    op.execute("UPDATE assessment_evidence SET signal_id = NULL "
               "WHERE signal_id IS NOT NULL AND signal_id NOT IN (SELECT id FROM signals)")
    with op.batch_alter_table('assessment_evidence', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_assessment_evidence_signal_id_signals'), 'signals',
                                    ['signal_id'], ['id'], ondelete='SET NULL')

    op.create_table('signal_provision_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signal_id', sa.Integer(), nullable=False),
    sa.Column('provision_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], name=op.f('fk_signal_provision_links_provision_id_provisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signal_id'], ['signals.id'], name=op.f('fk_signal_provision_links_signal_id_signals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_provision_links')),
    sa.UniqueConstraint('signal_id', 'provision_id', name=op.f('uq_signal_provision_links_signal_id_provision_id'))
    )
    with op.batch_alter_table('signal_provision_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_provision_links_provision_id'), ['provision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_provision_links_signal_id'), ['signal_id'], unique=False)


def downgrade():
    with op.batch_alter_table('signal_provision_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_provision_links_signal_id'))
        batch_op.drop_index(batch_op.f('ix_signal_provision_links_provision_id'))

    op.drop_table('signal_provision_links')
    with op.batch_alter_table('assessment_evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_evidence_signal_id_signals'), type_='foreignkey')
