"""Register to apply, without losing the way: "Sign in to apply" → "Create an account" → the
confirmation link from the e-mail (opened in another browser, as on a phone's mail app) → sign in
→ the council's application form, not the dashboard."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from council.councils.models import Council
from council.extensions import db


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_register_confirm_sign_in_lands_on_the_apply_form(browser, base_url, live_app, outbox, javascript):
    with live_app.app_context():
        council_id = db.session.scalar(select(Council.id).order_by(Council.id))
    email = f"way-{'js' if javascript else 'nojs'}@example.org"

    first = browser.new_context(java_script_enabled=javascript)
    page = first.new_page()
    page.goto(f"{base_url}/councils/{council_id}?lang=en")
    page.click("text=Sign in to apply")
    page.click("text=Create an account")
    page.fill("#email", email)
    page.fill("#display_name", "Amina")
    page.fill("#password", "lantern-mosaic-river-7")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Check your e-mail"
    first.close()

    # The mail, as the development outbox holds it; its link is opened in a fresh browser.
    [message] = [m for m in outbox if m["To"] == email]
    link = re.search(r"https?://\S+/confirm/\S+", message.get_body(("plain",)).get_content()).group(0)
    assert "next=" in link
    second = browser.new_context(java_script_enabled=javascript)
    page = second.new_page()
    page.goto(base_url + _path(link))
    assert "Sign in" in page.locator("h1").inner_text()
    assert "Your e-mail address is confirmed" in page.locator("main").inner_text()
    page.fill("#email", email)
    page.fill("#password", "lantern-mosaic-river-7")
    page.click("main button[type=submit]")
    assert page.url.split("?")[0].endswith(f"/councils/{council_id}/apply")
    assert page.locator("form textarea, form select").count() > 0
    second.close()


def test_a_foreign_destination_in_the_confirmation_link_is_ignored(browser, base_url, live_app, outbox):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/register?lang=en&next=https://evil.example/")
    page.fill("#email", "way-evil@example.org")
    page.fill("#display_name", "Amina")
    page.fill("#password", "lantern-mosaic-river-7")
    page.click("main button[type=submit]")
    [message] = [m for m in outbox if m["To"] == "way-evil@example.org"]
    link = re.search(r"https?://\S+/confirm/\S+", message.get_body(("plain",)).get_content()).group(0)
    assert "evil" not in link
    page.goto(base_url + _path(link).split("?")[0] + "?next=//evil.example/")
    page.fill("#email", "way-evil@example.org")
    page.fill("#password", "lantern-mosaic-river-7")
    page.click("main button[type=submit]")
    assert page.url.startswith(base_url) and page.url.endswith("/dashboard")
    context.close()
