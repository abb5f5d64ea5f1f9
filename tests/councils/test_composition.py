"""Disclosure control of composition figures: the pure functions, case by case."""

from __future__ import annotations

import pytest

from council.councils.queries import SHOWN, SMALL, WITHHELD, composition_of, disclose


def states(breakdown):
    return {c.key: c.state for c in breakdown.cells}


def counts(breakdown):
    return {c.key: c.count for c in breakdown.cells}


def test_everything_is_shown_when_every_cell_has_enough_people():
    b = disclose({"woman": 6, "man": 9}, 5)
    assert not b.hidden and b.total == 15
    assert counts(b) == {"woman": 6, "man": 9}
    assert b.cell("woman").share == pytest.approx(0.4)


def test_fewer_people_than_the_threshold_in_all_hides_everything():
    b = disclose({"woman": 2, "man": 2}, 5)
    assert b.hidden and b.total is None
    assert all(c.count is None and c.share is None for c in b.cells)


def test_exactly_the_threshold_in_all_is_shown_when_cells_allow():
    b = disclose({"woman": 5, "man": 0}, 5)
    assert not b.hidden and counts(b) == {"woman": 5, "man": 0}


def test_a_single_small_cell_also_withholds_the_next_smallest():
    # Women 3 would follow from 12 - 9 if men were shown: men are withheld too.
    b = disclose({"woman": 3, "man": 9}, 5)
    assert states(b) == {"woman": SMALL, "man": WITHHELD}
    assert counts(b) == {"woman": None, "man": None}
    assert b.total == 12


def test_the_secondary_cell_is_the_smallest_non_empty_shown_cell():
    b = disclose({"a": 2, "b": 30, "c": 7, "d": 0, "e": 12}, 5)
    assert states(b) == {"a": SMALL, "b": SHOWN, "c": WITHHELD, "d": SHOWN, "e": SHOWN}
    assert counts(b) == {"a": None, "b": 30, "c": None, "d": 0, "e": 12}


def test_ties_for_the_secondary_cell_are_broken_by_order():
    b = disclose({"a": 1, "b": 8, "c": 8}, 5)
    assert states(b) == {"a": SMALL, "b": WITHHELD, "c": SHOWN}


def test_two_small_cells_need_no_secondary_suppression():
    b = disclose({"a": 2, "b": 3, "c": 10}, 5)
    assert states(b) == {"a": SMALL, "b": SMALL, "c": SHOWN}
    assert counts(b)["c"] == 10


def test_empty_cells_are_shown_as_zero_and_never_count_as_small():
    b = disclose({"a": 0, "b": 0, "c": 11}, 5)
    assert states(b) == {"a": SHOWN, "b": SHOWN, "c": SHOWN}
    assert counts(b) == {"a": 0, "b": 0, "c": 11}


def test_the_threshold_is_a_parameter():
    assert states(disclose({"a": 3, "b": 3, "c": 4}, 3)) == {"a": SHOWN, "b": SHOWN, "c": SHOWN}
    assert disclose({"a": 3, "b": 3, "c": 4}, 11).hidden


@pytest.mark.parametrize(
    "cells",
    [{"a": 1, "b": 5}, {"a": 4, "b": 4, "c": 20}, {"a": 1, "b": 0, "c": 6, "d": 9}, {"a": 7, "b": 2, "c": 2, "d": 0}],
)
def test_no_small_cell_can_be_derived_from_the_total_and_the_shown_cells(cells):
    b = disclose(cells, 5)
    hidden = [c for c in b.cells if not c.shown]
    assert len(hidden) != 1
    for c in b.cells:
        if 0 < cells[c.key] < 5:
            assert c.count is None


def test_composition_counts_people_by_gender_and_group():
    people = [("woman", "youth")] * 6 + [("man", "youth")] * 2 + [("man", "elders")] * 5 + [(None, None)] * 5
    c = composition_of(people, women_target_percent=50, threshold=5)
    assert counts(c.by_gender) == {"woman": 6, "man": 7, "": 5}
    assert c.women_share == pytest.approx(6 / 18)
    assert counts(c.by_group) == {"youth": 8, "elders": 5, "": 5}
    assert c.women_target_percent == 50


def test_composition_always_lists_women_and_men_and_drops_empty_groups():
    c = composition_of([("woman", "business")] * 5, women_target_percent=40, threshold=5)
    assert counts(c.by_gender) == {"woman": 5, "man": 0}
    assert counts(c.by_group) == {"business": 5}


def test_unknown_values_count_as_not_stated():
    c = composition_of([("robot", "martians")] * 5, women_target_percent=50, threshold=5)
    assert counts(c.by_gender) == {"woman": 0, "man": 0, "": 5}
    assert counts(c.by_group) == {"": 5}


def test_the_share_of_women_is_unknown_when_their_cell_is_suppressed():
    c = composition_of([("woman", None)] * 2 + [("man", None)] * 8, women_target_percent=50, threshold=5)
    assert c.women_share is None
    assert c.by_gender.cell("man").count is None  # withheld: 2 would follow from 10 - 8
