"""Full-page screenshots of every page and every slide, in Dutch and English, at 1920x1080.

Usage: python tools/screenshots.py [--base URL] [--out DIR] [--lang nl,en]

Without --base it starts the app itself (`streamlit run` on a free loopback port) on a new
demo store in a temporary folder, and stops it afterwards. The pictures go to
DIR/<lang>/<page>.png and DIR/<lang>/slide-<n>.png (default DIR: docs/screenshots).
Debian's Chromium through Playwright, as in the browser tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # no "No runtime found" per cache

from nap_data.bench.browsers import ARGS  # noqa: E402
from nap_data.ui import PAGES  # noqa: E402  (after the path: run as a script)

WIDTH, HEIGHT = 1920, 1080
TALLEST = 16_000  # px; a page longer than this is cut (none is, with paged entries)


def address(script: str) -> str:
    """The address of a page script: "pages/2_Goals.py" -> "Goals", "app.py" -> ""."""
    return "" if script == "app.py" else script.split("_", 1)[1].removesuffix(".py")


def settled(page) -> None:
    """Wait until the script run has ended and charts and lazy widgets have drawn."""
    page.get_by_test_id("stMain").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)
    page.wait_for_timeout(2500)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)


def full_page(page, path: Path) -> None:
    """The whole page in one picture: Streamlit scrolls inside its main area, so the window
    is made as tall as that area's content (a plain full-page shot stops at 1080 px)."""
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stSidebarContent'].map(id => "
        "document.querySelector(`[data-testid=${id}]`)?.scrollHeight || 0))"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(max(HEIGHT, height), TALLEST)})
    page.wait_for_timeout(1500)  # charts redraw for the new size
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    print(path)


def slide_count(page, base: str, lang: str) -> int:
    """Presentation mode puts the slide it shows in the address, a too high one clamped."""
    page.goto(f"{base}/?present=1&slide=999&lang={lang}")
    settled(page)
    shown = parse_qs(urlparse(page.url).query).get("slide", ["1"])[0]
    return int(shown)


def shoot(base: str, out: Path, langs: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for lang in langs:
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for key, script, _icon in PAGES:
                page.goto(f"{base}/{address(script)}?lang={lang}")
                settled(page)
                full_page(page, folder / f"{key}.png")
            for number in range(1, slide_count(page, base, lang) + 1):
                page.goto(f"{base}/?present=1&slide={number}&lang={lang}")
                settled(page)
                page.screenshot(path=str(folder / f"slide-{number}.png"))  # a slide fits
                print(folder / f"slide-{number}.png")
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(folder: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on a new demo store in `folder`; returns the process and URL."""
    from nap_data.services.setup import init_store
    from nap_data.store import make_engine

    url = f"sqlite:///{folder / 'nap.db'}"
    engine = make_engine(url)
    init_store(engine, with_demo=True)
    engine.dispose()
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    log = (folder / "server.log").open("w")
    env = {**os.environ, "NAP_DATABASE_URL": url}
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"the app did not start within 90 s; see {folder / 'server.log'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a running app; default: start one on demo data")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--lang", default="nl,en", help="languages, comma-separated")
    args = parser.parse_args()
    langs = [lang for lang in args.lang.split(",") if lang]
    if args.base:
        shoot(args.base.rstrip("/"), args.out, langs)
        return 0
    with tempfile.TemporaryDirectory(prefix="nap-screenshots-") as tmp:
        proc, base = serve_demo(Path(tmp))
        try:
            shoot(base, args.out, langs)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
