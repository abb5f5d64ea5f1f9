"""The participation picture: who took part, by gender and by group, against the composition; never
a group of fewer than five; the same figures as an adopted summary's; a fixed number of queries;
and the facilitator's invitation of the groups not heard yet on an open item."""

from __future__ import annotations

import re

import pytest

from council.extensions import db
from council.notifications.models import Notification
from council.participation import queries
from council.summaries import queries as summary_queries
from tests.conftest import make_council, make_item, make_membership, make_post, make_user
from tests.helpers import audit_events, page_text

# Seven women of women's groups, six men of youth groups, two elders (one woman, one man).
PEOPLE = [("woman", "women")] * 7 + [("man", "youth")] * 6 + [("woman", "elders"), ("man", "elders")]


@pytest.fixture
def world(app):
    council = make_council()
    facilitator = make_user(display_name="Facilitator", gender="woman", constituency="civil_society")
    make_membership(facilitator, council, role="facilitator", constituency="civil_society")
    people = []
    for n, (gender, group) in enumerate(PEOPLE):
        person = make_user(display_name=f"Member {n}", gender=gender, constituency=group)
        make_membership(person, council, constituency=group)
        people.append(person)
    observer = make_user(display_name="Observer")
    make_membership(observer, council, role="observer")
    item = make_item(council, facilitator, title="Water points")

    class World:
        pass

    w = World()
    w.council, w.facilitator, w.people, w.observer, w.item = council, facilitator, people, observer, item
    return w


def _posts(world, count_women=6, count_youth=5, elders=1):
    """Named posts by `count_women` women, `count_youth` young men and `elders` elders."""
    authors = world.people[:count_women] + world.people[7:7 + count_youth] + world.people[13:13 + elders]
    for person in authors:
        make_post(world.item, person)
    return authors


def _numbers_in(table_html: str) -> list[int]:
    cells = re.findall(r"<td>(.*?)</td>", table_html, flags=re.S)
    return [int(m.group(1).replace(",", "")) for c in cells if (m := re.match(r"\s*([\d,]+)", c))]


def _table(html: str, table_id: str) -> str:
    return re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, flags=re.S).group(0)


def test_the_page_shows_who_took_part_with_no_group_under_five(client_for, world):
    _posts(world)
    page = client_for(world.people[0]).get(f"/councils/{world.council.id}/participation")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = page_text(page)
    assert "Who took part" in text
    # the activities, and the charts with their tables one link away
    activity = _table(html, "participation-activity-table")
    assert "Posts" in activity and "12" in activity
    assert '<svg' in html and 'role="img"' in html
    assert 'href="#participation-gender-table"' in html and 'href="#participation-group-table"' in html
    groups = _table(html, "participation-group-table")
    # elders: one contributor, shown as "fewer than 5"; no other number under five but zero
    assert "fewer than 5" in groups
    assert all(n == 0 or n >= 5 for n in _numbers_in(groups))
    assert all(n == 0 or n >= 5 for n in _numbers_in(_table(html, "participation-gender-table")))


def test_secondary_suppression_keeps_a_small_group_from_being_worked_out(app, world):
    """Five women's-group posters and one elder: the elder is "fewer than 5", and since the total of
    six is shown, the women's figure is withheld too — else 6 - 5 gives the elder away."""
    _posts(world, count_women=5, count_youth=0, elders=1)
    with app.test_request_context():
        picture = queries.picture(world.council, world.facilitator, "all")
    posts = picture.activities[0].by_group
    assert posts.total == 6
    states = {c.key: c.state for c in posts.cells}
    assert states == {"women": "withheld", "elders": "small"}
    assert all(c.count is None for c in posts.cells)


def test_fewer_than_five_people_in_all_shows_no_breakdown(client_for, world):
    _posts(world, count_women=2, count_youth=2, elders=0)
    html = client_for(world.facilitator).get(f"/councils/{world.council.id}/participation").get_data(as_text=True)
    groups = _table(html, "participation-group-table")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", groups, flags=re.S)
    # the column of posts (fourth) says "not shown" in every row
    for row in rows:
        assert re.findall(r"<td>(.*?)</td>", row, flags=re.S)[2].strip() == "not shown"


def test_the_page_and_the_summary_give_the_same_figures(app, world):
    _posts(world)
    make_post(world.item, world.people[0], anonymous=True)
    with app.test_request_context():
        thread = summary_queries.figures(summary_queries.participation(world.item), frozen=False)
        picture = queries.picture(world.council, world.facilitator, "all")
    posts = picture.activities[0]
    assert (posts.actions, posts.people, posts.anonymous) == (thread.posts, thread.contributors, thread.anonymous_posts)
    assert posts.by_gender == thread.by_gender
    assert posts.by_group == thread.by_group


def test_the_period_counts_only_what_happened_in_it(app, world):
    from datetime import datetime, timezone

    old = make_post(world.item, world.people[0])
    old.created_at = datetime(2020, 1, 15, tzinfo=timezone.utc)
    db.session.commit()
    make_post(world.item, world.people[1])
    with app.test_request_context():
        assert queries.picture(world.council, world.facilitator, "all").activities[0].actions == 2
        assert queries.picture(world.council, world.facilitator, "month").activities[0].actions == 1
        assert queries.picture(world.council, world.facilitator, "nonsense").period == "quarter"


