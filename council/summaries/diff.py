"""The differences between two versions of a summary, section by section and in the
recommendations, as lists of kept, removed and added lines."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from council.summaries.models import SECTIONS, Recommendation, SummaryVersion
from council.summaries.queries import section_label


@dataclass
class DiffLine:
    op: str  # "same", "removed", "added"
    text: str


@dataclass
class PartDiff:
    key: str
    heading: str
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.op != "same" for line in self.lines)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


def diff_lines(old: list[str], new: list[str]) -> list[DiffLine]:
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(DiffLine("same", line) for line in old[i1:i2])
            continue
        out.extend(DiffLine("removed", line) for line in old[i1:i2])
        out.extend(DiffLine("added", line) for line in new[j1:j2])
    return out


def recommendation_lines(recs: Iterable[Recommendation]) -> list[str]:
    lines = []
    for r in recs:
        text = " ".join(_lines(r.text))
        if r.addressee:
            lines.append(_("%(number)s. %(text)s (addressed to: %(addressee)s)", number=r.number, text=text,
                           addressee=r.addressee))
        else:
            lines.append(_("%(number)s. %(text)s", number=r.number, text=text))
    return lines


def diff(a: SummaryVersion, b: SummaryVersion) -> list[PartDiff]:
    """Per section, then the recommendations: the lines removed from `a` and added in `b`."""
    parts = [PartDiff(key, section_label(key), diff_lines(_lines((a.sections or {}).get(key, "")),
                                                           _lines((b.sections or {}).get(key, ""))))
             for key in SECTIONS]
    parts.append(PartDiff("recommendations", _("Recommendations"),
                          diff_lines(recommendation_lines(a.recommendations), recommendation_lines(b.recommendations))))
    return parts
