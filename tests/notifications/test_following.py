"""Following an item tells of its new posts, at once or in the daily digest as the person chose;
the settings page offers each person only the kinds of notification that concern them."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from council.agendas.models import ItemFollow
from council.extensions import db
from council.notifications.models import Notification, NotificationPreference
from tests.conftest import make_membership, make_user
from tests.helpers import client_for, main_of, text_of


def _write(app, user, item, body="News from the well.", **extra):
    data = {"body": body, "kind": "contribution", "language": "en", "submission_key": secrets.token_urlsafe(24)}
    data.update(extra)
    response = client_for(app, user).post(f"/councils/{item.council_id}/agenda/{item.id}/posts", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _notes(user, kind="item_post"):
    return db.session.scalars(select(Notification).filter_by(user_id=user.id, kind=kind)).all()


def test_a_follower_is_told_of_new_posts_in_the_daily_digest_by_default(app, world, outbox):
    db.session.add(ItemFollow(user_id=world.bob.id, item_id=world.item.id))
    db.session.commit()
    _write(app, world.alice, world.item)
    [note] = _notes(world.bob)
    assert note.item_id == world.item.id and note.post_id is not None
    assert [m for m in outbox if m["To"] == world.bob.email] == []  # daily: waits for the digest
    assert _notes(world.alice) == []  # the writer is not told of their own post
    assert _notes(world.facilitator) == []  # who does not follow is not told
    page = client_for(app, world.bob).get("/notifications?lang=en").get_data(as_text=True)
    assert "New post in “ Water points <script>x</script> ”, which you follow" in text_of(main_of(page))
    assert f"/posts/{note.post_id}" in page


def test_a_follower_who_chose_immediately_gets_an_email(app, world, outbox):
    db.session.add(ItemFollow(user_id=world.bob.id, item_id=world.item.id))
    db.session.add(NotificationPreference(user_id=world.bob.id, kind="item_post", delivery="immediate"))
    db.session.commit()
    _write(app, world.alice, world.item)
    [mail] = [m for m in outbox if m["To"] == world.bob.email]
    assert "which you follow" in mail["Subject"]


def test_a_reply_to_a_follower_is_told_once(app, world):
    db.session.add(ItemFollow(user_id=world.alice.id, item_id=world.item.id))
    db.session.commit()
    _write(app, world.bob, world.item, reply_to=str(world.post.id))
    assert len(_notes(world.alice, "reply")) == 1 and _notes(world.alice) == []


def _settings(app, user) -> str:
    return text_of(main_of(client_for(app, user).get("/notifications/settings?lang=en").get_data(as_text=True)))


def test_settings_offer_each_person_only_the_kinds_that_concern_them(app, world):
    member = _settings(app, world.alice)
    assert "New posts in items I follow" in member and "Replies to my posts" in member
    assert "Summaries forwarded to my office" not in member and "Signals escalated to my office" not in member
    assert "Early-warning signals waiting for review" not in member

    facilitator = _settings(app, world.facilitator)
    assert "Early-warning signals waiting for review" in facilitator
    assert "Summaries forwarded to my office" not in facilitator

    office = _settings(app, make_user(site_role="office"))
    assert "Summaries forwarded to my office" in office and "Signals escalated to my office" in office
    assert "Replies to my posts" not in office and "New posts in items I follow" not in office


def test_saving_the_settings_saves_the_kinds_offered(app, world):
    import re

    client = client_for(app, world.alice)
    page = client.get("/notifications/settings").get_data(as_text=True)
    radios = re.findall(r"<input[^>]*>", page)
    names = {re.search(r'name="([a-z_]+)"', r).group(1) for r in radios if 'type="radio"' in r}
    assert "item_post" in names and "forwarding_received" not in names
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {name: "never" for name in names}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/notifications/settings", data=data).status_code == 302
    saved = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery).filter_by(user_id=world.alice.id)).all())
    assert saved == {name: "never" for name in names}
