"""Presentation mode in a real browser: every slide fits the screen at the sizes a board
meeting meets (a 1080p screen, a browser window on it, a 720p projector, a 1366 laptop), and
the keyboard and a presenter's clicker move through the slides."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from nap_data.slides import charts
from nap_data.ui import presentation

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1920, 950), (1280, 720), (1366, 768)]
# Where everything is, measured in the page: boxes as [top, bottom, left, right].
MEASURE = """() => {
  const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; };
  const main = document.querySelector('[data-testid="stMain"]');
  const img = document.querySelector('.slide-chart img');
  return {
    height: innerHeight, width: innerWidth,
    document: document.documentElement.scrollHeight, body: document.body.scrollHeight,
    main: main.scrollHeight,
    title: box('.slide-title'), cards: box('.slide-cards'), chart: box('.slide-chart'),
    bar: box('.st-key-slide_bar'), footer: box('.slide-footer'),
    buttons: ['first', 'prev', 'next', 'last', 'deck_pptx', 'deck_pdf', 'leave']
      .map((k) => box(`.st-key-${k} button`)),
    image: img && img.complete ? [img.naturalWidth, img.naturalHeight,
      img.getBoundingClientRect().width, img.getBoundingClientRect().height] : null,
    titleFont: parseFloat(getComputedStyle(document.querySelector('.slide-title')).fontSize),
    valueFont: parseFloat(getComputedStyle(document.querySelector('.slide-card .value')).fontSize),
  };
}"""


def _settled(page, number: int | None = None):
    """The slide is drawn: its number shown, the chart loaded and the rerun over."""
    if number is not None:
        expect(page.locator(".slide-count")).to_have_text(re.compile(rf"^{number} / \d+$"))
    page.locator(".st-key-prev_page button").wait_for(state="attached")
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.wait_for_function(
        "() => { const i = document.querySelector('.slide-chart img');"
        " return !i || (i.complete && i.naturalWidth > 0); }"
    )


def _count(page) -> int:
    return int(page.locator(".slide-count").inner_text().split("/")[1])


def _check_fits(m: dict, where: str) -> None:
    h, w = m["height"], m["width"]
    assert max(m["document"], m["body"], m["main"]) <= h, (where, "scrolls", m)
    title, cards, chart, bar, footer = (m[k] for k in ("title", "cards", "chart", "bar", "footer"))
    assert title[0] >= 0 and title[1] <= cards[0] and cards[1] <= chart[0], (where, m)
    assert chart[1] <= bar[0] + 1, (where, "chart under the bar", m)
    assert bar[1] <= h + 1 and footer[0] >= bar[0] and footer[1] <= h, (where, "footer", m)
    for button in m["buttons"]:  # every control on the screen, above the footer
        on_screen = button and button[2] >= 0 and button[3] <= w
        assert on_screen and button[1] <= footer[0] + 1, (where, m)
    if m["image"]:  # the picture is scaled down to its box, never cut
        natural_w, natural_h, shown_w, shown_h = m["image"]
        assert shown_w <= w and chart[1] - chart[0] <= shown_h + 1


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fits_the_screen_with_controls_and_footer(server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server}/?present=1&lang=nl&year_to=2025")
        _settled(page, 1)
        count = _count(page)
        assert count == 9
        for number in range(1, count + 1):
            if number > 1:
                page.keyboard.press("ArrowRight")
                _settled(page, number)
            m = page.evaluate(MEASURE)
            _check_fits(m, f"{width}x{height} slide {number}")
            if (width, height) == (1920, 1080):  # as large as before on a 1080p screen
                assert m["titleFont"] >= 49.6 and m["valueFont"] >= 57.6, m
                natural_w, _, shown_w, _ = m["image"]
                drawn = shown_w / natural_w * presentation.SCALE  # design px -> screen px
                assert charts.SMALL * min(drawn, 1.0) >= 25.5, (number, drawn)
            expect(page.get_by_text("DEMOGEGEVENS")).to_be_visible()
            expect(page.locator(".slide-footer")).to_contain_text("gegevens tot en met")
    finally:
        context.close()


def test_keyboard_and_clicker_keys_move_through_the_slides(server, page):
    page.goto(f"{server}/?present=1&lang=en&year_to=2025")
    _settled(page, 1)
    count = _count(page)
    for key, expected in [
        ("ArrowRight", 2), ("PageDown", 3), ("Space", 4),  # a clicker sends PageDown
        ("ArrowLeft", 3), ("PageUp", 2),
        ("End", count), ("ArrowRight", count),  # past the end nothing happens
        ("Home", 1), ("ArrowLeft", 1),
    ]:  # fmt: skip
        page.keyboard.press(key)
        if key in ("ArrowRight", "ArrowLeft") and expected in (1, count):
            page.wait_for_timeout(1500)  # a disabled button: give a wrong move time to show
        _settled(page, expected)
        expect(page).to_have_url(re.compile(rf"[?&]slide={expected}(&|$)"))


def test_space_on_a_focused_button_moves_once(server, page):
    page.goto(f"{server}/?present=1&lang=en&year_to=2025&slide=3")
    _settled(page, 3)
    page.locator(".st-key-next button").focus()
    page.keyboard.press("Space")
    _settled(page, 4)
    page.wait_for_timeout(2000)
    expect(page.locator(".slide-count")).to_have_text(re.compile(r"^4 / "))


def test_a_link_opens_on_its_slide_and_the_buttons_keep_the_address(server, page):
    page.goto(f"{server}/?present=1&lang=en&year_to=2025&slide=7")
    _settled(page, 7)
    expect(page.locator(".slide-title")).to_contain_text("of the activities work abroad")
    page.get_by_role("button", name="Previous").click()
    _settled(page, 6)
    expect(page).to_have_url(re.compile(r"[?&]slide=6(&|$)"))
    page.goto(f"{server}/?present=1&lang=en&year_to=2025&slide=99")  # past the end: the last
    _settled(page, 9)
    expect(page).to_have_url(re.compile(r"[?&]slide=9(&|$)"))


def test_a_filtered_presentation_says_so_on_every_slide(server, page):
    page.goto(f"{server}/?present=1&lang=en&year_to=2025&goals=2")
    _settled(page, 1)
    expect(page.locator(".slide-title")).to_contain_text("goal 2 only")
    expect(page.locator(".slide-footer")).to_contain_text("Goal 2 only")
    assert _count(page) == 5  # overview, goal 2, national and foreign, indicators, returns


def test_the_presentation_downloads_as_powerpoint_and_pdf(server, page, tmp_path):
    from pptx import Presentation

    page.goto(f"{server}/?present=1&lang=en&year_to=2025&goals=3")
    _settled(page, 1)
    with page.expect_download(timeout=180_000) as pptx:
        page.locator(".st-key-deck_pptx button").click()
    target = tmp_path / pptx.value.suggested_filename
    pptx.value.save_as(target)
    assert target.suffix == ".pptx"
    deck = Presentation(str(target))
    assert len(deck.slides) == 5
    assert deck.slides[0].shapes[0].text_frame.text == page.locator(".slide-title").inner_text()
    with page.expect_download(timeout=180_000) as pdf:
        page.locator(".st-key-deck_pdf button").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert pdf.value.path().read_bytes()[:5] == b"%PDF-"
