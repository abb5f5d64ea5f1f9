"""Agree / disagree: one mark per member per post, changeable, counts exact."""

from __future__ import annotations

import re

from sqlalchemy import select

from council.deliberations import services
from council.deliberations.models import PostReaction
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, item_url, posts_url


def _react(client, item, post, value):
    return client.post(posts_url(item, post, "react"), data={"value": value})


def test_marks_are_counted_and_can_change(client, world):
    post = make_post(world.item, world.member, "Let us share the wells.")
    login(client, world.other_member)
    assert _react(client, world.item, post, "agree").status_code == 302
    assert _react(client, world.item, post, "agree").status_code == 302  # twice: still one mark
    db.session.refresh(post)
    assert (post.agree_count, post.disagree_count) == (1, 0)

    shown = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert 'aria-pressed="true"' in shown and "You agree." in shown
    assert re.search(r'name="value" [^>]*value="none"', shown)  # pressing again takes it back

    _react(client, world.item, post, "disagree")
    db.session.refresh(post)
    assert (post.agree_count, post.disagree_count) == (0, 1)
    client.post("/logout")
    login(client, world.facilitator)
    _react(client, world.item, post, "disagree")
    db.session.refresh(post)
    assert (post.agree_count, post.disagree_count) == (0, 2)
    client.post("/logout")
    login(client, world.other_member)
    _react(client, world.item, post, "none")
    db.session.refresh(post)
    assert (post.agree_count, post.disagree_count) == (0, 1)
    assert len(db.session.scalars(select(PostReaction).where(PostReaction.post_id == post.id)).all()) == 1
    shown = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert 'aria-pressed="true"' not in shown


def test_no_mark_on_ones_own_post(client, world):
    post = make_post(world.item, world.member, "Mine.")
    login(client, world.member)
    shown = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert "/react" not in shown and "0 agree, 0 disagree" in shown
    assert _react(client, world.item, post, "agree").status_code == 403
    db.session.refresh(post)
    assert post.agree_count == 0


def test_bad_values_and_observers_are_refused(client, world):
    post = make_post(world.item, world.member, "Text.")
    login(client, world.other_member)
    assert _react(client, world.item, post, "love").status_code == 400
    assert _react(client, world.item, post, "").status_code == 400
    client.post("/logout")
    login(client, world.observer)
    assert _react(client, world.item, post, "agree").status_code == 403
    db.session.refresh(post)
    assert (post.agree_count, post.disagree_count) == (0, 0)


def test_no_marks_on_hidden_or_withdrawn_posts(client, world):
    hidden = make_post(world.item, world.member, "Hidden.", state="hidden", hidden_reason="spam")
    gone = make_post(world.item, world.member, "", state="withdrawn")
    login(client, world.other_member)
    assert _react(client, world.item, hidden, "agree").status_code == 403
    assert _react(client, world.item, gone, "agree").status_code == 403


def test_counts_stay_exact_through_the_service(app, world):
    post = make_post(world.item, world.member, "Text.")
    people = [world.other_member, world.facilitator]
    for value in ("agree", "disagree", "none", "agree"):
        for person in people:
            services.react(post, actor=person, value=value)
    db.session.commit()
    db.session.refresh(post)
    values = db.session.scalars(select(PostReaction.value).where(PostReaction.post_id == post.id)).all()
    assert post.agree_count == sum(1 for v in values if v == 1) == 2
    assert post.disagree_count == 0
