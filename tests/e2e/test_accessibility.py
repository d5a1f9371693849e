"""axe-core in the browser on every page and on presentation mode: no serious or critical
violation (WCAG 2 A/AA and best-practice rules as axe-core ships them).

axe runs in Debian's Chromium against the real server (tests/e2e/conftest.py), after the
page has finished drawing, in Dutch (the default) and in English.
"""

from __future__ import annotations

import pytest

from nap_data.ui import PAGES

pytest.importorskip("axe_playwright_python")

SERIOUS = {"serious", "critical"}


def _path(script: str) -> str:
    """The address of a page script: "pages/2_Goals.py" -> "Goals", "app.py" -> ""."""
    return "" if script == "app.py" else script.split("_", 1)[1].removesuffix(".py")


ADDRESSES = [_path(script) for _key, script, _icon in PAGES] + ["?present=1", "?present=1&slide=2"]


def _settled(page) -> None:
    page.get_by_test_id("stMain").wait_for()
    page.wait_for_timeout(1500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=90_000)
    # Charts and lazily loaded widgets draw after the script run ends.
    page.wait_for_timeout(3000)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("address", ADDRESSES, ids=lambda a: a or "home")
def test_no_serious_or_critical_accessibility_violation(server, page, address, lang):
    joiner = "&" if "?" in address else "?"
    page.goto(f"{server}/{address}{joiner}lang={lang}")
    _settled(page)
    assert _violations(page) == []


def test_every_chart_has_a_text_alternative(server, page):
    page.goto(f"{server}/Overview?lang=en")
    _settled(page)
    charts = page.get_by_test_id("stVegaLiteChart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        label = charts.nth(i).get_attribute("aria-label") or ""
        assert label.count(".") >= 2, label  # the title, what stands out, where the table is
        assert "Show data" in label
