"""The thread in a real browser: marks are given without a page reload where JavaScript runs
(focus stays on the button, counts change in place) and with a reload that comes back to the
post where it does not; keyboard users reach the reply form through a skip link in a few tab
stops, and each post holds only a few stops."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from council import demo
from council.agendas.models import AgendaItem
from council.deliberations.models import Post
from council.extensions import db
from tests.browser.conftest import signed_in_page


def _water(live_app):
    """The demo's open item and a visible post on it that the demo member neither wrote nor marked."""
    from council.auth.models import User
    from council.deliberations.models import PostReaction

    with live_app.app_context():
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == demo.deliberation.WATER_TITLE))
        member = db.session.scalar(select(User).where(User.email == "member@example.org"))
        marked = set(db.session.scalars(select(PostReaction.post_id).where(PostReaction.user_id == member.id)))
        post = db.session.scalar(
            select(Post).where(Post.item_id == item.id, Post.state == "visible", Post.author_id != member.id,
                               Post.id.not_in(marked or {-1})).order_by(Post.id.desc())
        )
        return f"/councils/{item.council_id}/agenda/{item.id}", post.id


def _count(page, post_id, mark):
    return int(page.locator(f"#post-{post_id} button[data-mark={mark}] .count").inner_text())


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_marking_keeps_the_reader_at_the_post(browser, base_url, live_app, javascript):
    path, post_id = _water(live_app)
    context, page = signed_in_page(browser, base_url, "member@example.org", javascript)
    page.goto(f"{base_url}{path}?lang=en")
    agree = page.locator(f"#post-{post_id} button[data-mark=agree]")
    before = _count(page, post_id, "agree")
    if javascript:
        page.evaluate("window.__same_page = true")
        agree.focus()
        page.keyboard.press("Enter")
        expect(agree).to_have_attribute("aria-pressed", "true")
        assert page.evaluate("window.__same_page") is True  # no reload
        assert page.evaluate("document.activeElement.getAttribute('data-mark')") == "agree"
        assert page.evaluate(f"document.activeElement.closest('article').id") == f"post-{post_id}"
    else:
        agree.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"#post-{post_id}")
        assert agree.get_attribute("aria-pressed") == "true"
    assert _count(page, post_id, "agree") == before + 1
    assert "You agree." in page.locator(f"#post-{post_id} [role=status]").inner_text()

    # Pressed again, the mark is taken back (and the shared demo data is as it was).
    agree.click()
    if javascript:
        expect(agree).to_have_attribute("aria-pressed", "false")
    else:
        page.wait_for_load_state()
    assert _count(page, post_id, "agree") == before
    with live_app.app_context():
        assert db.session.get(Post, post_id).agree_count == before
    context.close()


FOCUSABLE = "a[href], button, summary, input:not([type=hidden]), select, textarea"


def test_the_reply_form_is_a_few_tab_stops_away(browser, base_url, live_app):
    path, _ = _water(live_app)
    context, page = signed_in_page(browser, base_url, "member@example.org", True)
    page.goto(f"{base_url}{path}?lang=en")

    stops = 0
    while page.evaluate("document.activeElement && document.activeElement.textContent.trim()") != "Skip to the reply form":
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 80, "no skip link to the reply form"
    page.keyboard.press("Enter")
    while page.evaluate("document.activeElement && document.activeElement.id") != "body":
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 80, "the reply box is out of reach"
    assert stops <= 40, stops

    # Each post holds a few stops: at most the link to the post it answers (or to its original
    # language), the two marks, its replies, Reply and the menu of the rest (what a closed
    # <details> holds is skipped by the Tab key).
    per_post = page.evaluate(f"""Array.from(document.querySelectorAll('article.post')).map(
        a => Array.from(a.querySelectorAll('{FOCUSABLE}')).filter(e => (e.tagName === 'SUMMARY' ? e.parentElement.parentElement : e).closest('details:not([open])') === null).length)""")
    assert per_post and max(per_post) <= 6, per_post
    assert sum(per_post) / len(per_post) <= 5, per_post
    context.close()
