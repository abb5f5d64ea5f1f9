"""A council with an author, a second member, a facilitator and an observer, and an agreement."""

from __future__ import annotations

import pytest

from tests.conftest import make_agreement, make_council, make_membership, make_user


@pytest.fixture
def setting(app):
    council = make_council()
    people = {}
    for name, role in (("author", "member"), ("second", "member"), ("facilitator", "facilitator"),
                       ("observer", "observer")):
        people[name] = make_user(display_name=name.title())
        make_membership(people[name], council, role=role)
    agreement = make_agreement(council.region.country, provisions=4)

    class Setting:
        pass

    s = Setting()
    s.council, s.agreement, s.people = council, agreement, people
    s.provision = agreement.provisions[0]
    return s
