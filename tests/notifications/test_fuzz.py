"""Arbitrary data posted to every notifications form never gives a 500 and never a half change."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from council.extensions import db
from council.notifications import services
from council.notifications.models import DEFAULT_DELIVERY, MEMBER_KINDS, Kind, Notification, NotificationPreference
from tests.conftest import login
from tests.helpers import post_form

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

value = st.one_of(
    st.sampled_from(["immediate", "daily", "never", "hourly", "", " ", "\x00", "1", "-1", "0", "99999999999999999999"]),
    st.text(max_size=40),
    st.text(min_size=900, max_size=2100, alphabet=st.characters(codec="utf-8")),
    st.binary(max_size=30),
)
form = st.dictionaries(st.sampled_from([*DEFAULT_DELIVERY, "id", "next", "csrf_token", "x"]), value, max_size=7)


@FUZZ
@given(fields=form)
def test_settings_never_fail_and_save_all_or_nothing(world, client, fields):
    db.session.execute(delete(NotificationPreference))
    db.session.commit()
    login(client, world.alice)
    response = post_form(client, "/notifications/settings", fields)
    assert response.status_code in (302, 400)
    saved = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.delivery)).all())
    if response.status_code == 302:
        # All the kinds offered to a member, and only those (no office or facilitator kinds).
        assert set(saved) == set(MEMBER_KINDS) and set(saved.values()) <= {"immediate", "daily", "never"}
    else:
        assert saved == {}


@FUZZ
@given(fields=form)
def test_mark_read_never_fails(world, client, fields):
    db.session.execute(delete(Notification))
    db.session.commit()
    services.notify([world.alice], Kind.ITEM_OPENED, item_id=world.item.id)
    db.session.commit()
    login(client, world.alice)
    response = post_form(client, "/notifications/read", fields)
    assert response.status_code in (302, 400, 404)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/")


@FUZZ
@given(token=st.text(max_size=300), fields=form)
def test_unsubscribe_never_fails(world, client, token, fields):
    path = "/notifications/unsubscribe/" + quote(token.encode("utf-8", "surrogatepass"), safe="")
    assert client.get(path).status_code in (200, 404, 308)
    assert post_form(client, path, fields).status_code in (200, 404, 308)
    assert db.session.scalars(select(NotificationPreference)).all() == []
