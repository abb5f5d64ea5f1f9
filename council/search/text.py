"""Text for the search index and from the search box: the same normalisation on both sides, plain
terms out of whatever was typed, and the excerpt shown with matched words marked.

Normalisation: Unicode compatibility forms (NFKD), combining marks dropped (é → e, Arabic short
vowels), case folded. Both engines then index the same text, and the query is cut into plain words,
so nothing typed (quotes, NEAR, *, ^, parentheses, a column name and colon) ever reaches the
engine's query syntax.

Chinese (and Japanese kana) is written without spaces, and neither PostgreSQL's 'simple'
configuration nor SQLite's unicode61 tokenizer splits it into words: a run of characters would be
one token, found only by the whole run. So a run of such characters is indexed as its single
characters and every pair of neighbours (水资源 → 水 资 源 水资 资源), and searched as its pairs
(资源 → 资源; 水资源 → 水资 & 资源), or as the character itself when one is typed. That finds any
stretch of two characters or more inside a longer run, on both engines, without a dictionary;
the price is a larger index for Chinese text and an occasional match across a word boundary.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_TERM_CHARS = 60
SNIPPET_CHARS = 240

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(f"[^\\W_{_CJK}]+|[{_CJK}]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text: str) -> str:
    """Compatibility forms, no combining marks, case folded (lengths may change)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text).casefold()


def _pairs(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] or [run]


def index_terms(text: str) -> str:
    """What the engines index for `text`."""
    folded = fold(text or "")

    def spread(match: re.Match) -> str:
        run = match.group(0)
        pieces = list(run) + (_pairs(run) if len(run) > 1 else [])
        return " " + " ".join(pieces) + " "

    return _CJK_RUN.sub(spread, folded)


def clean_query(raw: str | None) -> str:
    """What was typed, made safe to show and keep in the box: no invalid or control characters,
    blanks collapsed, at most MAX_QUERY_CHARS."""
    if not raw:
        return ""
    text = str(raw).encode("utf-8", "replace").decode("utf-8", "replace")  # lone surrogates
    text = _CONTROL.sub(" ", text.replace("\ufffd", " "))
    return " ".join(text.split())[:MAX_QUERY_CHARS]


class Query:
    """The plain terms of a query: `terms` for the engines (ANDed), `words` and `runs` for marking
    matches in what is shown."""

    def __init__(self, raw: str | None):
        self.text = clean_query(raw)
        terms: list[str] = []
        words: list[str] = []
        runs: list[str] = []
        for token in _WORD.findall(fold(self.text)):
            token = token[:MAX_TERM_CHARS]
            if _CJK_RUN.fullmatch(token):
                runs.append(token)
                terms.extend(_pairs(token))
            else:
                words.append(token)
                terms.append(token)
        seen: set[str] = set()
        self.terms = [t for t in terms if not (t in seen or seen.add(t))][:MAX_TERMS]
        self.words = words[:MAX_TERMS]
        self.runs = runs[:MAX_TERMS]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term a quoted string, all required."""
        return " ".join('"' + t.replace('"', '""') + '"' for t in self.terms)

    def plain(self) -> str:
        """For PostgreSQL's plainto_tsquery: the terms separated by spaces."""
        return " ".join(self.terms)

    # --- marking what matched --------------------------------------------------------------------

    def _prefixes(self) -> list[str]:
        """A word is marked when it starts like a term (its stem, roughly: both engines stem)."""
        return [w if len(w) <= 4 else w[: max(4, len(w) - 2)] for w in self.words]

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        prefixes = self._prefixes()
        if prefixes:
            for match in re.finditer(r"[^\W_]+", text):
                word = fold(match.group(0))
                if any(word.startswith(p) for p in prefixes):
                    found.append(match.span())
        for run in self.runs:
            for piece in dict.fromkeys(_pairs(run) if len(run) > 1 else [run]):
                start = text.find(piece)
                while start != -1:
                    found.append((start, start + len(piece)))
                    start = text.find(piece, start + len(piece))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def mark(self, text: str, *, limit: int | None = None) -> Markup:
        """`text` escaped, matched words in <mark>; with `limit`, an excerpt of about that many
        characters around the first match."""
        text = text or ""
        spans = self.spans(text)
        start, end = 0, len(text)
        if limit is not None and len(text) > limit:
            first = spans[0][0] if spans else 0
            start = max(0, first - limit // 3)
            if start:
                space = text.find(" ", start, first)
                start = space + 1 if space != -1 else start
            end = min(len(text), start + limit)
            if end < len(text):
                space = text.rfind(" ", max(start, end - 20), end)
                end = space if space > start else end
        out = [Markup("…") if start else Markup("")]
        at = start
        for s, e in spans:
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            out.append(escape(text[at:s]))
            out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
            at = e
        out.append(escape(text[at:end]))
        if end < len(text):
            out.append(Markup("…"))
        return Markup("").join(out)


def plain(html: str | None) -> str:
    """The text of sanitised HTML, blanks collapsed."""
    return " ".join(Markup(html or "").striptags().split())
