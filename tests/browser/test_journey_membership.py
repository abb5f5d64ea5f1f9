"""The first journey a person makes, in a real browser: register, confirm, sign in, apply to a
council; the facilitator approves; the new member switches to Arabic. Every page reached is
checked with axe-core (WCAG 2.x A and AA). The same journey passes with JavaScript switched off."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from council.councils.models import Council, Membership
from council.auth.models import User
from council.extensions import db
from tests.browser.conftest import signed_in_page

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def check_accessibility(page, javascript: bool, checked: set[str]) -> None:
    """Run axe on the current page (once per path; axe needs JavaScript, so only in that run)."""
    path = re.sub(r"\d+", "N", page.url.split("?")[0].split("#")[0])
    if not javascript or path in checked:
        return
    checked.add(path)
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}\n" + "\n".join(violations)


def first_council_id(live_app) -> int:
    with live_app.app_context():
        return db.session.scalar(select(Council.id).order_by(Council.id))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_register_apply_approve_and_read_in_arabic(browser, base_url, live_app, outbox, javascript):
    checked: set[str] = set()
    email = f"newcomer-{'js' if javascript else 'nojs'}@example.org"
    council_id = first_council_id(live_app)
    person = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    page = person.new_page()

    # Register.
    page.goto(f"{base_url}/register?lang=en")
    check_accessibility(page, javascript, checked)
    page.fill("#email", email)
    page.fill("#display_name", "Salma")
    page.fill("#password", "lantern-mosaic-river-7")
    page.select_option("#gender", "woman")
    page.select_option("#constituency", "youth")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Check your e-mail"
    check_accessibility(page, javascript, checked)

    # Confirm the address with the link from the e-mail, then sign in.
    [message] = [m for m in outbox if m["To"] == email]
    link = re.search(r"https?://\S+/confirm/\S+", message.get_body(("plain",)).get_content()).group(0)
    page.goto(base_url + link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert "Sign in" in page.locator("h1").inner_text()
    check_accessibility(page, javascript, checked)
    page.fill("#email", email)
    page.fill("#password", "lantern-mosaic-river-7")
    page.click("main button[type=submit]")
    assert page.url.endswith("/dashboard")
    check_accessibility(page, javascript, checked)

    # Find the council and apply.
    page.goto(f"{base_url}/councils")
    check_accessibility(page, javascript, checked)
    page.click(f"a[href='/councils/{council_id}']")
    check_accessibility(page, javascript, checked)
    page.click(f"a[href='/councils/{council_id}/apply']")
    check_accessibility(page, javascript, checked)
    page.fill("#statement", "I speak for the youth association of the market town.")
    page.select_option("#constituency", "youth")
    page.click("main button[type=submit]")
    check_accessibility(page, javascript, checked)
    with live_app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        membership = db.session.scalar(select(Membership).filter_by(user_id=user.id, council_id=council_id))
        assert membership.status == "applied"
        membership_id = membership.id

    # The facilitator approves it from the queue.
    facilitator, fpage = signed_in_page(browser, base_url, "facilitator@example.org", javascript)
    fpage.goto(f"{base_url}/councils/{council_id}/applications?lang=en")
    check_accessibility(fpage, javascript, checked)
    fpage.click(f"#decision-{membership_id}")
    check_accessibility(fpage, javascript, checked)
    with live_app.app_context():
        assert db.session.get(Membership, membership_id).status == "active"
    assert any(m["To"] == email for m in outbox if m is not message)
    facilitator.close()

    # The new member sees the member list, and switches to Arabic.
    page.goto(f"{base_url}/councils/{council_id}/members")
    assert page.locator("h1").count() == 1
    assert "Salma" in page.locator("main").inner_text()
    check_accessibility(page, javascript, checked)
    page.click(".language-menu > summary")  # the switcher at the top of the page
    page.click(".language-menu a[hreflang=ar]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    check_accessibility(page, javascript, checked)
    page.goto(f"{base_url}/dashboard")
    assert page.locator("html").get_attribute("dir") == "rtl"  # remembered
    person.close()
