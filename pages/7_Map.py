"""Foreign activities per country: a world map, and beside it the ranked bars for exact values."""

import polars as pl
import streamlit as st

from nap_data import charts, metrics, ui, worldmap
from nap_data.countries import country_name
from nap_data.formatting import format_int
from nap_data.ui import activity_drill, chart_widgets, loaders

page = ui.page_setup("map")
f, lang = page.filters, page.lang
ui.title(page, "map.caption")
reports = loaders.activities(f.scope)
acts = metrics.activities_in_period(reports, f)
abroad = acts.filter(pl.col("focus").is_in(["foreign", "both"]))
# Rule 3: each country once per activity, budgets attributed, and a region shows its own
# countries only.
per_country = metrics.per_country(metrics.reports_of(reports, abroad, f), f.places)
if ui.empty_notice(page, per_country.height):
    st.stop()

names = {c: country_name(c, lang) for c in per_country["country"].to_list()}
left, right = st.columns([3, 2])
with left:
    chart_widgets.chart(worldmap.country_map(per_country, lang, names), key="world_map")
with right:
    bar = charts.country_bar(per_country.head(15), lang, names)
    event = chart_widgets.chart(bar, key="map_top_countries", select=True)
picked = chart_widgets.picked(event, "country_pick", "country")
if picked:
    listed = pl.col("countries").list.eval(pl.element().is_in(picked)).list.any()
    shown = abroad.filter(listed)
else:
    shown = abroad
heading = ", ".join(names.get(c, c) for c in picked) if picked else page.t("map.all_abroad")
st.subheader(page.t("map.activities", where=heading, n=format_int(shown.height, lang)))
st.caption(page.t("map.pick_hint"))
activity_drill.activity_table(shown, lang, key="map_activities", goals=page.all_goals)
