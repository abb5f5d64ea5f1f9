"""What a person finds with the search page: only what the pages would show them."""

from __future__ import annotations

import re

import pytest

from council.extensions import db
from tests.conftest import make_user
from tests.helpers import main_of, page_text
from tests.search.conftest import post, propose, summary_of


def search(client, q, **args):
    response = client.get("/search", query_string={"q": q, **args})
    assert response.status_code == 200, response.status_code
    return response


def results(response) -> list[str]:
    """The result links of a page of results, in order."""
    html = main_of(response.get_data(as_text=True))
    block = re.search(r'<ol class="card-list search-results">(.*?)</ol>', html, flags=re.S)
    return re.findall(r'<h2><a href="([^"]+)"', block.group(1)) if block else []


def post_link(p) -> str:
    return f"/councils/{p.council_id}/agenda/{p.item_id}/posts/{p.id}"


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/search?q=water")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_members_find_items_posts_and_summaries_of_their_council_only(world, client_for):
    mine = post(world.item, world.writer, "The northern borehole pump is broken.")
    post(world.other_item, world.other_member, "Our borehole pump works.")
    closed = propose(world.council, world.writer, "Borehole maintenance", "Who repairs the pumps.",
                     open_it=world.facilitator)
    summary_of(closed, world.facilitator, "The council asks for a borehole repair fund.", review=True)

    found = results(search(client_for(world.member), "borehole"))
    assert post_link(mine) in found
    assert f"/councils/{world.council.id}/agenda/{closed.id}" in found  # the item
    assert f"/councils/{world.council.id}/agenda/{closed.id}/summary" in found  # the summary under review
    assert len(found) == 3
    assert not any(f"/councils/{world.other_council.id}/" in link for link in found)

    other = results(search(client_for(world.other_member), "borehole"))
    assert other and all(f"/councils/{world.other_council.id}/" in link for link in other)


def test_the_query_stays_in_the_box_and_the_header_links_to_search(world, client_for):
    response = search(client_for(world.member), 'wells "where" <are>')
    html = response.get_data(as_text=True)
    assert 'value="wells &#34;where&#34; &lt;are&gt;"' in html
    assert 'href="/search"' in html.split("<main", 1)[0]
    assert "Where the wells are" in page_text(response)


def test_matched_words_are_marked_and_the_text_escaped(world, client_for):
    post(world.item, world.writer, "Use `<script>alert(1)</script>` near the **cistern** please.")
    html = main_of(search(client_for(world.member), "cistern").get_data(as_text=True))
    assert "<mark>cistern</mark>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_stemming_follows_the_language(world, client_for):
    english = post(world.item, world.writer, "The waters rose over the crossing.")
    french = post(world.item, world.writer, "Les puits sont asséchés depuis mars.", language="fr")
    client = client_for(world.member)
    found = results(search(client, "water"))
    assert post_link(english) in found and post_link(french) not in found
    assert results(search(client, "puits asseche")) == [post_link(french)]


def test_hidden_posts_are_not_found_by_members_but_by_moderators(world, client_for):
    from council.moderation import services as moderation

    hidden = post(world.item, world.writer, "An insulting remark about the ferryman.")
    moderation.hide(hidden, reason="abusive", actor=world.facilitator)
    db.session.commit()
    for person in (world.member, world.observer, world.writer):
        assert results(search(client_for(person), "ferryman")) == []
    response = search(client_for(world.facilitator), "ferryman")
    assert results(response) == [post_link(hidden)]
    assert "Hidden" in page_text(response)

    moderation.restore(hidden, actor=world.facilitator)
    db.session.commit()
    assert results(search(client_for(world.member), "ferryman")) == [post_link(hidden)]


def test_anonymous_posts_are_never_found_or_shown_by_their_authors_name(world, client_for):
    anonymous = post(world.item, world.writer, "The militia collects a toll at the bridge.", anonymous=True)
    named = post(world.item, world.writer, "The toll is paid in cash.")
    for person in (world.member, world.facilitator):
        client = client_for(person)
        assert results(search(client, "Zebulon")) == []
        assert results(search(client, "Quillfeather toll")) == []
        response = search(client, "toll")
        assert set(results(response)) == {post_link(anonymous), post_link(named)}
        text = page_text(response)
        assert text.count("Zebulon Quillfeather") == 1  # the named post only
        assert "a council member" in text


def test_summaries_in_draft_only_for_those_who_draft_them(world, client_for):
    item = propose(world.council, world.writer, "Market days", "", open_it=world.facilitator)
    summary = summary_of(item, world.facilitator, "The council proposes two market days for the herders.")
    link = f"/councils/{world.council.id}/agenda/{item.id}/summary"
    assert results(search(client_for(world.member), "herders")) == []
    assert results(search(client_for(world.observer), "herders")) == []
    assert results(search(client_for(world.facilitator), "herders")) == [link]

    from datetime import timedelta

    from council.extensions import utcnow
    from council.summaries import services

    services.put_to_review(summary, deadline=(utcnow() + timedelta(days=2)).date(), actor=world.facilitator)
    db.session.commit()
    assert results(search(client_for(world.member), "herders")) == [link]
    assert results(search(client_for(world.other_member), "herders")) == []


