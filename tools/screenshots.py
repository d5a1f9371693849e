"""Take full-page screenshots of the running app with Debian's Chromium (for looking, not testing).

Usage: python tools/screenshots.py [BASE_URL] [OUT_DIR] [PATH ...]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_PATHS = ["", "Overview", "Goals", "Organisations", "Indicators", "Returns"]


def main() -> int:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    paths = sys.argv[3:] or DEFAULT_PATHS
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        for path in paths:
            page.goto(f"{base}/{path}")
            page.get_by_test_id("stMain").wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            page.wait_for_selector(
                "[data-testid='stStatusWidget']", state="detached", timeout=30_000
            )
            page.wait_for_timeout(1500)
            name = (
                (path or "home")
                .replace("/", "_")
                .replace("?", "_")
                .replace("=", "-")
                .replace("&", "_")
            )
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
