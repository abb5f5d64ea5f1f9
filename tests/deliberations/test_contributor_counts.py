"""Contributor counts never tie an anonymous post to a person.

Two threads, the same but for who wrote the anonymous post: in one someone who already posted under
their name, in the other someone who had not. Nothing counted on the agenda, the item page or in a
summary's participation figures may tell the two apart."""

from __future__ import annotations

import re

from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.extensions import db
from council.summaries import queries as summary_queries
from tests.conftest import login, make_item, make_membership, make_user
from tests.deliberations.conftest import item_url, send_post
from tests.helpers import text_of


def _thread(client, world, item, named, anonymous_author):
    for person in named:
        login(client, person)
        assert send_post(client, item, f"{person.display_name} speaks under their name.").status_code == 302
        client.post("/logout")
    login(client, anonymous_author)
    assert send_post(client, item, "Something said anonymously.", anonymous="y").status_code == 302
    client.post("/logout")


def _figures(client, reader, council, item):
    login(client, reader)
    page = client.get(item_url(item)).get_data(as_text=True)
    deliberation = text_of(re.search(r"<dd>[^<]*posts? ·.*?</dd>", page, flags=re.S).group(0))
    agenda = client.get(f"/councils/{council.id}/agenda").get_data(as_text=True)
    activity = text_of(re.search(rf'href="[^"]*/agenda/{item.id}".*?<p class="agenda-activity">(.*?)</p>',
                                 agenda, flags=re.S).group(1))
    client.post("/logout")
    db.session.expire_all()
    item = db.session.get(AgendaItem, item.id)
    participation = summary_queries.participation(item)
    return deliberation, activity.split(" · ")[:3], participation, (item.contributor_count, item.anonymous_post_count)


def test_an_anonymous_post_by_a_named_contributor_and_by_a_newcomer_look_the_same(client, world):
    council = world.council
    people = [make_user(display_name=f"Woman {n}", gender="woman", constituency="women") for n in range(5)]
    newcomer = make_user(display_name="Newcomer", gender="man", constituency="youth")
    for person in [*people, newcomer]:
        make_membership(person, council, constituency=person.constituency)
    first = make_item(council, world.facilitator, title="First")
    second = make_item(council, world.facilitator, title="Second")
    # The same named posts in both threads; the anonymous one by a named contributor, or a newcomer.
    _thread(client, world, first, people, anonymous_author=people[0])
    _thread(client, world, second, people, anonymous_author=newcomer)

    one = _figures(client, world.other_member, council, first)
    other = _figures(client, world.other_member, council, second)
    assert one == other
    deliberation, activity, participation, stored = one
    assert deliberation == "6 posts · 5 contributors · 1 anonymous contribution"
    assert activity == ["6 posts", "5 contributors", "1 anonymous contribution"]
    assert stored == (5, 1)
    assert participation["contributors"] == 5 and participation["anonymous_posts"] == 1
    assert participation["by_gender"]["hidden"] is False  # five named women: shown, and the same in both


def test_counts_follow_posts_withdrawn_and_hidden(client, world):
    login(client, world.member)
    send_post(client, world.item, "Named.")
    send_post(client, world.item, "Anonymous.", anonymous="y")
    db.session.expire_all()
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.id == world.item.id))
    assert (item.post_count, item.contributor_count, item.anonymous_post_count) == (2, 1, 1)
