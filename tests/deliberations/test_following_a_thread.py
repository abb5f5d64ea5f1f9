"""Following a flat thread: a post shows its replies and links to them; the first post new since
the reader's last visit is marked, and the agenda links to it; every post shows its number and
how to cite it in a summary; a reader sees which posts they reported; keyboard users can skip to
the reply form. Queries do not grow with the posts shown."""

from __future__ import annotations

from council.agendas.models import ItemVisit
from council.deliberations import queries
from council.deliberations.models import PostReport
from council.extensions import db
from tests.conftest import make_post
from tests.deliberations.conftest import article, item_url, posts_url
from tests.helpers import client_for, text_of


def page_of(app, user, item, **args) -> str:
    response = client_for(app, user).get(item_url(item, lang="en", **args))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_post_shows_its_replies_and_links_to_them(app, world):
    question = make_post(world.item, world.member, body="Who repairs the pump?")
    first = make_post(world.item, world.other_member, body="The district.", reply_to_id=question.id)
    make_post(world.item, world.facilitator, body="Something else.")
    second = make_post(world.item, world.facilitator, body="The committee.", reply_to_id=question.id)
    html = page_of(app, world.observer, world.item)
    asked = article(html, question.id)
    assert "2 replies" in text_of(asked)
    assert f'href="{posts_url(world.item, first)}"' in asked and f'href="{posts_url(world.item, second)}"' in asked
    assert "replies" not in text_of(article(html, first.id)) and "1 reply" not in text_of(article(html, first.id))


def test_every_post_shows_its_number_and_how_to_cite_it(app, world):
    post = make_post(world.item, world.member)
    shown = article(page_of(app, world.other_member, world.item), post.id)
    assert f"#{post.id}" in text_of(shown)
    assert f"[#{post.id}]" in text_of(shown) and "To cite it in a summary" in text_of(shown)
    assert f'href="{posts_url(world.item, post)}"' in shown


def test_the_first_post_new_since_the_last_visit_is_marked(app, world):
    old = make_post(world.item, world.other_member)
    world.item.last_post_id = old.id
    db.session.commit()
    client = client_for(app, world.member)
    first_visit = client.get(item_url(world.item, lang="en")).get_data(as_text=True)
    assert "New since your last visit" not in first_visit  # on a first visit, everything is new
    make_post(world.item, world.member, body="My own post is not news to me.")
    fresh = make_post(world.item, world.other_member, body="Fresh news.")
    make_post(world.item, world.other_member, body="More news.")
    world.item.last_post_id = fresh.id + 1
    db.session.commit()

    agenda = client.get(f"/councils/{world.item.council_id}/agenda?lang=en").get_data(as_text=True)
    assert f'href="{posts_url(world.item, fresh)}"' in agenda and "2 new since your last visit" in text_of(agenda)

    html = client.get(item_url(world.item, lang="en")).get_data(as_text=True)
    assert html.count("New since your last visit") == 1
    assert "New since your last visit" in text_of(article(html, fresh.id))
    assert "New since your last visit" not in text_of(article(html, old.id))
    assert 'href="#new"' in html
    # The visit is recorded: read again, nothing is new.
    again = client.get(item_url(world.item, lang="en")).get_data(as_text=True)
    assert "New since your last visit" not in again


def test_a_reader_sees_the_posts_they_reported(app, world):
    reported = make_post(world.item, world.other_member)
    other = make_post(world.item, world.other_member)
    db.session.add(PostReport(post_id=reported.id, council_id=world.item.council_id, reporter_id=world.member.id,
                              reason="spam"))
    db.session.commit()
    html = page_of(app, world.member, world.item)
    assert "You reported this post." in text_of(article(html, reported.id))
    assert f'href="{posts_url(world.item, reported, "report")}"' not in html
    assert "You reported this post." not in text_of(article(html, other.id))
    assert f'href="{posts_url(world.item, other, "report")}"' in html
    # Nobody else is told who reported it.
    assert "You reported this post." not in page_of(app, world.facilitator, world.item)


def test_a_skip_link_leads_to_the_reply_form(app, world):
    make_post(world.item, world.other_member)
    html = page_of(app, world.member, world.item)
    assert '<a href="#compose">Skip to the reply form</a>' in html and 'id="compose"' in html
    assert "Skip to the reply form" not in page_of(app, world.observer, world.item)


def test_replies_reports_and_markers_do_not_add_queries_per_post(app, world, count_queries):
    def grow(n):
        for _ in range(n):
            target = make_post(world.item, world.other_member)
            make_post(world.item, world.facilitator, reply_to_id=target.id)
            db.session.add(PostReport(post_id=target.id, council_id=world.item.council_id,
                                      reporter_id=world.member.id, reason="spam"))
        db.session.commit()

    def run():
        db.session.expire_all()
        page = queries.thread(world.item, world.member)
        assert page.posts

    db.session.add(ItemVisit(user_id=world.member.id, item_id=world.item.id, last_seen_post_id=0))
    grow(2)
    with app.test_request_context():
        assert queries.thread(world.item, world.member).first_new is not None
    with app.test_request_context():
        with count_queries() as few:
            run()
        grow(20)
        with count_queries() as many:
            run()
    assert many() == few()
