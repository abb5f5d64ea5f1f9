"""What changes memberships: applying, deciding, inviting, suspending, leaving; and what the home
page and the dashboard show.

Services take `actor=`, flush, record the audit event and queue e-mail; they never commit (the
view or the CLI does)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from council import mail, permissions
from council.audit import services as audit
from council.auth import sessions
from council.auth.models import User, UserStatus
from council.core.refusals import Conflict, Refusal
from council.councils import queries
from council.councils.models import Council, Invitation, MemberRole, Membership, MembershipStatus
from council.extensions import db, utcnow
from council.permissions import Permission

APPLIED = MembershipStatus.APPLIED.value
ACTIVE = MembershipStatus.ACTIVE.value
DECLINED = MembershipStatus.DECLINED.value
SUSPENDED = MembershipStatus.SUSPENDED.value
LEFT = MembershipStatus.LEFT.value

INVITABLE_ROLES = (MemberRole.MEMBER.value, MemberRole.OBSERVER.value)


class AlreadyApplied(Conflict):
    pass


class AlreadyDecided(Conflict):
    pass


# --- helpers -------------------------------------------------------------------------------------


def _external(endpoint: str, **values) -> str:
    return mail.external_url(endpoint, **values)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _membership(council: Council, user: User) -> Membership | None:
    return db.session.scalar(select(Membership).filter_by(council_id=council.id, user_id=user.id))


def _new_membership(council: Council, user: User, **values) -> Membership | None:
    """Insert a membership row; None if one appeared meanwhile (a second request of a double click)."""
    m = Membership(council_id=council.id, user_id=user.id, **values)
    try:
        with db.session.begin_nested():
            db.session.add(m)
            db.session.flush()
    except IntegrityError:
        return None
    return m


def _changed() -> None:
    permissions.forget_memberships()


# --- applying and deciding -----------------------------------------------------------------------


def apply(council: Council, *, statement: str, constituency: str, actor: User) -> Membership:
    """`actor` applies to join `council`. A declined or former member may apply again; an
    application is never duplicated."""
    m = _membership(council, actor)
    before = None
    if m is None:
        m = _new_membership(council, actor, status=APPLIED, role=MemberRole.MEMBER.value,
                            statement=statement, constituency=constituency)
        if m is None:
            raise AlreadyApplied(_("You have already applied to this council."))
    elif m.status in (DECLINED, LEFT):
        before = {"status": m.status, "role": m.role}
        m.status = APPLIED
        m.role = MemberRole.MEMBER.value
        m.statement = statement
        m.constituency = constituency
        m.decision_message = ""
        m.decided_by_id = None
        m.decided_at = None
        m.created_at = utcnow()
    elif m.status == APPLIED:
        raise AlreadyApplied(_("You have already applied to this council."))
    else:
        raise Refusal(_("You are already part of this council."))
    db.session.flush()
    audit.record(actor, "membership.apply", m, council_id=council.id, before=before,
                 after={"status": APPLIED})  # not the group: the log is append-only, and erasure must reach it
    _notify_facilitators(council)
    _changed()
    return m


def _notify_facilitators(council: Council) -> None:
    facilitators = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.council_id == council.id,
            Membership.status == ACTIVE,
            Membership.role == MemberRole.FACILITATOR.value,
            User.status == UserStatus.ACTIVE.value,
        )
    ).all()
    queue_url = _external("councils.applications", council_id=council.id)
    for user in facilitators:
        mail.send(user.email, "councils/application_received", language=user.locale, user=user,
                  council=council, queue_url=queue_url)


def decide(membership: Membership, *, approve: bool, message: str, actor: User) -> Membership:
    """Approve or decline an application; the applicant is told by e-mail in their language."""
    if membership.status != APPLIED:
        raise AlreadyDecided(_("This application has already been decided."))
    new_status = ACTIVE if approve else DECLINED
    membership.status = new_status
    membership.decision_message = message or ""
    membership.decided_by_id = actor.id
    membership.decided_at = utcnow()
    db.session.flush()
    audit.record(actor, "membership.approve" if approve else "membership.decline", membership,
                 council_id=membership.council_id, before={"status": APPLIED},
                 after={"status": new_status, "message": membership.decision_message})
    applicant = membership.user
    if applicant.status == UserStatus.ACTIVE.value:
        mail.send(applicant.email, "councils/application_approved" if approve else "councils/application_declined",
                  language=applicant.locale, user=applicant, council=membership.council, membership=membership,
                  council_url=_external("councils.detail", council_id=membership.council_id),
                  dashboard_url=_external("core.dashboard"))
    _changed()
    return membership


# --- invitations ---------------------------------------------------------------------------------


def pending_invitation_for(council: Council, email: str) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(
            Invitation.council_id == council.id,
            func.lower(Invitation.email) == email.strip().lower(),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )


def invite(council: Council, *, email: str, role: str, language: str, actor: User) -> Invitation:
    """Invite `email` to join `council` with `role`; the link is single-use and expires."""
    if role not in INVITABLE_ROLES:
        raise ValueError(role)
    if pending_invitation_for(council, email) is not None:
        raise Refusal(_("An invitation to this address is already waiting. Withdraw it first to send a new one."), "email")
    token = secrets.token_urlsafe(32)
    days = int(current_app.config["INVITATION_DAYS"])
    invitation = Invitation(council_id=council.id, email=email.strip(), role=role, language=language,
                            token_hash=_hash(token), invited_by_id=actor.id, expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor, "invitation.create", invitation, council_id=council.id,
                 after={"role": role, "language": language})  # not the address (personal; the log is append-only)
    mail.send(invitation.email, "councils/invitation", language=language, council=council, invitation=invitation,
              inviter=actor, days=days, invitation_url=_external("councils.invitation", token=token))
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind `token` if it can still be accepted; None otherwise."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _hash(token)).options(selectinload(Invitation.council))
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= utcnow()
    ):
        return None
    return invitation


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """An invitation is bound to the address it was sent to: only that account may accept it."""
    return invitation.email.strip().lower() == (user.email or "").strip().lower()


def accept_invitation(invitation: Invitation, *, actor: User) -> Membership:
    """`actor` accepts: their membership becomes active with the invited role."""
    council = invitation.council
    if not invitation_is_for(invitation, actor):
        raise Refusal(_("This invitation was sent to another e-mail address. Sign in with the account of "
                                "that address to accept it."))
    m = _membership(council, actor)
    if m is not None and m.status == ACTIVE:
        raise Refusal(_("You are already part of this council."))
    if m is not None and m.status == SUSPENDED:
        raise Refusal(_("Your membership of this council is suspended. Ask a facilitator of the council."))
    # Use the invitation up only if nobody else did in between (two clicks on the same link).
    done = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(accepted_at=utcnow(), accepted_by_id=actor.id)
        .execution_options(synchronize_session="fetch")
    )
    if done.rowcount != 1:
        raise Refusal(_("This invitation has already been used."))
    now = utcnow()
    before = None
    if m is None:
        m = _new_membership(council, actor, status=ACTIVE, role=invitation.role, constituency=actor.constituency,
                            decided_by_id=invitation.invited_by_id, decided_at=now)
        if m is None:
            raise Refusal(_("You are already part of this council."))
    else:
        before = {"status": m.status, "role": m.role}
        m.status = ACTIVE
        m.role = invitation.role
        m.constituency = m.constituency or actor.constituency
        m.decision_message = ""
        m.decided_by_id = invitation.invited_by_id
        m.decided_at = now
    db.session.flush()
    audit.record(actor, "invitation.accept", invitation, council_id=council.id, before=before,
                 after={"status": ACTIVE, "role": m.role, "membership_id": m.id})
    if m.role == MemberRole.FACILITATOR.value:
        permissions.forget_memberships()
        sessions.security_changed(actor, actor=actor, reason="role")
    _changed()
    return m


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise Refusal(_("This invitation can no longer be withdrawn."))
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record(actor, "invitation.revoke", invitation, council_id=invitation.council_id,
                 before={"email": invitation.email, "role": invitation.role}, after={"revoked": True})


# --- suspending, reinstating, leaving ------------------------------------------------------------


def may_suspend(actor: User, membership: Membership) -> bool:
    """A facilitator suspends members and observers, never themselves or another facilitator;
    an administrator may also suspend facilitators."""
    return (
        membership.status == ACTIVE
        and membership.user_id != actor.id
        and permissions.can(actor, Permission.MANAGE_MEMBERS, membership.council)
        and (membership.role != MemberRole.FACILITATOR.value or permissions.can(actor, Permission.ADMINISTER))
    )


def may_reinstate(actor: User, membership: Membership) -> bool:
    return (
        membership.status == SUSPENDED
        and membership.user_id != actor.id
        and permissions.can(actor, Permission.MANAGE_MEMBERS, membership.council)
        and (membership.role != MemberRole.FACILITATOR.value or permissions.can(actor, Permission.ADMINISTER))
    )


def suspend(membership: Membership, *, actor: User) -> None:
    if not may_suspend(actor, membership):
        raise Refusal(_("You cannot suspend this person."))
    membership.status = SUSPENDED
    db.session.flush()
    audit.record(actor, "membership.suspend", membership, council_id=membership.council_id,
                 before={"status": ACTIVE}, after={"status": SUSPENDED})
    _changed()


def reinstate(membership: Membership, *, actor: User) -> None:
    if not may_reinstate(actor, membership):
        raise Refusal(_("You cannot reinstate this person."))
    membership.status = ACTIVE
    db.session.flush()
    audit.record(actor, "membership.reinstate", membership, council_id=membership.council_id,
                 before={"status": SUSPENDED}, after={"status": ACTIVE})
    _changed()


def leave(council: Council, *, actor: User) -> Membership:
    m = _membership(council, actor)
    if m is None or m.status != ACTIVE:
        raise Refusal(_("You are not part of this council."))
    before = {"status": m.status, "role": m.role}
    m.status = LEFT
    db.session.flush()
    audit.record(actor, "membership.leave", m, council_id=council.id, before=before, after={"status": LEFT})
    _changed()
    return m


# --- home page and dashboard ---------------------------------------------------------------------


def directory_preview() -> list[Council]:
    """A few councils for the home page."""
    return queries.preview()


def dashboard(user: User) -> dict:
    """What the dashboard shows `user` of their councils, in a fixed number of queries.

    `managed` lists the councils whose queues the person keeps (facilitator, or every council for
    an admin); `application_counts` how many applications wait in each."""
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.council).options(*queries.council_options()))
        .order_by(Membership.updated_at.desc(), Membership.id.desc())
    ).all()
    active = [m for m in rows if m.status == ACTIVE]
    applications = [m for m in rows if m.status in (APPLIED, DECLINED)]
    suspended = [m for m in rows if m.status == SUSPENDED]

    administers = permissions.can(user, Permission.ADMINISTER)
    if administers:
        managed_ids = None  # every council
    else:
        managed_ids = [m.council_id for m in active if permissions.can(user, Permission.MANAGE_MEMBERS, m.council)]
    counts = select(Membership.council_id, func.count()).where(Membership.status == APPLIED)
    if managed_ids is not None:
        counts = counts.where(Membership.council_id.in_(managed_ids or [-1]))
    application_counts = dict(db.session.execute(counts.group_by(Membership.council_id)).tuples().all())
    return {
        "memberships": active,
        "applications": applications,
        "suspended": suspended,
        "managed_ids": managed_ids,
        "application_counts": application_counts,
        "administers": administers,
    }
