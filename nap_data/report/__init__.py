"""The progress report to parliament: one model of the text, rendered as Word, HTML, PDF and
Excel, with the charts as files. Its numbers are `metrics.figures` for the same period,
data scope and filters as the dashboard (see docs/reports.md).
"""

from nap_data.report.content import build_model, quote_candidates
from nap_data.report.model import Report

__all__ = ["Report", "build_model", "quote_candidates"]
