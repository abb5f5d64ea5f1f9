"""A server-rendered SVG chart of signals per week (no JavaScript), with a title and a description
for screen readers; the page shows the same figures in a table beside it."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from council.core.charts import svg_open

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 40
# Colours that stay apart for most forms of colour blindness (Okabe and Ito).
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442")


def weekly_chart(weeks: list[date], series: dict[str, list[int]], *, names_are_text: bool = False) -> Markup:
    """`names_are_text`: the series are named by what people typed (areas), not translated labels."""
    peak = max([1, *(max(v) for v in series.values() if v)])
    span_x = (WIDTH - LEFT - RIGHT) / max(1, len(weeks) - 1)
    span_y = (HEIGHT - TOP - BOTTOM) / peak

    def xy(i: int, n: int) -> str:
        return f"{LEFT + i * span_x:.1f},{HEIGHT - BOTTOM - n * span_y:.1f}"

    title = _("Signals per week")
    desc = _("Number of signals each week from %(first)s to %(last)s; the table beside the chart gives the "
             "same figures.", first=format_date(weeks[0], "medium"), last=format_date(weeks[-1], "medium"))
    parts = [
        svg_open("trend", title, desc, WIDTH, HEIGHT, "trend-chart", follow_direction=False),
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, week in enumerate(weeks):
        if i % 2 == 0 or len(weeks) <= 6:
            parts.append(f'<text x="{LEFT + i * span_x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'font-size="10">{escape(format_date(week, "d MMM"))}</text>')
    for n, (name, counts) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(xy(i, c) for i, c in enumerate(counts))
        marker = ' translate="no"' if names_are_text and name else ""
        parts.append(f'<g{marker}><title>{escape(name or _("Not given"))}</title>'
                     f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.extend(f'<circle cx="{xy(i, c).split(",")[0]}" cy="{xy(i, c).split(",")[1]}" r="3" fill="{colour}"/>'
                     for i, c in enumerate(counts))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def colours(series: dict[str, list[int]]) -> dict[str, str]:
    return {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(series)}
