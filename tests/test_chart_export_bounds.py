"""Every chart's PNG/SVG export holds all of itself: measured on what Vega renders.

For each chart builder (nap_data.charts and the world map) the export is rendered to SVG
by vl-convert and drawn again on a canvas with a wide empty margin around it: anything
Vega put outside the image (a title running off, a legend below the edge) shows up as ink
in that margin. The title is drawn alone as well, so the image is known to be as wide as
the title needs. Text that Vega shortened with an ellipsis counts as cut.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import xml.etree.ElementTree as ET

import altair as alt
import polars as pl
import pytest
import vl_convert
from PIL import Image

from nap_data import charts, metrics, worldmap
from nap_data.charts import export
from nap_data.charts.locale import localized
from nap_data.filters import Filters
from nap_data.framework import load_framework
from nap_data.metrics.comparison import focus_comparison
from nap_data.metrics.narratives import narrative_counts, search_narratives
from nap_data.plan import Plan
from nap_data.vocab import ActivityStatus
from tests import frames as fr

# The shipped plan (NAP 1325-IV): its goal names are the ones the pages draw, and the
# longest ("4. Noodhulp, wederopbouw en herstel") is what a label column must hold.
PLAN = Plan.from_framework(load_framework())

SVG = "{http://www.w3.org/2000/svg}"
MARGIN = 300
MADE_ON = dt.date(2026, 3, 2)
LONG_ORG = "Stichting Vrouwen, Vrede en Veiligheid in Conflictgebieden en Fragiele Staten"
LONG_INDICATOR = (
    "Aandeel vrouwen in delegaties, bemiddelingsteams en onderhandelingsteams bij vredes- "
    "en veiligheidsprocessen waaraan Nederland deelneemt of die Nederland financiert"
)


def _activities() -> pl.DataFrame:
    rows = []
    for i in range(40):
        rows.append(
            {
                "organisation_code": f"ORG{i % 9:03d}",
                "organisation_name": LONG_ORG if i % 9 == 0 else f"Organisatie {i % 9}",
                "organisation_type": ("cso", "government", "knowledge")[i % 3],
                "goal": i % 5 + 1,
                "focus": ("national", "foreign", "both")[i % 3],
                "status": ("planned", "ongoing", "completed", "cancelled")[i % 4],
                "progress": ("exceeded", "met", "limited", "no_progress")[i % 4],
                "budget_eur": 125_000.0 * (i + 1),
                "countries": [("ML", "UA", "SS", "AF", "CD")[i % 5]] if i % 3 else [],
                "year": 2022 + i % 3,
            }
        )
    return fr.reports(rows)


def _names(lang: str) -> dict[str, str]:
    from nap_data.countries import country_name

    return {c: country_name(c, lang) for c in ("ML", "UA", "SS", "AF", "CD")}


def _frames(lang: str) -> dict:
    f = Filters.whole_plan(PLAN)
    reports = _activities()
    acts = metrics.activities_in_period(reports, f)
    goals = PLAN.goal_numbers
    orgs = fr.orgs([{"organisation_code": f"ORG{i:03d}"} for i in range(9)])
    subs = fr.subs([{"organisation_code": f"ORG{i:03d}", "year": 2024} for i in range(5)])
    inds = fr.indicators([{"code": "1.2", "unit": "percent", "name_nl": LONG_INDICATOR}])
    values = fr.values(
        [
            {"indicator_code": "1.2", "year": y, "sex": s, "value": v, "organisation_code": o}
            for y, s, v, o in (
                (2022, "total", 20.0, "A"),
                (2023, "total", 30.0, "A"),
                (2023, "female", 35.0, "B"),
                (2024, "total", 33.0, "A"),
            )
        ]
    )
    series = metrics.indicator_series(values, inds)
    narr = fr.narratives(
        [{"goal": g, "highlights": "goed", "lessons": "les", "year": 2023} for g in (1, 2, 4)]
    )
    return {
        "acts": acts,
        "per_goal": metrics.activities_per_goal(acts, goals),
        "status": metrics.distribution(acts, "status", tuple(map(str, ActivityStatus)), goals),
        "countries": metrics.per_country(metrics.reports_of(reports, acts, f), (), n=12),
        "growth": metrics.signatory_growth(orgs, (2021, 2022, 2023, 2024)),
        "returns": metrics.returns_summary(metrics.returns_status(orgs, subs, 2024)),
        "indicator_states": metrics.status_counts(metrics.indicator_status(series, inds, 2024)),
        "series": series.filter(pl.col("indicator_code") == "1.2"),
        "indicator": inds.row(0, named=True) | {"name_en": LONG_INDICATOR},
        "coverage": metrics.coverage_matrix(acts),
        "by_type": focus_comparison(acts, "organisation_type", goals),
        "narratives": narrative_counts(search_narratives(narr), goals),
    }


# Builder name -> the chart as a page draws it, from the frames above.
BUILDERS = {
    "goal_focus_bar": lambda d, lang, g: charts.goal_focus_bar(d["per_goal"], lang, g),
    "goal_focus_bar_budget": lambda d, lang, g: charts.goal_focus_bar(
        d["per_goal"], lang, g, "budget_eur"
    ),
    "state_bar": lambda d, lang, g: charts.state_bar(
        d["returns"], "state", "organisations", "return_state", "Rapportages 2024", lang
    ),
    "state_bar_indicators": lambda d, lang, g: charts.state_bar(
        d["indicator_states"], "state", "indicators", "indicator_state", "Indicatoren", lang
    ),
    "distribution_bar": lambda d, lang, g: charts.distribution_bar(
        d["status"], "status", "status", "Status van de activiteiten per doel", lang, g, "Status"
    ),
    "country_bar": lambda d, lang, g: charts.country_bar(d["countries"], lang, _names(lang)),
    "growth_line": lambda d, lang, g: charts.growth_line(d["growth"], lang),
    "indicator_line": lambda d, lang, g: charts.indicator_line(
        d["series"], d["indicator"] | {"baseline": 10.0, "target": 50.0}, lang
    ),
    "coverage_heatmap": lambda d, lang, g: charts.coverage_heatmap(d["coverage"], lang, g),
    "focus_grouped_bar": lambda d, lang, g: charts.focus_grouped_bar(
        d["by_type"], "organisation_type", "budget_eur", lang, g
    ),
    "narrative_bar": lambda d, lang, g: charts.narrative_bar(d["narratives"], lang, g),
    "country_map": lambda d, lang, g: worldmap.country_map(d["countries"], lang, _names(lang)),
}
HELPERS = {"goal_colours", "heatmap_order"}  # in charts.__all__ but not charts
FILTERS = Filters(2021, 2025, goals=(1, 2, 4), focus=("foreign",), countries=("ML", "UA", "SS"))
CAPTION = {
    "nl": "Periode 2021–2025 · Ingediend en goedgekeurd · NAP 1325-IV",
    "en": "Period 2021–2025 · Submitted and approved · NAP 1325-IV",
}


def test_every_chart_builder_is_exported_here():
    builders = {
        name
        for name in charts.__all__
        if callable(getattr(charts, name)) and name not in HELPERS and name.islower()
    }
    covered = {name.removesuffix("_budget").removesuffix("_indicators") for name in BUILDERS}
    assert builders | {"country_map"} == covered


@functools.cache  # each export is rendered a few times; building it once keeps the test quick
def _export(name: str, lang: str):
    frames = _frames(lang)
    chart = localized(BUILDERS[name](frames, lang, PLAN.goal_labels(lang)), lang)
    return chart, export.for_export(chart, CAPTION[lang], lang, FILTERS, made_on=MADE_ON)


def _size(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width")), float(root.get("height"))


def _ink_box(svg: str) -> tuple[int, int, int, int] | None:
    """Where the drawing has ink, in image pixels, when drawn with MARGIN px around it.

    The image's white background covers exactly the image; the margin stays transparent
    unless a mark, text or legend reaches into it.
    """
    width, height = _size(svg)
    root = ET.fromstring(svg)
    root.set("width", str(width + 2 * MARGIN))
    root.set("height", str(height + 2 * MARGIN))
    root.set("viewBox", f"{-MARGIN} {-MARGIN} {width + 2 * MARGIN} {height + 2 * MARGIN}")
    png = vl_convert.svg_to_png(ET.tostring(root, encoding="unicode"))
    alpha = Image.open(io.BytesIO(png)).getchannel("A").point(lambda a: 255 if a > 16 else 0)
    box = alpha.getbbox()
    return None if box is None else tuple(v - MARGIN for v in box)


def _only(svg: str, keep, shapes: bool = False) -> str:
    """The SVG with only the texts `keep` accepts, and its shapes if `shapes`."""
    ET.register_namespace("", SVG[1:-1])
    root = ET.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.removeprefix(SVG)
            shape = tag in {"path", "rect", "line", "circle", "image"}
            if (shape and not shapes) or (tag == "text" and not keep(child)):
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")


def _lines(text: ET.Element) -> list[str]:
    """The lines of one SVG text (Vega writes a text of several lines as tspans)."""
    spans = text.findall(f"{SVG}tspan")
    return ["".join(s.itertext()) for s in spans] or ["".join(text.itertext())]


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [line for el in root.iter(f"{SVG}text") for line in _lines(el)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(BUILDERS))
def test_export_holds_title_subtitle_legend_labels_and_source(name, lang):
    chart, exported = _export(name, lang)
    svg = export.to_svg(exported).decode("utf-8")
    width, height = _size(svg)
    assert width == pytest.approx(export.PAGE_WIDTH, abs=1)

    box = _ink_box(svg)
    assert box is not None
    left, top, right, bottom = box
    assert left >= 0 and top >= 0, f"drawn above or left of the image: {box}"
    assert right <= width and bottom <= height, f"drawn beyond {width}x{height}: {box}"

    heading = export.lines(export.title_text(chart), export.TITLE_FONT, em=export.TITLE_CHAR_EM)
    title_box = _ink_box(_only(svg, lambda el: _lines(el) == heading))
    assert title_box is not None, "the title is drawn"
    assert title_box[2] <= width - export.PADDING / 2, "the image is as wide as the title needs"

    texts = _texts(svg)
    assert not [t for t in texts if t.endswith("…")], "no text shortened by Vega"
    joined = " ".join(texts)
    assert heading[0] in texts
    assert ("Bron:" if lang == "nl" else "Source:") in joined
    assert CAPTION[lang] in texts
    assert ("Filters: Strategisch doel: 1, 2, 4" if lang == "nl" else "Filters: Strategic goal")[
        :24
    ] in joined


@pytest.mark.parametrize(
    ("name", "kind"),
    [("goal_focus_bar", "wide"), ("growth_line", "wide"), ("state_bar", "rows"),
     ("coverage_heatmap", "rows"), ("country_map", "map")],
)  # fmt: skip
def test_export_is_sized_for_a_page_by_kind(name, kind):
    _, exported = _export(name, "nl")
    width, height = _size(export.to_svg(exported).decode("utf-8"))
    assert width == pytest.approx(1600, abs=1)
    if kind == "wide":
        assert height == pytest.approx(900, abs=1)
    elif kind == "map":
        # The map fills the page's width, as high as the world is wide: not a small
        # drawing on a tall canvas.
        svg = export.to_svg(exported).decode("utf-8")
        world = _ink_box(_only(svg, lambda el: False, shapes=True))
        assert world is not None
        assert world[2] - world[0] > 0.9 * width
        assert height < 0.75 * width
    else:
        assert 300 < height < 2400


def test_png_is_twice_the_size_of_the_svg():
    _, exported = _export("state_bar", "en")
    width, height = _size(export.to_svg(exported).decode("utf-8"))
    png = Image.open(io.BytesIO(export.to_png(exported)))
    assert png.size == (int(width * 2), int(height * 2))


def test_a_title_longer_than_the_page_is_broken_over_lines_that_fit():
    long = "Activiteiten per doel " * 12
    assert len(long) > 200
    lines = export.lines(long, export.TITLE_FONT, em=export.TITLE_CHAR_EM)
    assert len(lines) > 1 and " ".join(lines) == long.strip()


@pytest.mark.parametrize(
    ("filters", "lang", "text"),
    [
        (Filters(2021, 2025), "nl", ""),
        (Filters(2021, 2025, goals=(2,)), "nl", "Filters: Strategisch doel: 2"),
        (Filters(2021, 2025, focus=("national",), org_types=("cso",)), "en",
         "Filters: Focus: National; Organisation type: Civil-society organisation"),
        (Filters(2021, 2025, countries=("ML",), regions=("western_africa",)), "nl",
         "Filters: Land: Mali; Regio: West-Afrika"),
        (None, "en", ""),
    ],
)  # fmt: skip
def test_filters_are_named_in_the_readers_language(filters, lang, text):
    assert export.filters_text(filters, lang) == text


def test_source_line_says_where_the_figures_come_from_and_when():
    assert re.fullmatch(r"Bron: .*rapportages.* 2 mrt 2026", export.source_text("nl", MADE_ON))
    assert re.fullmatch(r"Source: .*returns.* 2 Mar 2026", export.source_text("en", MADE_ON))


def test_the_bounds_check_catches_a_title_that_runs_off_the_image():
    """The check itself: the old export (the screen chart at a fixed 600 px with a caption)
    cut "Budget per doel (miljoen EUR), nationaal en b..." at the edge; this finds it."""
    chart = localized(
        BUILDERS["goal_focus_bar_budget"](_frames("nl"), "nl", PLAN.goal_labels("nl")), "nl"
    )
    long = chart.properties(
        title=alt.TitleParams(export.title_text(chart) + " " + CAPTION["nl"], fontSize=18),
        width=600,
    )
    svg = export.to_svg(long).decode("utf-8")
    width, _ = _size(svg)
    assert _ink_box(svg)[2] > width
