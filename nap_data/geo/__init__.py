"""Country shapes for the world map, shipped with the package (works offline).

`countries-110m.json` is TopoJSON from the npm package world-atlas 2.0.2 (ISC), made from
Natural Earth's public-domain 1:110m country boundaries; see LICENSE-world-atlas.txt.
Object "countries"; each geometry's `id` is the ISO 3166-1 numeric code as a zero-padded
string ("004" Afghanistan); a few disputed areas (Kosovo, Somaliland, N. Cyprus) have none.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

WORLD_FILE = "countries-110m.json"
FEATURE = "countries"


@cache
def load_world() -> dict:
    """The world TopoJSON as a dict; read once per process. Do not mutate it."""
    text = resources.files(__package__).joinpath(WORLD_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def map_id(numeric: int) -> str:
    """The shapes' id for an ISO numeric code: 4 -> "004"."""
    return f"{numeric:03d}"
