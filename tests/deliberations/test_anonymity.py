"""Anonymous posts: members see "a council member"; facilitators may reveal, and it is logged."""

from __future__ import annotations

import re

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.deliberations.models import Post
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, item_url, posts_url, send_post


def _anonymous_post(client, world):
    login(client, world.member)
    assert send_post(client, world.item, "Something risky to say.", anonymous="y").status_code == 302
    client.post("/logout")
    return db.session.scalar(select(Post).where(Post.item_id == world.item.id))


def _leaks(html: str, user) -> list[str]:
    found = [s for s in (user.display_name, user.email, user.email.split("@")[0]) if s in html]
    # the id, as a value of any attribute or as a number in a URL, would identify the author
    found += re.findall(rf'(?:user[_-]?id|author[_-]?id|users/)\W*{user.id}\b', html)
    return found


def test_members_do_not_learn_who_wrote_an_anonymous_post(client, world):
    post = _anonymous_post(client, world)
    assert post.anonymous
    reply = make_post(world.item, world.other_member, "Answer", reply_to_id=post.id)
    login(client, world.other_member)
    pages = [
        client.get(item_url(world.item)).get_data(as_text=True),
        client.get(posts_url(world.item, post, "history")).get_data(as_text=True),
        client.get(posts_url(world.item, post, "reply")).get_data(as_text=True),
        client.get(posts_url(world.item, post, "translate")).get_data(as_text=True),
    ]
    for html in pages:
        assert _leaks(html, world.member) == []
    shown = article(pages[0], post.id)
    assert "a council member" in shown
    assert "Reveal" not in pages[0]
    assert "a council member" in article(pages[0], reply.id)  # the reply's reference too


def test_member_cannot_reveal(client, world):
    post = _anonymous_post(client, world)
    login(client, world.other_member)
    assert client.post(posts_url(world.item, post, "reveal")).status_code == 404
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "post.reveal_author")).all() == []


def test_the_author_sees_it_is_their_own(client, world):
    post = _anonymous_post(client, world)
    login(client, world.member)
    shown = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert "you, posted anonymously" in shown
    assert "/edit" in shown


def test_facilitator_reveals_and_it_is_audit_logged(client, world):
    post = _anonymous_post(client, world)
    login(client, world.facilitator)
    before = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert "Amina Writer" not in before and _leaks(before, world.member) == []
    assert "Reveal the author" in before and 'method="post"' in before

    response = client.post(posts_url(world.item, post, "reveal"))
    assert response.status_code == 302
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "post.reveal_author")).all()
    assert (event.actor_id, event.target_id, event.council_id) == (world.facilitator.id, post.id, world.council.id)

    after = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    shown = article(after, post.id)
    assert "Amina Writer" in shown and "posted anonymously" in shown
    assert "Reveal the author" not in shown

    # another member still sees nothing
    client.post("/logout")
    login(client, world.other_member)
    assert "Amina Writer" not in article(client.get(item_url(world.item)).get_data(as_text=True), post.id)


def test_reveal_of_a_signed_post_is_refused(client, world):
    post = make_post(world.item, world.member, "Signed.")
    login(client, world.facilitator)
    assert client.post(posts_url(world.item, post, "reveal")).status_code == 400


def test_reply_notification_names_no_anonymous_replier(client, world, monkeypatch):
    calls = []
    from council.notifications import services as notifications

    monkeypatch.setattr(notifications, "notify", lambda *a, **kw: calls.append((a, kw)))
    first = make_post(world.item, world.other_member, "Question?")
    login(client, world.member)
    send_post(client, world.item, "Anonymous answer.", reply_to=str(first.id), anonymous="y")
    [(args, kwargs)] = calls
    flat = repr((args, kwargs))
    assert "Amina" not in flat and world.member.email not in flat
    assert world.member.id not in args[0]
    assert kwargs.get("data") == {}
