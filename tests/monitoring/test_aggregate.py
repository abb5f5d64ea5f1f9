"""The national aggregate, periods of each cadence, and the provision page's timeline and table."""

from __future__ import annotations

from datetime import date

import pytest

from council.monitoring import services
from tests.conftest import login, make_agreement, make_assessment, make_council, make_region, make_user


def test_the_index_counts_assessed_cells_only(app, client):
    home = make_council()
    away = make_council(region=make_region(home.region.country))
    agreement = make_agreement(home.region.country, provisions=3)
    p1, p2, p3 = agreement.provisions
    make_assessment(p1, home, rating="3")
    make_assessment(p1, away, rating="1")
    make_assessment(p2, home, rating="2")
    make_assessment(p3, home, rating="not_applicable")
    make_assessment(p3, away, rating="insufficient")
    make_assessment(p2, away, rating="0", status="reviewed")  # not published: not counted
    login(client, make_user(site_role="office"))
    page = client.get(f"/monitoring/agreements/{agreement.id}/aggregate").get_data(as_text=True)
    total = page.split("<tfoot>")[1]
    # (3 + 1 + 2) / (3 × 3) = 67 %, over 3 cells, 2 provisions, 2 regions
    assert "67%" in total
    assert [c for c in ("<td>3</td>", "<td>2</td>") if c in total] == ["<td>3</td>", "<td>2</td>"]


@pytest.mark.parametrize("cadence, day, key, start", [
    ("quarterly", date(2026, 8, 15), "2026-Q3", date(2026, 7, 1)),
    ("monthly", date(2026, 8, 15), "2026-08", date(2026, 8, 1)),
    ("half_yearly", date(2026, 8, 15), "2026-H2", date(2026, 7, 1)),
    ("yearly", date(2026, 8, 15), "2026", date(2026, 1, 1)),
])
def test_periods(cadence, day, key, start):
    assert services.period_for(cadence, day) == (key, start)


def test_recent_periods_go_back():
    assert [k for k, _s in services.recent_periods("quarterly", date(2026, 2, 1), 3)] == ["2026-Q1", "2025-Q4",
                                                                                          "2025-Q3"]


def test_trend_is_computed():
    assert services.trend(2, 3) == "down" and services.trend(3, 1) == "up" and services.trend(2, 2) == "same"
    assert services.trend(None, 2) is None and services.trend(2, None) is None


def test_the_provision_page_draws_each_region_with_its_table(app, client):
    council = make_council()
    agreement = make_agreement(council.region.country, provisions=1)
    p = agreement.provisions[0]
    make_assessment(p, council, ("2026-Q1", None), rating="1")
    make_assessment(p, council, ("2026-Q2", None), rating="3", rationale="Checkpoints gone.")
    login(client, make_user(site_role="office"))
    page = client.get(f"/monitoring/provisions/{p.id}").get_data(as_text=True)
    assert page.count('<circle class="point') == 2 and '<path class="line"' in page
    assert 'role="img"' in page
    assert page.index("2026-Q2") < page.index("2026-Q1")  # the table: newest first
    assert "Checkpoints gone." in page


def test_the_cadence_is_the_facilitators_choice(app):
    from council.monitoring.models import MonitoringSettings
    from council.extensions import db
    from tests.conftest import make_membership

    council = make_council()
    facilitator, member = make_user(), make_user()
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    client = app.test_client()
    login(client, member)
    assert client.post(f"/councils/{council.id}/monitoring", data={"cadence": "monthly"}).status_code == 403
    client = app.test_client()
    login(client, facilitator)
    assert client.post(f"/councils/{council.id}/monitoring", data={"cadence": "monthly"}).status_code == 302
    assert db.session.get(MonitoringSettings, council.id).cadence == "monthly"
