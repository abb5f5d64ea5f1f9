"""Helpers for the councils tests: counting SQL statements, reading pages."""

from __future__ import annotations

import re

import pytest




def text_of(html: str) -> str:
    """The visible text of a page, with tags dropped and blanks collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def main_of(html: str) -> str:
    """The <main> element of a page (without header, navigation and footer)."""
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert match, "page has no <main>"
    return match.group(0)


@pytest.fixture
def next_period(app, monkeypatch):
    """Read the public composition figures as in the next period: they then show the council as it
    is now (what changes this month counts from the next one). Changes are still made in this
    period. Returns a function that moves the reading on by another period."""
    from datetime import timedelta

    from council.councils import composition
    from council.extensions import utcnow

    shift = [timedelta(days=32)]
    original = composition.published
    monkeypatch.setattr(composition, "published", lambda council, now=None: original(council, utcnow() + shift[0]))

    def later():
        shift[0] += timedelta(days=31)

    return later


@pytest.fixture
def unrounded(app, monkeypatch):
    """Public figures without rounding (for tests of the five-person rule itself)."""
    monkeypatch.setitem(app.config, "COMPOSITION_ROUNDING", 1)
