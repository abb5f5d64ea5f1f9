"""Kept pages (council/core/pages.py) and the revisions behind them (council/core/revisions.py).

A page is kept for one reader and served again, without running its view, only while nothing it
shows has changed: every committed write changes the revision of what it touched, in the same
transaction. These tests prove that a kept page is really served (fewer queries, no view), that
it is never served to another reader, and that each kind of write makes the next request render
the page again — including writes made by another process, straight into the database."""

from __future__ import annotations

import re

from sqlalchemy import update

from council.core import pages, revisions
from council.core.revisions import PageRevision
from council.deliberations import services as deliberation
from council.deliberations.models import Post
from council.extensions import db
from tests.conftest import PASSWORD, make_post
from tests.deliberations.conftest import article, item_url, posts_url


def _revision(scope: str) -> int:
    return db.session.scalar(db.select(PageRevision.revision).where(PageRevision.scope == scope)) or 0


def _read_until_kept(client, url) -> None:
    """The first reading records the visit (what is new to the reader), which changes their own
    revision; the second is rendered for the visit as it then is and kept."""
    client.get(url), client.get(url)


def _served_from_store(client, url, count_queries) -> tuple[bool, str]:
    """(whether the page came from the store, its text): a kept page costs two queries, the
    session and the revisions; a rendered thread many more."""
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries() <= 2, response.get_data(as_text=True)


def test_a_page_read_twice_is_served_the_second_time_without_its_view(client_for, world, count_queries):
    make_post(world.item, world.member, "Words kept for a minute.")
    boris = client_for(world.other_member)
    boris.get(item_url(world.item))  # the visit is recorded: what is new to Boris changes
    first_kept, first = _served_from_store(boris, item_url(world.item), count_queries)
    second_kept, second = _served_from_store(boris, item_url(world.item), count_queries)
    assert not first_kept and second_kept
    assert second == first and "Words kept for a minute." in second


def test_the_queries_of_a_kept_page_do_not_grow_with_its_posts(client_for, world, count_queries):
    boris = client_for(world.other_member)
    counts = []
    for n in (1, 30):
        for i in range(n):
            make_post(world.item, world.member, f"Post {n}-{i}.")
        _read_until_kept(boris, item_url(world.item))
        with count_queries() as queries:
            assert boris.get(item_url(world.item)).status_code == 200
        counts.append(queries())
    assert counts[0] == counts[1] == 2


def test_a_kept_page_is_never_served_to_another_reader(client_for, world, app, monkeypatch):
    post = make_post(world.item, world.other_member, "Said without a name.", anonymous=True)
    boris, amina = client_for(world.other_member), client_for(world.member)
    second_browser = client_for(world.other_member)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # pages now carry form tokens
    for _ in range(2):
        assert "you, posted anonymously" in article(boris.get(item_url(world.item)).get_data(as_text=True), post.id)
        seen_by_amina = article(amina.get(item_url(world.item)).get_data(as_text=True), post.id)
        assert "you, posted anonymously" not in seen_by_amina and "Boris Reader" not in seen_by_amina
    # The same person in a second browser has a session (and form secret) of their own.
    page = second_browser.get(item_url(world.item)).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    first_page = boris.get(item_url(world.item)).get_data(as_text=True)
    assert token not in first_page


