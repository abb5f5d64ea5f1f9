"""The digest's chart: for each region, a bar for the period and one for the average of the periods
before, drawn by the shared chart module (council/core/charts.py: direction of the page, patterns
beside colours, figures as text). The table beside it holds the same figures, for screen readers
and for print."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from council.core import charts
from council.core.digest import Table


def bars(table: Table, chart_id: str) -> Markup:
    rows = [
        charts.Row(label=str(row["region"]), user_text=True, values=(
            charts.Value(float(row["count"]), str(row["count"])),
            charts.Value(float(row["average"]), f"{float(row['average']):.1f}"),
        ))
        for row in table.rows
    ]
    return charts.bar_chart(
        chart_id, title=table.caption, rows=rows, series=(_("In the period"), _("Average before")),
        desc=_("For each region, the number of signals in the period and the average of the four periods before "
               "it; the table beside the chart gives the same figures."),
    )
