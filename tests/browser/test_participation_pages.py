"""The participation picture and the new charts in a real browser: axe finds nothing in English and
in Arabic, the chart's table is one link away, and an Arabic chart is laid out right to left."""

from __future__ import annotations

import pytest

from tests.browser.conftest import signed_in_page
from tests.browser.test_journey_membership import check_accessibility, first_council_id


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_participation_and_charts_pass_axe(browser, base_url, live_app, lang):
    council_id = first_council_id(live_app)
    context, page = signed_in_page(browser, base_url, "facilitator@example.org", True)
    checked: set[str] = set()
    page.goto(f"{base_url}/councils/{council_id}/participation?period=all&lang={lang}")
    assert page.locator("svg[role=img]").count() == 2
    check_accessibility(page, True, checked)
    if lang == "ar":
        assert page.locator("svg[role=img]").first.get_attribute("direction") == "rtl"
    page.locator("a[href='#participation-group-table']").click()
    assert page.url.endswith("#participation-group-table")
    for path in (f"/councils/{council_id}", f"/councils/{council_id}/agenda"):
        checked.clear()
        page.goto(f"{base_url}{path}?lang={lang}")
        assert page.locator("svg[role=img]").count() >= 1
        check_accessibility(page, True, checked)
    context.close()
