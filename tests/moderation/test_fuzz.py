"""Arbitrary data posted to every moderation form never gives a 500 and never a half change."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from council.deliberations.models import HIDE_REASONS, REPORT_REASONS, Appeal, Post, PostReport
from council.extensions import db
from council.moderation import services
from tests.helpers import cached_clients, post_form

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Field values: plausible codes, arbitrary text (control characters, bidi marks, long), and
# raw bytes that are not valid UTF-8.
value = st.one_of(
    st.sampled_from(sorted({*REPORT_REASONS, *HIDE_REASONS, "restored", "upheld", "", " ", "\x00"})),
    st.text(max_size=40),
    st.text(min_size=900, max_size=2100, alphabet=st.characters(codec="utf-8")),
    st.binary(max_size=30),
)
form = st.dictionaries(
    st.sampled_from(["reason", "note", "statement", "outcome", "next", "csrf_token", "x"]), value, max_size=5
)


def _consistent(post_id):
    db.session.expire_all()
    post = db.session.get(Post, post_id)
    open_reports = db.session.scalar(select(func.count()).select_from(PostReport).where(
        PostReport.post_id == post_id, PostReport.resolved_at.is_(None)))
    assert post.open_report_count == open_reports
    assert post.state in ("visible", "hidden")
    assert (post.state == "hidden") == (post.hidden_at is not None)
    if post.state == "hidden":
        assert post.hidden_reason in HIDE_REASONS


def _reset(world, *, hidden=False):
    db.session.rollback()
    db.session.execute(delete(Appeal))
    db.session.execute(delete(PostReport))
    post = db.session.get(Post, world.post.id)
    post.open_report_count = 0
    post.state, post.hidden_reason, post.hidden_by_id, post.hidden_note, post.hidden_at = "visible", None, None, "", None
    db.session.flush()
    if hidden:
        services.hide(post, reason="spam", actor=world.facilitator)
    db.session.commit()
    return post


@FUZZ
@given(fields=form)
def test_report_form_never_fails(world, client_for, fields):
    clients = cached_clients(client_for)
    _reset(world)
    response = post_form(clients(world.members[0]), world.post_path(verb="report"), fields)
    assert response.status_code in (200, 302, 400), response.status_code
    _consistent(world.post.id)
    reports = db.session.scalars(select(PostReport)).all()
    if response.status_code == 302:
        assert len(reports) == 1 and reports[0].reason in REPORT_REASONS and len(reports[0].note) <= 1000
    else:
        assert reports == []


@FUZZ
@given(fields=form)
def test_appeal_form_never_fails(world, client_for, fields):
    clients = cached_clients(client_for)
    _reset(world, hidden=True)
    response = post_form(clients(world.author), world.post_path(verb="appeal"), fields)
    assert response.status_code in (200, 302, 400), response.status_code
    appeals = db.session.scalars(select(Appeal)).all()
    if response.status_code == 302:
        assert len(appeals) == 1 and appeals[0].statement.strip() and len(appeals[0].statement) <= 2000
    else:
        assert appeals == []
    _consistent(world.post.id)


@FUZZ
@given(fields=form)
def test_hide_form_never_fails(world, client_for, fields):
    clients = cached_clients(client_for)
    _reset(world)
    response = post_form(clients(world.facilitator), world.post_path(verb="hide"), fields)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302:
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//")
    _consistent(world.post.id)


@FUZZ
@given(fields=form)
def test_decide_appeal_form_never_fails(world, client_for, fields):
    clients = cached_clients(client_for)
    post = _reset(world, hidden=True)
    appeal = services.appeal(post, statement="please", actor=world.author)
    db.session.commit()
    response = post_form(clients(world.facilitator2), f"{world.queue_path}/appeals/{appeal.id}/decide", fields)
    assert response.status_code in (302, 400), response.status_code
    db.session.expire_all()
    appeal = db.session.get(Appeal, appeal.id)
    assert (appeal.decided_at is None) == (response.status_code == 400)
    _consistent(world.post.id)
