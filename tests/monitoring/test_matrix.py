"""The matrix: each cell's status as number, colour class and text; trend; evidence; the hatch
for contested cells; filters; and a fixed number of queries whatever its size."""

from __future__ import annotations

import gzip
import re
from datetime import date

from sqlalchemy import insert, select

from council.councils.models import Council, CouncilText, Region
from council.extensions import db
from council.monitoring.models import Assessment, Evidence, MinorityView, Provision
from tests.conftest import login, make_agreement, make_assessment, make_council, make_country, make_user


def _cell(page: str, provision_id: int, region_id: int) -> str:
    found = re.search(rf'<td class="([^"]*)"><a href="/monitoring/provisions/{provision_id}#r{region_id}">(.*?)</a></td>',
                      page)
    assert found, page[-3000:]
    return found.group(1) + " | " + found.group(2)


def test_a_cell_shows_number_trend_evidence_and_hatch(app, client):
    council = make_council()
    agreement = make_agreement(council.region.country, provisions=2)
    p = agreement.provisions[0]
    make_assessment(p, council, ("2026-Q1", None), rating="3")
    latest = make_assessment(p, council, ("2026-Q2", None), rating="1", women_rating=0, men_rating=2)
    latest.evidence.append(Evidence(kind="statistic", summary="Figures", source_scale="national"))
    db.session.commit()
    login(client, make_user(site_role="office"))
    page = client.get(f"/monitoring/agreements/{agreement.id}").get_data(as_text=True)
    cell = _cell(page, p.id, council.region_id)
    assert cell.startswith("c l1 x |")
    assert ">1<" in cell or cell.split("| ")[1].startswith("1")
    assert "regressed since the previous period" in cell
    assert "contested" in cell
    assert "+1" in cell and "evidence item" in cell
    assert '<th scope="col">' in page and '<th scope="row">' in page and 'scope="rowgroup"' in page
    # the period filter shows the earlier situation, without the regression
    earlier = client.get(f"/monitoring/agreements/{agreement.id}?period=2026-Q1").get_data(as_text=True)
    assert _cell(earlier, p.id, council.region_id).startswith("c l3 |")


def test_a_minority_two_levels_away_hatches_the_cell(app, client):
    council = make_council()
    agreement = make_agreement(council.region.country, provisions=1)
    p = agreement.provisions[0]
    a = make_assessment(p, council, rating="3")
    a.minority_views.append(MinorityView(rating="1", reasons="No."))
    db.session.commit()
    login(client, make_user(site_role="admin"))
    page = client.get(f"/monitoring/agreements/{agreement.id}").get_data(as_text=True)
    assert _cell(page, p.id, council.region_id).startswith("c l3 x |")


def test_filters(app, client):
    council = make_council()
    agreement = make_agreement(council.region.country, provisions=4)
    gender, other, late, _rest = agreement.provisions
    assert gender.gender_stipulation and not other.gender_stipulation
    late.deadline = date(2020, 1, 1)
    make_assessment(other, council, ("2026-Q1", None), rating="2")
    make_assessment(other, council, ("2026-Q2", None), rating="0")
    login(client, make_user(site_role="admin"))
    base = f"/monitoring/agreements/{agreement.id}"

    def rows(query: str) -> set[int]:
        html = client.get(base + query).get_data(as_text=True)
        return {int(x) for x in re.findall(r'<th scope="row"><a href="/monitoring/provisions/(\d+)"', html)}

    assert rows("") == {p.id for p in agreement.provisions}
    assert rows("?gender=1") == {p.id for p in agreement.provisions if p.gender_stipulation}
    assert rows("?regressed=1") == {other.id}
    assert rows("?overdue=1") == {late.id}
    assert rows(f"?category={other.category_id}") == {p.id for p in agreement.provisions
                                                      if p.category_id == other.category_id}
    assert "No provision matches these filters." in client.get(base + "?regressed=1&gender=1").get_data(as_text=True)


def _generated(provisions: int, regions: int):
    """An agreement of `provisions` × `regions`, a council per region, every cell assessed twice."""
    country = make_country()
    region_ids = [db.session.execute(insert(Region).values(country_id=country.id, names={"en": f"R{i}"})
                                     .returning(Region.id)).scalar_one() for i in range(regions)]
    council_ids = []
    for rid in region_ids:
        council = Council(region_id=rid, working_languages=["en"])
        council.texts.append(CouncilText(language="en", name=f"C{rid}"))
        db.session.add(council)
        db.session.flush()
        council_ids.append(council.id)
    db.session.commit()
    agreement = make_agreement(country, provisions=provisions)
    pids = db.session.scalars(select(Provision.id).where(Provision.agreement_id == agreement.id)).all()
    rows = []
    for pid in pids:
        for rid, cid in zip(region_ids, council_ids):
            for n, (key, start) in enumerate((("2026-Q1", date(2026, 1, 1)), ("2026-Q2", date(2026, 4, 1)))):
                rows.append(dict(provision_id=pid, council_id=cid, region_id=rid, period=key, period_start=start,
                                 status="published", rating=str((pid + rid + n) % 4), confidence="medium",
                                 rationale="", gender_analysis="", confidential=False,
                                 women_rating=(pid % 4) if n else None, men_rating=(rid % 4) if n else None))
    db.session.execute(insert(Assessment), rows)
    first = db.session.scalars(select(Assessment.id).order_by(Assessment.id).limit(50)).all()
    db.session.execute(insert(MinorityView), [dict(assessment_id=i, rating="0", reasons="r") for i in first])
    db.session.execute(insert(Evidence), [dict(assessment_id=i, kind="document", summary="s", url="",
                                               source_scale="local") for i in first])
    db.session.commit()
    return agreement


def test_the_matrix_runs_a_fixed_number_of_queries(app, count_queries):
    small, big = _generated(20, 10), _generated(200, 30)
    client = app.test_client()
    login(client, make_user(site_role="office"))
    counts, sizes = [], []
    for agreement in (small, big):
        client.get(f"/monitoring/agreements/{agreement.id}")  # warm up
        with count_queries() as n:
            page = client.get(f"/monitoring/agreements/{agreement.id}")
        assert page.status_code == 200
        counts.append(n())
        sizes.append((len(page.data), len(gzip.compress(page.data))))
    assert counts[0] == counts[1], counts
    assert page.get_data(as_text=True).count('<th scope="row">') == 200
    print(f"\nmatrix queries {counts[0]}; 20x10 page {sizes[0][0]} bytes, {sizes[0][1]} gzipped; "
          f"200x30 {sizes[1][0]} bytes, {sizes[1][1]} gzipped")


def test_matrix_and_assessments_export_as_csv_and_json(app, client):
    import csv
    import io

    council = make_council()
    agreement = make_agreement(council.region.country, provisions=2)
    p = agreement.provisions[0]
    make_assessment(p, council, rating="2", rationale="=HYPERLINK(\"http://x\")")
    login(client, make_user(site_role="office"))
    rows = client.get(f"/monitoring/agreements/{agreement.id}/matrix.json").get_json()
    assert {(r["reference"], r["status"]) for r in rows} == {(p.reference, "2"), (agreement.provisions[1].reference, "")}
    listed = list(csv.DictReader(io.StringIO(
        client.get(f"/monitoring/agreements/{agreement.id}/assessments.csv").get_data(as_text=True))))
    assert [(r["reference"], r["status"]) for r in listed] == [(p.reference, "2")]
    assert listed[0]["rationale"].startswith("'=")  # a spreadsheet shows it as text
