"""st.dataframe's own CSV download would hand out the shown text unneutralised, and to
anyone: it is switched off (client.disableDataExport, and widgets hides the button), while
the table's search and our own downloads stay."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_table_toolbar_offers_no_csv_download_of_its_own(server, page):
    page.goto(f"{server}/Organisations?lang=en&year_to=2025")
    wait = 180_000  # a first page on a loaded two-core machine; no verdict depends on it
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=wait)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=wait)
    page.get_by_test_id("stDataFrame").first.hover()
    toolbar = page.get_by_test_id("stElementToolbarButton")
    expect(toolbar.first).to_be_visible()
    labels = [
        toolbar.nth(i).locator("button").get_attribute("aria-label") or ""
        for i in range(toolbar.count())
    ]
    assert "Search" in labels  # the toolbar is drawn
    for i, label in enumerate(labels):
        if label.startswith("Download as CSV"):
            expect(toolbar.nth(i)).to_be_hidden()
    expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
