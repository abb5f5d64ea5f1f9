"""The facilitators' queue: who sees it, what it shows, and hiding, dismissing and restoring."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.deliberations.models import PostReport
from council.extensions import db
from council.moderation import services
from council.notifications.models import Notification
from tests.conftest import make_membership, make_post, make_user
from tests.helpers import audit_events, fresh, main_of, text_of


def _reported(world, post=None, reasons=("abusive",), notes=None):
    """Reports through the service, one member per reason."""
    post = post or world.post
    for member, reason in zip(world.members, reasons):
        services.report(post, reason=reason, note=(notes or {}).get(member.id, ""), actor=member)
    db.session.commit()
    return post


# --- access --------------------------------------------------------------------------------------


def test_queue_is_for_facilitators_and_admins_only(world, client_for, client):
    admin = make_user(site_role="admin")
    assert client_for(world.facilitator).get(world.queue_path).status_code == 200
    assert client_for(admin).get(world.queue_path).status_code == 200
    for user in (world.members[0], world.observer, world.other_member):
        assert client_for(user).get(world.queue_path).status_code == 404, user
    assert client.get(world.queue_path).status_code == 302  # visitors are sent to sign in
    # a suspended facilitator is no facilitator
    suspended = make_user()
    make_membership(suspended, world.council, role="facilitator", status="suspended")
    assert client_for(suspended).get(world.queue_path).status_code == 404


def test_queue_link_is_shown_only_to_moderators(world, client_for, app):
    """The link partial gives the queue to those who moderate, and nothing to members."""
    from flask import render_template_string
    from flask_login import login_user

    queue_url = f'href="{world.queue_path}"'
    for user, shown in ((world.facilitator, True), (world.members[0], False), (world.observer, False),
                        (world.other_member, False)):
        with app.test_request_context("/"):
            login_user(user)
            html = render_template_string('{% include "moderation/_queue_link.html" %}', council=world.council)
        assert (queue_url in html) is shown, user
    # and no page a member reaches in this domain carries it
    _reported(world, reasons=("spam",) * 3)
    author = client_for(world.author)
    page = author.get(world.post_path(verb="appeal")).get_data(as_text=True)
    assert world.queue_path not in page
    other_post = make_post(world.item, world.facilitator, "By the facilitator.")
    page = client_for(world.members[3]).get(world.post_path(other_post, "report")).get_data(as_text=True)
    assert world.queue_path not in page


def test_members_cannot_act_by_forging_posts(world, client_for):
    _reported(world, reasons=("spam",) * 2)
    member = client_for(world.members[3])
    assert member.post(world.post_path(verb="hide"), data={"reason": "spam"}).status_code == 404
    assert member.post(world.post_path(verb="restore")).status_code == 404
    assert member.post(f"{world.queue_path}/posts/{world.post.id}/dismiss").status_code == 404
    post = fresh(world.post)
    assert post.state == "visible" and post.open_report_count == 2


def test_nothing_of_another_council_through_this_councils_url(world, client_for):
    services.report(world.other_post, reason="spam", actor=make_member(world.other_council))
    db.session.commit()
    fac = client_for(world.facilitator)
    wrong = f"/councils/{world.council.id}/agenda/{world.other_item.id}/posts/{world.other_post.id}"
    assert fac.post(wrong + "/hide", data={"reason": "spam"}).status_code == 404
    assert fac.post(wrong + "/restore").status_code == 404
    assert fac.post(f"{world.queue_path}/posts/{world.other_post.id}/dismiss").status_code == 404
    # and through its own council's URL, where this facilitator is nobody
    assert fac.post(world.post_path(world.other_post, "hide"), data={"reason": "spam"}).status_code == 404
    assert fac.get(f"/councils/{world.other_council.id}/moderation").status_code == 404
    assert fresh(world.other_post).state == "visible"
    assert "A post of another council" not in fac.get(world.queue_path).get_data(as_text=True)


def make_member(council):
    user = make_user()
    make_membership(user, council)
    return user


# --- what the queue shows ------------------------------------------------------------------------


def test_queue_shows_reports_with_reasons_counts_notes_and_state(world, client_for):
    _reported(world, reasons=("abusive", "abusive", "hate"),
              notes={world.members[2].id: "It targets the herders."})
    visible = make_post(world.item, world.members[3], "Still *visible* but reported.")
    services.report(visible, reason="spam", actor=world.members[0])
    db.session.commit()
    response = client_for(world.facilitator).get(world.queue_path)
    assert response.status_code == 200
    page = main_of(response.get_data(as_text=True))
    text = text_of(page)
    assert response.get_data(as_text=True).count("<h1") == 1
    assert "2 posts have open reports." in text
    assert "3 open reports" in text and "1 open report" in text
    assert "Abusive or insulting: 2" in text and "Hateful towards a group: 1" in text and "Spam or off-topic: 1" in text
    assert "It targets the herders." in text
    assert "Water points in the valley" in text
    assert "The <strong>northern</strong> well is dry again." in page
    assert "Several members reported it; it waits for a facilitator's review." in text
    assert "Shown in the thread" in text
    # hidden first
    assert page.index(f'id="reported-{world.post.id}"') < page.index(f'id="reported-{visible.id}"')
    # the reporters are not named
    for member in world.members[:3]:
        assert member.display_name not in text
    assert "Dismiss the reports and show the post again" in text


def test_anonymous_authors_are_not_revealed_in_the_queue(world, client_for):
    post = make_post(world.item, world.members[3], "Said anonymously.", anonymous=True)
    services.report(post, reason="spam", actor=world.members[0])
    db.session.commit()
    text = text_of(client_for(world.facilitator).get(world.queue_path).get_data(as_text=True))
    assert "Said anonymously." in text
    assert world.members[3].display_name not in text
    assert "A council member (posted anonymously)" in text


def test_queue_query_count_does_not_grow_with_rows(world, client_for, count_queries):
    fac = client_for(world.facilitator)

    def measure():
        with count_queries() as n:
            assert fac.get(world.queue_path).status_code == 200
        return n()

    post = make_post(world.item, world.members[3], "first")
    services.report(post, reason="spam", note="n", actor=world.members[0])
    db.session.commit()
    few = measure()
    for i in range(8):
        author = make_member(world.council)
        p = make_post(world.item, author, f"post {i}", anonymous=i % 2 == 0)
        for reason, member in zip(("spam", "false", "other"), world.members):
            services.report(p, reason=reason, note=f"note {i}", actor=member)
        if i % 3 == 0:
            services.appeal(p, statement=f"Please look again {i}", actor=author)
    db.session.commit()
    many = measure()
    assert many == few, (few, many)


# --- hide ----------------------------------------------------------------------------------------


def test_hide_from_the_queue_with_a_reason_and_note(world, client_for):
    _reported(world, reasons=("abusive",))
    fac = client_for(world.facilitator)
    response = fac.post(world.post_path(verb="hide"),
                        data={"reason": "abusive", "note": "Please rephrase without insults.", "next": world.queue_path})
    assert response.status_code == 302 and response.headers["Location"].endswith(world.queue_path)
    post = fresh(world.post)
    assert (post.state, post.hidden_reason, post.hidden_note, post.hidden_by_id) == (
        "hidden", "abusive", "Please rephrase without insults.", world.facilitator.id)
    assert post.open_report_count == 0
    [report] = db.session.scalars(select(PostReport)).all()
    assert (report.resolution, report.resolved_by_id) == ("hidden", world.facilitator.id)
    assert report.resolved_at is not None
    [event] = audit_events("post.hide")
    assert event.actor_id == world.facilitator.id and event.target_id == post.id
    assert event.detail["before"] == {"state": "visible", "hidden_reason": None, "hidden_by_id": None,
                                      "hidden_note": "", "open_report_count": 1}
    assert event.detail["after"] == {"state": "hidden", "hidden_reason": "abusive",
                                     "hidden_by_id": world.facilitator.id,
                                     "hidden_note": "Please rephrase without insults.", "open_report_count": 0}
    [note] = db.session.scalars(select(Notification).where(Notification.user_id == world.author.id)).all()
    assert note.data == {"action": "hidden"} and note.post_id == post.id
    assert "No post has open reports." in text_of(fac.get(world.queue_path).get_data(as_text=True))


def test_hiding_updates_the_items_counters(world, client_for):
    from council.deliberations import services as deliberations

    deliberations.update_item_counters(world.item)
    db.session.commit()
    assert fresh(world.item).post_count == 1
    client_for(world.facilitator).post(world.post_path(verb="hide"), data={"reason": "spam"})
    assert fresh(world.item).post_count == 0
    client_for(world.facilitator).post(world.post_path(verb="restore"))
    assert fresh(world.item).post_count == 1


def test_hide_from_the_thread_asks_for_a_reason_first(world, client_for):
    fac = client_for(world.facilitator)
    response = fac.post(world.post_path(verb="hide"), data={"next": "/somewhere/in/the/thread"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Why is the post hidden?" in page and 'value="/somewhere/in/the/thread"' in page
    assert "There is a problem" not in page
    assert fresh(world.post).state == "visible"
    response = fac.post(world.post_path(verb="hide"), data={"reason": "reports", "note": "typed", "next": "/x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose one of the reasons in the list." in page and "typed" in page
    response = fac.post(world.post_path(verb="hide"), data={"reason": "spam", "next": "/x", "note": "y" * 2001})
    assert response.status_code == 400 and "Use at most 2000 characters." in response.get_data(as_text=True)
    assert fresh(world.post).state == "visible"
    assert audit_events("post.hide") == []


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_must_stay_on_the_site(world, client_for, target):
    response = client_for(world.facilitator).post(world.post_path(verb="hide"), data={"reason": "spam", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(world.post_path())


def test_hiding_twice_changes_nothing_more(world, client_for):
    fac = client_for(world.facilitator)
    fac.post(world.post_path(verb="hide"), data={"reason": "spam"})
    fac2 = client_for(world.facilitator2)
    response = fac2.post(world.post_path(verb="hide"), data={"reason": "hate"})
    assert response.status_code == 302
    post = fresh(world.post)
    assert (post.hidden_reason, post.hidden_by_id) == ("spam", world.facilitator.id)
    assert len(audit_events("post.hide")) == 1


def test_a_withdrawn_post_cannot_be_hidden(world, client_for):
    post = make_post(world.item, world.members[0], "", state="withdrawn")
    client_for(world.facilitator).post(world.post_path(post, "hide"), data={"reason": "spam"})
    assert fresh(post).state == "withdrawn"


# --- dismiss -------------------------------------------------------------------------------------


def test_dismiss_reports_on_a_visible_post(world, client_for):
    _reported(world, reasons=("spam", "spam"))
    response = client_for(world.facilitator).post(f"{world.queue_path}/posts/{world.post.id}/dismiss")
    assert response.status_code == 302 and response.headers["Location"].endswith(world.queue_path)
    post = fresh(world.post)
    assert post.state == "visible" and post.open_report_count == 0
    assert {r.resolution for r in db.session.scalars(select(PostReport))} == {"dismissed"}
    [event] = audit_events("post.dismiss_reports")
    assert event.detail["before"]["open_report_count"] == 2 and event.detail["after"]["open_report_count"] == 0
    # the author was never told of the reports, and is not told of their dismissal
    assert db.session.scalars(select(Notification)).all() == []
    # a member who reported before may not report again; the report stays on record
    assert fresh(world.post).open_report_count == 0


def test_dismiss_shows_a_post_hidden_by_reports_again(world, client_for):
    _reported(world, reasons=("spam",) * 3)
    assert fresh(world.post).state == "hidden"
    client_for(world.facilitator).post(f"{world.queue_path}/posts/{world.post.id}/dismiss")
    post = fresh(world.post)
    assert (post.state, post.hidden_reason, post.hidden_by_id) == ("visible", None, None)
    [event] = audit_events("post.dismiss_reports")
    assert event.detail["before"]["state"] == "hidden" and event.detail["after"]["state"] == "visible"
    actions = [n.data["action"] for n in db.session.scalars(select(Notification).order_by(Notification.id))]
    assert actions == ["hidden", "restored"]


def test_dismiss_without_open_reports_changes_nothing(world, client_for):
    client_for(world.facilitator).post(f"{world.queue_path}/posts/{world.post.id}/dismiss")
    assert audit_events("post.dismiss_reports") == []


# --- restore -------------------------------------------------------------------------------------


def test_restore_a_hidden_post(world, client_for):
    fac = client_for(world.facilitator)
    fac.post(world.post_path(verb="hide"), data={"reason": "danger", "note": "It names a witness."})
    response = fac.post(world.post_path(verb="restore"), data={"next": world.queue_path})
    assert response.status_code == 302 and response.headers["Location"].endswith(world.queue_path)
    post = fresh(world.post)
    assert (post.state, post.hidden_reason, post.hidden_note, post.hidden_by_id, post.hidden_at) == (
        "visible", None, "", None, None)
    [event] = audit_events("post.restore")
    assert event.actor_id == world.facilitator.id
    assert event.detail["before"]["state"] == "hidden" and event.detail["before"]["hidden_reason"] == "danger"
    assert event.detail["after"]["state"] == "visible"
    actions = [n.data["action"] for n in db.session.scalars(select(Notification).order_by(Notification.id))]
    assert actions == ["hidden", "restored"]


def test_restore_of_a_visible_post_changes_nothing(world, client_for):
    client_for(world.facilitator).post(world.post_path(verb="restore"))
    assert audit_events("post.restore") == []
    assert fresh(world.post).state == "visible"


def test_queue_ids_are_unique_when_a_post_is_reported_and_appealed(world, client_for):
    import re

    for member in world.members[:3]:
        services.report(world.post, reason="spam", actor=member)
    services.appeal(world.post, statement="Please look again.", actor=world.author)
    db.session.commit()
    html = client_for(world.facilitator).get(world.queue_path).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert "Please look again." in html
