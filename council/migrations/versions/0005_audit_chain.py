"""audit log: client address, hash chain, append-only on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:30:00.000000

Existing events are chained in id order (council/audit/chain.py). On PostgreSQL a trigger then
refuses every UPDATE and DELETE on audit_events (TRUNCATE, which the test suite uses, does not
fire row or statement triggers for UPDATE/DELETE and stays possible for the table's owner).
"""
from alembic import op
import sqlalchemy as sa

from council.audit import chain
from council.extensions import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
"""

_events = sa.table(
    'audit_events',
    sa.column('id', sa.Integer()),
    sa.column('created_at', UTCDateTime()),
    sa.column('actor_id', sa.Integer()),
    sa.column('action', sa.String()),
    sa.column('target_type', sa.String()),
    sa.column('target_id', sa.Integer()),
    sa.column('council_id', sa.Integer()),
    sa.column('client_address', sa.String()),
    sa.column('detail', sa.JSON()),
    sa.column('chain_hash', sa.String()),
)


def _chain_existing_events():
    conn = op.get_bind()
    columns = [_events.c[name] for name in chain.FIELDS]
    rows = conn.execute(sa.select(_events.c.id, *columns).order_by(_events.c.id)).all()
    previous = None
    for row in rows:
        previous = chain.link(previous, dict(zip(chain.FIELDS, row[1:])))
        conn.execute(_events.update().where(_events.c.id == row[0]).values(chain_hash=previous))


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_address', sa.String(length=45), nullable=True))
        batch_op.add_column(sa.Column('chain_hash', sa.String(length=64), nullable=True))
    _chain_existing_events()
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.alter_column('chain_hash', existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events')
        op.execute('DROP FUNCTION IF EXISTS audit_events_append_only()')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('client_address')
