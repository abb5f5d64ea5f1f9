"""The shared SVG charts: named for screen readers, mirrored in Arabic, never colour alone, no
inline style (the CSP forbids it), and the table one link away."""

from __future__ import annotations

import re

from flask_babel import force_locale

from council.core import charts


def _chart():
    rows = [
        charts.Row("Women", [charts.Value(0.4, "40 %"), charts.Value(0.25, "25 %")]),
        charts.Row("Youth", [charts.Value(None, "fewer than 5"), charts.Value(0.5, "50 %")]),
    ]
    return charts.bar_chart("demo", title="Who took part", desc="Shares of each group.", rows=rows,
                            series=["Members", "Took part"], maximum=1.0, target=charts.Value(0.5, "50 %"),
                            target_label="Target")


def test_chart_is_named_and_carries_its_figures_as_text(app):
    with app.test_request_context(), force_locale("en"):
        svg = str(_chart())
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="demo-title demo-desc"' in svg
    assert '<title id="demo-title">Who took part</title>' in svg
    assert '<desc id="demo-desc">Shares of each group.</desc>' in svg
    # every figure is written, a withheld one in words and without a bar
    for text in ("40 %", "25 %", "50 %", "fewer than 5", "Target"):
        assert text in svg
    assert len(re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="14"', svg)) == 3
    # series differ by pattern, not by colour alone
    assert 'id="demo-p0"' in svg and 'id="demo-p1"' in svg and "patternTransform" in svg
    assert "style=" not in svg and "<script" not in svg


def test_chart_is_mirrored_in_arabic(app):
    with app.test_request_context(), force_locale("en"):
        ltr = str(_chart())
    with app.test_request_context(), force_locale("ar"):
        rtl = str(_chart())
    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl

    def label_x(svg):
        return float(re.search(r'<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>Women<', svg).group(1))

    assert label_x(ltr) < 320 < label_x(rtl)  # the labels stand where reading starts


def test_figure_links_to_the_table(app):
    with app.test_request_context(), force_locale("en"):
        html = str(charts.figure(_chart(), "demo-table"))
    assert '<a href="#demo-table">The same figures as a table</a>' in html
    assert html.startswith('<figure class="chart-figure">')
