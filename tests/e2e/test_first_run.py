"""A clean start in a real browser: Home lists the steps, an analysis page points at the next."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _ready(page):
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.locator("h1").first.wait_for()


def test_home_shows_the_getting_started_checklist_on_an_empty_store(empty_server, page):
    page.goto(f"{empty_server}/?lang=en")
    _ready(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Getting started")).to_be_visible()
    expect(main.get_by_text("1. Load the plan's results framework — done")).to_be_visible()
    expect(main.get_by_text("2. Load the register of signatories — to do")).to_be_visible()
    expect(main.get_by_text("4. Upload the completed returns — to do")).to_be_visible()


def test_an_analysis_page_points_at_the_next_step_and_its_link_works(empty_server, page):
    page.goto(f"{empty_server}/Goals?lang=en")
    _ready(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("There is nothing to show yet")).to_be_visible()
    assert main.get_by_test_id("stVegaLiteChart").count() == 0
    main.get_by_text("2. Load the register of signatories").click()
    expect(page.locator("h1").first).not_to_have_text("Goals")
