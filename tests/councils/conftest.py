"""Helpers for the councils tests: counting SQL statements, reading pages."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from council.extensions import db


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as n: ...; n()` — the statements run inside the block."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield lambda: len(statements)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter


def text_of(html: str) -> str:
    """The visible text of a page, with tags dropped and blanks collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def main_of(html: str) -> str:
    """The <main> element of a page (without header, navigation and footer)."""
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert match, "page has no <main>"
    return match.group(0)
