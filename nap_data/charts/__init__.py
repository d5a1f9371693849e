"""Pure Altair chart builders (no Streamlit), one module per kind."""

from nap_data.charts.bars import SPECS, goal_focus_bar, state_bar
from nap_data.charts.comparison import KIND_COLOURS, focus_grouped_bar, narrative_bar
from nap_data.charts.core import (
    FOCUS_COLOURS,
    GOAL_PALETTE,
    STATE_COLOURS,
    country_bar,
    coverage_heatmap,
    distribution_bar,
    goal_colours,
    growth_line,
    heatmap_order,
    indicator_line,
)

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
