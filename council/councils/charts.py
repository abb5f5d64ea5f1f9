"""The council's composition as small charts (council.core.charts): by gender against the target
for women, and by group. They draw only what the tables beside them show: a figure withheld by the
five-person rule is written out, never drawn."""

from __future__ import annotations

from flask_babel import format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from council.core import charts
from council.councils import queries


def cell_value(b: queries.Breakdown, key: str) -> charts.Value:
    """The share of `key` in `b` as a chart draws and reads it."""
    cell = None if b.hidden else b.cell(key)
    if cell is not None and cell.shown and cell.share is not None:
        return charts.Value(cell.share, format_percent(cell.share))
    if cell is not None and cell.state == queries.SMALL:
        return charts.Value(None, _("fewer than %(n)s", n=b.threshold))
    return charts.Value(None, _("not shown"))


def composition(c: queries.Composition, chart_id: str = "composition") -> dict[str, Markup]:
    """{"gender": figure, "group": figure} for a composition whose figures are shown (else {})."""
    if c.by_gender.hidden:
        return {}
    target = c.women_target_percent / 100
    gender = charts.bar_chart(
        f"{chart_id}-gender",
        title=_("Members by gender, against the target for women"),
        desc=_("The share of women and of men among the council's members, with the council's target for "
               "women (%(target)s) as a dashed line.", target=format_percent(target)),
        rows=[charts.Row(queries.gender_label(cell.key), [cell_value(c.by_gender, cell.key)])
              for cell in c.by_gender.cells],
        maximum=1.0, target=charts.Value(target, format_percent(target)), target_label=_("Target for women"),
    )
    found = {"gender": charts.figure(gender, f"{chart_id}-gender-table")}
    if not c.by_group.hidden:
        group = charts.bar_chart(
            f"{chart_id}-group",
            title=_("Members by group represented"),
            desc=_("The share of each group represented among the council's members."),
            rows=[charts.Row(queries.constituency_label(cell.key), [cell_value(c.by_group, cell.key)])
                  for cell in c.by_group.cells],
            maximum=1.0,
        )
        found["group"] = charts.figure(group, f"{chart_id}-group-table")
    return found
