"""Fixtures of the councils tests."""

from __future__ import annotations

import pytest


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
