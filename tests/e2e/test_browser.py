"""What only a real browser shows: chart clicks, shared links, page switches, downloads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _ready(page, marker: str = "h1"):
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.locator(marker).first.wait_for()


def test_a_shared_link_opens_the_same_view_in_the_other_language(server, page):
    page.goto(f"{server}/Goals?goals=3&focus=foreign&year_to=2024&lang=en")
    _ready(page)
    expect(page.locator("h1").first).to_have_text("Goals")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("3. Protection")).to_be_visible()
    expect(sidebar.get_by_text("Foreign", exact=True)).to_be_visible()


def test_filters_and_language_survive_a_page_switch(server, page):
    page.goto(f"{server}/Goals?goals=3&lang=en&year_to=2024")
    _ready(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Overview").click()
    expect(page.locator("h1").first).to_have_text("Overview")
    expect(page).to_have_url(re.compile(r"goals=3"))
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.get_by_text("Reporting year 2024")).to_be_visible()


def test_clicking_a_goal_bar_narrows_the_activity_table(server, page):
    page.goto(f"{server}/Goals?lang=en&year_from=2025&year_to=2025")
    _ready(page)
    heading = page.get_by_role("heading", name=re.compile(r"^Activities \(\d+\)"))
    before = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator("svg.marks").wait_for()
    chart.locator("path[aria-roledescription='bar']").first.click()
    expect(heading).not_to_have_text(f"Activities ({before})")
    after = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    assert 0 < after < before


def test_presentation_mode_has_no_sidebar_and_moves_forward(server, page):
    page.goto(f"{server}/?present=1&lang=en&year_to=2025")
    _ready(page, ".slide-title")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    first = page.locator(".slide-title").inner_text()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".slide-title")).not_to_have_text(first)
    expect(page.get_by_text("2 / 9")).to_be_visible()


def test_chart_downloads_as_png(server, page):
    page.goto(f"{server}/Overview?lang=en")
    _ready(page)
    page.get_by_role("button", name="Download").first.click()
    with page.expect_download() as download:
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="PNG", exact=True).click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_click_on_the_overview_leads_to_that_goals_activities(server, page):
    page.goto(f"{server}/Overview?lang=en&year_to=2025")
    _ready(page)
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator("svg.marks").wait_for()
    chart.locator("path[aria-roledescription='bar']").first.click()
    link = page.get_by_role("link", name=re.compile(r"^See the activities of \d\. "))
    link.click()
    expect(page.locator("h1").first).to_have_text("Goals")
    expect(page).to_have_url(re.compile(r"goals=\d"))
    expect(page.get_by_test_id("stSidebar").get_by_text(re.compile(r"^\d\. "))).to_have_count(1)


def test_clicking_a_country_narrows_the_activities_below(server, page):
    page.goto(f"{server}/Map?lang=en&year_from=2025&year_to=2025")
    _ready(page)
    heading = page.get_by_role("heading", name=re.compile(r"^Activities in all countries \(\d+\)"))
    before = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
    bars = page.get_by_test_id("stVegaLiteChart").nth(1)
    bars.locator("svg.marks").wait_for()
    bars.locator("path[aria-roledescription='bar']").first.click()
    narrowed = page.get_by_role("heading", name=re.compile(r"^Activities in (?!all countries)"))
    expect(narrowed).to_be_visible()
    after = int(re.search(r"\((\d+)\)", narrowed.inner_text()).group(1))
    assert 0 < after < before


def test_clicking_a_return_state_lists_only_those_signatories(server, page):
    page.goto(f"{server}/Returns?lang=en&year_to=2025")
    _ready(page)
    page.get_by_role("tab", name="Who has reported").click()
    table = page.get_by_test_id("stDataFrame").last
    expect(table).to_be_visible()
    chart = page.get_by_test_id("stVegaLiteChart").last
    chart.locator("svg.marks").wait_for()
    before = page.get_by_text(re.compile(r"^\d+ rows")).last.inner_text()
    chart.locator("path[aria-roledescription='bar']").last.click()  # "Not received yet"
    expect(page.get_by_text(re.compile(r"^\d+ rows")).last).not_to_have_text(before)
    after = int(page.get_by_text(re.compile(r"^\d+ rows")).last.inner_text().split()[0])
    assert 0 < after < int(before.split()[0])


def test_clicking_the_coverage_heatmap_opens_that_organisations_profile(server, page):
    page.goto(f"{server}/Organisations?lang=en&year_to=2025")
    _ready(page)
    heatmap = page.get_by_test_id("stVegaLiteChart").nth(1)
    heatmap.locator("svg.marks").wait_for()
    cells = heatmap.locator("path[aria-roledescription^='rect']")
    target = cells.nth(cells.count() - 1)
    label = target.get_attribute("aria-label") or ""
    code = re.search(r"Code: (\S+?);", label).group(1)
    target.click()
    chosen = page.get_by_test_id("stSelectbox").last.locator("input").first
    expect(chosen).to_have_value(re.compile(rf"\({code}\)$"))
