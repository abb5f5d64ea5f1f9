"""Who may see and do what: roles, permissions, the table between them, and the one gate, can().

DESIGN.md's table, as data. Council roles come from an *active* membership of that council; site
roles (admin, office) from the account. Views use @council_required / @site_required; templates
call can() to show or hide a control. Nothing else decides access.
"""

from __future__ import annotations

import enum
from functools import wraps
from typing import Any, Callable

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select


class Role(str, enum.Enum):
    VISITOR = "visitor"
    SIGNED_IN = "signed_in"
    MEMBER = "member"
    FACILITATOR = "facilitator"
    OBSERVER = "observer"
    OFFICE = "office"
    ADMIN = "admin"


class Permission(str, enum.Enum):
    VIEW_DIRECTORY = "view_directory"  # directory, public profile, composition figures
    APPLY = "apply"  # apply to join this council
    VIEW_MEMBERS = "view_members"  # member list
    VIEW_AGENDA = "view_agenda"  # agenda, threads (and later summaries under review)
    PARTICIPATE = "participate"  # propose items, post, react, report, translate (later: endorse)
    LEAVE = "leave"  # leave the council
    MANAGE_MEMBERS = "manage_members"  # approve/decline applications, invite, suspend
    MANAGE_AGENDA = "manage_agenda"  # accept, decline, merge, reorder, close items
    MODERATE = "moderate"  # review reports, hide and restore posts, decide appeals
    SEE_ANONYMOUS = "see_anonymous"  # see who wrote an anonymous post (each view is audit-logged)
    DRAFT_SUMMARY = "draft_summary"  # draft, revise, put to review and adopt summaries
    FORWARD_SUMMARY = "forward_summary"  # forward adopted summaries to destinations
    READ_INBOX = "read_inbox"  # office: forwarded summaries for one's destinations (see for_destination)
    ANSWER_FORWARDING = "answer_forwarding"  # office: acknowledge and answer (see for_destination)
    VIEW_COUNCIL_AUDIT = "view_council_audit"
    VIEW_MONITORING = "view_monitoring"  # the monitoring matrix and assessments (office: published only)
    ASSESS = "assess"  # draft assessments, add evidence, review another's draft, record a minority view
    PUBLISH_ASSESSMENT = "publish_assessment"  # publish a reviewed assessment of the council
    ADMINISTER = "administer"  # countries, regions, councils, accounts, roles, the whole audit log


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VISITOR: frozenset({Permission.VIEW_DIRECTORY}),
    Role.SIGNED_IN: frozenset({Permission.VIEW_DIRECTORY, Permission.APPLY}),
    Role.MEMBER: frozenset(
        {
            Permission.VIEW_DIRECTORY,
            Permission.VIEW_MEMBERS,
            Permission.VIEW_AGENDA,
            Permission.PARTICIPATE,
            Permission.LEAVE,
            Permission.VIEW_MONITORING,
            Permission.ASSESS,
        }
    ),
    Role.FACILITATOR: frozenset(
        {
            Permission.VIEW_DIRECTORY,
            Permission.VIEW_MEMBERS,
            Permission.VIEW_AGENDA,
            Permission.PARTICIPATE,
            Permission.LEAVE,
            Permission.MANAGE_MEMBERS,
            Permission.MANAGE_AGENDA,
            Permission.MODERATE,
            Permission.SEE_ANONYMOUS,
            Permission.DRAFT_SUMMARY,
            Permission.FORWARD_SUMMARY,
            Permission.VIEW_COUNCIL_AUDIT,
            Permission.VIEW_MONITORING,
            Permission.ASSESS,
            Permission.PUBLISH_ASSESSMENT,
        }
    ),
    Role.OBSERVER: frozenset(
        {Permission.VIEW_DIRECTORY, Permission.VIEW_MEMBERS, Permission.VIEW_AGENDA, Permission.LEAVE,
         Permission.VIEW_MONITORING}
    ),
    Role.OFFICE: frozenset({Permission.VIEW_DIRECTORY, Permission.READ_INBOX, Permission.ANSWER_FORWARDING,
                            Permission.VIEW_MONITORING}),
    Role.ADMIN: frozenset(
        {
            Permission.VIEW_DIRECTORY,
            Permission.VIEW_MEMBERS,
            Permission.VIEW_AGENDA,
            Permission.MANAGE_MEMBERS,
            Permission.MANAGE_AGENDA,
            Permission.MODERATE,
            Permission.SEE_ANONYMOUS,
            Permission.DRAFT_SUMMARY,
            Permission.FORWARD_SUMMARY,
            Permission.READ_INBOX,
            Permission.VIEW_COUNCIL_AUDIT,
            Permission.VIEW_MONITORING,
            Permission.ADMINISTER,
        }
    ),
}

