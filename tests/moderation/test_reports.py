"""Members report posts; enough reports hide a post pending review."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import Post, PostReport
from council.extensions import db, limiter
from council.notifications.models import Kind, Notification
from tests.conftest import make_post
from tests.helpers import audit_events, fresh, main_of, text_of


def _report(client, world, post=None, reason="abusive", note=""):
    return client.post(world.post_path(post, "report"), data={"reason": reason, "note": note})


def test_report_page_shows_the_post_and_translated_reasons(world, client_for):
    client = client_for(world.members[0])
    response = client.get(world.post_path(verb="report"))
    assert response.status_code == 200
    page = main_of(response.get_data(as_text=True))
    assert page.count("<h1") == 1
    assert "The <strong>northern</strong> well is dry again." in page
    assert 'lang="en" dir="auto"' in page
    for label in ("Abusive or insulting", "Spam or off-topic", "Something else"):
        assert label in page
    assert 'type="radio"' in page and 'name="reason"' in page
    assert "Amal Author" in page


def test_a_report_is_stored_and_the_reporter_goes_back_to_the_post(world, client_for):
    client = client_for(world.members[0])
    response = _report(client, world, reason="false", note="This figure is invented.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(world.post_path())
    report = db.session.scalars(select(PostReport)).one()
    assert (report.post_id, report.reporter_id, report.council_id) == (world.post.id, world.members[0].id, world.council.id)
    assert (report.reason, report.note, report.resolved_at) == ("false", "This figure is invented.", None)
    post = fresh(world.post)
    assert post.open_report_count == 1 and post.state == "visible"
    follow = client.get(response.headers["Location"], follow_redirects=True)
    assert "Thank you. The facilitators of the council will review the post." in follow.get_data(as_text=True)


def test_three_reports_hide_the_post_pending_review_and_tell_the_author(world, client_for):
    for member in world.members[:2]:
        assert _report(client_for(member), world).status_code == 302
    assert fresh(world.post).state == "visible"
    assert db.session.scalars(select(Notification)).all() == []
    assert _report(client_for(world.members[2]), world, reason="hate").status_code == 302

    post = fresh(world.post)
    assert post.state == "hidden"
    assert post.hidden_reason == "reports"
    assert post.hidden_by_id is None and post.hidden_at is not None
    assert post.open_report_count == 3
    note = db.session.scalars(select(Notification)).one()
    assert (note.user_id, note.kind, note.post_id, note.item_id, note.council_id) == (
        world.author.id, Kind.POST_MODERATED.value, post.id, world.item.id, world.council.id)
    assert note.data == {"action": "hidden"}
    [event] = audit_events("post.hide")
    assert event.actor_id is None and event.target_id == post.id and event.council_id == world.council.id
    assert event.detail["before"]["state"] == "visible"
    assert event.detail["after"] == {"state": "hidden", "hidden_reason": "reports", "hidden_by_id": None,
                                     "hidden_note": "", "open_report_count": 3}

    # a hidden post cannot be reported further
    response = _report(client_for(world.members[3]), world)
    assert response.status_code == 302
    assert db.session.scalar(select(PostReport).where(PostReport.reporter_id == world.members[3].id)) is None


def test_threshold_is_configurable(world, client_for, app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_HIDE_THRESHOLD", 1)
    _report(client_for(world.members[0]), world)
    assert fresh(world.post).state == "hidden"


def test_a_second_report_by_the_same_member_is_refused(world, client_for):
    client = client_for(world.members[0])
    _report(client, world)
    response = _report(client, world, reason="spam")
    assert response.status_code == 302
    page = client.get(world.post_path(verb="report"), follow_redirects=False)
    assert page.status_code == 302  # the form is not offered again
    assert db.session.scalar(select(db.func.count()).select_from(PostReport)) == 1
    assert fresh(world.post).open_report_count == 1
    with client.session_transaction() as session:
        messages = [m for _, m in session.get("_flashes", [])]
    assert "You have already reported this post. The facilitators will look at it." in messages


def test_cannot_report_ones_own_post(world, client_for):
    client = client_for(world.author)
    assert client.get(world.post_path(verb="report")).status_code == 302
    response = _report(client, world)
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert ("info", "You cannot report your own post.") in session.get("_flashes", [])
    assert db.session.scalars(select(PostReport)).all() == []


def test_a_withdrawn_post_cannot_be_reported(world, client_for):
    post = make_post(world.item, world.members[1], "Gone.", state="withdrawn")
    _report(client_for(world.members[0]), world, post=post)
    assert db.session.scalars(select(PostReport)).all() == []


def test_bad_reasons_and_long_notes_keep_what_was_typed(world, client_for):
    client = client_for(world.members[0])
    response = _report(client, world, reason="made-up", note="kept text")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose one of the reasons in the list." in page and "kept text" in page
    response = _report(client, world, reason="spam", note="x" * 1001)
    assert response.status_code == 400
    assert "Use at most 1000 characters." in response.get_data(as_text=True)
    response = client.post(world.post_path(verb="report"), data={"note": "no reason"})
    assert response.status_code == 400
    assert "Choose a reason." in response.get_data(as_text=True)
    assert db.session.scalars(select(PostReport)).all() == []


def test_report_through_another_councils_url_is_404(world, client_for):
    client = client_for(world.members[0])
    # the other council's post, under this council's URL (and its own item id)
    wrong = f"/councils/{world.council.id}/agenda/{world.other_item.id}/posts/{world.other_post.id}/report"
    assert client.get(wrong).status_code == 404
    assert client.post(wrong, data={"reason": "spam"}).status_code == 404
    # this council's post under another item of the same council
    other_item_post = f"/councils/{world.council.id}/agenda/{world.item.id + 1000}/posts/{world.post.id}/report"
    assert client.post(other_item_post, data={"reason": "spam"}).status_code == 404
    # the other council's own URL: not a member there
    assert client.post(world.post_path(world.other_post, "report"), data={"reason": "spam"}).status_code == 404
    assert db.session.scalars(select(PostReport)).all() == []


def test_observers_non_members_and_visitors_cannot_report(world, client_for, client):
    assert client_for(world.observer).post(world.post_path(verb="report"), data={"reason": "spam"}).status_code == 404
    assert client_for(world.other_member).get(world.post_path(verb="report")).status_code == 404
    response = client.post(world.post_path(verb="report"), data={"reason": "spam"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalars(select(PostReport)).all() == []


def test_reporting_is_rate_limited_per_account(world, client_for, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_POSTING", "2 per hour")
    monkeypatch.setitem(app.config, "REPORT_HIDE_THRESHOLD", 100)
    limiter.reset()
    try:
        posts = [make_post(world.item, world.members[1], f"Post {n}") for n in range(3)]
        client = client_for(world.members[0])
        assert _report(client, world, post=posts[0]).status_code == 302
        assert _report(client, world, post=posts[1]).status_code == 302
        response = _report(client, world, post=posts[2])
        assert response.status_code == 429
        assert "Too many attempts" in text_of(response.get_data(as_text=True))
        # another member is not held back by the first one's reports
        assert _report(client_for(world.members[2]), world, post=posts[2]).status_code == 302
    finally:
        limiter.reset()
    assert db.session.scalar(select(db.func.count()).select_from(PostReport)) == 3


def test_post_open_report_count_is_kept(world, client_for):
    post = make_post(world.item, world.members[3], "Another one.")
    for member in world.members[:2]:
        _report(client_for(member), world, post=post)
    assert fresh(post).open_report_count == 2
    assert db.session.get(Post, world.post.id).open_report_count == 0


def test_through_the_thread_report_hide_and_the_placeholder(world, client_for):
    """The whole way through the real thread pages: report link, flash, placeholder, appeal link."""
    reporter = client_for(world.members[0])
    thread = reporter.get(world.post_path(), follow_redirects=True)
    assert thread.status_code == 200
    assert world.post_path(verb="report") in thread.get_data(as_text=True)
    response = _report(reporter, world)
    page = reporter.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Thank you. The facilitators of the council will review the post." in page
    for member in world.members[1:3]:
        _report(client_for(member), world)
    # members now see a placeholder with the reason, not the text
    page = text_of(client_for(world.members[3]).get(world.post_path(), follow_redirects=True).get_data(as_text=True))
    assert "Several members reported it; it waits for a facilitator's review." in page
    assert "The northern well is dry again." not in page
    # the author is led to the appeal page
    page = client_for(world.author).get(world.post_path(), follow_redirects=True).get_data(as_text=True)
    assert world.post_path(verb="appeal") in page


def test_a_report_racing_another_by_the_same_member_stores_one(world, app, monkeypatch):
    """Two requests of the same member at once: the unique constraint keeps one, the second gets
    the same message, and the session is still usable (nothing half done)."""
    from council.moderation import services

    services.report(world.post, reason="spam", actor=world.members[0])
    db.session.commit()  # the first request has finished
    monkeypatch.setattr(services, "has_reported", lambda user, post: False)
    try:
        with app.test_request_context("/"):
            services.report(world.post, reason="hate", actor=world.members[0])
    except services.AlreadyReported as error:
        assert str(error) == "You have already reported this post. The facilitators will look at it."
    else:
        raise AssertionError("the second report was accepted")
    db.session.commit()
    assert [r.reason for r in db.session.scalars(select(PostReport))] == ["spam"]
    assert fresh(world.post).open_report_count == 1
