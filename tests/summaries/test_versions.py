"""The list of versions and the difference between two of them: per section and recommendations,
removed and added lines marked with <del>/<ins> and text labels; bad values give 404."""

from __future__ import annotations

import re

import pytest

from tests.summaries.conftest import draft, put_to_review, url
from tests.helpers import page_text


@pytest.fixture
def two_versions(world, client_for):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context="Line one.\nLine two.", points="Same points.",
          recommendations=[("Repair the pumps.", "District office"), ("Train committees.", "Ministry")])
    draft(facilitator, world.item, context="Line one.\nLine two, changed.", points="Same points.", note="Clearer.",
          recommendations=[("Repair the pumps.", "District office"), ("Train committees and women.", "Ministry")])
    put_to_review(facilitator, world.item)
    return facilitator


def test_the_versions_page_lists_every_version(world, two_versions, client_for):
    page = client_for(world.member).get(url(world.item, "versions"))
    assert page.status_code == 200
    text = page_text(page)
    assert "Version 2" in text and "Version 1" in text and "Clearer." in text and "Facilitator Farah" in text
    assert url(world.item, "diff", a=1, b=2).replace("&", "&amp;") in page.get_data(as_text=True)


def test_the_difference_shows_removed_and_added_lines_with_labels(world, two_versions, client_for):
    page = client_for(world.member).get(url(world.item, "diff", a=1, b=2))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'Removed:</span> <del>Line two\.</del>', html)
    assert re.search(r'Added:</span> <ins>Line two, changed\.</ins>', html)
    assert re.search(r"<del>2\. Train committees\. \(addressed to: Ministry\)</del>", html)
    assert re.search(r"<ins>2\. Train committees and women\. \(addressed to: Ministry\)</ins>", html)
    assert "<del>Line one.</del>" not in html and "<del>Same points.</del>" not in html
    text = page_text(page)
    assert "Main points raised No change." in text
    assert "Note on version 2: Clearer." in text


def test_the_same_version_twice_shows_no_change(world, two_versions, client_for):
    text = page_text(client_for(world.member).get(url(world.item, "diff", a=2, b=2)))
    assert "The two versions have the same text." in text


@pytest.mark.parametrize("query", [{"a": 1}, {"a": 1, "b": 9}, {"a": "x", "b": 2}, {"a": -1, "b": 2},
                                   {"a": "1" * 40, "b": 2}, {"a": "%00", "b": 1}, {}])
def test_bad_version_numbers_give_404(world, two_versions, client_for, query):
    assert client_for(world.member).get(url(world.item, "diff", **query)).status_code == 404


def test_the_compare_form_works_without_javascript(world, two_versions, client_for):
    html = client_for(world.member).get(url(world.item, "versions")).get_data(as_text=True)
    form = re.search(r'<form method="get" action="([^"]+)"', html)
    assert form and form.group(1) == url(world.item, "diff")
    assert 'name="a"' in html and 'name="b"' in html