# Roles that carry power over others; with REQUIRE_2FA_FOR_PRIVILEGED they need two factors.
PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.FACILITATOR})


def _memberships(user) -> dict[int, Any]:
    """The user's memberships by council id, loaded once per request."""
    from council.councils.models import Membership
    from council.extensions import db

    cache = g.setdefault("_memberships", {})
    if user.id not in cache:
        rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id))
        cache[user.id] = {m.council_id: m for m in rows}
    return cache[user.id]


def forget_memberships() -> None:
    """Drop the per-request caches after a change to memberships or office assignments."""
    g.pop("_memberships", None)
    g.pop("_destinations", None)


def membership(user, council) -> Any | None:
    if user is None or not user.is_authenticated:
        return None
    return _memberships(user).get(council.id)


def roles(user, council=None) -> set[Role]:
    """Every role `user` holds, site-wide and in `council` if given."""
    if user is None or not user.is_authenticated:
        return {Role.VISITOR}
    held = {Role.SIGNED_IN}
    if user.site_role == "admin":
        held.add(Role.ADMIN)
    elif user.site_role == "office":
        held.add(Role.OFFICE)
    if council is not None:
        m = membership(user, council)
        if m is not None and m.status == "active":
            held.add(Role(m.role))
    return held


def destination_ids(user) -> set[int]:
    """The destinations an office account reads for, loaded once per request."""
    from council.extensions import db
    from council.forwarding.models import OfficeAssignment

    if user is None or not user.is_authenticated or user.site_role != "office":
        return set()
    cache = g.setdefault("_destinations", {})
    if user.id not in cache:
        cache[user.id] = set(
            db.session.scalars(select(OfficeAssignment.destination_id).where(OfficeAssignment.user_id == user.id))
        )
    return cache[user.id]


def council_ids_with(user, permission: Permission) -> set[int] | None:
    """The councils in which `user` holds `permission`: None when a site role gives it everywhere,
    else the ids of the councils where an active membership gives it (for scoping queries)."""
    if user is None or not user.is_authenticated:
        return set()
    if any(permission in ROLE_PERMISSIONS[r] for r in roles(user)):
        return None
    return {cid for cid, m in _memberships(user).items()
            if m.status == "active" and permission in ROLE_PERMISSIONS[Role(m.role)]}


def for_destination(user, permission: Permission, destination_id: int) -> bool:
    """May `user` exercise READ_INBOX or ANSWER_FORWARDING for this destination? Office accounts
    only for the destinations they are attached to; admins read every inbox but do not answer."""
    if not can(user, permission):
        return False
    if Role.ADMIN in roles(user):
        return True
    return destination_id in destination_ids(user)


def is_privileged(user) -> bool:
    """Admin, office, or an active facilitator of any council."""
    if user is None or not user.is_authenticated:
        return False
    if user.site_role in ("admin", "office"):
        return True
    return any(m.status == "active" and m.role == "facilitator" for m in _memberships(user).values())


def can(user, permission: Permission, council=None) -> bool:
    """May `user` exercise `permission`, in `council` where the permission is about one?"""
    held = roles(user, council)
    if permission is Permission.APPLY:
        if council is None or Role.SIGNED_IN not in held:
            return False
        m = membership(user, council)
        return m is None or m.status in ("declined", "left")
    return any(permission in ROLE_PERMISSIONS[r] for r in held)


def council_required(permission: Permission, *, deny: int = 403) -> Callable:
    """Load the council named by the URL's council_id and demand `permission` in it.

    A visitor is sent to sign in; a signed-in person without the permission gets `deny`.
    The view receives `council` instead of `council_id`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, council_id: int, **kwargs):
            from council.councils.models import Council
            from council.extensions import db

            council = db.get_or_404(Council, council_id)
            if not can(current_user, permission, council):
                if not current_user.is_authenticated:
                    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
                abort(deny)
            return view(*args, council=council, **kwargs)

        return wrapper

    return decorator


def site_required(permission: Permission) -> Callable:
    """Demand a site-wide permission (administration)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not can(current_user, permission):
                if not current_user.is_authenticated:
                    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator
