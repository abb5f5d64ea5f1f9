"""The council's page draws its composition against the target for women, with the table of the
same figures one link away; hidden figures are never drawn."""

from __future__ import annotations

import re

from sqlalchemy import delete

from council.councils.models import CompositionSnapshot
from council.extensions import db

from tests.conftest import make_council, make_item, make_membership, make_user


def _council_with(people):
    council = make_council(women_target_percent=40)
    for gender, group in people:
        make_membership(make_user(gender=gender, constituency=group), council, constituency=group)
    # they were all members before the month began (the public figures are those of its first day)
    db.session.execute(delete(CompositionSnapshot))
    db.session.commit()
    return council


def test_the_public_page_draws_the_composition_against_the_target(client):
    council = _council_with([("woman", "women")] * 5 + [("man", "youth")] * 10)
    html = client.get(f"/councils/{council.id}").get_data(as_text=True)
    gender = re.search(r'<svg[^>]*aria-labelledby="composition-gender-title.*?</svg>', html, flags=re.S).group(0)
    assert 'role="img"' in gender and "Members by gender, against the target for women" in gender
    assert "Target for women (40%)" in gender and "33%" in gender and "67%" in gender
    assert 'href="#composition-gender-table"' in html and 'id="composition-gender-table"' in html
    assert 'href="#composition-group-table"' in html and 'id="composition-group-table"' in html
    assert "style=" not in gender


def test_no_chart_when_the_figures_are_hidden(client):
    council = _council_with([("woman", "women")] * 3)
    html = client.get(f"/councils/{council.id}").get_data(as_text=True)
    assert "composition-gender-title" not in html


def test_the_agenda_draws_its_items_by_status(client_for):
    council = make_council()
    member = make_user()
    make_membership(member, council)
    for status in ("open", "open", "proposed", "declined"):
        make_item(council, member, status=status)
    html = client_for(member).get(f"/councils/{council.id}/agenda").get_data(as_text=True)
    chart = re.search(r'<svg[^>]*aria-labelledby="agenda-status-title.*?</svg>', html, flags=re.S).group(0)
    assert "Items by status" in chart
    table = re.search(r'<table id="agenda-status-table">.*?</table>', html, flags=re.S).group(0)
    rows = dict(re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td>', table))
    assert (rows["Open for deliberation"], rows["Proposed"], rows["Declined"], rows["Deliberation closed"]) == ("2", "1", "1", "0")
    assert "<summary>The same figures as a table</summary>" in html
