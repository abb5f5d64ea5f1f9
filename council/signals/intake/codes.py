"""Short keyword codes in SMS and e-mail: which council, how severe, which indicators.

An SMS starts with codes, then the text:  C12 S3 I:WAT1,MKT2 Wells poisoned near the market
    C<number>        the council's code (required; shown on the council's intake page)
    S0 … S4          severity (information, watch, concern, alert, urgent)
    I:<code>,<code>  indicator codes of the council's catalogue; a code ending in "+" reports an
                     improvement, "-" a worsening (without either: worsening for a conflict
                     indicator, improving for a peace indicator)
Codes may come in any order, in upper or lower case; everything after the first word that is not
a code is the narrative.

In an e-mail, whole lines may carry the same information: "SEV 3" (or "Severity: 3") and
"IND WAT1, MKT2" (or "Indicators: WAT1 MKT2"); they are taken out of the narrative.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from council.core.refusals import Refusal

SEVERITY_MAX = 4
TITLE_MAX = 80

_COUNCIL = re.compile(r"C(\d{1,9})", re.IGNORECASE)
_SEVERITY = re.compile(r"S(\d{1,2})", re.IGNORECASE)
_INDICATORS = re.compile(r"I:([A-Za-z0-9_,+-]*)", re.IGNORECASE)
_CODE = re.compile(r"[A-Z0-9_]{1,40}[+-]?")
_TOKEN = re.compile(r"\S+")

_MAIL_SEVERITY = re.compile(r"(?:SEV|SEVERITY)\s*:?\s*([0-4])", re.IGNORECASE)
_MAIL_INDICATORS = re.compile(r"(?:IND|INDICATORS?)\s*:?\s*([A-Za-z0-9_+\-]+(?:[\s,;]+[A-Za-z0-9_+\-]+)*)",
                              re.IGNORECASE)


@dataclass
class Keywords:
    council_code: str | None = None
    severity: int | None = None
    indicators: list[str] = field(default_factory=list)
    narrative: str = ""


def _split_codes(raw: str) -> list[str]:
    codes = [c.strip().upper() for c in re.split(r"[\s,;]+", raw) if c.strip()]
    for code in codes:
        if not _CODE.fullmatch(code):
            raise Refusal(_("“%(code)s” is not an indicator code.", code=code[:40]))
    return list(dict.fromkeys(codes))


def parse_sms(text: str) -> Keywords:
    """Read the codes at the start of an SMS; refuse what cannot be a report."""
    found = Keywords()
    position = 0
    for token in _TOKEN.finditer(text):
        word = token.group()
        if (m := _COUNCIL.fullmatch(word)) and found.council_code is None:
            found.council_code = f"C{int(m.group(1))}"
        elif (m := _SEVERITY.fullmatch(word)) and found.severity is None:
            level = int(m.group(1))
            if level > SEVERITY_MAX:
                raise Refusal(_("Severity is S0 to S4."))
            found.severity = level
        elif m := _INDICATORS.fullmatch(word):
            found.indicators.extend(c for c in _split_codes(m.group(1)) if c not in found.indicators)
        else:
            break
        position = token.end()
    else:
        position = len(text)
    if found.council_code is None:
        raise Refusal(_("Start the message with your council's code, for example C12."))
    found.narrative = text[position:].strip()
    if not found.narrative:
        raise Refusal(_("Write what happened after the codes."))
    return found


def parse_mail(body: str, known: Callable[[str], bool] = lambda code: True) -> Keywords:
    """Take "SEV n" and "IND codes" lines out of an e-mail body. An "IND" line stays in the text
    unless every code on it is `known` (so that a sentence starting "Indicators" is not lost)."""
    found = Keywords()
    kept: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if (m := _MAIL_SEVERITY.fullmatch(stripped)) and found.severity is None:
            found.severity = int(m.group(1))
            continue
        if m := _MAIL_INDICATORS.fullmatch(stripped):
            try:
                codes = _split_codes(m.group(1))
            except Refusal:
                codes = []
            if codes and all(known(code) for code in codes):
                found.indicators.extend(c for c in codes if c not in found.indicators)
                continue
        kept.append(line)
    found.narrative = "\n".join(kept).strip()
    return found


def short_codes(indicators: list[tuple[int, str]]) -> dict[str, int]:
    """Short SMS codes for a council's indicators: {code: indicator id}, from (id, key) pairs.

    A code is made of the initials of the key's words ("armed_presence" → "AP"), or the first three
    letters of a one-word key ("displacement" → "DIS"); a code already taken gets a number
    ("GR", "GR2"). Codes are given in the order of the ids, so adding an indicator never changes
    the code of an older one."""
    codes: dict[str, int] = {}
    for indicator_id, key in sorted(indicators):
        words = [w for w in re.split(r"[^A-Za-z0-9]+", key) if w]
        base = ("".join(w[0] for w in words) if len(words) > 1 else (words[0][:3] if words else "X")).upper()
        code, n = base, 1
        while code in codes:
            n += 1
            code = f"{base}{n}"
        codes[code] = indicator_id
    return codes


def title_from(text: str) -> str:
    """A title made of the narrative's first line, cut at a word near TITLE_MAX characters."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_MAX:
        return first
    cut = first[:TITLE_MAX].rsplit(" ", 1)[0] or first[:TITLE_MAX]
    return cut.rstrip(" ,;:.") + "…"
