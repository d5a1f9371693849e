"""Charts as images for minutes and slides: title, period and scope in the picture."""

from __future__ import annotations

import polars as pl

from nap_data import charts
from nap_data.charts.export import for_screen, to_png, to_svg, with_caption


def _chart():
    frame = pl.DataFrame({"state": ["approved", "missing"], "organisations": [40, 12]})
    return charts.state_bar(
        frame, "state", "organisations", "return_state", "Returns for 2025", "en"
    )


def test_caption_is_added_as_subtitle_and_title_is_kept():
    spec = with_caption(_chart(), "Period 2021–2025 · Approved only").to_dict()
    assert spec["title"]["text"] == "Returns for 2025"
    assert spec["title"]["subtitle"] == "Period 2021–2025 · Approved only"


def test_png_and_svg_hold_the_title_and_period():
    captioned = with_caption(_chart(), "Period 2021–2025 · Approved only")
    assert to_png(captioned).startswith(b"\x89PNG")
    svg = to_svg(captioned).decode("utf-8")
    assert "Returns for 2025" in svg and "Period 2021–2025" in svg


def test_export_does_not_drop_rows_beyond_altairs_limit():
    frame = pl.DataFrame({"state": ["approved"] * 6000, "organisations": list(range(6000))})
    big = charts.state_bar(frame, "state", "organisations", "return_state", "Big", "en")
    assert to_svg(big).startswith(b"<svg")


def test_screen_version_has_large_type_and_no_chart_title():
    spec = for_screen(_chart(), font=26).to_dict()
    assert spec["config"]["axis"]["labelFontSize"] == 26
    assert spec["config"]["legend"]["labelFontSize"] == 26
    assert spec["title"] == ""
