"""NAP 1325-IV monitoring: store, results framework, returns, metrics and charts."""

__version__ = "0.1.0"
