"""Lines over the years: the number of signatories, and an indicator against its baseline and
target."""

from __future__ import annotations

import altair as alt
import polars as pl

from nap_data.charts.axes import axis_top, count_axis
from nap_data.charts.labels import labelled
from nap_data.charts.style import styled
from nap_data.charts.theme import TICKS
from nap_data.formatting import format_number
from nap_data.i18n import t


def growth_line(frame: pl.DataFrame, lang: str) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=t("unit.year", lang), axis=alt.Axis(labelAngle=0))
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3, color="#0072B2").encode(
        # From zero: a rise from 64 to 70 signatories must not look like a leap.
        y=alt.Y(
            "signatories:Q",
            title=t("unit.organisations", lang),
            scale=alt.Scale(zero=True),
            axis=count_axis(axis_top(frame, "signatories")),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("unit.year", lang)),
            alt.Tooltip("signatories:Q", title=t("unit.organisations", lang)),
            alt.Tooltip("joined:Q", title=t("org.joined", lang)),
        ],
    )
    summary = ""
    if frame.height:
        first, last = frame.sort("year").row(0, named=True), frame.sort("year").row(-1, named=True)
        summary = t(
            "describe.growth",
            lang,
            first=first["signatories"],
            first_year=first["year"],
            last=last["signatories"],
            last_year=last["year"],
        )
    return styled(line, t("chart.signatory_growth", lang), height=260, summary=summary, lang=lang)


def indicator_line(series: pl.DataFrame, indicator: dict, lang: str) -> alt.LayerChart:
    """Values over the years against baseline and target (horizontal rules)."""
    unit = t(f"unit.{indicator['unit']}", lang)
    data = labelled(series, "sex", "sex", lang)
    # The rules for baseline and target are on the axis too, so they count for its range.
    drawn = (axis_top(series, "value"), indicator.get("baseline"), indicator.get("target"))
    tops = [v for v in drawn if v is not None]
    line = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("year:O", title=t("unit.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=unit,
                scale=alt.Scale(zero=True),
                axis=count_axis(max(tops, default=None))
                if indicator["unit"] == "count"
                else alt.Axis(tickCount=TICKS),
            ),
            color=alt.Color(
                "sex_label:N",
                title=t("indicator.sex", lang),
                scale=alt.Scale(
                    domain=[t(f"sex.{s}", lang) for s in ("total", "female", "male")],
                    range=["#222222", "#CC79A7", "#0072B2"],
                ),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=t("unit.year", lang)),
                alt.Tooltip("sex_label:N", title=t("indicator.sex", lang)),
                alt.Tooltip("value:Q", title=unit, format=",.1f"),
                alt.Tooltip("organisations:Q", title=t("unit.organisations", lang)),
            ],
        )
    )
    layers = [line]
    for key, dash in (("baseline", [2, 2]), ("target", [6, 4])):
        if indicator.get(key) is not None:
            rule = pl.DataFrame(
                {"value": [float(indicator[key])], "label": [t(f"indicator.{key}", lang)]}
            )
            layers.append(
                alt.Chart(rule)
                .mark_rule(strokeDash=dash, strokeWidth=2, color="#555555")
                .encode(
                    y="value:Q",
                    tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", title=unit)],
                )
            )
            layers.append(
                alt.Chart(rule)
                .mark_text(align="left", dx=4, dy=-8, color="#555555")
                .encode(y="value:Q", text="label:N", x=alt.value(0))
            )
    name = indicator[f"name_{lang}"] if f"name_{lang}" in indicator else indicator["code"]
    totals = series.filter(pl.col("sex") == "total").sort("year")
    summary = ""
    if totals.height and totals["value"][-1] is not None:
        value = format_number(totals["value"][-1], lang)
        summary = t("describe.latest", lang, value=f"{value} {unit}", year=totals["year"][-1])
    title = f"{indicator['code']} {name}"
    return styled(alt.layer(*layers), title, height=300, summary=summary, lang=lang)
