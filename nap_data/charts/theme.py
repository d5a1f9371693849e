"""The look every chart shares: fixed colours per goal, focus and state (Okabe-Ito, safe for
colour-blind readers), font sizes, and how long a title line and how many ticks an axis gets."""

from __future__ import annotations

import altair as alt

from nap_data.i18n import t

# Okabe-Ito palette; goals take its colours in plan order, so any number of goals works.
GOAL_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
FOCUS_COLOURS = {"national": "#D55E00", "foreign": "#0072B2", "both": "#009E73"}
STATE_COLOURS = {
    "approved": "#009E73", "submitted": "#56B4E9", "returned": "#E69F00", "missing": "#BBBBBB",
    "achieved": "#009E73", "on_track": "#56B4E9", "off_track": "#D55E00", "no_data": "#BBBBBB",
    "planned": "#BBBBBB", "ongoing": "#56B4E9", "completed": "#009E73", "cancelled": "#D55E00",
    "exceeded": "#009E73", "met": "#56B4E9", "limited": "#E69F00", "no_progress": "#D55E00",
}  # fmt: skip
FONT_SIZE = 14
TITLE_SIZE = 18
# A chart in one of two columns on a laptop (1366 px, sidebar open) is about 440 px wide:
# room for some 45 characters of an 18 px title. Longer titles go over two lines rather
# than run off the chart.
TITLE_CHARS = 42
TICKS = 5  # about this many ticks whatever the range: 0-40 reads 0, 10 ... 40, not every 2


def goal_colours(goals: dict[int, str]) -> dict[str, str]:
    """Goal label -> colour, in plan order (the palette repeats past seven goals)."""
    return {label: GOAL_PALETTE[i % len(GOAL_PALETTE)] for i, label in enumerate(goals.values())}


def colour_scale(colours: dict, kind: str, lang: str) -> alt.Scale:
    return alt.Scale(domain=[t(f"{kind}.{k}", lang) for k in colours], range=list(colours.values()))
