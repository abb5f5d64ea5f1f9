"""The daily digest through a real SMTP server, and one-click unsubscribing from what arrives."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import click
from sqlalchemy import select

from council.extensions import db, utcnow
from council.notifications import services
from council.notifications.cli import register
from council.notifications.models import Kind, Notification, NotificationPreference
from tests.conftest import make_council, make_item, make_membership, make_post, make_user
from tests.conftest import tr
from tests.notifications.conftest import parts


def _run(app):
    group = click.Group("council")
    register(group)
    result = app.test_cli_runner().invoke(group, ["send-digests"])
    assert result.exit_code == 0, result.output
    return result.output


def _pref(user, kind, delivery):
    db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    db.session.commit()


def _delivery(user, kind):
    db.session.expire_all()
    return db.session.scalar(select(NotificationPreference.delivery).filter_by(user_id=user.id, kind=kind))


def test_digest_sends_one_email_per_person_grouped_by_council_and_item_once(world, app, smtp):
    second_item = make_item(world.council, world.bob, title="Grazing routes")
    other_council = make_council(texts={"en": ("Coastal council", ""), "fr": ("Conseil de la côte", "")})
    make_membership(world.alice, other_council)
    far_item = make_item(other_council, world.bob, title="Fishing rights")
    reply = make_post(world.item, world.bob, "A reply.", reply_to_id=world.post.id)
    # Daily by default: replies, items opened, items closing.
    services.notify([world.alice], Kind.REPLY, post_id=reply.id)
    services.notify([world.alice, world.bob], Kind.ITEM_OPENED, item_id=second_item.id)
    services.notify([world.alice], Kind.ITEM_CLOSED, item_id=far_item.id)
    db.session.commit()
    assert smtp.messages == []  # nothing of these goes out at once

    assert "Sent 2 digest" in _run(app)
    assert sorted(r[0] for r in smtp.recipients) == sorted([world.alice.email, world.bob.email])
    msg = next(m for m in smtp.messages if m["To"] == world.alice.email)
    assert msg["Content-Language"] == "fr"
    assert msg["Subject"] == tr(app, "fr", "Your daily summary: %(num)s new notification",
                                "Your daily summary: %(num)s new notifications", 3)
    text, html = parts(msg)
    # Grouped: the council, then each item with what happened in it.
    assert text.index("Water points") < text.index("Grazing routes") < text.index("Conseil de la côte") \
        < text.index("Fishing rights")
    assert "Conseil de la côte" in html and '<html lang="fr"' in html
    assert "<script>x</script>" not in html
    for sentence, title in [("New reply to your post in “%(title)s”", world.item.title),
                            ("“%(title)s” is open for deliberation", "Grazing routes"),
                            ("Deliberation on “%(title)s” has closed", "Fishing rights")]:
        assert tr(app, "fr", sentence, title=title) in text
    assert "Bob" not in text and "Bob" not in html
    for link in re.findall(r"https?://\S+", text):
        assert urlsplit(link).netloc == "localhost"

    # Everything is marked as e-mailed; a second run sends nothing new.
    db.session.expire_all()
    assert all(n.emailed_at is not None for n in db.session.scalars(select(Notification)))
    assert "Sent 0 digest" in _run(app)
    assert len(smtp.messages) == 2

    # Something new: only that is sent the next time.
    services.notify([world.alice], Kind.ITEM_OPENED, item_id=world.item.id)
    db.session.commit()
    _run(app)
    assert len(smtp.messages) == 3
    text, _html = parts(smtp.messages[-1])
    assert "Water points" in text and "Fishing rights" not in text


def test_digest_leaves_out_immediate_never_read_and_inactive(world, app, smtp):
    _pref(world.bob, "item_opened", "never")
    _pref(world.facilitator, "item_opened", "immediate")
    suspended_later = make_user()
    make_membership(suspended_later, world.council)
    services.notify([world.alice, world.bob, world.facilitator, suspended_later], Kind.ITEM_OPENED,
                    item_id=world.item.id)
    db.session.commit()
    assert [r[0] for r in smtp.recipients] == [world.facilitator.email]  # the immediate one
    suspended_later.status = "suspended"
    db.session.commit()
    services.mark_read(world.alice)
    db.session.commit()
    assert "Sent 0 digest" in _run(app)
    assert len(smtp.messages) == 1


def test_digest_carries_a_working_one_click_unsubscribe_link_per_kind(world, app, client, smtp):
    services.notify([world.alice], Kind.ITEM_OPENED, item_id=world.item.id)
    services.notify([world.alice], Kind.ITEM_CLOSED, item_id=world.item.id)
    db.session.commit()
    _run(app)
    (msg,) = smtp.messages
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = re.fullmatch(r"<(https?://\S+)>", msg["List-Unsubscribe"]).group(1)
    text, html = parts(msg)
    links = [u for u in re.findall(r"https?://\S+", text) if "/unsubscribe/" in u]
    assert len(links) == 2  # one per kind in this digest
    for link in links:
        assert link in html

    # The link in the text for "items opened": GET asks and changes nothing, POST turns it off.
    opened_link = next(u for u in links if services.read_unsubscribe_token(u.rsplit("/", 1)[1])[1] == ["item_opened"])
    path = urlsplit(opened_link).path
    page = client.get(path)
    assert page.status_code == 200 and "Stop these e-mails" in page.get_data(as_text=True)
    assert _delivery(world.alice, "item_opened") is None
    done = client.post(path)  # signed out, no CSRF token: as a mail program does (RFC 8058)
    assert done.status_code == 200 and "/notifications/settings" in done.get_data(as_text=True)
    assert _delivery(world.alice, "item_opened") == "never"
    assert _delivery(world.alice, "item_closed") is None

    # The header's one-click POST covers the kinds of this digest.
    response = client.post(urlsplit(header_url).path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _delivery(world.alice, "item_closed") == "never"


def test_immediate_email_through_smtp_carries_the_unsubscribe_headers(world, app, client, smtp):
    services.notify([world.alice], Kind.PROPOSAL_DECIDED, item_id=world.item.id, data={"outcome": "declined"})
    db.session.commit()
    (msg,) = smtp.messages
    text, html = parts(msg)
    assert msg["Subject"] == tr(app, "fr", "Your proposal “%(title)s” was declined", title=world.item.title)
    assert world.item.title in text and "Water points &lt;script&gt;" in html
    url = re.fullmatch(r"<(\S+)>", msg["List-Unsubscribe"]).group(1)
    assert url in text
    assert client.post(urlsplit(url).path).status_code == 200
    assert _delivery(world.alice, "proposal_decided") == "never"
    services.notify([world.alice], Kind.PROPOSAL_DECIDED, item_id=world.item.id, data={"outcome": "accepted"})
    db.session.commit()
    assert len(smtp.messages) == 1  # no more e-mails of that kind
    assert db.session.scalar(select(db.func.count(Notification.id))) == 2  # but still on the page


def test_a_persons_digest_is_queued_only_once(world, app, smtp):
    (n,) = services.notify([world.alice], Kind.ITEM_OPENED, item_id=world.item.id)
    db.session.commit()
    assert services._send_digest(world.alice.id, utcnow() + timedelta(seconds=1)) is True
    db.session.commit()
    assert services._send_digest(world.alice.id, utcnow() + timedelta(seconds=1)) is False
    assert len(smtp.messages) == 1
