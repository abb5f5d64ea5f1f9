"""The office reader in a real browser: signing in lands on the digest, which shows every section
with its chart, without JavaScript too; axe-core finds nothing on the digest and its settings."""

from __future__ import annotations

import pytest

from council import demo
from tests.browser.conftest import sign_in
from tests.browser.test_journey_membership import check_accessibility


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_office_reader_signs_in_and_lands_on_the_digest(browser, base_url, javascript):
    checked: set[str] = set()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, "office@example.org", demo.PASSWORD)
    assert page.url.split("?")[0] == f"{base_url}/digest"
    page.goto(f"{base_url}/digest?lang=en")
    assert page.inner_text("h1") == "Your digest"
    main = page.inner_text("main")
    for section in ("The bottom line", "Alerts needing attention", "Response tracker", "Regional picture",
                    "Monitoring of the peace agreement", "Summaries forwarded and answers", "Notes on the data"):
        assert section in main
    assert page.locator("main svg[role=img]").count() >= 1
    check_accessibility(page, javascript, checked)

    # Another period, through the form.
    page.fill("#start", "2026-01-05")
    page.fill("#end", "2026-01-11")
    page.click("main form.digest-period-form button[type=submit]")
    assert "start=2026-01-05" in page.url and "The bottom line" in page.inner_text("main")

    page.goto(f"{base_url}/digest/settings?lang=en")
    assert page.inner_text("h1") == "Digest settings"
    check_accessibility(page, javascript, checked)
    context.close()
