"""The pages at a laptop's size (1366x768, sidebar open), paging on the Learning agenda, and
the print stylesheet, in the real browser.

Cards must show their whole label and figure (Streamlit cuts them on one line by default);
the chart builders' own fit at this size is tested without a browser (test_charts_fit.py).
"""

from __future__ import annotations

import re

import pytest

LAPTOP = {"width": 1366, "height": 768}


def _settled(page) -> None:
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_timeout(1500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=90_000)
    page.wait_for_timeout(2000)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)


CUT = """() => Array.from(document.querySelectorAll(
    '[data-testid=stMetricLabel] p, [data-testid=stMetricValue] p, [data-testid=stMetricValue]'
  )).filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize("address", ["Overview", "National_foreign"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_cards_show_their_whole_label_and_figure_on_a_laptop(server, page, address, lang):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{server}/{address}?lang={lang}")
    _settled(page)
    assert page.get_by_test_id("stMetric").count() >= 3
    assert page.evaluate(CUT) == []


def _status(page) -> str:
    return page.get_by_text(re.compile(r"^(Bijdragen|Entries) \d")).first.inner_text()


def test_learning_agenda_shows_twenty_entries_a_page_with_the_page_in_the_address(server, page):
    page.goto(f"{server}/Learning_agenda?lang=en")
    _settled(page)
    assert re.match(r"Entries 1–20 of [\d,]+ · page 1 of \d+", _status(page))
    assert page.get_by_test_id("stText").count() == 20
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"[?&]page=2(&|$)"))
    _settled(page)
    assert _status(page).startswith("Entries 21–40 of")
    # The address opens the same page for someone else.
    page.goto(page.url)
    _settled(page)
    assert _status(page).startswith("Entries 21–40 of")


def test_learning_agenda_page_in_a_link_and_a_new_search_starts_at_page_one(server, page):
    page.goto(f"{server}/Learning_agenda?lang=nl&page=3&kind=lessons")
    _settled(page)
    assert _status(page).startswith("Bijdragen 41–60 van")
    assert page.get_by_role("heading", name=re.compile("Geleerde lessen")).count() == 1
    page.get_by_test_id("stTextInputField").fill("trainingen")  # 132 lessons: several pages
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    _settled(page)
    assert _status(page).startswith("Bijdragen 1–")
    assert "page=" not in page.url


@pytest.mark.parametrize("address", ["Overview", "Goals", "Indicators"])
def test_print_shows_the_content_without_sidebar_and_every_chart_within_the_paper(
    server, page, address
):
    page.goto(f"{server}/{address}?lang=nl")
    _settled(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 760, "height": 1000})  # about A4 at 96 dpi, less margins
    page.wait_for_timeout(1500)
    assert not page.get_by_test_id("stSidebar").is_visible()
    assert not page.get_by_test_id("stDownloadButton").first.is_visible()
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg'))
             .filter(s => s.getBoundingClientRect().right > window.innerWidth + 1).length"""
    )
    assert wide == 0
    main = page.get_by_test_id("stMain")
    assert main.evaluate("e => getComputedStyle(e).overflow") == "visible"  # all of it prints
    pdf = page.pdf(format="A4")
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) >= 2, "more than the first screen goes on paper"
