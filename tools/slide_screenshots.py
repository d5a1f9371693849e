"""Screenshots of every slide of presentation mode, for looking (not testing).

Usage: python tools/slide_screenshots.py [BASE_URL] [OUT_DIR] [--lang nl|en]
       [--size 1920x1080] [--query "year_to=2025&goals=2"]

Starts on slide 1 and moves on with the ArrowRight key, as a presenter would, and writes
slide-01.png, slide-02.png ... (the viewport only: a slide should need no scrolling).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from nap_data.bench.browsers import ARGS  # noqa: E402  (after the path: run as a script)


def _settled(page, number: int) -> None:
    expect(page.locator(".slide-count")).to_have_text(
        re.compile(rf"^{number} / \d+$"), timeout=60_000
    )
    page.locator(".st-key-prev_page button").wait_for(state="attached")
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
    page.wait_for_function(
        "() => { const i = document.querySelector('.slide-chart img');"
        " return !i || (i.complete && i.naturalWidth > 0); }"
    )
    page.wait_for_timeout(300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8501")
    parser.add_argument("out", nargs="?", default="screenshots/slides", type=Path)
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--query", default="", help="more of the address, e.g. year_to=2025")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    query = f"present=1&slide=1&lang={args.lang}" + (f"&{args.query}" if args.query else "")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{args.base}/?{query}")
        _settled(page, 1)
        count = int(page.locator(".slide-count").inner_text().split("/")[1])
        for number in range(1, count + 1):
            if number > 1:
                page.keyboard.press("ArrowRight")
                _settled(page, number)
            path = args.out / f"slide-{number:02d}.png"
            page.screenshot(path=str(path))
            print(path)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
