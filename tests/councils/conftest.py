"""Helpers for the councils tests: counting SQL statements, reading pages."""

from __future__ import annotations

import re




def text_of(html: str) -> str:
    """The visible text of a page, with tags dropped and blanks collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def main_of(html: str) -> str:
    """The <main> element of a page (without header, navigation and footer)."""
    match = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert match, "page has no <main>"
    return match.group(0)
