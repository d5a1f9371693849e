"""Read the store into tidy Polars frames (the only place that turns rows into frames).

One module per thing loaded; `from nap_data import queries` and `queries.load_xxx(...)`
reach every loader from here.
"""

from __future__ import annotations

# Plans and frameworks are read in nap_data.plan_store; callers may reach them from here too.
from nap_data.plan_store import load_framework, load_frameworks, load_plan, load_plans
from nap_data.queries.activities import ACTIVITY_SCHEMA, COUNTRY_PAIR_SCHEMA, load_activities
from nap_data.queries.audit import (
    FRAMEWORK_ACTIONS,
    HISTORY_SCHEMA,
    demo_loaded,
    load_framework_history,
)
from nap_data.queries.figure_frames import load_figure_frames
from nap_data.queries.indicator_values import VALUE_SCHEMA, load_indicator_values
from nap_data.queries.narratives import NARRATIVE_SCHEMA, load_narratives
from nap_data.queries.organisations import ORGANISATION_SCHEMA, load_organisations
from nap_data.queries.plan_frames import GOAL_SCHEMA, INDICATOR_SCHEMA, load_goals, load_indicators
from nap_data.queries.scope import in_scope_versions
from nap_data.queries.submissions import (
    SUBMISSION_SCHEMA,
    load_submission_file,
    load_submissions,
)

__all__ = [
    "ACTIVITY_SCHEMA",
    "COUNTRY_PAIR_SCHEMA",
    "FRAMEWORK_ACTIONS",
    "GOAL_SCHEMA",
    "HISTORY_SCHEMA",
    "INDICATOR_SCHEMA",
    "NARRATIVE_SCHEMA",
    "ORGANISATION_SCHEMA",
    "SUBMISSION_SCHEMA",
    "VALUE_SCHEMA",
    "demo_loaded",
    "in_scope_versions",
    "load_activities",
    "load_figure_frames",
    "load_framework",
    "load_framework_history",
    "load_frameworks",
    "load_goals",
    "load_indicator_values",
    "load_indicators",
    "load_narratives",
    "load_organisations",
    "load_plan",
    "load_plans",
    "load_submission_file",
    "load_submissions",
]
