"""At 320 CSS pixels (a small phone, or a desktop zoomed to 400 %) no page scrolls sideways (WCAG
1.4.10): every page a role reaches is visited by following the links it is shown, from its
dashboard, the front page and the council directory, and its document is no wider than the window.
A wide table may scroll inside its own box; the page itself may not. Arabic, laid out right to
left, is visited too for the role with the most pages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from council import demo
from tests.browser.conftest import sign_in

WIDTH = 320
# Not pages: downloads, signing out, the switcher's own links; one page per address pattern.
SKIP = re.compile(r"(/logout|/static/|\.csv|\.json|/export|/unsubscribe|lang=)")
START = ["/dashboard", "/", "/councils"]
ROLES = ["visitor", "member@example.org", "facilitator@example.org", "observer@example.org",
         "office@example.org", "admin@example.org", "applicant@example.org"]

WHAT_IS_TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && el.checkVisibility())) continue;
    let contained = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) { contained = true; break; }
    }
    if (!contained) found.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  }
  return found.slice(0, 4);
}"""


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


def visit_everything(page, base_url: str, language: str) -> tuple[list[str], list[str]]:
    """Breadth first over the links shown; returns (visited paths, problems)."""
    queue, seen, visited, problems = list(START), set(), [], []
    while queue:
        path = queue.pop(0)
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        response = page.goto(f"{base_url}{path}{'&' if '?' in path else '?'}lang={language}", wait_until="domcontentloaded")
        if response is None or response.status >= 400 or not page.url.startswith(base_url):
            continue
        visited.append(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTH:
            problems.append(f"{path} ({language}) is {scroll_width}px wide: {page.evaluate(WHAT_IS_TOO_WIDE)}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if not href or href.startswith(("http", "mailto:", "#")) or SKIP.search(href):
                continue
            href = href.split("#")[0]
            if href and pattern(href) not in seen:
                queue.append(href)
    return visited, problems


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_320px(browser, base_url, role):
    languages = ["en", "ar"] if role == "admin@example.org" else ["en"]
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    if role != "visitor":
        sign_in(page, base_url, role, demo.PASSWORD)
    everything, problems = [], []
    for language in languages:
        visited, wide = visit_everything(page, base_url, language)
        everything += visited
        problems += wide
    context.close()
    assert problems == []
    # The crawl did reach the role's pages (the numbers are the demo's, give or take a few).
    least = {"visitor": 5, "applicant@example.org": 8}.get(role, 20)
    assert len(set(everything)) >= least, everything


def test_a_long_email_address_wraps_on_the_account_page(browser, base_url, live_app):
    from council.auth.models import User
    from council.extensions import db

    with live_app.app_context():
        user = db.session.query(User).filter_by(email="observer@example.org").one()
        original = user.email
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    sign_in(page, base_url, "observer@example.org", demo.PASSWORD)
    page.goto(f"{base_url}/account?lang=en")
    # Make the address absurdly long in the page (nothing is stored): it must still wrap.
    page.evaluate("""() => { const dd = [...document.querySelectorAll('dd')].find(d => d.textContent.includes('@'));
                            dd.textContent = 'a.very.long.address.without.any.break.at.all.' + dd.textContent + '.example.org'; }""")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert original in page.locator("main").inner_text()
    context.close()
