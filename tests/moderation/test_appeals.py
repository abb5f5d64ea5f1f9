"""The author of a hidden post sees why, and asks once for a review that someone else decides."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import Appeal, PostReport
from council.extensions import db
from council.moderation import services
from council.notifications.models import Notification
from tests.conftest import make_membership, make_post, make_user
from tests.helpers import audit_events, fresh, main_of, text_of


def _hide(world, by=None, reason="abusive", note="Please rephrase without insults."):
    services.hide(world.post, reason=reason, note=note, actor=by or world.facilitator)
    db.session.commit()


def _appeal(client, world, statement="I quoted a public speech; nobody is insulted."):
    return client.post(world.post_path(verb="appeal"), data={"statement": statement})


def _decide(client, world, appeal, outcome, note=""):
    return client.post(f"{world.queue_path}/appeals/{appeal.id}/decide", data={"outcome": outcome, "note": note})


def _label_in(language, code):
    from flask import current_app
    from flask_babel import force_locale

    from council.deliberations.models import HIDE_REASONS

    with current_app.test_request_context("/"), force_locale(language):
        return str(HIDE_REASONS[code])


def test_author_sees_reason_and_note_in_their_language(world, client_for):
    world.author.locale = "fr"
    db.session.commit()
    _hide(world)
    response = client_for(world.author).get(world.post_path(verb="appeal"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="fr"' in html
    text = text_of(main_of(html))
    # the reason is the label of its code, in the reader's language
    expected = _label_in("fr", "abusive")
    assert expected in text
    if expected != _label_in("en", "abusive"):
        assert "It is abusive or insulting." not in text
    assert "Please rephrase without insults." in text
    assert "The northern well is dry again." in text
    assert 'name="statement"' in html
    assert html.count("<h1") == 1


def test_a_post_hidden_by_reports_says_so(world, client_for):
    for member in world.members[:3]:
        services.report(world.post, reason="spam", actor=member)
    db.session.commit()
    text = text_of(client_for(world.author).get(world.post_path(verb="appeal")).get_data(as_text=True))
    assert "Several members reported it; it waits for a facilitator's review." in text


def test_appeal_page_is_only_for_the_author_of_a_hidden_post(world, client_for):
    _hide(world)
    for user in (world.members[0], world.facilitator2, world.other_member):
        assert client_for(user).get(world.post_path(verb="appeal")).status_code == 404
        assert _appeal(client_for(user), world).status_code == 404
    assert db.session.scalars(select(Appeal)).all() == []


def test_no_appeal_against_a_visible_post(world, client_for):
    client = client_for(world.author)
    assert client.get(world.post_path(verb="appeal")).status_code == 302
    assert _appeal(client, world).status_code == 302
    assert db.session.scalars(select(Appeal)).all() == []


def test_appeal_once_only(world, client_for):
    _hide(world)
    client = client_for(world.author)
    response = _appeal(client, world)
    assert response.status_code == 302 and response.headers["Location"].endswith(world.post_path(verb="appeal"))
    [appeal] = db.session.scalars(select(Appeal)).all()
    assert (appeal.post_id, appeal.author_id, appeal.council_id, appeal.outcome) == (
        world.post.id, world.author.id, world.council.id, None)
    assert appeal.statement == "I quoted a public speech; nobody is insulted."
    page = client.get(world.post_path(verb="appeal")).get_data(as_text=True)
    assert "Waiting for a facilitator" in text_of(page) and 'name="statement"' not in page
    assert _appeal(client, world, statement="And again").status_code == 302
    assert [a.statement for a in db.session.scalars(select(Appeal))] == [appeal.statement]
    with client.session_transaction() as session:
        assert ("info", "You have already asked for a review of this post. It can be asked only once.") in \
            session.get("_flashes", [])


def test_empty_or_long_statements_are_refused_and_kept(world, client_for):
    _hide(world)
    client = client_for(world.author)
    response = _appeal(client, world, statement="   ")
    assert response.status_code == 400
    assert "Say why the post should be shown again." in response.get_data(as_text=True)
    response = _appeal(client, world, statement="z" * 2001)
    assert response.status_code == 400
    assert "Use at most 2000 characters." in response.get_data(as_text=True)
    assert "z" * 2001 in response.get_data(as_text=True)
    assert db.session.scalars(select(Appeal)).all() == []


def test_the_hider_sees_the_appeal_but_cannot_decide_it(world, client_for):
    _hide(world, by=world.facilitator)
    _appeal(client_for(world.author), world)
    appeal = db.session.scalars(select(Appeal)).one()
    hider = client_for(world.facilitator)
    page = hider.get(world.queue_path).get_data(as_text=True)
    assert "I quoted a public speech; nobody is insulted." in page
    assert f"/appeals/{appeal.id}/decide" not in page
    assert "another facilitator or an administrator decides this appeal" in text_of(page)
    assert _decide(hider, world, appeal, "restored").status_code == 403
    assert _decide(hider, world, appeal, "bogus").status_code == 403
    assert fresh(world.post).state == "hidden" and fresh(appeal).decided_at is None
    assert audit_events("appeal.decide") == []
    # another facilitator does see the buttons
    page = client_for(world.facilitator2).get(world.queue_path).get_data(as_text=True)
    assert f"/appeals/{appeal.id}/decide" in page


def test_another_facilitator_restores_the_post(world, client_for):
    _hide(world)
    _appeal(client_for(world.author), world)
    appeal = db.session.scalars(select(Appeal)).one()
    response = _decide(client_for(world.facilitator2), world, appeal, "restored", note="Fair point, thank you.")
    assert response.status_code == 302
    appeal, post = fresh(appeal), fresh(world.post)
    assert (appeal.outcome, appeal.decided_by_id, appeal.decision_note) == (
        "restored", world.facilitator2.id, "Fair point, thank you.")
    assert post.state == "visible" and post.hidden_reason is None
    [event] = audit_events("appeal.decide")
    assert event.actor_id == world.facilitator2.id and event.target_id == appeal.id
    assert event.detail["before"]["state"] == "hidden" and event.detail["before"]["outcome"] is None
    assert event.detail["after"]["state"] == "visible" and event.detail["after"]["outcome"] == "restored"
    last = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert last.user_id == world.author.id and last.data == {"action": "restored", "appeal": "restored"}
    text = text_of(client_for(world.author).get(world.post_path(verb="appeal")).get_data(as_text=True))
    assert "Restored: your post is shown again" in text and "Fair point, thank you." in text
    assert "No appeal is waiting." in text_of(client_for(world.facilitator).get(world.queue_path).get_data(as_text=True))


def test_an_admin_upholds_even_their_own_hiding(world, client_for):
    admin = make_user(site_role="admin")
    _hide(world, by=admin, reason="danger", note="It names a witness.")
    _appeal(client_for(world.author), world)
    appeal = db.session.scalars(select(Appeal)).one()
    response = _decide(client_for(admin), world, appeal, "upheld", note="The witness could be found.")
    assert response.status_code == 302
    appeal, post = fresh(appeal), fresh(world.post)
    assert appeal.outcome == "upheld" and appeal.decided_by_id == admin.id
    assert (post.state, post.hidden_reason) == ("hidden", "danger")
    [event] = audit_events("appeal.decide")
    assert event.detail["after"]["outcome"] == "upheld" and event.detail["after"]["state"] == "hidden"
    last = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert last.data == {"action": "hidden", "appeal": "upheld"}
    text = text_of(client_for(world.author).get(world.post_path(verb="appeal")).get_data(as_text=True))
    assert "Kept hidden" in text and "The witness could be found." in text and "It could put someone in danger." in text
    # decided once: a second decision changes nothing
    assert _decide(client_for(world.facilitator), world, appeal, "restored").status_code == 302
    assert fresh(world.post).state == "hidden" and len(audit_events("appeal.decide")) == 1


def test_upholding_a_post_hidden_by_reports_gives_it_a_reviewed_reason(world, client_for):
    for member in world.members[:3]:
        services.report(world.post, reason="spam", actor=member)
    db.session.commit()
    _appeal(client_for(world.author), world)
    appeal = db.session.scalars(select(Appeal)).one()
    _decide(client_for(world.facilitator), world, appeal, "upheld")
    post = fresh(world.post)
    assert (post.state, post.hidden_reason, post.hidden_by_id) == ("hidden", "other", world.facilitator.id)
    assert {r.resolution for r in db.session.scalars(select(PostReport))} == {"hidden"}


def test_a_facilitator_cannot_decide_the_appeal_on_their_own_post(world, client_for):
    post = make_post(world.item, world.facilitator2, "By a facilitator.")
    services.hide(post, reason="spam", actor=world.facilitator)
    db.session.commit()
    client_for(world.facilitator2).post(world.post_path(post, "appeal"), data={"statement": "Please."})
    appeal = db.session.scalars(select(Appeal)).one()
    assert _decide(client_for(world.facilitator2), world, appeal, "restored").status_code == 403  # the author
    assert _decide(client_for(world.facilitator), world, appeal, "restored").status_code == 403  # the hider
    assert fresh(post).state == "hidden"
    # a third facilitator may
    third = make_user()
    make_membership(third, world.council, role="facilitator")
    assert _decide(client_for(third), world, appeal, "restored").status_code == 302
    assert fresh(post).state == "visible"


def test_decide_form_errors_keep_the_note(world, client_for):
    _hide(world)
    _appeal(client_for(world.author), world)
    appeal = db.session.scalars(select(Appeal)).one()
    response = _decide(client_for(world.facilitator2), world, appeal, "maybe", note="my careful note")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose to restore the post or to keep it hidden." in page and "my careful note" in page
    assert fresh(appeal).decided_at is None


def test_appeals_of_another_council_are_out_of_reach(world, client_for):
    other_author = world.other_member
    services.hide(world.other_post, reason="spam", actor=make_admin())
    db.session.commit()
    other = services.appeal(world.other_post, statement="please", actor=other_author)
    db.session.commit()
    fac = client_for(world.facilitator)
    assert _decide(fac, world, other, "restored").status_code == 404
    assert "please" not in text_of(fac.get(world.queue_path).get_data(as_text=True))
    assert fresh(world.other_post).state == "hidden"


def make_admin():
    return make_user(site_role="admin")


def test_restoring_closes_a_pending_appeal(world, client_for):
    _hide(world)
    _appeal(client_for(world.author), world)
    client_for(world.facilitator).post(world.post_path(verb="restore"))
    appeal = db.session.scalars(select(Appeal)).one()
    assert appeal.outcome == "restored" and appeal.decided_by_id == world.facilitator.id
    assert fresh(world.post).state == "visible"
