"""On a phone the header is one line: the brand, the language switcher and a "Menu" disclosure that
opens with the keyboard and without JavaScript. Switching language keeps the page, and (where
JavaScript runs) the post the reader was at."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.demo.agenda import WATER_TITLE
from council.deliberations.models import Post
from council.extensions import db
from tests.browser.conftest import sign_in
from tests.browser.test_journey_membership import check_accessibility

PHONE = {"width": 320, "height": 640}


def water_thread(live_app):
    with live_app.app_context():
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == WATER_TITLE))
        post_ids = db.session.scalars(select(Post.id).where(Post.item_id == item.id).order_by(Post.id)).all()
        return f"/councils/{item.council_id}/agenda/{item.id}", post_ids


def tap(page, selector):
    """Click where the element is on screen, as a finger would (Playwright's own click first scrolls
    the page, which a sticky header never needs)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_header_folds_into_one_line_and_opens_with_the_keyboard(browser, base_url, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    page = context.new_page()
    sign_in(page, base_url, "admin@example.org", "kettle-orchard-2026")
    page.goto(f"{base_url}/dashboard?lang=en")

    brand = page.locator(".site-header .brand").bounding_box()
    menu_button = page.locator(".site-menu > summary")
    language_button = page.locator(".language-menu > summary")
    # One line: the three sit side by side, and the navigation's links wait behind "Menu".
    for box in (menu_button.bounding_box(), language_button.bounding_box()):
        assert abs(box["y"] + box["height"] / 2 - (brand["y"] + brand["height"] / 2)) < 6
    assert page.locator(".site-header").bounding_box()["height"] < 60
    assert not page.get_by_role("link", name="Your account").is_visible()
    assert language_button.inner_text().split() == ["Language:", "English"]  # "Language:" is for screen readers

    # The keyboard opens it: Tab reaches the summary, Enter opens it, the links follow in order.
    menu_button.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Your account").is_visible()
    assert page.locator(".site-menu").get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Councils"
    check_accessibility(page, javascript, set())

    # The language switcher is at the top: open it and choose French; the same page comes back.
    language_button.click()
    assert not page.get_by_role("link", name="Your account").is_visible()  # one disclosure at a time
    page.locator(".language-menu a[hreflang=fr]").click()
    assert page.url.split("?")[0].endswith("/dashboard")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".language-menu > summary").inner_text().split()[-1] == "Français"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_wide_screen_shows_the_menu_open_in_a_row(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, base_url, "member@example.org", "kettle-orchard-2026")
    page.goto(f"{base_url}/dashboard?lang=en")
    assert not page.locator(".site-menu > summary").is_visible()
    councils = page.get_by_role("link", name="Councils", exact=True).bounding_box()
    account = page.get_by_role("link", name="Your account").bounding_box()
    assert account["x"] > councils["x"] and abs(account["y"] - councils["y"]) < 4
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switching_language_keeps_the_readers_place_in_a_thread(browser, base_url, live_app, javascript):
    path, post_ids = water_thread(live_app)
    target = post_ids[len(post_ids) // 2]
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    page = context.new_page()
    sign_in(page, base_url, "member@example.org", "kettle-orchard-2026")
    page.goto(f"{base_url}/councils/0?lang=en")  # a 404 is fine: it only sets English for the visit
    page.goto(f"{base_url}{path}#post-{target}")
    page.locator(".language-menu > summary").click()
    page.locator(".language-menu a[hreflang=ar]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.url.split("#")[0].split("?")[0].endswith(path)  # the same thread
    if javascript:
        # The post the reader was at comes with the switch, and the page opens there.
        assert page.url.endswith(f"#post-{target}")
        assert page.locator(f"#post-{target}").bounding_box()["y"] < 640
    else:
        # Without JavaScript the browser keeps the fragment to itself: the thread opens at the top.
        assert "lang=ar" in page.url

    # Scrolled to a post without following a link to it: the header stays at hand, and the switch
    # carries that post too.
    if javascript:
        page.goto(f"{base_url}{path}?lang=en")
        page.evaluate(f"document.getElementById('post-{target}').scrollIntoView()")
        scrolled = page.evaluate("window.scrollY")
        tap(page, ".language-menu > summary")  # a tap, where the finger is: the header is at hand
        with page.expect_navigation():
            tap(page, ".language-menu a[hreflang=fr]")
        page.wait_for_load_state()
        assert scrolled > 1000
        assert page.url.endswith(f"#post-{target}")
        assert page.locator("html").get_attribute("lang") == "fr"
    context.close()
