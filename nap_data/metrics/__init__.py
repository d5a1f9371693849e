"""Pure Polars metrics (no I/O, no Streamlit), one module per subject, all re-exported here."""

from nap_data.metrics.comparison import *  # noqa: F403
from nap_data.metrics.comparison import __all__ as _comparison
from nap_data.metrics.core import *  # noqa: F403
from nap_data.metrics.core import __all__ as _core
from nap_data.metrics.narratives import *  # noqa: F403
from nap_data.metrics.narratives import __all__ as _narratives

__all__ = [*_core, *_comparison, *_narratives]
