"""Monitoring in a real browser: an administrator imports an agreement from a JSON file, a member
assesses a provision for the council's region, a second member reviews it, the facilitator
publishes it, and the office reader finds it on the matrix and the provision's page. axe-core
checks each page; the same journey passes without JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from council import demo
from council.demo.councils import COUNTRY_CODE
from council.councils.models import Council
from council.extensions import db
from council.monitoring.models import AgreementText, Provision
from tests.browser.conftest import sign_in
from tests.browser.test_journey_membership import check_accessibility


def _agreement_file(title: str, region: str) -> str:
    return json.dumps({
        "agreement": {"country": COUNTRY_CODE, "stage": "ceasefire", "signed_on": "2026-03-01",
                      "titles": {"en": title}, "short_names": {"en": title}},
        "provisions": [
            {"reference": "A1", "category": "ceasefire", "titles": {"en": "Withdrawal of armed groups from markets"},
             "excerpts": {"en": "Armed groups shall leave market towns within sixty days."}, "regions": [region],
             "gender_stipulation": False, "deadline": "2026-05-01"},
            {"reference": "A2", "category": "women_rights_participation", "gender_stipulation": True,
             "titles": {"en": "Women in the local ceasefire committees"}, "regions": []},
        ],
    })


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_import_assess_review_publish_and_read(browser, base_url, live_app, tmp_path, javascript):
    checked: set[str] = set()
    title = f"Kora Valley Protocol ({'js' if javascript else 'no-js'})"
    with live_app.app_context():
        council = db.session.scalar(select(Council).order_by(Council.id))
        council_id, region = council.id, council.region.names["en"]

    def person(email):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        sign_in(page, base_url, email, demo.PASSWORD)
        return context, page

    # The administrator imports the agreement.
    upload = tmp_path / "agreement.json"
    upload.write_text(_agreement_file(title, region), encoding="utf-8")
    admin_ctx, admin = person("admin@example.org")
    admin.goto(f"{base_url}/monitoring/admin/agreements?lang=en")
    check_accessibility(admin, javascript, checked)
    admin.set_input_files("#file", str(upload))
    admin.click("main form[enctype] button[type=submit]")
    assert "The agreement has been imported with 2 provisions." in admin.content()
    check_accessibility(admin, javascript, checked)
    admin_ctx.close()
    with live_app.app_context():
        agreement_id = db.session.scalar(select(AgreementText.agreement_id).where(AgreementText.title == title))
        provision_id = db.session.scalar(select(Provision.id).filter_by(agreement_id=agreement_id, reference="A1"))

    # A member drafts the assessment from the council's monitoring pages.
    member_ctx, member = person("member@example.org")
    member.goto(f"{base_url}/councils/{council_id}?lang=en")
    member.click(f"a[href='/councils/{council_id}/monitoring']")
    check_accessibility(member, javascript, checked)
    member.click(f"a[href='/councils/{council_id}/monitoring/agreements/{agreement_id}']")
    check_accessibility(member, javascript, checked)
    member.click(f"a[href='/councils/{council_id}/monitoring/provisions/{provision_id}/assess']")
    check_accessibility(member, javascript, checked)
    member.check("input[name=rating][value='2']")
    member.check("input[name=confidence][value='high']")
    member.fill("#rationale", "Two of the three market towns have no armed presence any more.")
    member.fill("#gender_analysis", "Women traders report fewer searches.")
    member.select_option("#women_rating", "1")
    member.select_option("#men_rating", "3")
    member.click("main form.stack button[type=submit]")
    assert "The draft assessment has been saved." in member.content()
    assessment_url = member.url.split("?")[0]
    assert re.search(r"/monitoring/assessments/\d+$", assessment_url)
    check_accessibility(member, javascript, checked)
    member_ctx.close()

    # A second member reviews it and records a minority view.
    second_ctx, second = person("grace@example.org")
    second.goto(f"{assessment_url}?lang=en")
    second.click("form[action$='/review'] button")
    assert "The assessment has been reviewed." in second.content()
    second.check("form[action$='/minority'] input[name=rating][value='0']")
    second.fill("#reasons", "Armed men still collect fees at the northern market.")
    second.click("form[action$='/minority'] button[type=submit]")
    assert "Your minority assessment has been recorded." in second.content()
    second_ctx.close()

    # The facilitator publishes it.
    fac_ctx, fac = person("facilitator@example.org")
    fac.goto(f"{assessment_url}?lang=en")
    check_accessibility(fac, javascript, checked)
    fac.click("form[action$='/publish'] button")
    assert "The assessment has been published." in fac.content()
    fac_ctx.close()

    # The office reader reads the matrix and the provision's page.
    office_ctx, office = person("office@example.org")
    office.goto(f"{base_url}/monitoring/agreements/{agreement_id}?lang=en")
    check_accessibility(office, javascript, checked)
    cell = office.locator(f"td a[href='/monitoring/provisions/{provision_id}#r{council.region_id}']")
    assert cell.inner_text().startswith("2")
    assert "contested" in cell.text_content()
    office.goto(f"{base_url}/monitoring/agreements/{agreement_id}?lang=en&gender=1")
    assert office.locator(f"a[href='/monitoring/provisions/{provision_id}']").count() == 0
    office.goto(f"{base_url}/monitoring/agreements/{agreement_id}/aggregate?lang=en")
    check_accessibility(office, javascript, checked)
    office.goto(f"{base_url}/monitoring/provisions/{provision_id}?lang=en")
    check_accessibility(office, javascript, checked)
    text = office.content()
    assert "Two of the three market towns" in text and "Armed men still collect fees" in text
    office_ctx.close()
