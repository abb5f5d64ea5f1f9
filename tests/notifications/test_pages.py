"""The notifications page, the unread count in the header, marking as read, and the settings."""

from __future__ import annotations

import re

import pytest
from datetime import timedelta

from flask import render_template
from sqlalchemy import select

from council.extensions import db, utcnow
from council.notifications import queries, services
from council.notifications.models import (DEFAULT_DELIVERY, KIND_LABELS, MEMBER_KINDS, Kind, Notification,
                                          NotificationPreference)

# The kinds a member (not a facilitator, not office) is offered on the settings page.
MEMBERS_KINDS = {kind: label for kind, label in KIND_LABELS.items() if kind in MEMBER_KINDS}
from tests.conftest import login, make_council, make_item, make_membership
from tests.helpers import main_of, text_of


@pytest.fixture(autouse=True)
def _english(world):
    """The pages are read in English here (other tests check other languages)."""
    world.alice.locale = "en"
    db.session.commit()


def _notify_many(world, n, user=None):
    """`n` notifications for `user` (Alice), about several items, oldest first."""
    user = user or world.alice
    items = [world.item] + [make_item(world.council, world.bob, title=f"Topic {i}") for i in range(3)]
    made = []
    for i in range(n):
        item = items[i % len(items)]
        (note,) = services.notify([user], Kind.ITEM_OPENED, item_id=item.id)
        note.created_at = utcnow() - timedelta(minutes=n - i)
        made.append(note)
    db.session.commit()
    return made


def test_the_page_needs_signing_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/notifications/settings").status_code == 302
    assert client.post("/notifications/read").status_code == 302


def test_the_page_lists_newest_first_marks_unread_in_words_and_does_not_mark_them_read(world, client):
    made = _notify_many(world, 3)
    made[0].read_at = utcnow()
    db.session.commit()
    login(client, world.alice)
    page = client.get("/notifications")
    assert page.status_code == 200
    main = main_of(page.get_data(as_text=True))
    positions = [main.index(f'id="notification-{n.id}"') for n in reversed(made)]
    assert positions == sorted(positions)  # newest first
    text = text_of(main)
    assert "2 unread notifications" in text
    assert text.count("Unread") == 2  # said in words, not only by colour
    assert "Read:" in text  # the read one says so to screen readers
    assert "<script>x</script>" not in main and "Water points &lt;script&gt;" in main
    assert main.count("<h1") == 1
    db.session.expire_all()
    assert queries.unread_count(world.alice) == 2  # looking is not reading


def test_the_page_shows_only_my_own_notifications(world, client):
    _notify_many(world, 2, user=world.bob)
    login(client, world.alice)
    text = text_of(main_of(client.get("/notifications").get_data(as_text=True)))
    assert "You have no notifications yet" in text


def test_the_page_is_paginated(world, client):
    _notify_many(world, queries.PER_PAGE + 2)
    login(client, world.alice)
    first = main_of(client.get("/notifications").get_data(as_text=True))
    assert first.count('class="notification ') == queries.PER_PAGE
    assert "Page 1 of 2" in text_of(first)
    second = main_of(client.get("/notifications?page=2").get_data(as_text=True))
    assert second.count('class="notification ') == 2
    assert client.get("/notifications?page=abc").status_code == 200
    assert client.get("/notifications?page=-4").status_code == 200
    assert client.get("/notifications?page=99999999999999999999").status_code == 200


def test_unread_count_and_header_link(world, app):
    _notify_many(world, 3)
    assert queries.unread_count(world.alice) == 3
    assert queries.unread_count(world.bob) == 0
    with app.test_request_context("/"):
        html = render_template("notifications/_header_link.html", current_user=world.alice)
        assert "Notifications (3 unread)" in text_of(html)
        assert 'href="/notifications"' in html
        assert text_of(render_template("notifications/_header_link.html", current_user=world.bob)) == "Notifications"