def test_endorsements_and_objections_are_counted(app, world):
    from council.summaries.models import Stance, Summary, SummaryVersion

    summary = Summary(item_id=world.item.id, council_id=world.council.id, language="en", status="under_review")
    db.session.add(summary)
    db.session.flush()
    version = SummaryVersion(summary_id=summary.id, number=1, sections={}, author_id=world.facilitator.id)
    db.session.add(version)
    db.session.flush()
    for person in world.people[:6]:
        db.session.add(Stance(summary_id=summary.id, version_id=version.id, user_id=person.id, value="endorse"))
    db.session.add(Stance(summary_id=summary.id, version_id=version.id, user_id=world.people[7].id, value="object",
                          reason="No."))
    db.session.commit()
    with app.test_request_context():
        picture = queries.picture(world.council, world.facilitator, "all")
    found = {a.key: (a.actions, a.people) for a in picture.activities}
    assert found["endorse"] == (6, 6) and found["object"] == (1, 1)
    assert picture.anyone.people == 7


def test_the_page_runs_a_fixed_number_of_queries(client_for, world, count_queries):
    client = client_for(world.facilitator)
    url = f"/councils/{world.council.id}/participation"
    _posts(world, count_women=1, count_youth=0, elders=0)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _posts(world)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many() == few()


@pytest.mark.parametrize("who, status", [("member", 200), ("facilitator", 200), ("observer", 200),
                                         ("office", 200), ("admin", 200), ("other", 404), ("applicant", 404)])
def test_who_may_see_the_page(client_for, world, who, status):
    if who == "member":
        person = world.people[0]
    elif who == "facilitator":
        person = world.facilitator
    elif who == "observer":
        person = world.observer
    elif who in ("office", "admin"):
        person = make_user(site_role=who)
    elif who == "other":
        person = make_user()
        make_membership(person, make_council())
    else:
        person = make_user()
        make_membership(person, world.council, status="applied")
    assert client_for(person).get(f"/councils/{world.council.id}/participation").status_code == status


def test_a_visitor_is_asked_to_sign_in(client, world):
    response = client.get(f"/councils/{world.council.id}/participation")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_council_page_links_to_the_picture_for_its_members_only(client_for, world):
    url = f"/councils/{world.council.id}"
    link = f'/councils/{world.council.id}/participation"'
    assert link in client_for(world.people[0]).get(url).get_data(as_text=True)
    assert link not in client_for(make_user()).get(url).get_data(as_text=True)


# --- the groups not heard yet on an open item -------------------------------------------------------


def _item_url(world):
    return f"/councils/{world.council.id}/agenda/{world.item.id}"


def test_the_facilitator_sees_the_silent_groups_and_invites_them(client_for, world):
    make_post(world.item, world.people[0])  # women's groups heard
    make_post(world.item, world.people[7], anonymous=True)  # youth: anonymous only, still "not heard"
    facilitator = client_for(world.facilitator)
    section = re.search(r'<section class="silent-groups".*?</section>',
                        facilitator.get(_item_url(world)).get_data(as_text=True), flags=re.S).group(0)
    assert "Youth" in section and "Elders and wise persons" in section and "Civil-society organisations" in section
    assert "Women&#39;s groups" not in section and "Women's groups" not in section
    # a member does not see it
    assert 'class="silent-groups"' not in client_for(world.people[1]).get(_item_url(world)).get_data(as_text=True)

    response = facilitator.post(f"/councils/{world.council.id}/participation/items/{world.item.id}/invite",
                                data={"groups": ["elders"]})
    assert response.status_code == 302
    db.session.expire_all()
    told = {n.user_id for n in db.session.query(Notification).filter_by(kind="item_invited")}
    assert told == {world.people[13].id, world.people[14].id}
    [event] = audit_events("participation.invite")
    assert event.detail["after"] == {"groups": ["elders"], "people": 2}
    page = facilitator.get(_item_url(world) + "#silent-groups")
    assert "2 people were invited to take part." in page_text(page)
    # the same group again the same day: refused, nobody told twice
    facilitator.post(f"/councils/{world.council.id}/participation/items/{world.item.id}/invite",
                     data={"groups": ["elders"]})
    db.session.expire_all()
    assert db.session.query(Notification).filter_by(kind="item_invited").count() == 2
    assert "less than a day ago" in page_text(facilitator.get(_item_url(world)))


def test_a_member_cannot_invite(client_for, world):
    response = client_for(world.people[0]).post(
        f"/councils/{world.council.id}/participation/items/{world.item.id}/invite", data={"groups": ["elders"]})
    assert response.status_code == 404
    assert not audit_events("participation.invite")


# --- activities of higher domains ----------------------------------------------------------------


def test_signals_count_only_at_the_levels_the_reader_sees(app, world):
    from tests.signals.helpers import make_signal

    with app.test_request_context():
        for person in world.people[:5]:
            make_signal(world.council, person, confidentiality="council")
        make_signal(world.council, world.people[7], confidentiality="office_only")
    office = make_user(site_role="office")
    with app.test_request_context():
        member_view = {a.key: (a.actions, a.people) for a in queries.picture(world.council, world.people[0], "all").activities}
        office_view = {a.key: (a.actions, a.people) for a in queries.picture(world.council, office, "all").activities}
    # the member's own office-only signal would not count either: figures do not depend on who reads
    assert member_view["signals"] == (5, 5)
    assert office_view["signals"] == (6, 6)


def test_published_assessments_count_for_their_authors(app, world):
    from datetime import datetime, timezone

    from tests.conftest import make_agreement, make_assessment

    agreement = make_agreement(world.council.region.country, provisions=2, regions=[world.council.region])
    for provision, person in zip(agreement.provisions, world.people[:2]):
        make_assessment(provision, world.council, author_id=person.id,
                        published_at=datetime.now(timezone.utc))
    with app.test_request_context():
        found = {a.key: (a.actions, a.people) for a in queries.picture(world.council, world.people[0], "all").activities}
    assert found["assessments"] == (2, 2)
