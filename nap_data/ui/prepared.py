"""Figures prepared once per data version and shared by every session (st.cache_resource).

The Overview's `OverviewBase` (metrics.overview.prepare) is immutable, so one object can
serve every session without a copy. Its key is everything its frames depend on: the store
and its data version, the data scope the caller may read, whose unapproved return versions
the caller sees (the submissions differ per organisation, so no entry crosses
organisations), and the plan.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from nap_data.metrics.overview import OverviewBase, prepare
from nap_data.plan import Plan
from nap_data.services import access
from nap_data.ui import loaders
from nap_data.ui.identity import current_actor
from nap_data.vocab import DataScope


# The frames come in unhashed (`_`): they belong to the key's data version, scope and caller,
# which the loaders built them for; nothing inside reads the user or the store again.
@st.cache_resource(show_spinner=False, max_entries=8)
def _overview(
    data_version: tuple[str, int],
    scope: str,
    visible: tuple[str, ...] | None,
    plan_code: str,
    _plan: Plan,
    _frames: tuple[pl.DataFrame, ...],
) -> OverviewBase:
    return prepare(*_frames, _plan)


def overview(scope: DataScope, plan: Plan) -> OverviewBase:
    """The Overview's prepared frames for the caller, the data scope and the plan."""
    readable = loaders.readable_scope(scope)
    visible = access.visible_organisations(current_actor())
    frames = (
        loaders.activities(DataScope(readable)),
        loaders.indicator_values(DataScope(readable)),
        loaders.organisations(),
        loaders.submissions(),
        loaders.indicators(plan.code),
    )
    # Remembered by the loaders, so a newer data version drops this one at once.
    key = (loaders.version(), readable, visible, plan.code, plan, frames)
    return loaders.remembered(_overview, *key)


__all__ = ["overview"]
