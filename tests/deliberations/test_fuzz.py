"""Arbitrary input to the forms of the thread never gives a 500 and never stores what it should not."""

from __future__ import annotations

import secrets

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from council.deliberations.models import Post
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import assert_inert, posts_url
from tests.helpers import form_body

# Any text, including NUL, other control characters and lone surrogates (sent as UTF-8 with
# "surrogatepass" they are bytes that are not valid UTF-8).
texts = st.text(st.characters(codec=None, blacklist_categories=()), max_size=300) | st.sampled_from(
    ["\x00", "a\x00b", "\ud800", "x\udfffy", "<script>alert(1)</script>", "[x](javascript:alert(1))",
     "<img src=x onerror=alert(1)>", "\u202egnp.exe", "", " ", "x" * 10_001]
)
small = st.sampled_from(["", "contribution", "question", "poem", "en", "fr", "xx", "1", "-1", "99999999999999999999",
                         "abc", "\x00", "y", "on"]) | texts

fuzz = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(body=texts, kind=small, language=small, reply_to=small, anonymous=small, key=small | st.just("valid"))
def test_compose_never_fails(client, world, body, kind, language, reply_to, anonymous, key):
    if not getattr(client, "_signed_in", False):
        login(client, world.member)
        client._signed_in = True
    if key == "valid":
        key = secrets.token_urlsafe(24)
    data = form_body({"body": body, "kind": kind, "language": language, "reply_to": reply_to, "anonymous": anonymous,
                  "submission_key": key})
    response = client.post(posts_url(world.item), data=data, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400), response.status_code
    db.session.expire_all()
    for post in db.session.scalars(select(Post).where(Post.item_id == world.item.id)):
        assert "\x00" not in post.body
        assert_inert(post.body_html)


@fuzz
@given(body=texts, language=small, value=small)
def test_edit_translate_react_never_fail(client, world, body, language, value):
    if not getattr(client, "_signed_in", False):
        login(client, world.member)
        client._signed_in = True
        client._own = make_post(world.item, world.member, "Mine.").id
        client._other = make_post(world.item, world.other_member, "Theirs.", language="fr").id
    own, other = client._own, client._other
    form = "application/x-www-form-urlencoded"
    for url, fields in (
        (posts_url(world.item, own, "edit"), {"body": body}),
        (posts_url(world.item, other, "translate"), {"language": language, "body": body}),
        (posts_url(world.item, other, "react"), {"value": value}),
    ):
        response = client.post(url, data=form_body(fields), content_type=form)
        assert response.status_code in (302, 400), (url, response.status_code)
