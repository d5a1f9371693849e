"""Every chart fits the column a page gives it on a laptop (1366 px, sidebar open).

Streamlit draws a chart as wide as its column and Vega cuts whatever runs past the edge
(a title "... nationaal en b", a legend "Buiten..."). Each builder is drawn here at the
narrowest column it gets on the pages, by vl-convert, and nothing may reach outside the
image. vl-convert's sans-serif (DejaVu Sans) runs wider than the browser's Source Sans, so
a chart that fits here fits on screen.
"""

from __future__ import annotations

import pytest

from nap_data.charts.export import to_svg
from nap_data.charts.locale import localized
from tests.test_chart_export_bounds import BUILDERS, PLAN, _frames, _ink_box, _size, _texts

# The main area at 1366 px with the sidebar open is about 900 px: a half column is ~440,
# the 2/5 columns of the Organisations and Map pages ~350, the 3/5 ones ~540.
COLUMN = {"growth_line": 350, "country_bar": 350, "coverage_heatmap": 540, "country_map": 540}
HALF = 440
# Names of organisations may be shortened on the heatmap's rows: the tooltip has them whole.
SHORTENED_OK = {"coverage_heatmap"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(BUILDERS))
def test_chart_fits_its_column_on_a_laptop(name, lang):
    width = COLUMN.get(name, HALF)
    chart = BUILDERS[name](_frames(lang), lang, PLAN.goal_labels(lang))
    svg = to_svg(localized(chart, lang).properties(width=width)).decode("utf-8")
    assert _size(svg)[0] == pytest.approx(width, abs=1)
    left, top, right, bottom = _ink_box(svg)
    assert left >= 0 and top >= 0 and right <= width, f"cut at {width} px: {left, top, right}"
    if name not in SHORTENED_OK:
        assert not [t for t in _texts(svg) if t.endswith("…")]
