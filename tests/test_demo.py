"""The demo data: loads, loads again without change, and gives every role something to see."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from council import demo
from council.agendas.models import AgendaEvent, AgendaItem
from council.audit.models import AuditEvent
from council.auth import passwords
from council.auth.models import User
from council.councils.models import Council, Membership
from council.deliberations.models import Post, PostReaction, PostReport, PostRevision
from council.deliberations.services import update_item_counters
from council.extensions import db
from council.forwarding.models import Forwarding
from council.summaries.models import Stance, Summary


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


@pytest.fixture
def loaded(app):
    result = app.test_cli_runner().invoke(args=["council", "demo"])
    assert result.exit_code == 0, result.output
    return result


def by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_twice_changes_nothing(app, loaded):
    before = row_counts()
    again = app.test_cli_runner().invoke(args=["council", "demo"])
    assert again.exit_code == 0, again.output
    assert "nothing to do" in again.output
    assert row_counts() == before


def test_loading_again_in_the_same_session_makes_nothing(app, loaded):
    before = row_counts()
    assert not any(demo.load().values())
    db.session.commit()
    assert row_counts() == before


def test_demo_made_one_of_everything_the_loop_needs(app, loaded):
    assert "Demo data loaded" in loaded.output
    first = db.session.scalars(select(Council).order_by(Council.id)).first()
    items = {i.title: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.council_id == first.id))}
    statuses = Counter(i.status for i in items.values())
    assert statuses == {"proposed": 1, "open": 1, "closed": 1, "summarised": 1, "forwarded": 1, "declined": 1}
    water = items[demo.deliberation.WATER_TITLE]
    assert water.post_count == len(demo.deliberation.THREAD) - 1  # the hidden post is not counted
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.state == "hidden")) == 1
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.anonymous.is_(True))) == 1
    assert {s.status for s in db.session.scalars(select(Summary))} == {"adopted"}
    assert Counter(f.status for f in db.session.scalars(select(Forwarding))) == {"answered": 1, "sent": 1}


def test_every_counter_equals_a_recount(app, loaded):
    """No counter was written by hand: each equals what counting the rows gives."""
    _assert_counters_hold()


def test_scale_grows_the_open_thread_and_keeps_counters_and_dates_in_order(app, loaded):
    result = app.test_cli_runner().invoke(args=["council", "demo", "--scale", "120"])
    assert result.exit_code == 0, result.output
    water = db.session.scalar(select(AgendaItem).where(AgendaItem.title == demo.deliberation.WATER_TITLE))
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.item_id == water.id)) == 120
    _assert_counters_hold()
    dates = db.session.scalars(select(Post.created_at).where(Post.item_id == water.id).order_by(Post.id)).all()
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    again = app.test_cli_runner().invoke(args=["council", "demo", "--scale", "120"])
    assert "nothing to do" in again.output


def test_history_is_in_order(app, loaded):
    """The dates set afterwards follow the order in which things happened."""
    for item in db.session.scalars(select(AgendaItem)):
        events = db.session.scalars(select(AgendaEvent).where(AgendaEvent.item_id == item.id)
                                    .order_by(AgendaEvent.id)).all()
        assert events[0].action == "proposed" and events[0].created_at == item.created_at
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        if item.opened_at is not None:
            assert item.created_at < item.opened_at
        if item.closed_at is not None:
            assert item.opened_at < item.closed_at
    water = db.session.scalar(select(AgendaItem).where(AgendaItem.title == demo.deliberation.WATER_TITLE))
    posts = db.session.scalars(select(Post).where(Post.item_id == water.id).order_by(Post.id)).all()
    assert water.opened_at < posts[0].created_at
    assert [p.created_at for p in posts] == sorted(p.created_at for p in posts)
    assert all(p.reply_to_id is None or p.reply_to_id < p.id for p in posts)


def test_the_demo_thread_reads_in_the_order_things_happened(app, loaded):
    """The welcome comes just after the item opened; each mark, translation, report and the hiding
    come after the post they answer and before the next post."""
    from datetime import timedelta

    from council.deliberations.models import PostTranslation

    water = db.session.scalar(select(AgendaItem).where(AgendaItem.title == demo.deliberation.WATER_TITLE))
    posts = db.session.scalars(select(Post).where(Post.item_id == water.id).order_by(Post.id)).all()
    assert water.opened_at < posts[0].created_at < water.opened_at + timedelta(days=1)
    nxt = {p.id: (posts[n + 1].created_at if n + 1 < len(posts) else None) for n, p in enumerate(posts)}
    when = {p.id: p.created_at for p in posts}
    for model in (PostReaction, PostTranslation, PostReport):
        rows = db.session.scalars(select(model).where(model.post_id.in_(when))).all()
        assert rows
        for row in rows:
            assert when[row.post_id] < row.created_at
            assert nxt[row.post_id] is None or row.created_at < nxt[row.post_id]
    [hidden] = [p for p in posts if p.state == "hidden"]
    reports = db.session.scalars(select(PostReport).where(PostReport.post_id == hidden.id)).all()
    assert all(r.created_at < hidden.hidden_at for r in reports)
    assert hidden.hidden_at < nxt[hidden.id]


def _assert_counters_hold() -> None:
    db.session.expire_all()
    items = db.session.scalars(select(AgendaItem)).all()
    stored = {i.id: (i.post_count, i.contributor_count, i.last_post_id, i.last_post_at) for i in items}
    for item in items:
        update_item_counters(item)
    assert stored == {i.id: (i.post_count, i.contributor_count, i.last_post_id, i.last_post_at) for i in items}
    db.session.rollback()

    def per_post(*conditions):
        model = conditions[0].left.table
        return dict(db.session.execute(
            select(model.c.post_id, func.count()).where(*conditions).group_by(model.c.post_id)
        ).all())

    agree = per_post(PostReaction.value == 1)
    disagree = per_post(PostReaction.value == -1)
    open_reports = per_post(PostReport.resolved_at.is_(None))
    revisions = per_post(PostRevision.id.is_not(None))
    posts = db.session.scalars(select(Post)).all()
    assert sum(p.agree_count for p in posts) > 0
    for post in posts:
        assert (post.agree_count, post.disagree_count) == (agree.get(post.id, 0), disagree.get(post.id, 0))
        assert post.open_report_count == open_reports.get(post.id, 0)
        assert post.revision_count == revisions.get(post.id, 0)
    for summary in db.session.scalars(select(Summary)):
        stances = Counter(s.value for s in db.session.scalars(select(Stance).where(Stance.summary_id == summary.id)))
        assert (summary.adopted_endorsements, summary.adopted_objections) == (stances["endorse"], stances["object"])
        assert summary.adopted_endorsements == 6 and summary.adopted_objections == 1


def test_demo_accounts_and_roles(loaded):
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert set(demo.ACCOUNT_EMAILS) <= set(users)
    assert all(u.status == "active" for u in users.values())
    assert users["admin@example.org"].site_role == "admin"
    assert users["office@example.org"].site_role == "office"
    assert passwords.verify_password(users["member@example.org"].password_hash, "kettle-orchard-2026")
    assert len({u.locale for u in users.values()}) >= 6

    first, second, third = db.session.scalars(select(Council).order_by(Council.id)).all()

    def membership(email, council):
        return db.session.scalar(select(Membership).filter_by(user_id=users[email].id, council_id=council.id))

    assert (membership("facilitator@example.org", first).role, membership("facilitator@example.org", first).status) == ("facilitator", "active")
    assert membership("observer@example.org", first).role == "observer"
    assert membership("member@example.org", first).status == "active"
    applied = membership("applicant@example.org", first)
    assert applied.status == "applied" and applied.statement
    assert membership("other@example.org", second).status == "active"
    assert membership("other@example.org", first) is None


def test_first_council_has_enough_people_behind_its_figures(loaded):
    first = db.session.scalars(select(Council).order_by(Council.id)).first()
    active = db.session.scalars(
        select(Membership).where(Membership.council_id == first.id, Membership.status == "active",
                                 Membership.role != "observer")
    ).all()
    genders = Counter(m.user.gender for m in active)
    groups = Counter(m.constituency for m in active)
    assert genders["woman"] >= 5 and genders["man"] >= 5
    assert sum(1 for n in groups.values() if n >= 5) >= 2


def test_councils_speak_english_french_and_arabic(loaded):
    councils = db.session.scalars(select(Council).order_by(Council.id)).all()
    assert len(councils) == 3
    for council in councils:
        texts = {t.language: t for t in council.texts}
        assert {"en", "fr", "ar"} <= set(texts)
        assert all(t.name and len(t.mandate) > 100 for t in texts.values())
        assert council.working_languages == ["en", "fr", "ar"]


def test_council_creation_is_in_the_audit_log(loaded):
    admin = by_email("admin@example.org")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "council.create")).all()
    assert len(events) == 3 and all(e.actor_id == admin.id for e in events)


def test_demo_accounts_can_use_the_site(app, loaded):
    client = app.test_client()
    response = client.post("/login", data={"email": "facilitator@example.org", "password": "kettle-orchard-2026"})
    assert response.status_code == 302
    first = db.session.scalars(select(Council).order_by(Council.id)).first()
    assert client.get(f"/councils/{first.id}/audit").status_code == 200


def test_the_office_reader_follows_every_council_and_has_a_full_digest(app, loaded):
    from council.digests.models import DigestFollow
    from tests.helpers import page_text

    office = by_email("office@example.org")
    followed = db.session.scalars(select(DigestFollow.council_id).where(DigestFollow.user_id == office.id,
                                                                        DigestFollow.council_id.is_not(None))).all()
    assert sorted(followed) == sorted(db.session.scalars(select(Council.id)))
    client = app.test_client()
    assert client.post("/login", data={"email": office.email, "password": demo.PASSWORD}).status_code == 302
    text = page_text(client.get("/digest?lang=en"))
    for section in ("The bottom line", "Alerts needing attention", "Response tracker", "Regional picture",
                    "Monitoring of the peace agreement", "Summaries forwarded and answers", "Notes on the data"):
        assert section in text
