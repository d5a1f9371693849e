"""Pure Altair chart builders: tidy frame in, `alt.Chart` out. No Streamlit, no metrics.

One module per kind of chart (bars, categories, comparison, lines, heatmap), over the
pieces they share: the theme (colours fixed per goal, focus and state across every chart,
Okabe-Ito, safe for colour-blind readers), axes (every axis says its unit), labels and
style (title and text alternative).
"""

from nap_data.charts.bars import SPECS, goal_focus_bar, state_bar
from nap_data.charts.categories import country_bar, distribution_bar
from nap_data.charts.comparison import KIND_COLOURS, focus_grouped_bar, narrative_bar
from nap_data.charts.heatmap import coverage_heatmap, heatmap_order
from nap_data.charts.lines import growth_line, indicator_line
from nap_data.charts.theme import FOCUS_COLOURS, GOAL_PALETTE, STATE_COLOURS, goal_colours

__all__ = [
    "FOCUS_COLOURS",
    "GOAL_PALETTE",
    "SPECS",
    "KIND_COLOURS",
    "STATE_COLOURS",
    "country_bar",
    "coverage_heatmap",
    "distribution_bar",
    "focus_grouped_bar",
    "goal_colours",
    "goal_focus_bar",
    "growth_line",
    "heatmap_order",
    "indicator_line",
    "narrative_bar",
    "state_bar",
]
