"""Unsubscribe links: GET changes nothing, POST turns the kind off, forged tokens find nothing."""

from __future__ import annotations

from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from council.extensions import db
from council.notifications import services
from council.notifications.models import NotificationPreference
from tests.conftest import login


def _delivery(user, kind):
    db.session.expire_all()
    return db.session.scalar(select(NotificationPreference.delivery).filter_by(user_id=user.id, kind=kind))


def test_get_shows_a_confirm_button_and_changes_nothing(world, client):
    token = services.unsubscribe_token(world.alice.id, "reply")
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Replies to my posts" in html and f'action="/notifications/unsubscribe/{token}"' in html
    assert _delivery(world.alice, "reply") is None


def test_post_turns_the_kind_off_and_links_to_settings(world, client):
    token = services.unsubscribe_token(world.alice.id, "reply")
    page = client.post(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert 'href="/notifications/settings"' in page.get_data(as_text=True)
    assert _delivery(world.alice, "reply") == "never"
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200  # twice is fine
    assert _delivery(world.alice, "reply") == "never"


def test_it_works_while_signed_in_as_someone_else_and_only_for_the_tokens_owner(world, client):
    login(client, world.bob)
    token = services.unsubscribe_token(world.alice.id, "item_opened")
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
    assert _delivery(world.alice, "item_opened") == "never"
    assert _delivery(world.bob, "item_opened") is None


def test_forged_or_damaged_tokens_find_nothing(world, client, app):
    good = services.unsubscribe_token(world.alice.id, "reply")
    forged = URLSafeSerializer("not-the-secret", salt="unsubscribe").dumps({"u": world.alice.id, "k": "reply"})
    other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="other").dumps({"u": world.alice.id, "k": "reply"})
    unknown_kind = URLSafeSerializer(app.config["SECRET_KEY"], salt="unsubscribe").dumps(
        {"u": world.alice.id, "k": "everything"})
    unknown_user = services.unsubscribe_token(987654, "reply")
    for token in (forged, other_salt, unknown_kind, good[:-3] + "abc", "x", "%00", "é" * 10):
        assert client.get(f"/notifications/unsubscribe/{token}").status_code == 404, token
        assert client.post(f"/notifications/unsubscribe/{token}").status_code == 404, token
    assert client.get(f"/notifications/unsubscribe/{unknown_user}").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{unknown_user}").status_code == 404
    assert db.session.scalars(select(NotificationPreference)).all() == []


def test_post_works_with_csrf_protection_on(world, app, client, monkeypatch):
    login(client, world.alice)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = services.unsubscribe_token(world.alice.id, "reply")
    assert client.post(f"/notifications/unsubscribe/{token}",
                       data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert _delivery(world.alice, "reply") == "never"
    # ...while the other forms of the blueprint still demand the token.
    assert client.post("/notifications/read").status_code == 400
