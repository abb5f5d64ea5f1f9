"""The digest as CSV, JSON and an Atom feed: the same data the page shows (digest.build), nothing
more. CSV cells that a spreadsheet would read as a formula are neutralised."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask_babel import gettext as _

from council.core.digest import Column
from council.digests.digest import Digest


def cell(value: Any, column: Column | None = None) -> str:
    """A value as every form of the digest writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _safe(value: str) -> str:
    """No spreadsheet formulas from what people typed."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(value: Any) -> str:
    """A cell of the CSV: figures as they are (a negative change stays a number), text neutralised."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return cell(value)
    return _safe(cell(value))


def to_csv(digest: Digest) -> str:
    """One block per table: the section and the table's caption, its header, its rows, a blank line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(_("Digest")), digest.start.isoformat(), digest.end.isoformat()])
    writer.writerow([])
    for section, table in digest.tables():
        writer.writerow([_safe(section.title), _safe(table.caption)])
        writer.writerow([_safe(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv(row.get(c.key)) for c in table.columns])
        if table.more:
            writer.writerow([_safe(_("…and %(num)s more", num=table.more))])
        writer.writerow([])
    return out.getvalue()


def as_data(digest: Digest) -> dict[str, Any]:
    return {
        "period": {"from": digest.start.isoformat(), "to": digest.end.isoformat()},
        "generated_at": digest.generated_at.isoformat(timespec="seconds"),
        "councils": digest.councils,
        "destinations": digest.destinations,
        "sections": [
            {"key": section.key, "title": section.title,
             "tables": [{"key": t.key, "caption": t.caption,
                         "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
                         "rows": t.rows, "total": t.total if t.total is not None else len(t.rows),
                         "people": t.people}
                        for t in section.tables]}
            for section in digest.sections
        ],
    }


def to_json(digest: Digest) -> str:
    return json.dumps(as_data(digest), ensure_ascii=False, indent=1)
