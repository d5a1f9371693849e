"""The report as PDF: the HTML version printed by WeasyPrint (A4, page numbers, a new page
per section, bookmarks from the headings, charts whole).

WeasyPrint gets a fetcher that answers only the report's own charts (nap-chart:<key>,
PNG at 300 dpi from memory) and stops the print on any other address, so a page that
tried to load something would fail here rather than reach out to the network. Import
this module only when a PDF is made (WeasyPrint loads Pango).
"""

from __future__ import annotations

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from nap_data.report.charts import Images
from nap_data.report.html import PRINT_SCHEME, to_html
from nap_data.report.model import Report


class ExternalReference(FatalURLFetchingError):
    """The page asked for something outside itself."""


class ChartsOnly(URLFetcher):
    def __init__(self, images: dict[str, Images]) -> None:
        super().__init__()
        self._images = images

    def fetch(self, url, headers=None):
        key = str(url).removeprefix(PRINT_SCHEME)
        if not str(url).startswith(PRINT_SCHEME) or key not in self._images:
            raise ExternalReference(url)
        return URLFetcherResponse(url, self._images[key].png, {"Content-Type": "image/png"})


def to_pdf(report: Report, images: dict[str, Images]) -> bytes:
    page = to_html(report, images, for_print=True)
    return weasyprint.HTML(string=page, url_fetcher=ChartsOnly(images)).write_pdf()


__all__ = ["to_pdf", "ChartsOnly", "ExternalReference"]
