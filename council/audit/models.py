"""The audit log: who did what, when, from where, to which object, with the state before and after.

Rows are only ever added: on PostgreSQL a trigger (migration 0005) refuses UPDATE and DELETE, and
every row is chained to the one before by a hash, so that a changed or missing row shows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.core import revisions
from council.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:  # the audit log sits below accounts: the relationship is resolved by name
    from council.auth.models import User


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column()
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Where the request came from (through the configured proxies), for security events.
    client_address: Mapped[str | None] = mapped_column(String(45))
    # sha256 over the previous row's hash and this row's fields (see council/audit/chain.py).
    chain_hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.target_type}:{self.target_id}>"

    def page_scopes(self) -> tuple[str, ...]:
        # A council's events are read on its pages (the groups invited to an item today); the
        # rest only on the audit log, which is never kept (core/revisions.py).
        return (revisions.council(self.council_id),) if self.council_id is not None else ()
