"""DESIGN.md's access table as a matrix: every role against every permission in one council."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from council.permissions import Permission as P
from council.permissions import can
from tests.conftest import make_council, make_membership, make_user

ROLES = ["visitor", "signed_in", "applicant", "declined", "member", "facilitator", "observer", "suspended",
         "other_council_member", "other_council_facilitator", "office", "admin"]

# role -> permissions held in the council under test
EXPECTED = {
    "visitor": {P.VIEW_DIRECTORY},
    "signed_in": {P.VIEW_DIRECTORY, P.APPLY},
    "applicant": {P.VIEW_DIRECTORY},
    "declined": {P.VIEW_DIRECTORY, P.APPLY},
    "member": {P.VIEW_DIRECTORY, P.VIEW_MEMBERS, P.VIEW_AGENDA, P.PARTICIPATE, P.LEAVE, P.VIEW_SIGNALS,
              P.RAISE_SIGNAL, P.VIEW_MONITORING, P.ASSESS, P.VIEW_PARTICIPATION},
    "facilitator": {P.VIEW_DIRECTORY, P.VIEW_MEMBERS, P.VIEW_AGENDA, P.PARTICIPATE, P.LEAVE, P.MANAGE_MEMBERS,
                   P.MANAGE_AGENDA, P.MODERATE, P.SEE_ANONYMOUS, P.DRAFT_SUMMARY, P.FORWARD_SUMMARY,
                   P.VIEW_COUNCIL_AUDIT, P.VIEW_SIGNALS, P.RAISE_SIGNAL, P.REVIEW_SIGNAL, P.ESCALATE_SIGNAL,
                   P.SEE_SIGNAL_DETAILS, P.SEE_SIGNAL_SENDER, P.VIEW_MONITORING, P.ASSESS, P.PUBLISH_ASSESSMENT,
                   P.LINK_SIGNAL, P.VIEW_PARTICIPATION},
    "observer": {P.VIEW_DIRECTORY, P.VIEW_MEMBERS, P.VIEW_AGENDA, P.LEAVE, P.VIEW_SIGNALS, P.VIEW_MONITORING,
                 P.VIEW_PARTICIPATION},
    "suspended": {P.VIEW_DIRECTORY},
    "other_council_member": {P.VIEW_DIRECTORY, P.APPLY},
    "other_council_facilitator": {P.VIEW_DIRECTORY, P.APPLY},
    "office": {P.VIEW_DIRECTORY, P.APPLY, P.READ_INBOX, P.ANSWER_FORWARDING, P.VIEW_SIGNALS, P.RESPOND_SIGNAL,
              P.SEE_SIGNAL_DETAILS, P.VIEW_MONITORING, P.VIEW_PARTICIPATION},
    "admin": {P.VIEW_DIRECTORY, P.APPLY, P.VIEW_MEMBERS, P.VIEW_AGENDA, P.MANAGE_MEMBERS, P.MANAGE_AGENDA,
             P.MODERATE, P.SEE_ANONYMOUS, P.DRAFT_SUMMARY, P.FORWARD_SUMMARY, P.READ_INBOX, P.VIEW_COUNCIL_AUDIT,
             P.ADMINISTER, P.VIEW_SIGNALS, P.REVIEW_SIGNAL, P.ESCALATE_SIGNAL, P.SEE_SIGNAL_DETAILS,
             P.VIEW_MONITORING, P.VIEW_PARTICIPATION},
}


class Anonymous(AnonymousUserMixin):
    pass


def person(role, council, other):
    if role == "visitor":
        return Anonymous()
    user = make_user(site_role=role if role in ("office", "admin") else None)
    membership = {
        "applicant": (council, "member", "applied"),
        "declined": (council, "member", "declined"),
        "member": (council, "member", "active"),
        "facilitator": (council, "facilitator", "active"),
        "observer": (council, "observer", "active"),
        "suspended": (council, "member", "suspended"),
        "other_council_member": (other, "member", "active"),
        "other_council_facilitator": (other, "facilitator", "active"),
    }.get(role)
    if membership:
        make_membership(user, membership[0], role=membership[1], status=membership[2])
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(P))
def test_permission_matrix(app, role, permission):
    council, other = make_council(), make_council()
    user = person(role, council, other)
    with app.test_request_context():
        assert can(user, permission, council) is (permission in EXPECTED[role])


@pytest.mark.parametrize(
    "who, permission, expected",
    [
        ("reader", P.READ_INBOX, True),
        ("reader", P.ANSWER_FORWARDING, True),
        ("other_reader", P.READ_INBOX, False),
        ("other_reader", P.ANSWER_FORWARDING, False),
        ("admin", P.READ_INBOX, True),
        ("admin", P.ANSWER_FORWARDING, False),
        ("facilitator", P.READ_INBOX, False),
        ("visitor", P.READ_INBOX, False),
    ],
)
def test_destination_permissions(app, who, permission, expected):
    from council.extensions import db
    from council.forwarding.models import Destination, OfficeAssignment
    from council.permissions import for_destination

    mine, theirs = Destination(names={"en": "RC office"}), Destination(names={"en": "Commission"})
    db.session.add_all([mine, theirs])
    db.session.commit()
    if who == "visitor":
        user = Anonymous()
    else:
        user = make_user(site_role={"reader": "office", "other_reader": "office", "admin": "admin"}.get(who))
        if who == "facilitator":
            make_membership(user, make_council(), role="facilitator")
        db.session.add(OfficeAssignment(user_id=user.id, destination_id=(theirs if who == "other_reader" else mine).id))
        db.session.commit()
    with app.test_request_context():
        assert for_destination(user, permission, mine.id) is expected


# Which early-warning signals each role learns of: (levels seen on anyone's signal, levels seen on own).
ALL_LEVELS = {"council", "facilitators_office", "office_only"}
SIGNAL_LEVELS = {
    "visitor": (set(), set()),
    "signed_in": (set(), set()),
    "applicant": (set(), set()),
    "member": ({"council"}, ALL_LEVELS),
    "facilitator": ({"council", "facilitators_office"}, ALL_LEVELS),
    "observer": ({"council"}, set()),
    "suspended": (set(), set()),
    "other_council_member": (set(), set()),
    "other_council_facilitator": (set(), set()),
    "office": (ALL_LEVELS, set()),
    "admin": (ALL_LEVELS, set()),
}


@pytest.mark.parametrize("role", list(SIGNAL_LEVELS))
def test_signal_levels(app, role):
    from council.permissions import signal_levels

    council, other = make_council(), make_council()
    user = person(role, council, other)
    levels, own = signal_levels(user, council)
    assert (set(levels), set(own)) == SIGNAL_LEVELS[role]


@pytest.mark.parametrize("role", list(SIGNAL_LEVELS))
@pytest.mark.parametrize("level", sorted(ALL_LEVELS))
def test_can_see_signal_by_level_and_reporter(app, role, level):
    from types import SimpleNamespace

    from council.permissions import can_see_signal

    council, other = make_council(), make_council()
    user = person(role, council, other)
    someone_elses = SimpleNamespace(council_id=council.id, reporter_id=-1, confidentiality=level)
    own = SimpleNamespace(council_id=council.id, reporter_id=getattr(user, "id", -2), confidentiality=level)
    elsewhere = SimpleNamespace(council_id=other.id, reporter_id=-1, confidentiality="council")
    seen, seen_own = SIGNAL_LEVELS[role]
    assert can_see_signal(user, someone_elses, council) == (level in seen)
    assert can_see_signal(user, own, council) == (level in seen or level in seen_own)
    assert can_see_signal(user, elsewhere, council) is False


def test_council_ids_with_scopes_monitoring(app):
    from council.permissions import council_ids_with

    council, other = make_council(), make_council()
    member, observer, office, stranger = make_user(), make_user(), make_user(site_role="office"), make_user()
    make_membership(member, council)
    make_membership(observer, other, role="observer")
    make_membership(stranger, council, status="applied")
    with app.test_request_context():
        assert council_ids_with(member, P.VIEW_MONITORING) == {council.id}
        assert council_ids_with(member, P.ASSESS) == {council.id}
        assert council_ids_with(observer, P.VIEW_MONITORING) == {other.id}
        assert council_ids_with(observer, P.ASSESS) == set()
        assert council_ids_with(office, P.VIEW_MONITORING) is None
        assert council_ids_with(stranger, P.VIEW_MONITORING) == set()
        assert council_ids_with(Anonymous(), P.VIEW_MONITORING) == set()
