"""The agenda's items by status as a small chart (council.core.charts); the page shows the same
figures as a table beside it."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from council.agendas import queries
from council.core import charts

STATUSES = ("open", "proposed", "closed", "summarised", "forwarded", "declined")


def by_status(counts: dict[str, int]) -> Markup | None:
    """A bar per status, or None when the agenda is empty."""
    if not any(counts.get(s, 0) for s in STATUSES):
        return None
    rows = [charts.Row(queries.status_label(s), [charts.Value(counts.get(s, 0), format_decimal(counts.get(s, 0)))])
            for s in STATUSES]
    return charts.bar_chart(
        "agenda-status", title=_("Items by status"),
        desc=_("How many of the council's agenda items are open, proposed, closed, summarised, forwarded and "
               "declined."),
        rows=rows,
    )
