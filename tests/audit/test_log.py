"""The audit log: the whole log for administrators, a council's own log for its facilitators."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, timezone
from unittest.mock import patch

import pytest

from council.audit import services as audit
from council.extensions import db
from tests.conftest import login, make_council, make_country, make_item, make_membership, make_post, make_user, tr


def record(actor, action, target, *, council_id=None, when=None, **detail):
    """An event recorded at `when` (the log is append-only: the time is given, never changed after)."""
    with patch.object(audit, "utcnow", lambda: when) if when is not None else nullcontext():
        e = audit.record(actor, action, target, council_id=council_id, **detail)
    db.session.commit()
    return e


def test_admin_sees_every_event_newest_first(admin_client, admin):
    council = make_council(texts={"en": ("Highlands Council", "")})
    person = make_user(display_name="Falcon")
    record(admin, "council.create", council, council_id=council.id, when=datetime(2026, 1, 1, tzinfo=timezone.utc))
    record(admin, "user.suspend", person, when=datetime(2026, 2, 1, tzinfo=timezone.utc),
           before={"status": "active"}, after={"status": "suspended"})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert page.index("Account suspended") < page.index("Council created")
    assert '<span translate="no" dir="auto">Root Admin</span>' in page
    assert "Falcon" in page and "Highlands Council" in page
    assert "Suspended" in page  # the recorded value, translated


def test_the_log_is_in_the_reader_language_and_time_zone(admin_client, admin):
    admin.timezone = "Asia/Tokyo"
    db.session.commit()
    person = make_user()
    record(admin, "user.suspend", person, when=datetime(2026, 3, 1, 20, 30, tzinfo=timezone.utc))
    page = admin_client.get("/admin/audit?lang=fr").get_data(as_text=True)
    assert "2 mars 2026" in page and "05:30" in page  # 20:30 UTC is 05:30 the next day in Tokyo


def test_filter_by_action(admin_client, admin):
    person = make_user()
    record(admin, "user.suspend", person)
    record(admin, "user.reinstate", person)
    page = admin_client.get("/admin/audit?action=user.reinstate").get_data(as_text=True)
    listed = page.split('class="audit-list"', 1)[1]
    assert "Account reinstated" in listed and "Account suspended" not in listed
    assert "1 action found" in page


def test_filter_by_council_and_actor(admin_client, admin):
    one, two = make_council(), make_council()
    facilitator = make_user(email="fac@example.org")
    record(admin, "council.edit", one, council_id=one.id)
    record(facilitator, "council.edit", two, council_id=two.id)
    assert "1 action found" in admin_client.get(f"/admin/audit?council={two.id}").get_data(as_text=True)
    page = admin_client.get("/admin/audit?actor=FAC@example.org").get_data(as_text=True)
    assert "1 action found" in page
    page = admin_client.get("/admin/audit?actor=nobody@example.org").get_data(as_text=True)
    assert "0 actions found" in page


def test_filter_by_dates(admin_client, admin):
    country = make_country()
    for day in (1, 10, 20):
        record(admin, "country.edit", country, when=datetime(2026, 5, day, 12, tzinfo=timezone.utc))
    page = admin_client.get("/admin/audit?date_from=2026-05-05&date_to=2026-05-10").get_data(as_text=True)
    assert "1 action found" in page
    page = admin_client.get("/admin/audit?date_from=2026-05-10&action=country.edit").get_data(as_text=True)
    assert "2 actions found" in page  # (without the action filter, today's sign-in would count too)


@pytest.mark.parametrize(
    "query",
    [
        "action=no.such.action",
        "council=abc",
        "council=999999",
        "date_from=garbage",
        "date_to=2026-13-45",
        "date_from=0001-01-01&date_to=9999-12-31",
        "date_from=2026-05-10&date_to=2026-05-01",
        "actor=" + "x" * 1000,
        "page=abc",
        "page=-3",
        "page=999999999999999999999999",
        "action=%00&actor=%00",
    ],
)
def test_garbage_filters_are_ignored_not_an_error(admin_client, admin, query):
    record(admin, "user.suspend", make_user())
    response = admin_client.get("/admin/audit?" + query)
    assert response.status_code == 200


def test_a_filter_that_makes_no_sense_is_reported_and_ignored(admin_client, admin):
    record(admin, "user.suspend", make_user())
    page = admin_client.get("/admin/audit?date_from=garbage&action=no.such.action").get_data(as_text=True)
    assert "There is a problem" in page
    assert "2 actions found" in page  # the suspension and the administrator's own sign-in


def test_pagination_keeps_the_filters(admin_client, admin):
    person = make_user()
    for _ in range(60):
        record(admin, "user.suspend", person)
    page = admin_client.get("/admin/audit?action=user.suspend").get_data(as_text=True)
    assert "page=2" in page and "action=user.suspend" in page.split('rel="next"')[0].rsplit("<a", 1)[1]
    second = admin_client.get("/admin/audit?action=user.suspend&page=2").get_data(as_text=True)
    assert second.count('class="card audit-event"') == 10


def test_query_count_does_not_grow_with_the_rows_shown(admin_client, admin, count_queries):
    council = make_council()

    def add_events(n):
        for _ in range(n):
            person = make_user()
            m = make_membership(person, council)
            item = make_item(council)
            record(admin, "agenda.accept", item, council_id=council.id, before={"status": "proposed"},
                   after={"status": "open"})
            record(admin, "summary.draft", _summary_of(item), council_id=council.id, after={"status": "draft"})
            record(admin, "post.hide", make_post(item, person), council_id=council.id,
                   after={"hidden_by_id": admin.id})
            record(admin, "user.suspend", person)
            record(person, "membership.role", m, council_id=council.id, after={"role": "member"})
            record(admin, "council.edit", council, council_id=council.id)
            record(admin, "country.edit", council.region.country)
            record(admin, "region.edit", council.region)

    add_events(1)
    with count_queries() as few:
        assert admin_client.get("/admin/audit").status_code == 200
    add_events(8)
    with count_queries() as many:
        assert admin_client.get("/admin/audit").status_code == 200
    assert many() == few()

    with count_queries() as council_page:
        assert admin_client.get(f"/councils/{council.id}/audit").status_code == 200
    add_events(2)
    with count_queries() as council_page_more:
        assert admin_client.get(f"/councils/{council.id}/audit").status_code == 200
    assert council_page_more() == council_page()


# --- a council's own log ---------------------------------------------------------------------


@pytest.fixture
def two_councils(admin):
    mine = make_council(texts={"en": ("Mine", "")})
    theirs = make_council(texts={"en": ("Theirs", "")})
    record(admin, "council.edit", mine, council_id=mine.id, after={"names": {"en": "Mine"}})
    record(admin, "council.edit", theirs, council_id=theirs.id, after={"names": {"en": "Theirs"}})
    record(admin, "user.suspend", make_user())
    return mine, theirs


def test_facilitator_sees_only_their_council_events(client, two_councils):
    mine, theirs = two_councils
    facilitator = make_user()
    make_membership(facilitator, mine, role="facilitator")
    login(client, facilitator)
    response = client.get(f"/councils/{mine.id}/audit")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 action found" in page
    listed = page.split('class="audit-list"', 1)[1]
    assert "Mine" in listed and "Theirs" not in listed and "Account suspended" not in listed
    assert 'name="actor"' not in page  # no way to link a pseudonym to an e-mail address
    assert client.get(f"/councils/{theirs.id}/audit").status_code == 403


@pytest.mark.parametrize("role,status", [("member", "active"), ("observer", "active"), ("facilitator", "suspended"), ("facilitator", "applied")])
def test_council_log_is_refused_to_others(client, two_councils, role, status):
    mine, _theirs = two_councils
    person = make_user()
    make_membership(person, mine, role=role, status=status)
    login(client, person)
    assert client.get(f"/councils/{mine.id}/audit").status_code == 403


def test_council_log_sends_visitors_to_sign_in(client, two_councils):
    mine, _theirs = two_councils
    response = client.get(f"/councils/{mine.id}/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_council_log_of_an_unknown_council_is_404(admin_client):
    assert admin_client.get("/councils/999/audit").status_code == 404


def test_council_log_ignores_garbage(client, two_councils):
    mine, _theirs = two_councils
    facilitator = make_user()
    make_membership(facilitator, mine, role="facilitator")
    login(client, facilitator)
    response = client.get(f"/councils/{mine.id}/audit?council=abc&date_from=x&action=y&page=z&actor=a")
    assert response.status_code == 200
    assert "1 action found" in response.get_data(as_text=True)


def test_whole_log_is_refused_to_facilitators(client, two_councils):
    mine, _theirs = two_councils
    facilitator = make_user()
    make_membership(facilitator, mine, role="facilitator")
    login(client, facilitator)
    assert client.get("/admin/audit").status_code == 403


# --- the log reads like a record -------------------------------------------------------------


def _summary_of(item):
    from council.summaries.models import Summary

    summary = Summary(item_id=item.id, council_id=item.council_id, language="en", status="review")
    db.session.add(summary)
    db.session.commit()
    return summary


def _event_card(page: str, label: str) -> str:
    page = page.split('class="audit-list"', 1)[1]
    start = page.index(f"<strong>{label}</strong>")
    return page[start:page.index("</li>", start)]


def test_objects_are_named_and_values_are_words_not_codes(admin_client, admin):
    council = make_council(texts={"en": ("Lowlands Council", "")})
    item = make_item(council, title="Access to water points")
    summary = _summary_of(item)
    person = make_user(display_name="Halima")
    record(admin, "summary.adopt", summary, council_id=council.id,
           before={"status": "review"}, after={"status": "adopted", "version": 2})
    from council.deliberations.models import Post  # noqa: F401  (the post's thread names it)
    post = make_post(item, person)
    record(admin, "post.hide", post, council_id=council.id,
           before={"state": "visible", "hidden_by_id": None, "hidden_reason": None, "open_report_count": 2},
           after={"state": "hidden", "hidden_by_id": person.id, "hidden_reason": "abusive", "open_report_count": 0})
    page = admin_client.get("/admin/audit").get_data(as_text=True)

    adopted = _event_card(page, "Summary adopted")
    assert 'The summary of “<span lang="en" dir="auto">Access to water points</span>”' in adopted
    assert "no." not in adopted and "summaries" not in adopted
    assert "Under review by the council" in adopted and "Adopted" in adopted  # the summary's own words
    hidden = _event_card(page, "Post hidden")
    assert "A post in the thread of “" in hidden and "Access to water points" in hidden
    assert "Halima" in hidden  # who hid it, by name, not as an id
    assert "It is abusive or insulting." in hidden and "abusive<" not in hidden
    assert "{" not in hidden and "hidden_by_id" not in hidden


def test_no_line_for_a_field_that_did_not_change_and_no_raw_json(admin_client, admin):
    council = make_council()
    person = make_user(display_name="Baraka")
    membership = make_membership(person, council)
    record(admin, "membership.role", membership, council_id=council.id,
           before={"role": "member", "status": "active"}, after={"role": "facilitator", "status": "active"})
    record(admin, "council.edit", council, council_id=council.id, before={"allow_anonymous": True},
           after={"allow_anonymous": True, "mandates": {"en": "Listen first."}})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    role = _event_card(page, "Council role changed")
    assert "The membership of" in role and "Baraka" in role
    assert "Role" in role and "Facilitator" in role
    assert "Status" not in role  # active before and after: nothing to tell
    edit = _event_card(page, "Council edited")
    assert "Anonymous posting" not in edit and "Listen first." in edit
    assert "{&#34;" not in page and '{"' not in page


def test_status_words_are_translated_in_the_context_of_their_object(app, admin_client, admin):
    from council.auth.models import User  # noqa: F401

    council = make_council()
    person = make_user(display_name="Amani")
    membership = make_membership(person, council)
    record(admin, "user.suspend", person, before={"status": "active"}, after={"status": "suspended"})
    record(admin, "membership.suspend", membership, council_id=council.id,
           before={"status": "active"}, after={"status": "suspended"})
    page = admin_client.get("/admin/audit?lang=fr").get_data(as_text=True)
    # French: un compte suspendu, une participation suspendue.
    assert "Suspendu<" in _event_card(page, tr(app, "fr", "Account suspended"))
    assert "Participation suspendue<" in _event_card(page, tr(app, "fr", "Member suspended from the council"))


def test_the_log_reads_on_a_phone_as_lines_not_a_wide_table(admin_client, admin):
    council = make_council()
    record(admin, "council.edit", council, council_id=council.id, before={"women_target_percent": 30},
           after={"women_target_percent": 40})
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    card = _event_card(page, "Council edited")
    assert "<table" not in card and 'class="audit-changes"' in card
    assert 'class="audit-before"' in card and "30" in card and "40" in card
