"""The deliberation journey in a real browser: a member proposes an item, the facilitator accepts
it, two members deliberate (one in French, one in Arabic), a third adds a translation, a post is
reported and hidden, and its author appeals. Stored script in every field stays inert; axe-core
checks each page; the same journey passes without JavaScript."""

from __future__ import annotations

import re
from functools import partial

import pytest
from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.councils.models import Council
from council.deliberations.models import Appeal, Post
from council.extensions import db
from tests.browser.conftest import signed_in_page
from tests.browser.test_journey_membership import check_accessibility

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 1">'


def submit(page):
    page.click("main form.stack button[type=submit], main form#compose button[type=submit]")


def assert_inert(page, javascript):
    if javascript:
        assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("main script").count() == 0
    assert page.locator("main img[onerror]").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_propose_deliberate_translate_report_hide_appeal(browser, base_url, live_app, javascript):
    checked: set[str] = set()
    with live_app.app_context():
        council_id = db.session.scalar(select(Council.id).order_by(Council.id))
    agenda = f"{base_url}/councils/{council_id}/agenda"
    title = f"Night patrols near the market ({'js' if javascript else 'no-js'}) {XSS}"

    person = partial(signed_in_page, browser, base_url, javascript=javascript)

    # A member proposes an item.
    member_ctx, member = person("member@example.org")
    member.goto(f"{agenda}?lang=en")
    check_accessibility(member, javascript, checked)
    member.click(f"a[href='/councils/{council_id}/agenda/propose']")
    check_accessibility(member, javascript, checked)
    member.fill("#title", title)
    member.fill("#description", f"Traders are afraid after dark. **Who** should patrol? {XSS}")
    member.select_option("#theme", "security")
    member.fill("#place", "Dalma market")
    submit(member)
    assert_inert(member, javascript)
    with live_app.app_context():
        item = db.session.scalar(select(AgendaItem).filter_by(council_id=council_id, title=title))
        assert item.status == "proposed"
        item_url = f"{agenda}/{item.id}"

    # The facilitator accepts it.
    fac_ctx, facilitator = person("facilitator@example.org")
    facilitator.goto(f"{item_url}?lang=en")
    check_accessibility(facilitator, javascript, checked)
    facilitator.click(f"form[action$='/agenda/{item.id}/accept'] button[type=submit]")
    assert "Open for deliberation" in facilitator.locator("main").inner_text()
    with live_app.app_context():
        assert db.session.get(AgendaItem, item.id).status == "open"

    # Aïcha contributes in French, in a French interface.
    aicha_ctx, aicha = person("aicha@example.org")
    aicha.goto(f"{item_url}?lang=fr")
    aicha.select_option("#language", "fr")
    aicha.fill("#body", f"Les commerçantes ont peur la nuit. Il faut des patrouilles mixtes. {XSS}")
    submit(aicha)
    assert_inert(aicha, javascript)
    check_accessibility(aicha, javascript, checked)
    with live_app.app_context():
        french = db.session.scalar(select(Post).filter_by(item_id=item.id).order_by(Post.id.desc()))
        assert french.language == "fr"

    # Fatima replies in Arabic, in an Arabic interface laid out right to left.
    fatima_ctx, fatima = person("fatima@example.org")
    fatima.goto(f"{item_url}/posts/{french.id}/reply?lang=ar")
    assert fatima.locator("html").get_attribute("dir") == "rtl"
    check_accessibility(fatima, javascript, checked)
    fatima.select_option("#language", "ar")
    fatima.fill("#body", "أوافق، ويجب أن تشارك النساء في الدوريات. هؤلاء الناس كاذبون.")
    submit(fatima)
    with live_app.app_context():
        arabic = db.session.scalar(select(Post).filter_by(item_id=item.id).order_by(Post.id.desc()))
        assert arabic.language == "ar" and arabic.reply_to_id == french.id
    assert fatima.locator(f"#post-{arabic.id} [lang=ar]").count() >= 1

    # Grace translates the French post into English; an English reader sees the translation.
    grace_ctx, grace = person("grace@example.org")
    grace.goto(f"{item_url}/posts/{french.id}/translate?lang=en")
    check_accessibility(grace, javascript, checked)
    grace.select_option("#language", "en")
    grace.fill("#body", "Women traders are afraid at night. Mixed patrols are needed.")
    submit(grace)
    grace.goto(f"{item_url}/posts/{french.id}?lang=en")
    assert "Mixed patrols are needed." in grace.locator(f"#post-{french.id}").inner_text()
    check_accessibility(grace, javascript, checked)

    # The member reports the Arabic post; the facilitator hides it with a reason.
    member.goto(f"{item_url}/posts/{arabic.id}/report?lang=en")
    check_accessibility(member, javascript, checked)
    member.check("input[name=reason][value=abusive]")
    submit(member)
    facilitator.goto(f"{base_url}/councils/{council_id}/moderation?lang=en")
    check_accessibility(facilitator, javascript, checked)
    facilitator.goto(f"{item_url}/posts/{arabic.id}?lang=en")
    facilitator.click(f"#post-{arabic.id} .post-menu > summary")  # the post's secondary actions
    facilitator.click(f"#post-{arabic.id} form[action$='/posts/{arabic.id}/hide'] button")
    facilitator.select_option("#reason", "abusive")
    facilitator.fill("#note", "Please criticise ideas, not people.")
    check_accessibility(facilitator, javascript, checked)
    submit(facilitator)
    with live_app.app_context():
        assert db.session.get(Post, arabic.id).state == "hidden"

    # Others see a placeholder with the reason; the author appeals.
    member.goto(f"{item_url}/posts/{arabic.id}?lang=en")
    hidden_text = member.locator(f"#post-{arabic.id}").inner_text()
    assert "It is abusive or insulting." in hidden_text and "كاذبون" not in hidden_text
    fatima.goto(f"{item_url}/posts/{arabic.id}/appeal?lang=ar")
    check_accessibility(fatima, javascript, checked)
    fatima.fill("#statement", "لم أقصد الإساءة، أرجو المراجعة.")
    submit(fatima)
    with live_app.app_context():
        appeal = db.session.scalar(select(Appeal).filter_by(post_id=arabic.id))
        assert appeal is not None and appeal.outcome is None

    # Nothing anyone typed ran as script anywhere along the way.
    for page in (member, facilitator, aicha):
        page.goto(f"{item_url}?lang=en")
        assert_inert(page, javascript)
        assert re.search(r"Night patrols near the market", page.locator("h1").inner_text())
    for context in (member_ctx, fac_ctx, aicha_ctx, fatima_ctx, grace_ctx):
        context.close()
