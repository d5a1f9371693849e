"""A real `streamlit run` server on a loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from nap_data.bench.browsers import ARGS
from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(demo_template, tmp_path_factory):
    """The app on a private copy of the demo store."""
    db = tmp_path_factory.mktemp("e2e") / "nap.db"
    shutil.copyfile(demo_template, db)
    yield from _serve(db, tmp_path_factory)


@pytest.fixture(scope="session")
def empty_server(tmp_path_factory):
    """The app on a store made by `init` without demo data: framework only."""
    from nap_data.services.setup import init_store
    from nap_data.store import make_engine

    db = tmp_path_factory.mktemp("e2e-empty") / "nap.db"
    engine = make_engine(f"sqlite:///{db}")
    init_store(engine)
    engine.dispose()
    yield from _serve(db, tmp_path_factory)


def _serve(db, tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "NAP_DATABASE_URL": f"sqlite:///{db}"}
    log = (tmp_path_factory.mktemp("e2e-log") / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the streamlit server did not become healthy within 60 s")
    yield base
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    # A rerun after a click can take several seconds while the whole suite loads both cores;
    # waiting longer changes no verdict, it only stops a slow machine from failing a test.
    expect.set_options(timeout=20_000)
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (tools/system_deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
