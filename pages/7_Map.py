"""Foreign activities per country: a world map, and beside it the ranked bars for exact values."""

import polars as pl
import streamlit as st

from nap_data import charts, metrics, ui, worldmap
from nap_data.countries import country_name
from nap_data.ui import loaders

page = ui.page_setup("map")
f, lang = page.filters, page.lang
ui.title(page, "map.caption")
acts = metrics.filter_activities(loaders.activities(f.scope), f)
abroad = acts.filter(acts["focus"].is_in(["foreign", "both"]))
per_country = metrics.top_countries(abroad, n=300)
if ui.empty_notice(page, per_country.height):
    st.stop()

names = {c: country_name(c, lang) for c in per_country["country"].to_list()}
left, right = st.columns([3, 2])
with left:
    ui.widgets.chart(worldmap.country_map(per_country, lang, names), key="world_map")
with right:
    event = ui.widgets.chart(
        charts.country_bar(per_country.head(15), lang, names), key="map_top_countries", select=True
    )
picked = ui.widgets.picked(event, "country_pick", "country")
shown = (
    abroad.filter(abroad["countries"].list.eval(pl.element().is_in(picked)).list.any())
    if picked
    else abroad
)
heading = ", ".join(names.get(c, c) for c in picked) if picked else page.t("map.all_abroad")
st.subheader(page.t("map.activities", where=heading, n=shown.height))
st.caption(page.t("map.pick_hint"))
ui.widgets.activity_table(shown, ui.ACTIVITY_COLUMNS, lang, key="map_activities")
