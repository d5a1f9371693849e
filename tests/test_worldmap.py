"""World map: shipped shapes, the spec of the map chart, and that it renders offline."""

from __future__ import annotations

import polars as pl
import pytest
import vl_convert

from nap_data.countries import numeric_code
from nap_data.geo import load_world, map_id
from nap_data.worldmap import country_map, map_rows

FRAME = pl.DataFrame(
    {
        "country": ["UA", "ML", "SS", "AF", "XK"],
        "activities": [8, 5, 3, 2, 1],
        "budget_eur": [900_000.0, 100_000.0, 200_000.0, 30_000.0, 1_000.0],
    }
)
NAMES = {"UA": "Oekraïne", "ML": "Mali", "SS": "Zuid-Soedan", "AF": "Afghanistan"}


def _shape_ids() -> set[str]:
    return {g.get("id") for g in load_world()["objects"]["countries"]["geometries"]}


def _spec(frame: pl.DataFrame = FRAME, lang: str = "nl") -> dict:
    return country_map(frame, lang, NAMES).to_dict()


def test_shipped_shapes_are_the_110m_countries_topojson():
    world = load_world()
    assert world["type"] == "Topology"
    assert len(world["objects"]["countries"]["geometries"]) == 177
    assert load_world() is world, "read once per process"


@pytest.mark.parametrize(
    ("code", "shape_id"), [("ML", "466"), ("SS", "728"), ("AF", "004"), ("UA", "804")]
)
def test_countries_of_the_plan_have_a_shape_under_their_numeric_id(code, shape_id):
    assert map_id(numeric_code(code)) == shape_id
    assert shape_id in _shape_ids()


def test_map_rows_key_on_the_shape_id_and_skip_codes_without_a_shape():
    rows = map_rows(FRAME, NAMES)
    assert [r["id"] for r in rows] == ["804", "466", "728", "004"]  # XK has no ISO numeric code
    assert rows[0] == {
        "id": "804",
        "country_name": "Oekraïne",
        "country": "UA",
        "activities": 8,
        "budget_eur": 900_000.0,
    }
    no_name = map_rows(FRAME.head(1), {})
    assert no_name[0]["country_name"] == "UA"


def test_map_is_a_grey_base_layer_under_a_coloured_lookup_layer():
    spec = _spec()
    assert spec["projection"] == {"type": "equalEarth"}
    assert spec["data"]["format"] == {"feature": "countries", "type": "topojson"}
    assert spec["data"]["values"]["type"] == "Topology", "shapes embedded: works offline"
    base, coloured = spec["layer"]
    assert "data" not in base and "data" not in coloured, "both layers share the one TopoJSON"
    assert base["mark"]["type"] == coloured["mark"]["type"] == "geoshape"
    assert base["mark"]["fill"] and "encoding" not in base
    lookup = next(step for step in coloured["transform"] if "lookup" in step)
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "id"
    assert {"country_name", "activities", "budget_eur"} <= set(lookup["from"]["fields"])
    looked_up = spec["datasets"][lookup["from"]["data"]["name"]]
    assert {r["id"] for r in looked_up} == {"804", "466", "728", "004"}
    color = coloured["encoding"]["color"]
    assert (color["field"], color["type"]) == ("activities", "quantitative")
    assert color["scale"]["scheme"]["name"] == "blues"


@pytest.mark.parametrize(
    ("lang", "title", "tooltips"),
    [
        ("nl", "Activiteiten in het buitenland per land", ["Land", "Activiteiten", "Budget (EUR)"]),
        ("en", "Activities abroad per country", ["Country", "Activities", "Budget (EUR)"]),
    ],
)  # fmt: skip
def test_title_and_tooltip_are_translated(lang, title, tooltips):
    spec = _spec(lang=lang)
    assert spec["title"]["text"] == title
    tooltip = spec["layer"][1]["encoding"]["tooltip"]
    assert [tip["title"] for tip in tooltip] == tooltips
    assert tooltip[0]["field"] == "country_name"


def test_empty_frame_gives_the_grey_world_only():
    spec = _spec(FRAME.clear())
    assert len(spec["layer"]) == 1
    assert spec["layer"][0]["mark"]["type"] == "geoshape"
    assert spec["data"]["format"]["feature"] == "countries"


@pytest.mark.parametrize("frame", [FRAME, FRAME.clear()], ids=["countries", "empty"])
def test_map_renders_to_png_without_network(frame):
    png = vl_convert.vegalite_to_png(country_map(frame, "en", NAMES).to_json())
    assert png.startswith(b"\x89PNG")
