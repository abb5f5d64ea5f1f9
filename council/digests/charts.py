"""A small server-rendered SVG bar chart for a table of the digest (no JavaScript): for each row, a
bar for the period and one for the average of the periods before. The table beside it holds the
same figures, for screen readers and for print."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from council.core.digest import Table

WIDTH = 560
LABEL = 170
ROW = 38
TOP = 28
NOW, BEFORE = "#0072b2", "#e69f00"  # apart for most forms of colour blindness (Okabe and Ito)


def bars(table: Table, chart_id: str) -> Markup:
    rows = table.rows
    peak = max([1.0, *(float(r["count"]) for r in rows), *(float(r["average"]) for r in rows)])
    span = (WIDTH - LABEL - 50) / peak
    height = TOP + ROW * len(rows) + 10
    title = table.caption
    in_period, average_before = _("In the period"), _("Average before")
    desc = _("For each region, the number of signals in the period and the average of the four periods before "
             "it; the table beside the chart gives the same figures.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="digest-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="{LABEL}" y="6" width="12" height="12" fill="{NOW}"/>'
        f'<text x="{LABEL + 16}" y="16" font-size="12">{escape(in_period)}</text>',
        f'<rect x="{LABEL + 150}" y="6" width="12" height="12" fill="{BEFORE}"/>'
        f'<text x="{LABEL + 166}" y="16" font-size="12">{escape(average_before)}</text>',
    ]
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        now, before = float(row["count"]), float(row["average"])
        parts.append(
            f'<g><text x="{LABEL - 6}" y="{y + 18}" text-anchor="end" font-size="12">{escape(row["region"])}</text>'
            f'<rect x="{LABEL}" y="{y + 2}" width="{now * span:.1f}" height="14" fill="{NOW}"/>'
            f'<text x="{LABEL + now * span + 4:.1f}" y="{y + 14}" font-size="11">{row["count"]}</text>'
            f'<rect x="{LABEL}" y="{y + 18}" width="{before * span:.1f}" height="14" fill="{BEFORE}"/>'
            f'<text x="{LABEL + before * span + 4:.1f}" y="{y + 30}" font-size="11">{before:.1f}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
