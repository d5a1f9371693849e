"""Pure Altair chart builders (no Streamlit), one module per kind, all re-exported here."""

from nap_data.charts.comparison import *  # noqa: F403
from nap_data.charts.comparison import __all__ as _comparison
from nap_data.charts.core import *  # noqa: F403
from nap_data.charts.core import __all__ as _core

__all__ = [*_core, *_comparison]
