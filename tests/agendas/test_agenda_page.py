"""The agenda page: items by status with counts, filters, activity and what is new since the
reader's last visit, following; and the visit recorded by the item page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from council.agendas.models import ItemFollow, ItemVisit
from council.extensions import db
from tests.conftest import make_item, make_membership, make_post, make_user
from tests.helpers import main_of, page_text


def agenda_url(council, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/councils/{council.id}/agenda" + (f"?{query}" if query else "")


def sections(html):
    """The status groups of the page: heading text -> titles of the items in it."""
    found = {}
    for heading, body in re.findall(r'<h2 id="group-[a-z]+">(.*?)</h2>(.*?)</section>', html, flags=re.S):
        titles = re.findall(r'<h3><a [^>]*><span[^>]*>(.*?)</span></a></h3>', body)
        found[re.sub(r"<[^>]+>|\s+", " ", heading).split("(")[0].strip()] = titles
    return found


@pytest.fixture
def agenda_items(council, member):
    return {
        "open_water": make_item(council, member, title="Water", status="open", theme="land"),
        "open_schools": make_item(council, member, title="Schools", status="open", theme="services"),
        "proposed_roads": make_item(council, member, title="Roads", status="proposed", theme="services"),
        "closed_land": make_item(council, member, title="Land titles", status="closed", theme="land"),
        "declined_fair": make_item(council, member, title="Fair", status="declined", theme="other",
                                   decline_reason="Out of mandate"),
    }


def test_items_are_grouped_by_status_with_counts(app, council, member_client, agenda_items):
    response = member_client.get(agenda_url(council))
    html = main_of(response.get_data(as_text=True))
    assert sections(html) == {
        "Open for deliberation": ["Water", "Schools"],
        "Proposed": ["Roads"],
        "Deliberation closed": ["Land titles"],
        "Declined": ["Fair"],
    }
    page = page_text(response)
    assert "Open for deliberation: 2" in page and "Proposed: 1" in page and "Summarised: 0" in page


def test_filters_by_theme_and_status(app, council, member_client, agenda_items):
    html = main_of(member_client.get(agenda_url(council, theme="services")).get_data(as_text=True))
    assert sections(html) == {"Open for deliberation": ["Schools"], "Proposed": ["Roads"]}
    assert "Open for deliberation: 1" in page_text(member_client.get(agenda_url(council, theme="services")))

    html = main_of(member_client.get(agenda_url(council, theme="land", status="closed")).get_data(as_text=True))
    assert sections(html) == {"Deliberation closed": ["Land titles"]}
    assert '<option value="land" selected>' in html and '<option value="closed" selected>' in html

    empty = member_client.get(agenda_url(council, theme="youth"))
    assert "No item matches these filters." in page_text(empty)


@pytest.mark.parametrize("query", ["status=nonsense", "theme=%00", "status=open&status=closed", "theme=" + "x" * 5000,
                                   "status=%ED%A0%80", "theme[]=land", "status="])
def test_bad_filters_are_ignored(app, council, member_client, agenda_items, query):
    response = member_client.get(f"/councils/{council.id}/agenda?{query}")
    assert response.status_code == 200
    assert "Water" in page_text(response)


def test_open_items_show_posts_contributors_and_what_is_new(app, council, member, member_client):
    item = make_item(council, title="Water", status="open", post_count=5, contributor_count=3)
    others = [make_user(display_name=f"Writer {n}") for n in range(2)]
    for person in others:
        make_membership(person, council)
    seen = make_post(item, others[0])
    make_post(item, member, "my own")  # never new to me
    make_post(item, others[1])
    make_post(item, others[0], state="hidden")  # not shown, not new
    make_post(item, others[1])
    db.session.add(ItemVisit(user_id=member.id, item_id=item.id, last_seen_post_id=seen.id))
    db.session.commit()

    page = page_text(member_client.get(agenda_url(council)))
    assert "5 posts · 3 contributors · 2 new since your last visit" in page


def test_an_unvisited_item_counts_every_post_by_others_as_new(app, council, member, member_client):
    item = make_item(council, status="open")
    writer = make_user()
    make_post(item, writer)
    make_post(item, writer)
    assert "2 new since your last visit" in page_text(member_client.get(agenda_url(council)))


def test_visiting_the_item_records_the_last_post_seen(app, council, member, member_client):
    item = make_item(council, status="open")
    writer = make_user()
    make_post(item, writer)
    last = make_post(item, writer)
    item.last_post_id = last.id
    db.session.commit()
    assert "2 new since your last visit" in page_text(member_client.get(agenda_url(council)))

    assert member_client.get(f"/councils/{council.id}/agenda/{item.id}").status_code == 200
    assert member_client.get(f"/councils/{council.id}/agenda/{item.id}").status_code == 200  # an update, not a second row
    db.session.expire_all()
    [visit] = db.session.scalars(select(ItemVisit).filter_by(user_id=member.id)).all()
    assert (visit.item_id, visit.last_seen_post_id) == (item.id, last.id)
    assert "new since your last visit" not in page_text(member_client.get(agenda_url(council)))

    newer = make_post(item, writer)
    item.last_post_id = newer.id
    db.session.commit()
    assert "1 new since your last visit" in page_text(member_client.get(agenda_url(council)))


def _statements(client, path) -> list[str]:
    """The SQL statements one GET of `path` runs."""
    from sqlalchemy import event

    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lstrip().upper())

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return statements


def test_the_item_page_records_the_visit_in_few_queries(app, council, member, member_client, count_queries):
    item = make_item(council, status="open")
    page = f"/councils/{council.id}/agenda/{item.id}"
    first, second = _statements(member_client, page), _statements(member_client, page)
    # The first visit writes the row (a read and an upsert); reading again, with nothing new,
    # only reads.
    assert [s for s in first if "ITEM_VISITS" in s and s.startswith("INSERT")]
    assert not [s for s in second if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(second) < len(first)
    db.session.expire_all()
    assert len(db.session.scalars(select(ItemVisit).filter_by(user_id=member.id)).all()) == 1


def test_the_number_of_queries_does_not_grow_with_items(app, council, member, member_client, count_queries):
    writer = make_user()

    def add(n):
        for i in range(n):
            item = make_item(council, make_user(), status=["open", "proposed", "closed"][i % 3],
                             theme=["land", "youth"][i % 2])
            if item.status == "open":
                make_post(item, writer)
            if i % 4 == 0:
                db.session.add(ItemFollow(user_id=member.id, item_id=item.id))
        db.session.commit()

    page = agenda_url(council)
    add(3)
    with count_queries() as few:
        assert member_client.get(page).status_code == 200
    add(27)
    with count_queries() as many:
        response = member_client.get(page)
    assert response.status_code == 200 and response.get_data(as_text=True).count('class="card"') == 30
    assert many() == few()


def test_follow_and_unfollow(app, council, member, member_client):
    item = make_item(council, title="Water", status="open")

    def follows():
        db.session.expire_all()
        return db.session.scalars(select(ItemFollow.user_id).filter_by(item_id=item.id)).all()

    html = member_client.get(agenda_url(council)).get_data(as_text=True)
    assert f'action="/councils/{council.id}/agenda/{item.id}/follow"' in html

    response = member_client.post(f"/councils/{council.id}/agenda/{item.id}/follow",
                                  data={"next": agenda_url(council) + f"#item-{item.id}"})
    assert response.status_code == 302 and response.headers["Location"] == agenda_url(council) + f"#item-{item.id}"
    assert follows() == [member.id]
    member_client.post(f"/councils/{council.id}/agenda/{item.id}/follow")  # twice: still one
    assert follows() == [member.id]

    html = member_client.get(f"/councils/{council.id}/agenda/{item.id}").get_data(as_text=True)
    assert f'action="/councils/{council.id}/agenda/{item.id}/unfollow"' in html
    assert "You follow this item" in html

    response = member_client.post(f"/councils/{council.id}/agenda/{item.id}/unfollow",
                                  data={"next": "https://evil.example/"})
    assert response.headers["Location"] == f"/councils/{council.id}/agenda/{item.id}"
    assert follows() == []
    assert member_client.post(f"/councils/{council.id}/agenda/{item.id}/unfollow").status_code == 302
    assert follows() == []


def test_follow_is_post_only(app, council, member_client):
    item = make_item(council)
    assert member_client.get(f"/councils/{council.id}/agenda/{item.id}/follow").status_code == 405


def test_item_page_shows_what_a_member_needs(app, council, member, member_client):
    earlier = make_item(council, title="Earlier")
    item = make_item(council, member, title="Water", status="open", place="Kala", theme="land",
                     description="Wells are **dry**.")
    item.links = [earlier]
    db.session.commit()
    response = member_client.get(f"/councils/{council.id}/agenda/{item.id}")
    html = main_of(response.get_data(as_text=True))
    assert html.count("<h1") == 1
    assert "<strong>dry</strong>" in html
    page = page_text(response)
    for text in ("Water", "Open for deliberation", "Land and natural resources", "Kala", "Amina", "Earlier"):
        assert text in page
    assert f'href="/councils/{council.id}/agenda/{earlier.id}"' in html
    assert "Keep the agenda" not in page


def test_closed_item_is_read_only(app, council, member_client):
    item = make_item(council, status="closed")
    page = page_text(member_client.get(f"/councils/{council.id}/agenda/{item.id}"))
    assert "The deliberation on this item is closed" in page