def test_a_write_by_another_reader_shows_at_once(client_for, world):
    post = make_post(world.item, world.member, "Agree with me.")
    amina, boris = client_for(world.member), client_for(world.other_member)
    _read_until_kept(amina, item_url(world.item))
    boris.post(posts_url(world.item, post, "react"), data={"value": "agree"})
    shown = article(amina.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert "1 agree" in shown or '<span class="count">1</span>' in shown


def test_a_write_straight_into_the_database_changes_the_revision_of_its_council(client_for, world, count_queries):
    """Another app server, a command-line task: any committed write through the session."""
    post = make_post(world.item, world.member, "The first wording.")
    boris = client_for(world.other_member)
    _read_until_kept(boris, item_url(world.item))
    before = _revision(revisions.council(world.council.id))
    post.body_html = "<p>Changed elsewhere.</p>"
    db.session.commit()
    assert _revision(revisions.council(world.council.id)) != before
    kept, page = _served_from_store(boris, item_url(world.item), count_queries)
    assert not kept and "Changed elsewhere." in page


def test_a_write_in_another_council_leaves_this_councils_pages_kept(client_for, world, count_queries):
    from tests.conftest import make_item

    boris = client_for(world.other_member)
    _read_until_kept(boris, item_url(world.item))
    other_item = make_item(world.other_council, world.outsider, title="Elsewhere")
    make_post(other_item, world.outsider, "Not on Boris's page.")
    kept, _ = _served_from_store(boris, item_url(world.item), count_queries)
    assert kept


def test_a_bulk_statement_that_names_no_scope_changes_every_page(app, world):
    before = _revision(revisions.GLOBAL)
    db.session.execute(update(Post).where(Post.item_id == world.item.id).values(agree_count=0))
    db.session.commit()
    assert _revision(revisions.GLOBAL) != before


def test_a_refused_write_changes_no_revision(client_for, world):
    amina = client_for(world.member)
    amina.get(item_url(world.item))
    before = {scope: _revision(scope) for scope in (revisions.GLOBAL, revisions.council(world.council.id))}
    response = amina.post(posts_url(world.item), data={"body": "", "kind": "contribution", "language": "en",
                                                       "submission_key": "k" * 32})
    assert response.status_code == 400
    assert {scope: _revision(scope) for scope in before} == before


def test_a_page_with_a_message_to_show_is_rendered_and_not_kept(client_for, world):
    amina = client_for(world.member)
    amina.get(item_url(world.item))
    response = amina.post(posts_url(world.item), data={"body": "A new thought.", "kind": "contribution",
                                                       "language": "en", "submission_key": "a" * 32},
                          follow_redirects=True)
    assert "Your post was added." in response.get_data(as_text=True)
    again = amina.get(item_url(world.item)).get_data(as_text=True)
    assert "Your post was added." not in again and "A new thought." in again


def test_visitors_share_a_kept_sign_in_page_each_with_their_own_form_token(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    first, second = app.test_client(), app.test_client()
    tokens = []
    for client in (first, second, first):
        page = client.get("/login").get_data(as_text=True)
        tokens.append(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))
    assert tokens[0] != tokens[1]
    # The token on a kept page signs its own visitor in.
    page = second.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = second.post("/login", data={"csrf_token": token, "email": world.member.email,
                                           "password": PASSWORD})
    assert response.status_code == 302  # signed in, sent on to their page


def test_a_repeat_visit_is_answered_304_from_the_store(client_for, world):
    amina = client_for(world.member)
    _read_until_kept(amina, item_url(world.item))
    kept = amina.get(item_url(world.item))
    assert kept.status_code == 200 and kept.headers.get("ETag")
    again = amina.get(item_url(world.item), headers={"If-None-Match": kept.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_kept_page_is_sent_compressed_or_plain_as_the_browser_asks(client_for, world):
    import gzip

    make_post(world.item, world.member, "Compressible words. " * 80)
    amina = client_for(world.member)
    _read_until_kept(amina, item_url(world.item))
    zipped = amina.get(item_url(world.item), headers={"Accept-Encoding": "gzip"})
    plain = amina.get(item_url(world.item))
    assert zipped.headers.get("Content-Encoding") == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.get_data()) == plain.get_data()


def test_the_same_form_key_with_another_text_is_another_post(world):
    """A kept page may hand one form key to two tabs: each text sent is a post of its own, and
    only the same text sent twice is made once."""
    key = "t" * 32
    first, created = deliberation.create_post(world.item, actor=world.member, body="From the first tab.",
                                              submission_key=key)
    second, created_second = deliberation.create_post(world.item, actor=world.member, body="From the second tab.",
                                                      submission_key=key)
    again, created_again = deliberation.create_post(world.item, actor=world.member, body="From the first tab.",
                                                    submission_key=key)
    assert created and created_second and not created_again
    assert first.id != second.id and again.id == first.id


def test_without_the_setting_no_page_is_kept(client_for, world, app, count_queries):
    app.extensions["council_pages"]["enabled"] = False
    try:
        boris = client_for(world.other_member)
        _read_until_kept(boris, item_url(world.item))
        kept, _ = _served_from_store(boris, item_url(world.item), count_queries)
        assert not kept
    finally:
        app.extensions["council_pages"]["enabled"] = True
        pages.clear()
