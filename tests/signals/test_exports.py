"""Exports: ACLED's columns first and in order, ours after; only what the exporter may see;
blurred points and no source identities for those who do not see details."""

from __future__ import annotations

import csv
import io
import json

from council.signals.exports import ACLED_COLUMNS, EXTRA_COLUMNS
from tests.conftest import login, make_council, make_membership, make_user
from tests.signals.helpers import make_signal


def _setup():
    council = make_council()
    member, facilitator = make_user(), make_user()
    make_membership(member, council)
    make_membership(facilitator, council, role="facilitator")
    make_signal(council, facilitator, title="Clash", event_type="battles", sub_event_type="armed_clash",
                actor1_type="2", actor2_type="1", latitude=9.034567, longitude=38.745678, place="Adama",
                date_precision="week", sources=[{"description": "Radio Adama", "scale": "national",
                                                 "reliability": "B"}],
                impacts=[{"category": "killed", "sex": "male", "age_band": "adult", "count": 4}])
    make_signal(council, facilitator, title="Hidden", confidentiality="facilitators_office")
    return council, member, facilitator


def test_csv_has_acled_columns_then_ours(client, app):
    council, _member, facilitator = _setup()
    login(client, facilitator)
    response = client.get(f"/councils/{council.id}/signals/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert tuple(reader.fieldnames) == ACLED_COLUMNS + EXTRA_COLUMNS
    assert reader.fieldnames[:3] == ["event_id_cnty", "event_date", "year"]
    rows = {r["title"]: r for r in reader}
    clash = rows["Clash"]
    assert (clash["event_type"], clash["sub_event_type"], clash["inter1"], clash["inter2"], clash["interaction"]) == \
        ("Battles", "Armed clash", "2", "1", "12")
    assert clash["time_precision"] == "2" and clash["fatalities"] == "4" and clash["geo_precision"] == "1"
    assert clash["latitude"] == "9.034567" and clash["source"] == "Radio Adama" and clash["source_scale"] == "National"
    assert "Hidden" in rows  # a facilitator sees 'facilitators and office'


def test_members_export_only_what_they_see_blurred_and_without_sources(client, app):
    council, member, _facilitator = _setup()
    login(client, member)
    data = json.loads(client.get(f"/councils/{council.id}/signals/export.json").get_data(as_text=True))
    assert [s["title"] for s in data["signals"]] == ["Clash"]
    clash = data["signals"][0]
    assert clash["latitude"] == "9.03" and clash["longitude"] == "38.75"
    assert clash["source"] == "" and all("description" not in s for s in clash["sources"])
    assert "Radio Adama" not in json.dumps(data)


def test_spreadsheet_formulas_are_neutralised(client, app):
    council = make_council()
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    make_signal(council, facilitator, title="=HYPERLINK(\"http://x\")")
    login(client, facilitator)
    text = client.get(f"/councils/{council.id}/signals/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_outsiders_cannot_export(client, app):
    council, _member, _facilitator = _setup()
    login(client, make_user())
    assert client.get(f"/councils/{council.id}/signals/export.csv").status_code == 404
