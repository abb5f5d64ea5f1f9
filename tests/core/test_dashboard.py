"""Each role's first screen is about what that person has to do: the applicant their waiting
application, the administrator the work waiting in the councils, the member what is new, what
waits for their endorsement, what they follow and the deadlines — in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from council.agendas.models import ItemFollow, ItemVisit
from council.extensions import db, utcnow
from council.summaries.models import Stance, Summary, SummaryVersion
from tests.conftest import make_council, make_item, make_membership, make_post, make_user
from tests.helpers import client_for, main_of, text_of

NOT_IN_A_COUNCIL = "You are not part of a council yet."


def dashboard(app, user) -> str:
    response = client_for(app, user).get("/dashboard?lang=en")
    assert response.status_code == 200
    return main_of(response.get_data(as_text=True))


def under_review(item, deadline=None):
    summary = Summary(item_id=item.id, council_id=item.council_id, language="en", status="review",
                      review_deadline=deadline)
    db.session.add(summary)
    db.session.flush()
    version = SummaryVersion(summary_id=summary.id, number=1, sections={"context": "x"},
                             sections_html={"context": "<p>x</p>"})
    db.session.add(version)
    db.session.flush()
    summary.current_version_id = version.id
    db.session.commit()
    return summary


def test_an_applicant_sees_the_waiting_application_not_an_invitation_to_apply(app):
    council = make_council(texts={"en": ("Lake council", "Mandate.")})
    applicant = make_user()
    make_membership(applicant, council, status="applied")
    page = dashboard(app, applicant)
    text = text_of(page)
    assert "Your application is waiting" in text and "Lake council" in text
    assert "will read your application and decide" in text
    assert NOT_IN_A_COUNCIL not in text and "apply to join it" not in text


def test_an_administrator_is_shown_the_work_waiting_not_told_they_are_outside_a_council(app):
    council = make_council(texts={"en": ("Lake council", "Mandate.")})
    make_membership(make_user(), council, status="applied")
    admin = make_user(site_role="admin")
    text = text_of(dashboard(app, admin))
    assert NOT_IN_A_COUNCIL not in text
    assert "Go to the administration" in text and "1 application waiting" in text


def test_an_administrator_with_nothing_waiting_is_told_so(app):
    text = text_of(dashboard(app, make_user(site_role="admin")))
    assert NOT_IN_A_COUNCIL not in text and "Nothing waits for you in the councils." in text


def test_an_office_reader_is_not_told_they_are_outside_a_council(app):
    response = client_for(app, make_user(site_role="office")).get("/dashboard?lang=en", follow_redirects=True)
    assert response.status_code == 200 and response.request.path == "/digest"  # their home is the digest
    assert NOT_IN_A_COUNCIL not in text_of(main_of(response.get_data(as_text=True)))


def test_someone_without_a_council_is_pointed_to_the_directory(app):
    page = dashboard(app, make_user())
    assert NOT_IN_A_COUNCIL in text_of(page) and 'href="/councils"' in page


def _member_world():
    council = make_council(texts={"en": ("Lake council", "Mandate.")})
    member, writer = make_user(), make_user()
    make_membership(member, council)
    make_membership(writer, council)
    return council, member, writer


def test_a_member_sees_new_posts_reviews_follows_and_deadlines(app):
    council, member, writer = _member_world()
    busy = make_item(council, writer, title="Water points", deadline=utcnow() + timedelta(days=9))
    seen = make_post(busy, writer)
    db.session.add(ItemVisit(user_id=member.id, item_id=busy.id, last_seen_post_id=seen.id))
    first_new = make_post(busy, writer)
    make_post(busy, writer)
    make_post(busy, member)  # their own post is not news to them
    quiet = make_item(council, writer, title="Grazing routes")
    db.session.add(ItemFollow(user_id=member.id, item_id=quiet.id))
    reviewed = under_review(make_item(council, writer, title="School fees", status="closed"),
                            deadline=utcnow() + timedelta(days=3))
    endorsed = under_review(make_item(council, writer, title="Market tax", status="closed"))
    db.session.add(Stance(summary_id=endorsed.id, version_id=endorsed.current_version_id, user_id=member.id,
                          value="endorse"))
    db.session.commit()

    page = dashboard(app, member)
    text = text_of(page)
    assert NOT_IN_A_COUNCIL not in text
    assert "Summaries waiting for your endorsement or objection" in text
    assert "School fees" in text and "Market tax" not in text
    assert f'href="/councils/{council.id}/agenda/{reviewed.item_id}/summary"' in page
    assert "New posts since your last visit" in text and "2 new posts" in text
    assert f'href="/councils/{council.id}/agenda/{busy.id}/posts/{first_new.id}"' in page
    assert "Items you follow" in text and "Grazing routes" in text
    assert "Deadlines" in text
    assert "the deliberation on Water points closes" in text
    assert "the review of the summary of School fees ends" in text


def test_an_observer_is_not_asked_to_endorse(app):
    council, member, writer = _member_world()
    observer = make_user()
    make_membership(observer, council, role="observer")
    under_review(make_item(council, writer, title="School fees", status="closed"))
    text = text_of(dashboard(app, observer))
    assert "School fees" not in text and NOT_IN_A_COUNCIL not in text


def test_a_member_with_nothing_new_is_told_so(app):
    council, member, writer = _member_world()
    assert "Nothing new since your last visit." in text_of(dashboard(app, member))


def test_the_member_dashboard_runs_a_fixed_number_of_queries(app, count_queries):
    council, member, writer = _member_world()
    client = client_for(app, member)

    def add(n):
        for i in range(n):
            item = make_item(council, writer, deadline=utcnow() + timedelta(days=i + 1))
            make_post(item, writer)
            db.session.add(ItemFollow(user_id=member.id, item_id=item.id))
            under_review(make_item(council, writer, status="closed"), deadline=utcnow() + timedelta(days=i))
        db.session.commit()

    add(1)
    client.get("/dashboard")
    with count_queries() as few:
        assert client.get("/dashboard?lang=en").status_code == 200
    add(6)
    with count_queries() as many:
        page = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert page.count("1 new post") == 14  # each of 7 items, under new posts and under follows
    assert many() == few()
