"""A small world for the moderation tests: a council with a facilitator, members, an observer,
an open item with a post; another council; helpers to read pages and count queries."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import make_council, make_item, make_membership, make_post, make_user


@dataclass
class World:
    council: object
    item: object
    facilitator: object
    facilitator2: object
    author: object
    members: list
    observer: object
    post: object
    other_council: object
    other_member: object
    other_item: object
    other_post: object

    def post_path(self, post=None, verb=""):
        post = post or self.post
        path = f"/councils/{post.council_id}/agenda/{post.item_id}/posts/{post.id}"
        return f"{path}/{verb}" if verb else path

    @property
    def queue_path(self):
        return f"/councils/{self.council.id}/moderation"


@pytest.fixture
def world(app):
    council = make_council()
    facilitator = make_user(display_name="Fatou Facilitator")
    facilitator2 = make_user(display_name="Second Facilitator")
    author = make_user(display_name="Amal Author")
    members = [make_user(display_name=f"Member {n}") for n in range(4)]
    observer = make_user(display_name="Olga Observer")
    make_membership(facilitator, council, role="facilitator")
    make_membership(facilitator2, council, role="facilitator")
    make_membership(author, council)
    for m in members:
        make_membership(m, council)
    make_membership(observer, council, role="observer")
    item = make_item(council, author, title="Water points in the valley")
    post = make_post(item, author, "The **northern** well is dry again.")

    other_council = make_council()
    other_member = make_user(display_name="Someone Elsewhere")
    make_membership(other_member, other_council, role="facilitator")
    other_item = make_item(other_council, other_member, title="Elsewhere")
    other_post = make_post(other_item, other_member, "A post of another council.")
    return World(council, item, facilitator, facilitator2, author, members, observer, post,
                 other_council, other_member, other_item, other_post)
