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
    VIEW_SIGNALS = "view_signals"  # the council's early-warning signals (each level: see signal_levels)
    RAISE_SIGNAL = "raise_signal"  # raise an early-warning signal
    REVIEW_SIGNAL = "review_signal"  # take a signal in review, verify or dismiss it, raise its confidentiality
    ESCALATE_SIGNAL = "escalate_signal"  # escalate a verified signal to a destination
    RESPOND_SIGNAL = "respond_signal"  # office: acknowledge and answer an escalation (see for_destination)
    SEE_SIGNAL_DETAILS = "see_signal_details"  # exact location and the identity of sources
    SEE_SIGNAL_SENDER = "see_signal_sender"  # the number or address an e-mailed or texted signal came from
    VIEW_MONITORING = "view_monitoring"  # the monitoring matrix and assessments (office: published only)
    ASSESS = "assess"  # draft assessments, add evidence, review another's draft, record a minority view
    PUBLISH_ASSESSMENT = "publish_assessment"  # publish a reviewed assessment of the council
    LINK_SIGNAL = "link_signal"  # link a signal of the council to agreement provisions of its region
    VIEW_PARTICIPATION = "view_participation"  # the council's participation picture (figures about groups, never people)
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
            Permission.VIEW_SIGNALS,
            Permission.RAISE_SIGNAL,
            Permission.VIEW_MONITORING,
            Permission.ASSESS,
            Permission.VIEW_PARTICIPATION,
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
            Permission.VIEW_SIGNALS,
            Permission.RAISE_SIGNAL,
            Permission.REVIEW_SIGNAL,
            Permission.ESCALATE_SIGNAL,
            Permission.SEE_SIGNAL_DETAILS,
            Permission.SEE_SIGNAL_SENDER,
            Permission.VIEW_MONITORING,
            Permission.ASSESS,
            Permission.PUBLISH_ASSESSMENT,
            Permission.LINK_SIGNAL,
            Permission.VIEW_PARTICIPATION,
        }
    ),
    Role.OBSERVER: frozenset(
        {Permission.VIEW_DIRECTORY, Permission.VIEW_MEMBERS, Permission.VIEW_AGENDA, Permission.LEAVE,
         Permission.VIEW_SIGNALS, Permission.VIEW_MONITORING, Permission.VIEW_PARTICIPATION}
    ),
    Role.OFFICE: frozenset({Permission.VIEW_DIRECTORY, Permission.READ_INBOX, Permission.ANSWER_FORWARDING,
                            Permission.VIEW_SIGNALS, Permission.RESPOND_SIGNAL, Permission.SEE_SIGNAL_DETAILS,
                            Permission.VIEW_MONITORING, Permission.VIEW_PARTICIPATION}),
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
            Permission.VIEW_SIGNALS,
            Permission.REVIEW_SIGNAL,
            Permission.ESCALATE_SIGNAL,
            Permission.SEE_SIGNAL_DETAILS,
            Permission.VIEW_PARTICIPATION,
        }
    ),
}

# Early-warning signals: the confidentiality levels each role sees, whoever raised the signal.
# Whoever may raise signals in the council also sees the ones they raised themselves, at any level.
SIGNAL_LEVELS_ALL = ("council", "facilitators_office", "office_only")
SIGNAL_LEVELS: dict[Role, frozenset[str]] = {
    Role.MEMBER: frozenset({"council"}),
    Role.OBSERVER: frozenset({"council"}),
    Role.FACILITATOR: frozenset({"council", "facilitators_office"}),
    Role.OFFICE: frozenset(SIGNAL_LEVELS_ALL),
    Role.ADMIN: frozenset(SIGNAL_LEVELS_ALL),
}

# Roles that carry power over others; with REQUIRE_2FA_FOR_PRIVILEGED they need two factors.
PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.FACILITATOR})


# The facts access depends on belong to higher domains: councils knows memberships and councils,
# forwarding knows which destinations an office account reads for. Each registers its loader
# (`@permissions.provides("memberships")` in its receivers module), so this module imports neither.
SOURCES = frozenset({"memberships", "council", "destinations"})
_sources: dict[str, Callable[..., Any]] = {}


def provides(name: str) -> Callable:
    """Decorator: register the loader of one of SOURCES (its owner's receivers module does)."""
    if name not in SOURCES:
        raise KeyError(f"unknown permission source {name!r}")

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _sources[name] = fn
        return fn

    return register


def _source(name: str) -> Callable[..., Any]:
    try:
        return _sources[name]
    except KeyError:
        raise LookupError(f"no domain provides {name!r} to permissions; is its receivers module imported?") from None


def _memberships(user) -> dict[int, Any]:
    """The user's memberships by council id, loaded once per request."""
    cache = g.setdefault("_memberships", {})
    if user.id not in cache:
        cache[user.id] = {m.council_id: m for m in _source("memberships")(user.id)}
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
    if user is None or not user.is_authenticated or user.site_role != "office":
        return set()
    cache = g.setdefault("_destinations", {})
    if user.id not in cache:
        cache[user.id] = set(_source("destinations")(user.id))
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


def signal_levels(user, council) -> tuple[frozenset[str], frozenset[str]]:
    """(levels `user` sees in `council`, levels seen only on signals `user` raised). Queries filter
    on both; nothing else decides which signals a person learns of."""
    if not can(user, Permission.VIEW_SIGNALS, council):
        return frozenset(), frozenset()
    held = roles(user, council)
    levels = frozenset().union(*(SIGNAL_LEVELS.get(r, frozenset()) for r in held))
    own = frozenset(SIGNAL_LEVELS_ALL) if can(user, Permission.RAISE_SIGNAL, council) else frozenset()
    return levels, own


def can_see_signal(user, signal, council) -> bool:
    """May `user` learn that `signal` (of `council`) exists?"""
    if signal.council_id != council.id:
        return False
    levels, own = signal_levels(user, council)
    if signal.confidentiality in levels:
        return True
    return signal.confidentiality in own and signal.reporter_id is not None and signal.reporter_id == user.id


def council_required(permission: Permission, *, deny: int = 403) -> Callable:
    """Load the council named by the URL's council_id and demand `permission` in it.

    A visitor is sent to sign in; a signed-in person without the permission gets `deny`.
    The view receives `council` instead of `council_id`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, council_id: int, **kwargs):
            council = _source("council")(council_id)  # 404 when there is none
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
