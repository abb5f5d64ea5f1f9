"""The councils' part of a person's data download (events.personal_data): their memberships and
applications, the membership decisions they took as a facilitator, and the invitations they sent
and received. Nothing of another person: a decision names the membership by number, and a sent
invitation does not repeat the address of the person invited."""

from __future__ import annotations

from sqlalchemy import or_, select

from council import events
from council.councils.models import Invitation, Membership
from council.extensions import db

COVERS = ("memberships.user_id", "memberships.decided_by_id", "invitations.invited_by_id",
          "invitations.accepted_by_id")


@events.personal_data.connect
def memberships(user, **_kwargs):
    rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id).order_by(Membership.id))
    return "memberships", [
        {
            "council_id": m.council_id,
            "role": m.role,
            "status": m.status,
            "group_represented": m.constituency,
            "statement": m.statement,
            "decision_message": m.decision_message,
            "applied_at": m.created_at,
            "decided_at": m.decided_at,
        }
        for m in rows
    ]


@events.personal_data.connect
def membership_decisions(user, **_kwargs):
    rows = db.session.scalars(
        select(Membership).where(Membership.decided_by_id == user.id, Membership.user_id != user.id)
        .order_by(Membership.id)
    )
    return "membership_decisions", [
        {"membership_id": m.id, "council_id": m.council_id, "status": m.status, "decided_at": m.decided_at}
        for m in rows
    ]


def _invitation(i: Invitation) -> dict:
    return {"council_id": i.council_id, "role": i.role, "language": i.language, "sent_at": i.created_at,
            "expires_at": i.expires_at, "accepted_at": i.accepted_at, "revoked_at": i.revoked_at}


@events.personal_data.connect
def invitations(user, **_kwargs):
    sent = db.session.scalars(select(Invitation).where(Invitation.invited_by_id == user.id).order_by(Invitation.id))
    received = db.session.scalars(
        select(Invitation)
        .where(or_(Invitation.accepted_by_id == user.id, Invitation.email == user.email))
        .order_by(Invitation.id)
    )
    return "invitations", {
        "sent": [_invitation(i) for i in sent],
        "received": [{**_invitation(i), "address": i.email} for i in received],
    }
