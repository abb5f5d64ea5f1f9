"""The office reader's home: where signing in lands, who may see it, the sections in order, the
period form, the print stylesheet, the six languages and a fixed number of queries."""

from __future__ import annotations

import re

from datetime import date, timedelta
from pathlib import Path

import pytest

from council.extensions import db, utcnow
from tests.conftest import PASSWORD, make_council, make_item, make_membership, make_region, make_user, tr
from tests.digests.conftest import signal
from tests.forwarding.conftest import adopted_summary, make_forwarding
from tests.helpers import page_text

ROOT = Path(__file__).resolve().parents[2]


def test_signing_in_as_an_office_reader_lands_on_the_digest(world, client):
    response = client.post("/login", data={"email": world.reader.email, "password": PASSWORD},
                           follow_redirects=True)
    assert response.request.path == "/digest"
    assert "Your digest" in page_text(response)
    assert "not part of a council yet" not in page_text(response)
    assert client.get("/").headers["Location"] == "/dashboard"
    assert client.get("/dashboard").headers["Location"] == "/digest"


def test_only_office_readers_have_a_digest(world, client, client_for, admin):
    assert client.get("/digest").status_code == 302  # to sign in
    assert "/login" in client.get("/digest").headers["Location"]
    for person in (world.member, world.facilitator, admin):
        other = client_for(person)
        for path in ("/digest", "/digest/export.csv", "/digest/export.json", "/digest/settings"):
            assert other.get(path).status_code == 403, (person, path)
        assert other.get("/dashboard").status_code == 200


def test_sections_come_in_the_issues_order_with_what_waits_overdue_first(world, client_for):
    text = page_text(client_for(world.reader).get("/digest"))
    titles = ["The bottom line", "Alerts needing attention", "Response tracker", "Regional picture",
              "Monitoring of the peace agreement", "Summaries forwarded and answers", "Notes on the data"]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    waiting = text[text.index("Waiting for you, overdue first"):text.index("Alerts needing attention")]
    assert waiting.index("Water for the valley") < waiting.index("Armed men at the bridge")  # overdue first
    assert "Armed men at the bridge Urgent Escalating Verified" in text
    assert "1.1 Provision 1 of" in text and "Regressed" in text
    assert "Grazing routes Resident Coordinator" in text and "French" in text  # language of record


def test_the_regional_picture_is_an_accessible_svg_with_its_table(world, client_for):
    html = client_for(world.reader).get("/digest").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert '<title id="chart-regional_totals-title">Signals by region</title>' in html
    assert '<caption id="digest-table-regional_totals">Signals by region</caption>' in html
    assert "<script" not in html.split("<main")[1]


def test_a_section_without_rows_says_so_and_a_digest_of_nothing_says_what_to_do(world, client_for):
    lonely = make_user(site_role="office")
    text = page_text(client_for(lonely).get("/digest"))
    assert "You follow no council or destination yet." in text
    assert "The bottom line" not in text


def test_another_period_and_bad_periods(world, client_for):
    client = client_for(world.reader)
    last_year = client.get("/digest?start=2025-01-06&end=2025-01-12")
    text = page_text(last_year)
    assert "From Jan 6, 2025 to Jan 12, 2025" in text
    assert "Summaries forwarded to you 0" in text and "Water for the valley" in text  # still waiting
    one_day = page_text(client.get("/digest?start=2025-03-03"))
    assert "From Mar 3, 2025 to Mar 9, 2025" in one_day
    for query, message in [("start=2026-12-10&end=2026-12-01", "The last day comes before the first."),
                           ("start=2020-01-01&end=2026-01-01", "Choose a period of at most 366 days."),
                           ("start=1999-12-31&end=2000-01-02", "Choose a day from the year 2000 on."),
                           ("start=yesterday", "Not a valid date value.")]:
        response = client.get(f"/digest?{query}")
        assert response.status_code == 200 and message in page_text(response), query
        assert 'value="' + query.split("=")[1].split("&")[0] + '"' in response.get_data(as_text=True)  # kept
        assert client.get(f"/digest/export.csv?{query}").status_code == 400
        assert client.get(f"/digest/export.json?{query}").status_code == 400


def test_the_page_prints_on_a4_with_page_numbers_and_no_navigation(world, client_for):
    html = client_for(world.reader).get("/digest").get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/digest(\.[0-9a-f]+)?\.css">', html)
    css = (ROOT / "static" / "digest.css").read_text(encoding="utf-8")
    assert "size: A4" in css and "counter(page)" in css
    printed = css[css.index("@media print"):]
    assert ".site-header" in printed and ".digest-tools" in printed and "display: none" in printed
    assert ' style="' not in html.split("<main")[1]  # the CSP allows no inline style


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh", "en"])
def test_the_digest_speaks_six_languages(world, client_for, app, language):
    client = client_for(world.reader)
    response = client.get(f"/digest?lang={language}")
    assert response.status_code == 200
    text = page_text(response)
    for title in ("The bottom line", "Regional picture", "Notes on the data", "Waiting for you, overdue first"):
        assert tr(app, language, title) in text
    assert f'lang="{language}"' in response.get_data(as_text=True)


def grow(world, councils: int) -> None:
    """`councils` more councils of the reader's country, each with a forwarded summary, signals (one
    escalated to the reader) and a post."""
    region_country = world.north.region.country
    for n in range(councils):
        council = make_council(make_region(region_country), texts={"en": (f"Grown {n}", "Mandate.")})
        make_membership(world.facilitator, council, role="facilitator")
        make_membership(world.member, council)
        make_forwarding(adopted_summary(make_item(council, title=f"Item {n}"), world.facilitator), world.destination,
                        answer_by_days=2)
        signal(council, world.member, world.facilitator, escalate_to=world.destination, title=f"Signal {n}",
               severity=3)
        signal(council, world.member, world.facilitator, title=f"Other {n}", severity=1,
               event_date=utcnow().date() - timedelta(days=10))
    db.session.commit()


def test_the_digest_costs_a_fixed_number_of_queries(world, client_for, count_queries):
    client = client_for(world.reader)
    client.get("/digest")  # warm up
    with count_queries() as few:
        text = page_text(client.get("/digest"))
    assert "Armed men at the bridge" in text
    grow(world, 4)
    with count_queries() as many:
        text = page_text(client.get("/digest"))
    assert "Grown 3" in text and "Signal 3" in text
    assert many() == few()
    for path in ("/digest/export.csv", "/digest/export.json"):
        client.get(path)
        with count_queries() as export_queries:
            client.get(path)
        assert export_queries() <= few()