def test_office_readers_find_what_was_forwarded_to_their_destinations_only(app, world, client_for):
    from council.forwarding import services as forwarding
    from council.forwarding.models import Destination

    item = propose(world.council, world.writer, "Grain prices", "", open_it=world.facilitator)
    summary = summary_of(item, world.facilitator, "Millet costs twice what it did.", adopt=True)
    other = propose(world.council, world.writer, "School fees", "", open_it=world.facilitator)
    second = summary_of(other, world.facilitator, "Millet is used to pay school fees.", adopt=True)
    reader = client_for(world.reader)
    assert results(search(reader, "millet")) == []
    assert results(search(reader, "wells")) == []  # items and posts are not theirs to read

    elsewhere = Destination(names={"en": "Commission"}, kind="implementation_commission", active=True)
    db.session.add(elsewhere)
    db.session.flush()
    with app.test_request_context():
        forwardings, _ = forwarding.forward(summary, destinations=[world.destination], covering_note="For your attention.",
                                            actor=world.facilitator)
        forwarding.forward(second, destinations=[elsewhere], covering_note="For your attention.", actor=world.facilitator)
    db.session.commit()
    assert results(search(reader, "millet")) == [f"/office/forwardings/{forwardings[0].id}"]
    other_reader = make_user(site_role="office")
    assert results(search(client_for(other_reader), "millet")) == []


def test_admins_find_everything(world, client_for, admin):
    from council.moderation import services as moderation

    hidden = post(world.item, world.writer, "A remark about the goatherd.")
    moderation.hide(hidden, reason="abusive", actor=world.facilitator)
    post(world.other_item, world.other_member, "The goatherd moved on.")
    db.session.commit()
    assert len(results(search(client_for(admin), "goatherd"))) == 2


def test_someone_in_no_council_is_told_so(app, client_for):
    response = search(client_for(make_user()), "water")
    assert results(response) == []
    assert "There is nothing you can search yet" in page_text(response)


def test_chinese_is_found_by_any_two_characters(world, client_for):
    zh = post(world.item, world.writer, "我们需要更多的水资源和干净的井。", language="zh")
    client = client_for(world.member)
    for q in ("水资源", "资源", "干净", "井", "水资源 干净"):
        assert results(search(client, q)) == [post_link(zh)], q
    assert results(search(client, "资金")) == []
    assert "<mark>资源</mark>" in search(client, "资源").get_data(as_text=True)


def test_arabic_and_russian_are_found(world, client_for):
    ar = post(world.item, world.writer, "المياه في الآبار قليلة هذا العام.", language="ar")
    ru = post(world.item, world.writer, "Колодцы пересохли этим летом.", language="ru")
    client = client_for(world.member)
    assert results(search(client, "الآبار")) == [post_link(ar)]
    assert results(search(client, "колодцы")) == [post_link(ru)]


@pytest.mark.parametrize("q", [
    '"', '"water', "water*", "^water", "NEAR(water wells)", "(water", "water)", "water OR", "AND", "NOT water",
    "title:water", "-water", "water & | ! :* <->", "'; DROP TABLE posts; --", "\x00water",
    "w" * 5000, "水" * 400, "💧 water", "\u200f\u202ewater", "%", "_", "{}[]", "\\",
])
def test_bad_input_is_searched_as_plain_words(world, client_for, q):
    response = search(client_for(world.member), q)
    assert "Search" in response.get_data(as_text=True)


def test_malformed_addresses_never_fail(world, client_for):
    client = client_for(world.member)
    for query in ("q=%FF%FE", "q=water&page=abc", "q=water&page=-4", "q=water&page=99999999999999999999",
                  "q=water&page=3", "q=&page=2", "q[]=x", "page=2"):
        assert client.get(f"/search?{query}").status_code == 200, query


def test_pages_of_results_in_a_fixed_number_of_queries(world, client_for, count_queries):
    client = client_for(world.member)
    post(world.item, world.writer, "One lonely mention of sorghum.")
    for n in range(45):
        post(world.item, world.writer, f"Millet note number {n}.", anonymous=bool(n % 2))
    search(client, "warmup")
    with count_queries() as few:
        assert len(results(search(client, "sorghum"))) == 1
    with count_queries() as many:
        response = search(client, "millet")
    assert len(results(response)) == 20
    assert many() == few()
    assert "45 results" in page_text(response)
    third = search(client, "millet", page=3)
    assert len(results(third)) == 5
    assert 'rel="prev"' in third.get_data(as_text=True)


def test_former_and_suspended_members_find_nothing(world, client_for):
    from council.councils.models import Membership
    from sqlalchemy import select

    post(world.item, world.writer, "The granary roof leaks.")
    client = client_for(world.member)
    assert len(results(search(client, "granary"))) == 1
    membership = db.session.scalar(select(Membership).filter_by(user_id=world.member.id))
    for status in ("suspended", "left"):
        membership.status = status
        db.session.commit()
        assert results(search(client, "granary")) == [], status


def test_visitors_see_no_search_link(client):
    assert 'href="/search"' not in client.get("/").get_data(as_text=True)
