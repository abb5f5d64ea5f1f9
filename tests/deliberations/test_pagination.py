"""Keyset pages of a thread: stable links, permalinks, and a number of queries that does not grow."""

from __future__ import annotations

import re

from council.core.markdown import render
from council.deliberations import queries
from council.deliberations.models import Post, PostReaction, PostTranslation
from council.extensions import db
from tests.conftest import login, make_item
from tests.deliberations.conftest import item_url, post_ids_on, posts_url


def bulk_posts(item, authors, n, *, reactor=None, translator=None):
    """`n` posts in the thread of `item`, in bulk, with replies, anonymous, hidden and withdrawn
    posts, translations into English and marks by `reactor`."""
    posts = []
    for i in range(n):
        language = "fr" if i % 3 == 0 else "en"
        body = f"Post number {i} about the wells."
        posts.append(Post(
            item_id=item.id, council_id=item.council_id, author_id=authors[i % len(authors)].id,
            anonymous=i % 7 == 0, kind="contribution", language=language, body=body, body_html=render(body),
            state="hidden" if i % 11 == 5 else ("withdrawn" if i % 13 == 6 else "visible"),
            hidden_reason="spam" if i % 11 == 5 else None,
        ))
    db.session.add_all(posts)
    db.session.flush()
    extra = []
    for i, post in enumerate(posts):
        if i % 4 == 1:
            post.reply_to_id = posts[i - 1].id
        if post.language == "fr" and post.state == "visible" and translator is not None:
            extra.append(PostTranslation(post_id=post.id, language="en", body="In English.", body_html="<p>In English.</p>",
                                         translator_id=translator.id))
        if reactor is not None and i % 2 == 0 and post.author_id != reactor.id:
            extra.append(PostReaction(post_id=post.id, user_id=reactor.id, value=1 if i % 4 == 0 else -1))
    db.session.add_all(extra)
    item.post_count = n
    db.session.commit()
    return [p.id for p in posts]


def _pages(client, item):
    """Follow the "newer posts" links from the first page: the ids on each page, and the links."""
    url = item_url(item)
    pages = []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append((url, post_ids_on(html)))
        newer = re.search(r'href="([^"]*after=\d+)#thread-title" rel="next"', html)
        url = newer.group(1).replace("&amp;", "&") if newer else None
    return pages


def test_keyset_pages_have_stable_links(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "POSTS_PER_PAGE", 5)
    ids = bulk_posts(world.item, [world.member, world.other_member], 12)
    login(client, world.other_member)
    pages = _pages(client, world.item)
    assert [p[1] for p in pages] == [ids[0:5], ids[5:10], ids[10:12]]
    assert pages[1][0].endswith(f"after={ids[4]}") and pages[2][0].endswith(f"after={ids[9]}")

    # new posts do not move the existing pages
    bulk_posts(world.item, [world.member], 3)
    again = _pages(client, world.item)
    assert [p[1] for p in again][:2] == [ids[0:5], ids[5:10]]
    assert again[2][1][:2] == ids[10:12] and len(again[2][1]) == 5

    # "older posts" goes back to exactly the previous page
    html = client.get(item_url(world.item, after=ids[9])).get_data(as_text=True)
    older = re.search(r'href="([^"]*before=(\d+))#thread-title" rel="prev"', html)
    assert int(older.group(2)) == ids[10]
    assert post_ids_on(client.get(older.group(1)).get_data(as_text=True)) == ids[5:10]
    # a "before" that reaches the start is the first page
    assert post_ids_on(client.get(item_url(world.item, before=ids[2])).get_data(as_text=True)) == ids[0:5]
    # junk in the query string is a first page, not an error
    assert client.get(item_url(world.item, after="abc")).status_code == 200
    assert client.get(item_url(world.item, after=-5)).status_code == 200
    assert client.get(item_url(world.item, before=10**30)).status_code == 200


def test_permalink_to_a_post_on_page_three(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "POSTS_PER_PAGE", 5)
    ids = bulk_posts(world.item, [world.member], 14)
    login(client, world.other_member)
    target = ids[11]  # the second post of the third page
    response = client.get(posts_url(world.item, target))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(f"?after={ids[9]}#post-{target}")
    html = client.get(location.split("#")[0]).get_data(as_text=True)
    assert f'id="post-{target}"' in html and post_ids_on(html) == ids[10:14]
    # a post on the first page links to the first page
    assert client.get(posts_url(world.item, ids[3])).headers["Location"].endswith(f"{item_url(world.item)}#post-{ids[3]}")
    # the last post of a page stays on that page
    assert client.get(posts_url(world.item, ids[9])).headers["Location"].endswith(f"?after={ids[4]}#post-{ids[9]}")


def test_permalink_of_another_items_post_is_404(client, world):
    other = make_item(world.council, world.member)
    [foreign] = bulk_posts(other, [world.member], 1)
    login(client, world.member)
    assert client.get(posts_url(world.item, foreign)).status_code == 404


def _count(count_queries, action):
    with count_queries() as statements:
        action()
    return statements()


def test_thread_queries_do_not_grow_with_the_thread(app, world, count_queries):
    small = world.item
    big = make_item(world.council, world.facilitator)
    authors = [world.member, world.other_member, world.facilitator]
    bulk_posts(small, authors, 10, reactor=world.other_member, translator=world.member)
    bulk_posts(big, authors, 500, reactor=world.other_member, translator=world.member)

    def run(item, **kw):
        with app.test_request_context("/?lang=en"):
            page = queries.thread(item, world.other_member, **kw)
            assert page.posts
            return page

    assert len(run(small).posts) == 10 and len(run(big).posts) == 50
    middle = run(big).posts[-1].id + 100
    counts = {
        "small": _count(count_queries, lambda: run(small)),
        "big": _count(count_queries, lambda: run(big)),
        "big, a middle page": _count(count_queries, lambda: run(big, after=middle)),
    }
    assert len(set(counts.values())) == 1, counts
    assert counts["small"] <= 6, counts


def test_thread_page_queries_are_the_same_for_10_and_500_posts(client, world, count_queries):
    small = world.item
    big = make_item(world.council, world.facilitator)
    authors = [world.member, world.other_member, world.facilitator]
    bulk_posts(small, authors, 10, reactor=world.other_member, translator=world.member)
    big_ids = bulk_posts(big, authors, 500, reactor=world.other_member, translator=world.member)
    login(client, world.other_member)
    for item in (small, big):  # the first visit of an item writes the visit; count the next ones
        client.get(item_url(item))

    def page(item, **args):
        return lambda: client.get(item_url(item, **args))

    counts = {
        "10 posts": _count(count_queries, page(small)),
        "500 posts": _count(count_queries, page(big)),
        "500 posts, a middle page": _count(count_queries, page(big, after=big_ids[249])),
    }
    assert len(set(counts.values())) == 1, counts
