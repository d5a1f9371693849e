"""Figures prepared once per data version and shared by every session (st.cache_resource).

The Overview's `OverviewBase` (metrics.overview.prepare) is immutable, so one object can
serve every session without a copy. Its key is everything its frames depend on: the store
and its data version, the data scope the caller may read, whose unapproved return versions
the caller sees (the submissions differ per organisation, so no entry crosses
organisations), and the plan.
"""

from __future__ import annotations

import streamlit as st

from nap_data.metrics.overview import OverviewBase, prepare
from nap_data.plan import Plan
from nap_data.services import access
from nap_data.ui import loaders
from nap_data.ui.identity import current_actor
from nap_data.vocab import DataScope


# The key parts are unused in the body on purpose; `_plan` is not hashed (its code is).
@st.cache_resource(show_spinner=False, max_entries=8)
def _overview(
    data_version: tuple[str, int],
    scope: str,
    visible: tuple[str, ...] | None,
    plan_code: str,
    _plan: Plan,
) -> OverviewBase:
    # The loaders read the same key (data version, readable scope, visible organisations).
    return prepare(
        loaders.activities(DataScope(scope)),
        loaders.indicator_values(DataScope(scope)),
        loaders.organisations(),
        loaders.submissions(),
        loaders.indicators(plan_code),
        _plan,
    )


def overview(scope: DataScope, plan: Plan) -> OverviewBase:
    """The Overview's prepared frames for the caller, the data scope and the plan."""
    readable = loaders.readable_scope(scope)
    visible = access.visible_organisations(current_actor())
    # Remembered by the loaders, so a newer data version drops this one at once.
    return loaders.remembered(_overview, loaders.version(), readable, visible, plan.code, plan)


__all__ = ["overview"]
