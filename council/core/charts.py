"""Small server-rendered SVG charts that every domain shares (no JavaScript, nothing inline that
the Content-Security-Policy forbids: only SVG presentation attributes, never `style=`).

Each chart is an `<svg role="img">` named by its `<title>` and `<desc>`, in the page's language and
direction: in a right-to-left language the labels stand on the right and the bars grow leftwards.
Colour is never the only cue: every bar carries its figure as text, series differ by pattern as
well as colour, and a figure that is not shown (too few people behind it) is written out in words
where its bar would be. The same figures are always in a table on the page, one link away
(`figure()` puts the link under the chart).

- `bar_chart` draws one row per label with one bar (a horizontal bar chart) or several bars (a
  grouped bar chart, e.g. the council's composition against the people who took part), and an
  optional target line (e.g. the council's target for women).
- `svg_open` is the frame (title, description, direction) other charts use too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from council import i18n

# Colours of the Okabe-Ito set that keep at least 3:1 against white (WCAG 1.4.11) and stay apart
# for most forms of colour blindness; every series also has its own fill pattern.
COLOURS = ("#0072b2", "#b35000", "#007a5a", "#a8457e")
TEXT = "#1a1a1a"
AXIS = "#595959"
PATTERNS = ("solid", "hatch", "dots", "cross")


@dataclass(frozen=True)
class Value:
    """One bar: its length (None: nothing drawn, the figure is withheld) and the figure as read."""

    amount: float | None
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    values: Sequence[Value]  # one per series
    user_text: bool = False  # the label is something people typed (not to be machine-translated)


def _rtl() -> bool:
    return i18n.is_rtl(str(get_locale() or ""))


def svg_open(chart_id: str, title: str, desc: str, width: int, height: int, css_class: str = "chart",
             *, follow_direction: bool = True) -> str:
    """The opening of an accessible chart: role, title and description, and the page's direction of
    text (`follow_direction=False` for a chart drawn left to right whatever the language, e.g. time)."""
    direction = "rtl" if follow_direction and _rtl() else "ltr"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="{css_class}" direction="{direction}" '
        f'font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def _patterns(chart_id: str, count: int) -> str:
    parts = ["<defs>"]
    for n in range(count):
        colour, kind = COLOURS[n % len(COLOURS)], PATTERNS[n % len(PATTERNS)]
        pid = f"{chart_id}-p{n}"
        if kind == "solid":
            parts.append(f'<pattern id="{pid}" width="4" height="4" patternUnits="userSpaceOnUse">'
                         f'<rect width="4" height="4" fill="{colour}"/></pattern>')
        elif kind == "hatch":
            parts.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                         f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                         f'<rect width="3" height="6" fill="{colour}"/></pattern>')
        elif kind == "dots":
            parts.append(f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                         f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.8" '
                         f'fill="{colour}"/></pattern>')
        else:
            parts.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                         f'<rect width="6" height="6" fill="#fff"/><path d="M0 3H6M3 0V6" stroke="{colour}" '
                         f'stroke-width="1.5"/></pattern>')
    parts.append("</defs>")
    return "".join(parts)


def bar_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    rows: Sequence[Row],
    series: Sequence[str] = (),
    maximum: float | None = None,
    target: Value | None = None,
    target_label: str = "",
) -> Markup:
    """Horizontal bars, one group of `len(series)` bars per row (one bar when there is no series).

    `maximum` is the value of a full bar (1.0 for shares); by default the largest value. `target`
    draws a dashed line across the rows at its amount, named in the legend with `target_label`."""
    width = 640
    label_w, value_w, pad = 190, 110, 8
    bar_h, gap = 16, 10
    n_series = max(1, len(series))
    legend_h = 22 if (len(series) > 1 or target is not None) else 0
    group_h = n_series * bar_h + gap
    height = legend_h + len(rows) * group_h + pad * 2
    amounts = [v.amount for r in rows for v in r.values if v.amount is not None]
    if target is not None and target.amount is not None:
        amounts.append(target.amount)
    peak = maximum if maximum else max([1.0, *amounts])
    track = width - label_w - value_w - pad * 2
    rtl = _rtl()

    def x(at: float) -> float:
        """A position along the bars, from the side where reading starts."""
        return round(width - at if rtl else at, 1)

    def rect(x0: float, y: float, w: float, h: float, fill: str) -> str:
        left = width - x0 - w if rtl else x0
        return f'<rect x="{left:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{fill}" stroke="{AXIS}" stroke-width="0.5"/>'

    parts = [svg_open(chart_id, title, desc, width, height, "chart bar-chart"), _patterns(chart_id, n_series)]
    start = label_w + pad
    y0 = pad
    if legend_h:
        lx = pad
        for n, name in enumerate(series if len(series) > 1 else ()):
            parts.append(rect(lx, y0 + 2, 14, 12, f"url(#{chart_id}-p{n})"))
            parts.append(f'<text x="{x(lx + 18)}" y="{y0 + 12}" font-size="12" fill="{TEXT}">{escape(name)}</text>')
            lx += 18 + 8 * len(name) + 16
        if target is not None:
            parts.append(f'<line x1="{x(lx)}" y1="{y0 + 8}" x2="{x(lx + 16)}" y2="{y0 + 8}" stroke="{TEXT}" '
                         f'stroke-width="2" stroke-dasharray="4 2"/>')
            parts.append(f'<text x="{x(lx + 20)}" y="{y0 + 12}" font-size="12" fill="{TEXT}">'
                         f'{escape(target_label)} ({escape(target.text)})</text>')
        y0 += legend_h
    parts.append(f'<line x1="{x(start)}" y1="{y0}" x2="{x(start)}" y2="{y0 + len(rows) * group_h}" stroke="{AXIS}"/>')
    for r, row in enumerate(rows):
        top = y0 + r * group_h
        mark = ' translate="no"' if row.user_text else ""
        parts.append(f'<text x="{x(label_w)}" y="{top + n_series * bar_h / 2 + 4:.1f}" text-anchor="end" '
                     f'font-size="13" fill="{TEXT}"{mark}>{escape(row.label)}</text>')
        for n, value in enumerate(row.values):
            y = top + n * bar_h
            length = 0.0
            if value.amount is not None and peak:
                length = max(0.0, min(1.0, value.amount / peak)) * track
                if length:
                    parts.append(rect(start, y + 1, length, bar_h - 2, f"url(#{chart_id}-p{n})"))
            parts.append(f'<text x="{x(start + length + 4)}" y="{y + bar_h - 4}" font-size="12" '
                         f'fill="{TEXT}">{escape(value.text)}</text>')
    if target is not None and target.amount is not None and peak:
        tx = start + max(0.0, min(1.0, target.amount / peak)) * track
        parts.append(f'<line x1="{x(tx)}" y1="{y0 - 2}" x2="{x(tx)}" y2="{y0 + len(rows) * group_h}" '
                     f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="4 2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def figure(chart: Markup, table_id: str, caption: str = "") -> Markup:
    """The chart with a link to the table of the same figures on the page."""
    link = Markup('<a href="#%s">%s</a>') % (table_id, _("The same figures as a table"))
    text = (Markup("%s ") % caption if caption else Markup("")) + link
    return Markup('<figure class="chart-figure">%s<figcaption>%s</figcaption></figure>') % (chart, text)
