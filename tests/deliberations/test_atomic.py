"""A post and a mark are all or nothing: a failure after the row is written leaves no row behind
(on SQLite too, where a SAVEPOINT used to open, and its RELEASE commit, the transaction)."""

from __future__ import annotations

from sqlalchemy import func, select

from council.deliberations import services
from council.deliberations.models import Post, PostReaction
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import posts_url, send_post


def _fail(*args, **kwargs):
    raise RuntimeError("the counters could not be updated")


def test_a_post_whose_counters_fail_is_not_stored(client, world, monkeypatch):
    login(client, world.member)
    monkeypatch.setattr(services, "update_item_counters", _fail)
    response = send_post(client, world.item, "This must not stay half-made.")
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Post.id))) == 0
    item = db.session.get(type(world.item), world.item.id)
    assert item.post_count == 0 and item.last_post_id is None


def test_a_mark_whose_counters_fail_is_not_stored(client, world, monkeypatch):
    post = make_post(world.item, world.member, "Let us share the wells.")
    login(client, world.other_member)
    monkeypatch.setattr(services, "_shift_counts", _fail)
    response = client.post(posts_url(world.item, post, "react"), data={"value": "agree"})
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.scalar(select(func.count(PostReaction.id))) == 0
    monkeypatch.undo()
    # Nothing is left to make the next mark count wrong.
    assert client.post(posts_url(world.item, post, "react"), data={"value": "agree"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).agree_count == 1
