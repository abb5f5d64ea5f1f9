"""notify(): who gets a notification, who gets an e-mail at once, and what it never says."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from council.extensions import db
from council.notifications import queries, services
from council.notifications.models import Kind, Notification, NotificationPreference
from tests.conftest import login, make_council, make_membership, make_post, make_user
from tests.conftest import tr
from tests.helpers import main_of, text_of


def _rows(**filters):
    return db.session.scalars(select(Notification).filter_by(**filters).order_by(Notification.user_id)).all()


def test_notify_creates_one_row_per_recipient_and_skips_duplicates_excluded_and_inactive(world):
    suspended = make_user(status="suspended")
    make_membership(suspended, world.council)
    outsider = make_user()  # not a member of the council
    created = services.notify(
        [world.alice, world.bob.id, world.alice.id, world.facilitator, suspended, outsider.id, None],
        Kind.ITEM_OPENED, item_id=world.item.id, exclude_user_id=world.facilitator.id,
    )
    db.session.commit()
    assert sorted(n.user_id for n in created) == sorted([world.alice.id, world.bob.id])
    rows = _rows(kind="item_opened")
    assert [r.user_id for r in rows] == sorted([world.alice.id, world.bob.id])
    assert all(r.council_id == world.council.id and r.item_id == world.item.id for r in rows)
    assert all(r.read_at is None for r in rows)


def test_notify_flushes_but_does_not_commit(world):
    services.notify([world.bob], Kind.ITEM_OPENED, item_id=world.item.id)
    db.session.rollback()
    assert _rows() == []


def test_immediate_email_follows_each_recipients_choice_and_leaves_on_commit(world, outbox):
    # The default for decisions on proposals is "immediate"; Alice chose the daily summary.
    db.session.add(NotificationPreference(user_id=world.alice.id, kind="proposal_decided", delivery="daily"))
    db.session.commit()
    services.notify([world.alice, world.bob], Kind.PROPOSAL_DECIDED, item_id=world.item.id,
                    data={"outcome": "accepted"})
    assert outbox == []  # nothing leaves before the commit
    db.session.commit()
    assert [m["To"] for m in outbox] == [world.bob.email]
    assert outbox[0]["Subject"] == "Your proposal “Water points <script>x</script>” was accepted"
    rows = {r.user_id: r for r in _rows()}
    assert rows[world.bob.id].emailed_at is not None
    assert rows[world.alice.id].emailed_at is None  # waits for the digest


def test_immediate_email_is_in_the_recipients_language(world, outbox, app):
    db.session.add(NotificationPreference(user_id=world.alice.id, kind="item_closed", delivery="immediate"))
    db.session.commit()
    services.notify([world.alice], Kind.ITEM_CLOSED, item_id=world.item.id)
    db.session.commit()
    (msg,) = outbox
    assert msg["Content-Language"] == "fr"
    assert msg["Subject"] == tr(app, "fr", "Deliberation on “%(title)s” has closed", title=world.item.title)
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="fr"' in html
    assert "<script>x</script>" not in html  # the title is escaped
    assert 'lang="en" dir="auto">Water points &lt;script&gt;' in html  # and marked as user content


def test_never_emails_the_excluded_user(world, outbox):
    db.session.add(NotificationPreference(user_id=world.bob.id, kind="reply", delivery="immediate"))
    db.session.commit()
    services.notify([world.bob], Kind.REPLY, post_id=world.post.id, exclude_user_id=world.bob.id)
    db.session.commit()
    assert outbox == []
    assert _rows() == []


def test_a_notification_about_an_anonymous_post_never_names_its_author(world, client, outbox, app):
    db.session.add(NotificationPreference(user_id=world.alice.id, kind="reply", delivery="immediate"))
    db.session.commit()
    reply = make_post(world.item, world.bob, "I disagree.", anonymous=True, reply_to_id=world.post.id)
    services.notify([world.alice], Kind.REPLY, post_id=reply.id, exclude_user_id=world.bob.id,
                    data={"author_name": "Bob Barasa", "by": world.bob.id, "display_name": "Bob Barasa",
                          "kind": "contribution"})
    db.session.commit()
    (row,) = _rows()
    assert row.data == {"kind": "contribution"}  # nothing that could name someone is kept
    assert row.item_id == world.item.id and row.council_id == world.council.id  # taken from the post
    (msg,) = outbox
    for part in (msg.get_body(preferencelist=("plain",)), msg.get_body(preferencelist=("html",))):
        assert "Bob" not in part.get_content()
    login(client, world.alice)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Bob" not in main_of(page)
    expected = text_of(tr(app, "fr", "New reply to your post in “%(title)s”", title="Water points"))
    assert expected in text_of(main_of(page)).replace(" <script>x</script>", "")


def test_preferences_for_all_recipients_are_loaded_in_one_query(world, count_queries):
    people = [make_user() for _ in range(6)]
    for p in people:
        make_membership(p, world.council)
    council_id, item_id = world.council.id, world.item.id
    with count_queries() as one:
        services.notify(people[:1], Kind.ITEM_OPENED, council_id=council_id, item_id=item_id)
    with count_queries() as six:
        services.notify(people, Kind.ITEM_OPENED, council_id=council_id, item_id=item_id)
    assert six() == one()  # people, their choices and one INSERT for all rows
    assert len(_rows(kind="item_opened")) == 7



def test_each_kind_reads_as_a_sentence_about_the_item(world, app):
    cases = [
        (Kind.REPLY, {}, "New reply to your post in “{t}”"),
        (Kind.ITEM_OPENED, {}, "“{t}” is open for deliberation"),
        (Kind.PROPOSAL_DECIDED, {"outcome": "accepted"}, "Your proposal “{t}” was accepted"),
        (Kind.PROPOSAL_DECIDED, {"outcome": "declined"}, "Your proposal “{t}” was declined"),
        (Kind.PROPOSAL_DECIDED, {"action": "agenda.merge"}, "Your proposal “{t}” was merged into another item"),
        (Kind.POST_MODERATED, {"action": "hidden"}, "Your post in “{t}” was hidden"),
        (Kind.POST_MODERATED, {"outcome": "restored"}, "Your post in “{t}” was restored"),
        (Kind.ITEM_CLOSED, {}, "Deliberation on “{t}” has closed"),
    ]
    for kind, data, expected in cases:
        (n,) = services.notify([world.alice], kind, item_id=world.item.id, post_id=world.post.id, data=data)
        with app.test_request_context():
            reading = queries.describe(n, world.item)
            text, html = reading.text, str(reading.html)
        assert text == expected.format(t=world.item.title)
        assert "<script>" not in html
        assert '<span lang="en" dir="auto">Water points &lt;script&gt;x&lt;/script&gt;</span>' in html


def test_links_lead_to_the_post_or_item_and_fall_back_to_the_council(world, app):
    (reply,) = services.notify([world.alice], Kind.REPLY, post_id=world.post.id)
    (opened,) = services.notify([world.alice], Kind.ITEM_OPENED, item_id=world.item.id)
    with app.test_request_context():
        def expected(endpoint, **values):
            try:
                return url_for(endpoint, **values)
            except BuildError:
                return url_for("councils.detail", council_id=world.council.id)

        assert queries.link(reply) in (
            expected("deliberations.permalink", council_id=world.council.id, item_id=world.item.id,
                     post_id=world.post.id),
            expected("agendas.item", council_id=world.council.id, item_id=world.item.id),
        )
        assert queries.link(opened) == expected("agendas.item", council_id=world.council.id, item_id=world.item.id)


def test_notifications_of_one_council_only_reach_its_members(world):
    other = make_council()
    stranger = make_user()
    make_membership(stranger, other)
    assert services.notify([stranger], Kind.ITEM_OPENED, council_id=world.council.id, item_id=world.item.id) == []
