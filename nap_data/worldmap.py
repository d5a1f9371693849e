"""Pure Altair world map: activities per country, shapes embedded so it works offline.

Two layers on one projection: every country in grey, and over it the countries that
have activities, coloured by their number. `transform_lookup` drops the shapes without a
match, which is why the grey base layer is needed. No Streamlit.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import count_legend
from nap_data.charts.style import most, styled
from nap_data.countries import numeric_code
from nap_data.geo import FEATURE, load_world, map_id
from nap_data.i18n import t

BASE_FILL = "#E6E6E6"  # countries without activities
BORDER = "#FFFFFF"
LOOKUP_FIELDS = ["country", "country_name", "activities", "budget_eur"]
NOT_ANTARCTICA = "datum.id !== '010'"  # frees a fifth of the height for the inhabited world
# The light end of "blues" is close to the grey of the base layer: start a quarter in.
COLOUR_SCHEME = alt.SchemeParams(name="blues", extent=[0.25, 1.0])


def _world() -> alt.Data:
    return alt.Data(values=load_world(), format=alt.DataFormat(feature=FEATURE, type="topojson"))


def map_rows(frame: pl.DataFrame, names: dict[str, str]) -> list[dict]:
    """One row per country the map can draw, keyed by the shapes' id ("004")."""
    rows = []
    for row in frame.select("country", "activities", "budget_eur").iter_rows(named=True):
        numeric = numeric_code(row["country"])
        if numeric is None:  # not an ISO country (e.g. "XK"): no shape to colour
            continue
        name = names.get(row["country"], row["country"])
        rows.append({"id": map_id(numeric), "country_name": name, **row})
    return rows


def country_map(frame: pl.DataFrame, lang: str, names: dict[str, str]) -> alt.LayerChart:
    """World map of `frame` (country alpha-2, activities, budget_eur), darker = more activities.

    `names` maps alpha-2 codes to display names in `lang`. Without rows the map shows the
    grey countries only (a colour legend over no data would read "NaN").
    """
    base = (
        alt.Chart()
        # Decoration: the countries without activities say nothing to a screen reader.
        .mark_geoshape(fill=BASE_FILL, stroke=BORDER, strokeWidth=0.5, aria=False)
        .transform_filter(NOT_ANTARCTICA)
    )
    rows = map_rows(frame, names)
    unit = t("unit.activities", lang)
    layers = [base, _coloured(rows, lang)] if rows else [base]
    # The layers inherit the shapes from the layer chart: the TopoJSON is embedded once.
    chart = alt.layer(*layers, data=_world()).project("equalEarth").properties(width="container")
    summary = most(pl.DataFrame(rows), "country_name", "activities", unit, lang) if rows else ""
    return styled(chart, t("chart.map", lang), height=480, summary=summary, lang=lang)


def _coloured(rows: list[dict], lang: str) -> alt.Chart:
    counts = pl.Series([r["activities"] for r in rows])
    lookup = alt.LookupData(data=alt.InlineData(values=rows), key="id", fields=LOOKUP_FIELDS)
    return (
        alt.Chart()
        .mark_geoshape(stroke=BORDER, strokeWidth=0.5)
        .transform_filter(NOT_ANTARCTICA)
        .transform_lookup(lookup="id", from_=lookup)
        .encode(
            color=alt.Color(
                "activities:Q",
                title=t("unit.activities", lang),
                scale=alt.Scale(scheme=COLOUR_SCHEME),
                legend=count_legend(counts),
            ),
            tooltip=[
                alt.Tooltip("country_name:N", title=t("filter.country", lang)),
                alt.Tooltip("activities:Q", title=t("unit.activities", lang), format="d"),
                alt.Tooltip("budget_eur:Q", title=t("unit.eur", lang), format=",.0f"),
            ],
        )
    )
