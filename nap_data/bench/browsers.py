"""Real browser sessions for the benchmark: N contexts of ONE Debian Chromium open a page at
the same moment (async Playwright, so the N gotos really overlap) and each is timed from its
`goto` to its first chart on screen."""

from __future__ import annotations

import asyncio
import shutil
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass

# The launch arguments of the benchmark, tests/e2e and tools/screenshots.py: no sandbox (root
# in a container), no GPU, and none of Chromium's own background traffic (updates, sync),
# which would compete for the two cores.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Vega draws a chart's marks into one `svg.marks` (the svg renderer) or `canvas.marks`; the
# embed's action menu has svg icons too, so `.marks` is what says a chart is drawn.
FIRST_CHART = ".vega-embed .marks"
VIEWPORT = {"width": 1366, "height": 768}  # a laptop's screen, as the layout tests use


@dataclass(frozen=True)
class Visit:
    """One browser session: monotonic times of its goto, of its websocket to the server
    (the frontend has loaded and started) and of its first visible chart."""

    started: float
    socket: float | None
    chart: float

    @property
    def seconds(self) -> float:
        return self.chart - self.started

    @property
    def to_socket(self) -> float | None:
        return None if self.socket is None else self.socket - self.started


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not shutil.which(path):
        raise RuntimeError("Debian's chromium is not installed (tools/system_deps.sh)")
    return path


@asynccontextmanager
async def chromium():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def _visit(page, url: str, timeout_ms: float) -> Visit:
    sockets: list[float] = []
    page.on("websocket", lambda _ws: sockets.append(time.monotonic()))
    started = time.monotonic()
    await page.goto(url, timeout=timeout_ms)
    await page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=timeout_ms)
    return Visit(started, sockets[0] if sockets else None, time.monotonic())


async def open_at_once(browser, url: str, n: int, timeout_s: float = 120, keep: bool = False):
    """Open `url` in `n` new contexts at once; return their visits (and the contexts when
    `keep`, so that their sessions stay connected, else they are closed)."""
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(n)]
    pages = [await c.new_page() for c in contexts]  # ready before the clock starts
    try:
        visits = await asyncio.gather(*(_visit(p, url, timeout_s * 1000) for p in pages))
    except BaseException:
        await close(contexts)
        raise
    if keep:
        return list(visits), contexts
    await close(contexts)
    return list(visits), []


async def close(contexts) -> None:
    for c in contexts:
        await c.close()
