"""Writing in a thread: sanitised Markdown, replies, double submits, the rate limit, counters."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import Post
from council.extensions import db, limiter
from tests.conftest import login, make_item, make_post
from tests.deliberations.conftest import article, assert_inert, elements, compose, item_url, posts_url, send_post
from tests.helpers import text_of


def _posts(item):
    return list(db.session.scalars(select(Post).where(Post.item_id == item.id).order_by(Post.id)))


def test_member_posts_and_lands_on_the_post(client, world):
    login(client, world.member)
    response = send_post(client, world.item, "We need **three** more water points.", kind="proposal", language="fr")
    assert response.status_code == 302
    [post] = _posts(world.item)
    assert response.headers["Location"].endswith(posts_url(world.item, post))
    assert (post.kind, post.language, post.author_id) == ("proposal", "fr", world.member.id)
    assert post.body_html == "<p>We need <strong>three</strong> more water points.</p>\n"

    page = client.get(response.headers["Location"], follow_redirects=True)
    html = page.get_data(as_text=True)
    mine = article(html, post.id)
    assert 'lang="fr" dir="auto"' in mine
    assert "<strong>three</strong>" in mine
    assert "Amina Writer" in mine and 'translate="no"' in mine
    assert "Proposal" in mine
    assert "Your post was added." in html


def test_counters_of_the_item_follow_the_posts(client, world):
    login(client, world.member)
    send_post(client, world.item, "one")
    send_post(client, world.item, "two")
    client.post("/logout")
    login(client, world.other_member)
    send_post(client, world.item, "three")
    db.session.expire_all()
    posts = _posts(world.item)
    item = world.item
    assert (item.post_count, item.contributor_count, item.last_post_id) == (3, 2, posts[-1].id)
    assert item.last_post_at == posts[-1].created_at


def test_markdown_is_sanitised(client, world):
    login(client, world.member)
    body = (
        "<script>alert('x')</script>\n\n"
        "[click](javascript:alert(1)) and [ok](https://example.org/a)\n\n"
        "<img src=x onerror=alert(1)>\n\n"
        '<a href="https://evil.example" onclick="steal()">raw</a>'
    )
    assert send_post(client, world.item, body).status_code == 302
    [post] = _posts(world.item)
    html = client.get(item_url(world.item)).get_data(as_text=True)
    shown = article(html, post.id)
    assert_inert(post.body_html)
    assert_inert(shown, interface_icons=True)
    assert "https://evil.example" not in [a.get("href") for _, a in elements(post.body_html)]
    assert '<a href="https://example.org/a" rel="nofollow ugc noopener">ok</a>' in post.body_html
    assert "&lt;script&gt;" in shown  # shown as text, inert


def test_double_submit_creates_one_post(client, world):
    login(client, world.member)
    data = compose("Only once, please.")
    first = client.post(posts_url(world.item), data=data)
    second = client.post(posts_url(world.item), data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_posts(world.item)) == 1
    db.session.expire_all()
    assert world.item.post_count == 1


def test_same_key_after_a_lost_race_gives_the_existing_post(app, world, monkeypatch):
    """The unique (author, key) constraint catches what the first look-up missed."""
    from council.deliberations import services

    first, created = services.create_post(world.item, actor=world.member, body="x", submission_key="k" * 20)
    db.session.commit()
    original = services.find_submission
    misses = iter([None])  # the first look-up runs before the other request committed

    def racing(actor, key):
        return next(misses, None) if misses.__length_hint__() else original(actor, key)

    monkeypatch.setattr(services, "find_submission", racing)
    again, created_again = services.create_post(world.item, actor=world.member, body="x", submission_key="k" * 20)
    db.session.commit()
    assert created and not created_again
    assert again.id == first.id
    assert len(_posts(world.item)) == 1


def test_posting_is_rate_limited(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_POSTING", "3 per hour")
    limiter.reset()
    try:
        login(client, world.member)
        codes = [send_post(client, world.item, f"post {n}").status_code for n in range(4)]
        assert codes == [302, 302, 302, 429]
        refused = send_post(client, world.item, "one more")
        assert refused.status_code == 429
        assert "Too many attempts" in refused.get_data(as_text=True)
        assert len(_posts(world.item)) == 3
        fr = client.post(posts_url(world.item) + "?lang=fr", data=compose("encore"))
        assert fr.status_code == 429 and '<html lang="fr"' in fr.get_data(as_text=True)
    finally:
        limiter.reset()


def test_rate_limit_is_per_person(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_POSTING", "1 per hour")
    limiter.reset()
    try:
        login(client, world.member)
        assert send_post(client, world.item).status_code == 302
        assert send_post(client, world.item).status_code == 429
        client.post("/logout")
        login(client, world.other_member)
        assert send_post(client, world.item).status_code == 302
    finally:
        limiter.reset()


def test_reply_shows_a_quoted_reference_and_notifies(client, world, monkeypatch):
    calls = []
    from council.notifications import services as notifications

    monkeypatch.setattr(notifications, "notify", lambda *a, **kw: calls.append((a, kw)))
    first = make_post(world.item, world.other_member, "The eastern wells are dry since March.")
    login(client, world.member)
    form = client.get(posts_url(world.item, first, "reply"))
    assert form.status_code == 200
    assert f'name="reply_to" type="hidden" value="{first.id}"' in form.get_data(as_text=True)
    assert "The eastern wells are dry since March." in form.get_data(as_text=True)

    response = send_post(client, world.item, "I agree, and the west too.", reply_to=str(first.id))
    assert response.status_code == 302
    reply = _posts(world.item)[-1]
    assert reply.reply_to_id == first.id
    shown = article(client.get(item_url(world.item)).get_data(as_text=True), reply.id)
    assert "In reply to" in shown and "Boris Reader" in shown
    assert "The eastern wells are dry since March." in shown
    assert f'href="{posts_url(world.item, first)}"' in shown

    [(args, kwargs)] = calls
    assert args[0] == [world.other_member.id]
    assert kwargs["post_id"] == reply.id and kwargs["item_id"] == world.item.id
    assert kwargs["data"] == {}


def test_no_notification_for_replying_to_oneself(client, world, monkeypatch):
    calls = []
    from council.notifications import services as notifications

    monkeypatch.setattr(notifications, "notify", lambda *a, **kw: calls.append((a, kw)))
    mine = make_post(world.item, world.member, "first")
    login(client, world.member)
    assert send_post(client, world.item, "and more", reply_to=str(mine.id)).status_code == 302
    assert calls == []


def test_reply_to_a_post_of_another_item_is_refused(client, world):
    elsewhere = make_item(world.council, world.member)
    foreign = make_post(elsewhere, world.other_member, "elsewhere")
    login(client, world.member)
    response = send_post(client, world.item, "What I typed stays.", reply_to=str(foreign.id))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The post you reply to cannot be found in this thread." in html
    assert "What I typed stays." in html
    assert _posts(world.item) == []
    # and a page to reply to it through this item does not exist
    assert client.get(posts_url(world.item, foreign, "reply")).status_code == 404


def test_validation_errors_keep_what_was_typed(client, world):
    login(client, world.member)
    too_long = "x" * 10_001
    response = send_post(client, world.item, too_long, kind="proposal", language="ar")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "at most 10000 characters" in html
    assert too_long in html
    assert '<option selected value="proposal">' in html and '<option selected value="ar">' in html
    assert send_post(client, world.item, "   ").status_code == 400
    assert send_post(client, world.item, "ok", kind="poem").status_code == 400
    assert send_post(client, world.item, "ok", language="xx").status_code == 400
    assert send_post(client, world.item, "ok", submission_key="").status_code == 400
    assert send_post(client, world.item, "ok", reply_to="12abc").status_code == 400
    assert send_post(client, world.item, "ok", reply_to="99999").status_code == 400
    assert _posts(world.item) == []


def test_anonymous_checkbox_only_where_the_council_allows_it(client, world):
    login(client, world.member)
    assert 'name="anonymous"' in client.get(item_url(world.item)).get_data(as_text=True)
    world.council.allow_anonymous = False
    db.session.commit()
    assert 'name="anonymous"' not in client.get(item_url(world.item)).get_data(as_text=True)
    send_post(client, world.item, "forged", anonymous="y")
    [post] = _posts(world.item)
    assert post.anonymous is False


def test_closed_items_are_read_only(client, world):
    post = make_post(world.item, world.other_member, "Said before closing.")
    world.item.status = "closed"
    db.session.commit()
    login(client, world.member)
    html = client.get(item_url(world.item)).get_data(as_text=True)
    assert "Said before closing." in html
    assert 'id="compose"' not in html
    shown = article(html, post.id)
    for control in ("/react", "/reply", "/translate", "/edit"):
        assert control not in shown
    assert "read" in text_of(html).lower() and "closed" in text_of(html).lower()
    assert send_post(client, world.item, "too late").status_code == 302  # refused with a message
    assert len(_posts(world.item)) == 1
    assert client.post(posts_url(world.item, post, "react"), data={"value": "agree"}).status_code == 403
    assert client.get(posts_url(world.item, post, "reply")).status_code == 302
    assert client.get(posts_url(world.item, post, "translate")).status_code == 403


def test_closed_item_refuses_a_post_with_a_message(client, world):
    world.item.status = "closed"
    db.session.commit()
    login(client, world.member)
    response = send_post(client, world.item, "too late")
    page = client.get(response.headers["Location"])
    assert "closed" in page.get_data(as_text=True)
    assert _posts(world.item) == []


def test_observers_cannot_post(client, world):
    make_post(world.item, world.member, "hello")
    login(client, world.observer)
    html = client.get(item_url(world.item)).get_data(as_text=True)
    assert "hello" in html
    assert 'id="compose"' not in html and "/react" not in html and "/reply" not in html
    assert send_post(client, world.item, "from an observer").status_code == 403
    assert len(_posts(world.item)) == 1
