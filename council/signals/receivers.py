"""What the signals domain does when signals change (tell people, in their languages) and the
fragments it puts on other domains' pages (dashboard, council page).

Nobody is told of a signal they may not see: facilitators only of signals at their level, the
council only of signals marked `council`, the office reader of the escalations to their destination."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from council import events
from council.core import hooks
from council.councils.models import Membership
from council.extensions import db
from council.forwarding.models import OfficeAssignment
from council.notifications import services as notifications
from council.notifications.models import Kind
from council.participation.queries import Source
from council.permissions import Permission, Role, can, roles, signal_levels
from council.signals import queries
from council.signals.models import Escalation, Signal


def _data(signal: Signal, **extra) -> dict:
    return {"signal_id": signal.id, "signal_council": signal.council_id, "title": signal.title,
            "title_lang": signal.language, **extra}


def _council_people(council_id: int, roles_wanted: tuple[str, ...]) -> list[int]:
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.council_id == council_id, Membership.status == "active", Membership.role.in_(roles_wanted))))


def _audience(signal: Signal) -> list[int]:
    """Who in the council may read `signal`, besides its reporter."""
    if signal.confidentiality == "council":
        return _council_people(signal.council_id, ("member", "facilitator", "observer"))
    if signal.confidentiality == "facilitators_office":
        return _council_people(signal.council_id, ("facilitator",))
    return []


@events.signal_raised.connect
def _raised(signal: Signal, actor=None, **_kw) -> None:
    if signal.confidentiality == "office_only":
        return
    notifications.notify(_council_people(signal.council_id, ("facilitator",)), Kind.SIGNAL_RAISED,
                         council_id=signal.council_id, data=_data(signal), exclude_user_id=getattr(actor, "id", None))


@events.signal_status_changed.connect
def _status_changed(signal: Signal, actor=None, before=None, **_kw) -> None:
    if signal.reporter_id is None:
        return
    notifications.notify([signal.reporter_id], Kind.SIGNAL_UPDATED, council_id=signal.council_id,
                         data=_data(signal, signal_status=signal.status), exclude_user_id=getattr(actor, "id", None))


@events.signal_escalated.connect
def _escalated(escalation: Escalation, actor=None, **_kw) -> None:
    readers = db.session.scalars(select(OfficeAssignment.user_id).where(
        OfficeAssignment.destination_id == escalation.destination_id)).all()
    notifications.notify(readers, Kind.SIGNAL_ESCALATED, data=_data(escalation.signal))


@events.signal_responded.connect
def _responded(escalation: Escalation, actor=None, action: str = "respond", **_kw) -> None:
    signal = escalation.signal
    people = set(_audience(signal))
    if signal.reporter_id is not None:
        people.add(signal.reporter_id)
    notifications.notify(people, Kind.SIGNAL_RESPONDED, council_id=signal.council_id,
                         data=_data(signal, step=action), exclude_user_id=getattr(actor, "id", None))


# --- fragments on other pages ----------------------------------------------------------------------


@hooks.fill("council.sections")
def _council_link(council=None, **_kw):
    if council is None or not can(current_user, Permission.VIEW_SIGNALS, council):
        return None
    return Markup('<a href="%s">%s</a>') % (
        url_for("signals.index", council_id=council.id), _("Early-warning signals"))


@hooks.fill("dashboard.sections")
def _overdue(user=None, **_kw):
    """Overdue escalations: the office reader's (their destinations), the facilitator's (their councils)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    office = Role.OFFICE in roles(user) or Role.ADMIN in roles(user)
    if office:
        escalations = list(queries.escalations_for_reader(user, overdue_only=True).items)
    else:
        escalations = queries.overdue_for_facilitator(user)
    if not escalations and not office:
        return None
    return render_template("signals/_dashboard.html", escalations=escalations, office=office)


@events.participation_sources.connect
def _participation(council, viewer=None, since=None, until=None, **_kw):
    """Signals raised by members of the council, counted on its participation page: only those at
    the levels the reader sees (never by whether the reader raised them), with a known reporter."""
    levels, _own = signal_levels(viewer, council)
    if not levels:
        return None
    where = [Signal.council_id == council.id, Signal.confidentiality.in_(sorted(levels)),
             Signal.reporter_id.is_not(None)]
    if since is not None:
        where.append(Signal.reported_at >= since)
    if until is not None:
        where.append(Signal.reported_at < until)
    return "signals", Source(_l("Early-warning signals raised"), select(func.count(Signal.id)).where(*where),
                             select(Signal.reporter_id).where(*where).distinct(), order=40)