def test_mark_all_as_read(world, client):
    _notify_many(world, 3)
    _notify_many(world, 1, user=world.bob)
    login(client, world.alice)
    response = client.post("/notifications/read")
    assert response.status_code == 302 and response.headers["Location"].endswith("/notifications")
    db.session.expire_all()
    assert queries.unread_count(world.alice) == 0
    assert queries.unread_count(world.bob) == 1  # nobody else's
    text = text_of(main_of(client.get("/notifications").get_data(as_text=True)))
    assert "No unread notifications." in text and "Mark all as read" not in text


def test_mark_one_as_read(world, client):
    made = _notify_many(world, 2)
    login(client, world.alice)
    response = client.post("/notifications/read", data={"id": made[0].id, "next": "/notifications?page=1"})
    assert response.status_code == 302 and response.headers["Location"] == "/notifications?page=1"
    db.session.expire_all()
    assert db.session.get(Notification, made[0].id).read_at is not None
    assert db.session.get(Notification, made[1].id).read_at is None


def test_marking_someone_elses_or_a_malformed_id_changes_nothing(world, client):
    (bobs,) = _notify_many(world, 1, user=world.bob)
    login(client, world.alice)
    assert client.post("/notifications/read", data={"id": bobs.id}).status_code == 404
    assert client.post("/notifications/read", data={"id": "abc"}).status_code == 400
    assert client.post("/notifications/read", data={"id": "999999999999999999999999"}).status_code == 400
    assert client.post("/notifications/read", data={"next": "https://evil.example/"}).headers["Location"] \
        == "/notifications"
    db.session.expire_all()
    assert db.session.get(Notification, bobs.id).read_at is None


def test_query_count_of_the_page_does_not_grow_with_rows(world, client, count_queries):
    other = make_council()
    make_membership(world.alice, other)
    login(client, world.alice)

    def count():
        with count_queries() as n:
            assert client.get("/notifications").status_code == 200
        return n()

    _notify_many(world, 5)
    five = count()
    _notify_many(world, 40)
    other_item = make_item(other, world.bob, title="Elsewhere")
    for _ in range(5):
        services.notify([world.alice], Kind.ITEM_CLOSED, item_id=other_item.id)
    db.session.commit()
    assert db.session.scalar(select(db.func.count(Notification.id))) == 50
    assert count() == five


def test_settings_show_the_defaults(world, client, app):
    login(client, world.alice)
    page = client.get("/notifications/settings").get_data(as_text=True)
    main = main_of(page)
    for kind, label in MEMBERS_KINDS.items():
        with app.test_request_context():
            assert str(label) in text_of(main)
        checked = re.search(rf'<input[^>]*checked[^>]*name="{kind}"[^>]*value="(\w+)"', main) or \
            re.search(rf'<input[^>]*name="{kind}"[^>]*value="(\w+)"[^>]*checked', main)
        assert checked and checked.group(1) == DEFAULT_DELIVERY[kind], kind


def test_settings_are_saved(world, client):
    login(client, world.alice)
    choices = {kind: "never" for kind in MEMBERS_KINDS}
    choices["reply"] = "immediate"
    response = client.post("/notifications/settings", data=choices)
    assert response.status_code == 302
    saved = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery).filter_by(user_id=world.alice.id)).all())
    assert saved == choices
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your notification settings are saved." in page
    assert re.search(r'<input[^>]*checked[^>]*name="reply"[^>]*value="immediate"', page) or \
        re.search(r'<input[^>]*name="reply"[^>]*value="immediate"[^>]*checked', page)


def test_bad_settings_are_refused_with_a_message_and_change_nothing(world, client):
    login(client, world.alice)
    choices = {kind: "daily" for kind in MEMBERS_KINDS}
    choices["reply"] = "hourly"
    response = client.post("/notifications/settings", data=choices)
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    del choices["reply"]
    assert client.post("/notifications/settings", data=choices).status_code == 400
    assert db.session.scalars(select(NotificationPreference)).all() == []
