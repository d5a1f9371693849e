"""Pure Polars metrics (no I/O, no Streamlit), one module per subject, all re-exported here."""

from nap_data.metrics.core import *  # noqa: F403
from nap_data.metrics.core import __all__ as _core

__all__ = [*_core]
