"""Pure Polars metrics (no I/O, no Streamlit), one module per subject.

The counting rules live in `counting`; every other module builds on its frames.
"""

from nap_data.metrics.activities import (
    FOCUSES,
    activities_per_goal,
    activities_per_organisation,
    coverage_matrix,
    distribution,
    register_with_activity,
    reported_per_year,
)
from nap_data.metrics.counting import (
    activities_in_period,
    latest_values,
    organisation_totals,
    per_country,
    reports_in_period,
    reports_of,
    share_abroad,
    signatories_at,
)
from nap_data.metrics.figures import Frames, figures
from nap_data.metrics.headline import highlights, key_figure_changes, key_figures
from nap_data.metrics.indicators import (
    INDICATOR_STATES,
    filter_values,
    indicator_series,
    indicator_status,
    organisation_values,
    status_counts,
)
from nap_data.metrics.returns import (
    RETURN_STATES,
    reporting_record,
    returns_received,
    returns_status,
    returns_summary,
    signatory_growth,
)

__all__ = [
    "FOCUSES",
    "INDICATOR_STATES",
    "RETURN_STATES",
    "Frames",
    "activities_in_period",
    "activities_per_goal",
    "activities_per_organisation",
    "coverage_matrix",
    "distribution",
    "figures",
    "filter_values",
    "highlights",
    "indicator_series",
    "indicator_status",
    "key_figure_changes",
    "key_figures",
    "latest_values",
    "organisation_totals",
    "organisation_values",
    "per_country",
    "register_with_activity",
    "reported_per_year",
    "reporting_record",
    "reports_in_period",
    "reports_of",
    "returns_received",
    "returns_status",
    "returns_summary",
    "share_abroad",
    "signatories_at",
    "signatory_growth",
    "status_counts",
]
