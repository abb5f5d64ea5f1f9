"""The participation page's charts: for each group (or gender), its share of the council's members
against its share of the people who took part, drawn with the shared chart (council.core.charts).
A share that is not shown on the page (too few people) is not drawn either: it is written out."""

from __future__ import annotations

from flask_babel import format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from council.core import charts
from council.councils import charts as council_charts
from council.councils import queries as council_queries
from council.participation.queries import Picture


cell_text = council_charts.cell_value


def against_composition(picture: Picture, dimension: str) -> Markup:
    if dimension == "gender":
        keys, label = picture.gender_keys, council_queries.gender_label
        members, took_part = picture.composition.by_gender, picture.anyone.by_gender
        title = _("Who took part, by gender, against the council's members")
        desc = _("For each gender, its share of the council's members and its share of the people who took part "
                 "in the period. Shares are shown only where at least %(n)s people stand behind them.",
                 n=picture.threshold)
    else:
        keys, label = picture.group_keys, council_queries.constituency_label
        members, took_part = picture.composition.by_group, picture.anyone.by_group
        title = _("Who took part, by group, against the council's members")
        desc = _("For each group represented, its share of the council's members and its share of the people "
                 "who took part in the period. Shares are shown only where at least %(n)s people stand behind "
                 "them.", n=picture.threshold)
    rows = [charts.Row(label(key), [cell_text(members, key), cell_text(took_part, key)]) for key in keys]
    target = None
    if dimension == "gender" and picture.composition.women_target_percent:
        share = picture.composition.women_target_percent / 100
        target = charts.Value(share, format_percent(share))
    chart = charts.bar_chart(f"participation-{dimension}", title=title, desc=desc, rows=rows,
                             series=[_("Members of the council"), _("People who took part")], maximum=1.0,
                             target=target, target_label=_("Target for women"))
    return charts.figure(chart, f"participation-{dimension}-table")
