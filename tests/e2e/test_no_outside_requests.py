"""T14: every page and presentation mode load without asking any host but the app's own
for anything (fonts, icons, the page icon, map shapes)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from nap_data.ui import PAGES

pytestmark = pytest.mark.e2e

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _url_path(script: str) -> str:
    """Streamlit's address of a page in pages/: the file name without its number."""
    if script == "app.py":
        return "/"
    return "/" + re.sub(r"^\d+_", "", script.removeprefix("pages/").removesuffix(".py"))


VIEWS = {key: _url_path(path) + "?lang=en" for key, path, _icon in PAGES} | {
    "present": "/?present=1&lang=en",
    "present_slide_3_nl": "/?present=1&slide=3&lang=nl",
}


def _outside(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname not in LOOPBACK


@pytest.fixture
def watched(page):
    """The page, with every request recorded; one to another host is also stopped, so
    a failing run still sends nothing out."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.context.route(
        re.compile(r".*"),
        lambda route: route.abort() if _outside(route.request.url) else route.continue_(),
    )
    return page, seen


def _settle(page) -> None:
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.locator("h1, .slide-title").first.wait_for()
    page.wait_for_timeout(1500)  # icons, fonts and charts ask for what they need after render


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_page_asks_another_host_for_anything(server, watched, view):
    page, seen = watched
    page.goto(server + VIEWS[view])
    _settle(page)
    outside = sorted({url for url in seen if _outside(url)})
    assert outside == []
    assert any(urlsplit(url).path.startswith("/_stcore/") for url in seen)


def test_the_page_icon_is_the_apps_own(server, watched):
    page, _seen = watched
    page.goto(server + "/?lang=en")
    _settle(page)
    icon = page.locator("link[rel='shortcut icon']").get_attribute("href")
    assert icon.startswith("data:image/svg+xml")
