"""Agreements and provisions as CSV and JSON: exports read back into the same agreement; a
malformed file is refused with the line and field at fault, and nothing is stored."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.monitoring import io as monitoring_io
from council.monitoring import queries
from council.monitoring.models import Agreement, Provision
from tests.conftest import login, make_agreement, make_region, make_user


@pytest.fixture
def source(app):
    north = make_region(names={"en": "North", "fr": "Nord"})
    south = make_region(north.country, names={"en": "South"})
    agreement = make_agreement(north.country, provisions=5, regions=[north], signed_on=date(2024, 5, 1),
                               parties="Government; Front", text_url="https://example.org/text",
                               text_languages=["en", "fr"])
    agreement.texts[0].short_name = "Accord, \"one\""
    agreement.provisions[1].regions = [north, south]
    agreement.provisions[2].deadline = date(2025, 1, 31)
    agreement.provisions[2].texts[0].excerpt = "Line one,\nline two; with \"quotes\"."
    db.session.commit()
    return agreement


def _upload(client, name: str, body: str):
    return client.post("/monitoring/admin/agreements", data={"file": (io.BytesIO(body.encode()), name)},
                       content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip(app, client, source, fmt):
    login(client, make_user(site_role="admin"))
    exported = client.get(f"/monitoring/admin/agreements/{source.id}/export.{fmt}")
    assert exported.status_code == 200
    response = _upload(client, f"agreement.{fmt}", exported.get_data(as_text=True))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    copy = db.session.scalars(select(Agreement).order_by(Agreement.id.desc())).first()
    assert copy.id != source.id
    with app.test_request_context():
        original = monitoring_io.as_data(source, queries.provisions(source))
        again = monitoring_io.as_data(copy, queries.provisions(copy))
    assert again == original


@pytest.mark.parametrize("fmt, body, expected", [
    ("csv", "reference,category\n1,ceasefire\n", "The file lacks the columns"),
    ("json", "{\"agreement\": ", "not valid JSON"),
    ("json", "[1, 2]", "“agreement” and “provisions”"),
])
def test_unreadable_files_are_refused(app, client, source, fmt, body, expected):
    login(client, make_user(site_role="admin"))
    before = (_count(Agreement), _count(Provision))
    response = _upload(client, f"bad.{fmt}", body)
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert (_count(Agreement), _count(Provision)) == before


def test_every_fault_is_named_by_line_and_field_and_nothing_is_stored(app, client, source):
    login(client, make_user(site_role="admin"))
    good = client.get(f"/monitoring/admin/agreements/{source.id}/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(good)))
    rows[2]["deadline"] = "31/01/2025"  # its excerpt spans two lines: the record starts on line 4
    rows[3]["category"] = "peacekeeping"  # line 6
    rows[4]["gender_stipulation"] = "perhaps"  # line 7
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    before = (_count(Agreement), _count(Provision))
    response = _upload(client, "bad.csv", out.getvalue())
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in text
    assert "Line 4, deadline" in text and "Line 6, category" in text and "Line 7, gender_stipulation" in text
    assert (_count(Agreement), _count(Provision)) == before


def test_an_unknown_region_is_refused(app, client, source):
    login(client, make_user(site_role="admin"))
    with app.test_request_context():
        data = monitoring_io.as_data(source, queries.provisions(source))
    data["provisions"][0]["regions"] = ["Atlantis"]
    import json

    response = _upload(client, "bad.json", json.dumps(data))
    assert response.status_code == 400
    assert "Provision 1, regions" in response.get_data(as_text=True)
