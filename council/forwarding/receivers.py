"""What the forwarding domain does for lower ones: it tells destinations of a corrected summary,
shows on the summary page what became of it and the action to forward it (template hooks), and
gives permissions the destinations an office account reads for."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from council import events, permissions
from council.core import hooks
from council.extensions import db
from council.forwarding import queries, services
from council.forwarding.models import OfficeAssignment
from council.permissions import Permission, can


@permissions.provides("destinations")
def destinations_of(user_id: int) -> list[int]:
    return list(db.session.scalars(select(OfficeAssignment.destination_id).where(OfficeAssignment.user_id == user_id)))


@events.summary_corrected.connect
def _summary_corrected(summary, *, version, actor=None, **_kwargs) -> None:
    """A correction of a forwarded summary reaches every destination it was sent to."""
    if services.forwardings_of(summary):
        services.summary_corrected(summary, version, actor=actor)


@hooks.fill("summary.after")
def outcomes_section(*, summary, **_context) -> str | None:
    """Where an adopted summary was forwarded, and the answers (nothing if it never was)."""
    outcomes = queries.outcomes_for_summary(summary) if summary.is_adopted else None
    if outcomes is None:
        return None
    return render_template("forwarding/_outcomes.html", outcomes=outcomes, summary=summary)


@hooks.fill("summary.actions")
def forward_action(*, summary, council, item, **_context) -> str | None:
    if not summary.is_adopted or not can(current_user, Permission.FORWARD_SUMMARY, council):
        return None
    return render_template("forwarding/_forward_action.html", council=council, item=item)
