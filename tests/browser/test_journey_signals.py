"""Early warning in a real browser: a member raises a signal; a facilitator reviews, verifies and
escalates it to the RC office; the office reader acknowledges, responds and records the outcome;
the member reads what came of it. axe-core checks each page; the journey also passes without
JavaScript."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council import demo
from council.extensions import db
from council.forwarding.models import Destination
from council.signals.models import Escalation, Signal
from tests.browser.conftest import sign_in
from tests.browser.test_journey_membership import check_accessibility, first_council_id


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_raise_review_verify_escalate_respond_outcome(browser, base_url, live_app, javascript):
    checked: set[str] = set()
    council_id = first_council_id(live_app)
    title = f"Armed men at the Kora well ({'js' if javascript else 'no-js'})"
    signals_url = f"{base_url}/councils/{council_id}/signals"

    def person(email):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, base_url, email, demo.PASSWORD)
        return context, page

    # A member raises the signal; a first attempt without a title keeps what was typed.
    member_ctx, member = person("member@example.org")
    member.goto(f"{signals_url}?lang=en")
    check_accessibility(member, javascript, checked)
    member.goto(f"{signals_url}/new?lang=en")
    check_accessibility(member, javascript, checked)
    member.fill("#narrative", "Men with rifles turned women away from the well at dawn.")
    member.select_option("#sector", "security")
    member.fill("#event_date", "2026-11-30")
    member.fill("#area", "East")
    member.check("#severity-3")
    member.fill("#source_1_description", "Two water sellers")
    member.click("main form.stack button[type=submit]")
    assert member.locator("#title").get_attribute("aria-invalid") == "true" or "There is a problem" in member.content()
    assert member.input_value("#narrative") == "Men with rifles turned women away from the well at dawn."
    check_accessibility(member, javascript, checked)
    member.fill("#title", title)
    member.click("main form.stack button[type=submit]")
    member.wait_for_url("**/signals/*")
    check_accessibility(member, javascript, checked)
    assert title in member.content()
    with live_app.app_context():
        signal_id = db.session.scalar(select(Signal.id).filter_by(title=title))
        rc_id = db.session.scalar(select(Destination.id).filter_by(kind="un_office"))
    signal_url = f"{signals_url}/{signal_id}?lang=en"

    # The facilitator takes it in review, verifies it and escalates it to the RC office.
    fac_ctx, fac = person("facilitator@example.org")
    fac.goto(signal_url)
    check_accessibility(fac, javascript, checked)
    fac.click(f"form[action$='/{signal_id}/review'] button")
    fac.wait_for_url("**/signals/*")
    assert "In review by" in fac.content()
    check_accessibility(fac, javascript, checked)
    fac.check("#decide-outcome-0")  # verified
    fac.fill("#decide-note", "Confirmed by the water committee.")
    fac.click(f"form[action$='/{signal_id}/decide'] button[type=submit]")
    fac.wait_for_url("**/signals/*")
    fac.select_option("#escalate-destination", str(rc_id))
    fac.select_option("#escalate-requested_action", "protection")
    fac.fill("#escalate-note", "Please send a protection team.")
    fac.click(f"form[action$='/{signal_id}/escalate'] button[type=submit]")
    fac.wait_for_url("**/signals/*")
    check_accessibility(fac, javascript, checked)
    assert "Awaiting acknowledgement" in fac.content()
    fac.goto(f"{signals_url}/trends?lang=en")
    check_accessibility(fac, javascript, checked)

    # The office reader acknowledges, responds and records the outcome.
    office_ctx, office = person("office@example.org")
    office.goto(f"{base_url}/signals/escalations?lang=en")
    check_accessibility(office, javascript, checked)
    office.goto(signal_url)
    office.click(f"form[action$='/acknowledge'] button")
    office.wait_for_url("**/signals/*")
    office.select_option("#respond-status", "under_way")
    office.fill("#respond-reason", "A protection team leaves tomorrow.")
    office.click(f"form[action$='/respond'] button[type=submit]")
    office.wait_for_url("**/signals/*")
    check_accessibility(office, javascript, checked)
    office.select_option("#outcome-outcome", "de_escalated")
    office.click(f"form[action$='/outcome'] button[type=submit]")
    office.wait_for_url("**/signals/*")
    with live_app.app_context():
        escalation = db.session.scalar(select(Escalation).filter_by(signal_id=signal_id))
        assert (escalation.status, escalation.outcome) == ("under_way", "de_escalated")

    # The member reads what became of the signal.
    member.goto(signal_url)
    content = member.content()
    assert "De-escalated" in content and "A protection team leaves tomorrow." in content
    for context in (member_ctx, fac_ctx, office_ctx):
        context.close()
