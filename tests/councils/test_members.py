"""The member list, suspending and reinstating, leaving; and the dashboard."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.councils.models import Membership
from council.extensions import db
from tests.conftest import make_council, make_membership, make_user
from tests.helpers import audit_events, client_for, main_of, text_of


@pytest.fixture
def council():
    return make_council(texts={"en": ("North council", "")})


def team(council):
    """A facilitator, a second facilitator, a member and an observer."""
    people = {}
    for name, role in [("Fatou", "facilitator"), ("Grace", "facilitator"), ("Malik", "member"), ("Olga", "observer")]:
        user = make_user(display_name=name)
        people[name] = (user, make_membership(user, council, role=role))
    return people


# --- the member list ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["Malik", "Olga", "Fatou"])
def test_members_see_the_member_list(app, council, who):
    people = team(council)
    page = main_of(client_for(app, people[who][0]).get(f"/councils/{council.id}/members?lang=en").get_data(as_text=True))
    for name in people:
        assert f'<span translate="no" dir="auto">{name}</span>' in page
    text = text_of(page)
    assert "Malik" in text and "Member" in text and "Observer" in text and "Facilitator" in text


def test_nobody_else_sees_the_member_list(app, council):
    team(council)
    applicant = make_user()
    make_membership(applicant, council, status="applied")
    suspended = make_user()
    make_membership(suspended, council, status="suspended")
    other_member = make_user()
    make_membership(other_member, make_council())
    for user in (make_user(), applicant, suspended, other_member, make_user(site_role="office")):
        client = client_for(app, user)
        assert client.get(f"/councils/{council.id}/members").status_code == 403
        assert f"/councils/{council.id}/members" not in client.get(f"/councils/{council.id}").get_data(as_text=True)
    response = client_for(app).get(f"/councils/{council.id}/members")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_members_see_no_suspend_buttons(app, council):
    people = team(council)
    page = client_for(app, people["Malik"][0]).get(f"/councils/{council.id}/members?lang=en").get_data(as_text=True)
    assert "/suspend" not in page and "Suspend" not in page


def test_a_facilitator_may_suspend_members_but_not_themselves_or_facilitators(app, council):
    people = team(council)
    page = client_for(app, people["Fatou"][0]).get(f"/councils/{council.id}/members?lang=en").get_data(as_text=True)
    for name, (user, m) in people.items():
        expected = name in ("Malik", "Olga")
        assert (f"/councils/{council.id}/members/{m.id}/suspend" in page) is expected, name


def test_suspending_and_reinstating_a_member(app, council):
    people = team(council)
    fatou = client_for(app, people["Fatou"][0])
    malik, m = people["Malik"]
    malik_client = client_for(app, malik)
    assert malik_client.get(f"/councils/{council.id}/members").status_code == 200

    assert fatou.post(f"/councils/{council.id}/members/{m.id}/suspend").status_code == 302
    db.session.refresh(m)
    assert m.status == "suspended"
    [event] = audit_events("membership.suspend")
    assert event.detail == {"before": {"status": "active"}, "after": {"status": "suspended"}}
    assert malik_client.get(f"/councils/{council.id}/members").status_code == 403
    page = fatou.get(f"/councils/{council.id}/members?lang=en").get_data(as_text=True)
    assert "Suspended" in page and f"/members/{m.id}/reinstate" in page

    assert fatou.post(f"/councils/{council.id}/members/{m.id}/reinstate").status_code == 302
    db.session.refresh(m)
    assert m.status == "active"
    assert [e.actor_id for e in audit_events("membership.reinstate")] == [people["Fatou"][0].id]
    assert malik_client.get(f"/councils/{council.id}/members").status_code == 200


@pytest.mark.parametrize("target", ["Fatou", "Grace"])
def test_a_facilitator_cannot_suspend_themselves_or_another_facilitator(app, council, target):
    people = team(council)
    m = people[target][1]
    response = client_for(app, people["Fatou"][0]).post(f"/councils/{council.id}/members/{m.id}/suspend")
    assert response.status_code == 302
    db.session.refresh(m)
    assert m.status == "active"
    assert audit_events("membership.suspend") == []


def test_an_admin_may_suspend_a_facilitator(app, council):
    people = team(council)
    m = people["Grace"][1]
    client = client_for(app, make_user(site_role="admin"))
    assert f"/members/{m.id}/suspend" in client.get(f"/councils/{council.id}/members").get_data(as_text=True)
    client.post(f"/councils/{council.id}/members/{m.id}/suspend")
    db.session.refresh(m)
    assert m.status == "suspended"


def test_members_cannot_suspend_and_nothing_crosses_councils(app, council):
    people = team(council)
    m = people["Olga"][1]
    assert client_for(app, people["Malik"][0]).post(f"/councils/{council.id}/members/{m.id}/suspend").status_code == 403
    other = make_council()
    other_facilitator = make_user()
    make_membership(other_facilitator, other, role="facilitator")
    client = client_for(app, other_facilitator)
    assert client.post(f"/councils/{other.id}/members/{m.id}/suspend").status_code == 404
    db.session.refresh(m)
    assert m.status == "active"


def test_member_list_queries_do_not_grow_with_members(app, council, count_queries):
    people = team(council)
    client = client_for(app, people["Fatou"][0])
    url = f"/councils/{council.id}/members"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _ in range(10):
        make_membership(make_user(), council)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count("/suspend") == 12
    assert many() == few()


# --- leaving -------------------------------------------------------------------------------------


def test_leaving_the_council(app, council):
    people = team(council)
    malik, m = people["Malik"]
    client = client_for(app, malik)
    page = client.get(f"/councils/{council.id}/leave?lang=en").get_data(as_text=True)
    assert page.count("<h1") == 1 and "Leave the council" in page
    response = client.post(f"/councils/{council.id}/leave")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    db.session.refresh(m)
    assert m.status == "left"
    [event] = audit_events("membership.leave")
    assert event.actor_id == malik.id and event.detail["before"] == {"status": "active", "role": "member"}
    assert client.get(f"/councils/{council.id}/members").status_code == 403
    # Leaving twice is refused; applying again is possible.
    assert client.post(f"/councils/{council.id}/leave").status_code == 403
    assert f'href="/councils/{council.id}/apply"' in client.get(f"/councils/{council.id}").get_data(as_text=True)


def test_people_outside_the_council_cannot_leave_it(app, council):
    user = make_user()
    make_membership(user, council, status="applied")
    assert client_for(app, user).post(f"/councils/{council.id}/leave").status_code == 403
    assert db.session.scalars(select(Membership)).one().status == "applied"


# --- the dashboard -------------------------------------------------------------------------------


def test_dashboard_shows_councils_applications_and_what_waits(app, council):
    people = team(council)
    second = make_council(texts={"en": ("South council", "")})
    fatou = people["Fatou"][0]
    make_membership(fatou, second, status="declined", decision_message="We are full.")
    third = make_council(texts={"en": ("East council", "")})
    make_membership(fatou, third, status="applied")
    for _ in range(3):
        make_membership(make_user(), council, status="applied")

    page = main_of(client_for(app, fatou).get("/dashboard?lang=en").get_data(as_text=True))
    text = text_of(page)
    assert page.count("<h1") == 1
    assert "Waiting for you" in text and "3 applications waiting" in text
    assert f'href="/councils/{council.id}/applications"' in page
    assert f'href="/councils/{council.id}"' in page and "Facilitator" in text
    assert "South council" in text and "Application declined" in text and "We are full." in text
    assert "East council" in text and "Application waiting" in text
    assert "/admin" not in page

    malik_page = main_of(client_for(app, people["Malik"][0]).get("/dashboard?lang=en").get_data(as_text=True))
    assert "Waiting for you" not in malik_page and "/applications" not in malik_page
    assert "North council" in malik_page


def test_dashboard_of_someone_without_councils_points_to_the_directory(app):
    page = main_of(client_for(app, make_user()).get("/dashboard?lang=en").get_data(as_text=True))
    assert "You are not part of a council yet." in text_of(page) and 'href="/councils"' in page


def test_admin_dashboard_links_to_administration_and_all_waiting_applications(app, council):
    make_membership(make_user(), council, status="applied")
    page = main_of(client_for(app, make_user(site_role="admin")).get("/dashboard?lang=en").get_data(as_text=True))
    assert 'href="/admin"' in page
    assert f'href="/councils/{council.id}/applications"' in page and "1 application waiting" in text_of(page)


def test_dashboard_queries_do_not_grow_with_rows(app, count_queries):
    user = make_user()
    client = client_for(app, user)

    def add_rows():
        council = make_council()
        make_membership(user, council, role="facilitator")
        make_membership(make_user(), council, status="applied")
        make_membership(user, make_council(), status="declined", decision_message="No")

    add_rows()
    client.get("/dashboard")
    with count_queries() as few:
        client.get("/dashboard")
    for _ in range(5):
        add_rows()
    with count_queries() as many:
        page = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert page.count("1 application waiting") == 6
    assert many() == few()
