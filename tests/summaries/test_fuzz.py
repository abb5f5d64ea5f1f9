"""Arbitrary input to the summary forms never gives a 500 and never stores half a change."""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from council.extensions import db
from council.summaries.models import Stance, SummaryVersion
from tests.conftest import login
from tests.summaries.conftest import draft, put_to_review, summary_of, url
from tests.helpers import form_body

texts = st.text(st.characters(codec=None, blacklist_categories=()), max_size=200) | st.sampled_from(
    ["\x00", "a\x00b", "\ud800", "x\udfffy", "<script>alert(1)</script>", "[x](javascript:alert(1))", "[#1]",
     "[#99999999999999]", "\u202eevil", "", " ", "x" * 20_001, "y" * 4_001, "z" * 201]
)
small = st.sampled_from(["", "0", "1", "2", "-1", "99999999999", "abc", "en", "fr", "xx", "endorse", "object",
                         "2999-01-01", "1999-01-01", "2026-13-45", "\x00"]) | texts
fuzz = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FORM = "application/x-www-form-urlencoded"


def _signed_in(client, user):
    if not getattr(client, "_signed_in", False):
        login(client, user)
        client._signed_in = True


def _assert_clean():
    db.session.expire_all()
    for version in db.session.scalars(select(SummaryVersion)):
        for text in list(version.sections.values()) + [r.text for r in version.recommendations]:
            assert "\x00" not in text
        for html in list(version.sections_html.values()) + [r.text_html for r in version.recommendations]:
            assert "<script" not in html and "javascript:" not in html
        assert [r.number for r in version.recommendations] == list(range(1, len(version.recommendations) + 1))


@fuzz
@given(context=texts, points=texts, rec=texts, addressee=texts, rec9=texts, language=small, lock=small, base=small,
       note=texts, extra=small)
def test_the_edit_form_never_fails(client, world, context, points, rec, addressee, rec9, language, lock, base, note,
                                   extra):
    _signed_in(client, world.facilitator)
    data = {"section_context": context, "section_points": points, "rec_1_text": rec, "rec_1_addressee": addressee,
            "rec_9_text": rec9, "rec_9_addressee": addressee, "rec_999_text": extra, "language": language,
            "lock_version": lock, "base_version": base, "change_note": note}
    response = client.post(url(world.item, "edit"), data=form_body(data), content_type=FORM)
    assert response.status_code in (302, 400, 409), response.status_code
    _assert_clean()


@fuzz
@given(value=small, reason=texts, deadline=small, lock=small, a=small, b=small)
def test_stance_review_adopt_and_diff_never_fail(client, world, value, reason, deadline, lock, a, b):
    if not getattr(client, "_prepared", False):
        login(client, world.facilitator)
        draft(client, world.item)
        put_to_review(client, world.item)
        client._prepared = True
    for endpoint, fields in (("stance", {"value": value, "reason": reason}), ("review", {"deadline": deadline})):
        response = client.post(url(world.item, endpoint), data=form_body(fields), content_type=FORM)
        assert response.status_code in (302, 400), (endpoint, response.status_code)
    response = client.get(url(world.item, "diff") + "?" + form_body({"a": a, "b": b}).decode())
    assert response.status_code in (200, 404)
    db.session.expire_all()
    for stance in db.session.scalars(select(Stance)):
        assert stance.value in ("endorse", "object")
        assert stance.value == "endorse" or stance.reason.strip()
    if summary_of(world.item).status == "review":
        response = client.post(url(world.item, "adopt"), data=form_body({"lock_version": lock}), content_type=FORM)
        assert response.status_code in (302, 400)  # 400: adopting early asks to confirm first


@fuzz
@given(language=small, context=texts, rec=texts, addressee=texts)
def test_the_translate_form_never_fails(client, world, language, context, rec, addressee):
    if not getattr(client, "_prepared", False):
        login(client, world.facilitator)
        draft(client, world.item)
        put_to_review(client, world.item)
        client._prepared = True
    data = {"language": language, "section_context": context, "rec_1_text": rec, "rec_1_addressee": addressee}
    response = client.post(url(world.item, "translate"), data=form_body(data), content_type=FORM)
    assert response.status_code in (302, 400), response.status_code
