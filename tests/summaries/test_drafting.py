"""Drafting a summary: only when the deliberation is closed, every save a new version, numbered
recommendations with addressees, a language of record fixed after the first save."""

from __future__ import annotations

from sqlalchemy import select

from council.agendas.models import AgendaItem
from council.extensions import db
from council.summaries.models import Recommendation, SummaryVersion
from tests.conftest import make_item
from tests.summaries.conftest import draft, edit_data, summary_of, url
from tests.helpers import audit_events, page_text


def test_the_item_page_offers_drafting_to_facilitators_only(world, client_for):
    facilitator = client_for(world.facilitator)
    page = facilitator.get(f"/councils/{world.council.id}/agenda/{world.item.id}")
    assert "Draft the summary" in page.get_data(as_text=True)
    assert url(world.item, "edit") in page.get_data(as_text=True)
    member_page = client_for(world.member).get(f"/councils/{world.council.id}/agenda/{world.item.id}")
    assert "Draft the summary" not in member_page.get_data(as_text=True)
    assert "not written a summary" in page_text(member_page)


def test_the_edit_form_offers_empty_rows_and_the_readers_language(world, client_for):
    page = client_for(world.facilitator).get(url(world.item, "edit") + "?lang=fr")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="rec_5_text"' in html and 'name="rec_6_text"' not in html
    assert 'name="lock_version" type="hidden" value="0"' in html or 'value="0"' in html
    assert '<option selected value="fr">' in html or 'value="fr" selected' in html or 'selected value="fr"' in html


def test_a_first_save_creates_the_summary_and_version_one(world, client_for):
    client = client_for(world.facilitator)
    response = draft(client, world.item, recommendations=[("Repair the pumps.", "District office"), ("", ""),
                                                           ("Train **water committees**.", "Ministry of water")],
                     points="Many spoke of *queues*.")
    assert response.status_code == 302, response.get_data(as_text=True)
    summary = summary_of(world.item)
    assert summary.status == "draft" and summary.language == "en" and summary.lock_version == 1
    version = summary.current_version
    assert version.number == 1
    assert version.sections["points"] == "Many spoke of *queues*."
    assert "<em>queues</em>" in version.sections_html["points"]
    assert [(r.number, r.text, r.addressee) for r in version.recommendations] == [
        (1, "Repair the pumps.", "District office"), (2, "Train **water committees**.", "Ministry of water")]
    assert "<strong>water committees</strong>" in version.recommendations[1].text_html
    assert len(audit_events("summary.draft")) == 1
    page = client.get(url(world.item))
    text = page_text(page)
    assert "Many spoke of queues" in text and "Repair the pumps." in text and "District office" in text


def test_every_save_is_a_new_version_and_old_ones_stay(world, client_for):
    client = client_for(world.facilitator)
    draft(client, world.item, context="First text.")
    draft(client, world.item, context="Second text.", note="Shorter.")
    summary = summary_of(world.item)
    versions = db.session.scalars(select(SummaryVersion).where(SummaryVersion.summary_id == summary.id)
                                  .order_by(SummaryVersion.number)).all()
    assert [(v.number, v.sections["context"]) for v in versions] == [(1, "First text."), (2, "Second text.")]
    assert summary.current_version.number == 2 and summary.lock_version == 2
    assert versions[1].change_note == "Shorter."
    assert db.session.scalar(select(db.func.count(Recommendation.id))) == 2  # one per version, none edited


def test_the_language_of_record_is_fixed_after_the_first_version(world, client_for):
    client = client_for(world.facilitator)
    draft(client, world.item, language="fr")
    assert 'name="language"' not in client.get(url(world.item, "edit")).get_data(as_text=True)
    draft(client, world.item, language="ar")
    assert summary_of(world.item).language == "fr"


def test_drafting_needs_a_closed_deliberation(world, client_for):
    open_item = make_item(world.council, world.member, status="open")
    client = client_for(world.facilitator)
    response = client.get(url(open_item, "edit"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/agenda/{open_item.id}")
    response = client.post(url(open_item, "edit"), data=edit_data())
    assert response.status_code == 302
    assert summary_of(open_item) is None
    db.session.expire_all()
    assert db.session.get(AgendaItem, open_item.id).status == "open"


def test_errors_keep_what_was_typed(world, client_for):
    client = client_for(world.facilitator)
    response = client.post(url(world.item, "edit"), data=edit_data(
        context="", points="Kept points.", recommendations=[("A recommendation without addressee.", ""),
                                                            ("", "An addressee without text")]))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Describe the issue and its context." in html
    assert "Say to whom this recommendation is addressed." in html
    assert "Write the recommendation, or empty the field" in html
    assert "Kept points." in html and "A recommendation without addressee." in html and "An addressee without text" in html
    assert summary_of(world.item) is None


def test_too_long_sections_are_refused(world, client_for):
    client = client_for(world.facilitator)
    response = client.post(url(world.item, "edit"), data=edit_data(context="x" * 20_001))
    assert response.status_code == 400
    assert "Use at most 20000 characters." in response.get_data(as_text=True)
    assert summary_of(world.item) is None


def test_a_draft_is_seen_only_by_facilitators(world, client_for):
    draft(client_for(world.facilitator), world.item, context="Secret draft text.")
    member_page = client_for(world.member).get(url(world.item))
    assert member_page.status_code == 200
    assert "Secret draft text." not in member_page.get_data(as_text=True)
    assert "drafting the summary" in page_text(member_page)
    assert client_for(world.member).get(url(world.item, "versions")).status_code == 403
    assert client_for(world.member).get(url(world.item, "diff", a=1, b=1)).status_code == 403
    assert "Secret draft text." in client_for(world.facilitator2).get(url(world.item)).get_data(as_text=True)
