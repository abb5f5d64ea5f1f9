"""Focus is visible everywhere (WCAG 2.2: 2.4.7, 1.4.11): tabbing through several pages, in English
and Arabic, every element that takes the focus shows a ring at least 2px wide, and the ring (or the
halo around it) stands out at 3:1 or more from the background the element sits on; the ring and
its halo differ from each other by 3:1 too, so whichever shows against the page is a clear edge."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.councils.models import Council
from council.demo.agenda import WATER_TITLE
from council.extensions import db
from tests.browser.conftest import signed_in_page

TABS_PER_PAGE = 45

# For the focused element: its outline, the first box-shadow (the halo), and the colour behind it
# (the first ancestor with a background that is not transparent).
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  let behind = 'rgb(255, 255, 255)';
  for (let node = el.parentElement; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(bg)) { behind = bg; break; }
  }
  const shadow = style.boxShadow.match(/rgba?\\([^)]*\\)/);
  const spread = style.boxShadow.match(/(\\d+(?:\\.\\d+)?)px(?!.*px)/);
  return {
    tag: el.tagName, text: (el.innerText || el.value || el.name || el.id || '').trim().slice(0, 40),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
    halo: shadow ? shadow[0] : null, haloSpread: spread ? parseFloat(spread[1]) : 0, behind: behind,
  };
}"""


def rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")
    return tuple(float(p) for p in parts[:3])


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(rgb(a)), luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert round(contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)"), 1) == 1.6  # the old ring on white
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)")) == 21


def tab_through(page, url: str) -> list[dict]:
    page.goto(url)
    seen = []
    for _ in range(TABS_PER_PAGE):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state is None:
            break
        seen.append(state)
    return seen


def failures(states: list[dict], url: str) -> list[str]:
    problems = []
    for s in states:
        where = f"{url} {s['tag']} {s['text']!r} on {s['behind']}"
        if s["outlineStyle"] == "none" or s["outlineWidth"] < 2:
            problems.append(f"{where}: no focus ring")
            continue
        ring = contrast(s["outlineColor"], s["behind"])
        halo = contrast(s["halo"], s["behind"]) if s["halo"] and s["haloSpread"] > s["outlineWidth"] else 0
        if max(ring, halo) < 3:
            problems.append(f"{where}: ring {ring:.1f}:1, halo {halo:.1f}:1")
        if s["halo"] and halo and contrast(s["outlineColor"], s["halo"]) < 3:
            problems.append(f"{where}: ring and halo too alike")
    return problems


def pages(live_app) -> dict[str, list[str]]:
    with live_app.app_context():
        council_id = db.session.scalar(select(Council.id).order_by(Council.id))
        item_id = db.session.scalar(select(AgendaItem.id).where(AgendaItem.title == WATER_TITLE))
    return {
        "": ["/", "/login", "/councils"],
        "member@example.org": ["/dashboard", f"/councils/{council_id}/agenda/{item_id}", "/account"],
        "admin@example.org": ["/admin", "/admin/councils"],
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_focus_ring_stands_out_on_every_background(browser, base_url, live_app, language):
    problems, checked, backgrounds = [], 0, set()
    for who, paths in pages(live_app).items():
        if who:
            context, page = signed_in_page(browser, base_url, who, javascript=True)
        else:
            context = browser.new_context()
            page = context.new_page()
        for path in paths:
            url = f"{base_url}{path}?lang={language}"
            states = tab_through(page, url)
            checked += len(states)
            backgrounds |= {s["behind"] for s in states}
            problems += failures(states, path)
        # The footer's controls, on its grey: tab backwards from the end of the page.
        page.goto(f"{base_url}/councils?lang={language}")
        page.locator(".site-footer a").last.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        backgrounds.add(state["behind"])
        problems += failures([state], "footer")
        context.close()
    assert problems == []
    assert checked > 100
    # The header's dark blue, the page's white and the footer's grey were all among them.
    assert {"rgb(18, 53, 91)", "rgb(255, 255, 255)", "rgb(243, 245, 248)"} <= backgrounds
