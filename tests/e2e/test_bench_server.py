"""The benchmark's timing wrapper around the real server: one browser session on /Overview
leaves one finished Overview run in the server's log, timed inside the server process."""

from __future__ import annotations

import time

import pytest

from nap_data.bench.browsers import FIRST_CHART
from nap_data.bench.live_server import Server
from nap_data.bench.serve_timed import read_log
from nap_data.bench.stores import build_w1

pytestmark = pytest.mark.e2e


def _wait_for_first_run(srv: Server, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = srv.first_runs()
        if runs:
            return runs
        time.sleep(0.2)
    pytest.fail(f"no finished script run in {srv.runlog}")


def test_one_session_leaves_one_finished_overview_run_in_the_log(tmp_path, browser):
    with Server(build_w1(tmp_path / "w1.db"), tmp_path, "test") as srv:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{srv.base}/Overview")
            page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=60_000)
            runs = _wait_for_first_run(srv)
        finally:
            context.close()
        events = read_log(srv.runlog)
    assert len(runs) == 1
    (run,) = runs.values()
    assert run.script == "pages/1_Overview.py"
    assert run.connected is not None and run.requested is not None
    assert run.connected <= run.requested <= run.start < run.end
    sessions = {e["session"] for e in events if e["event"] == "connect"}
    assert sessions == {run.session}
    ends = [e for e in events if e["event"] == "run_end" and e["session"] == run.session]
    assert ends[0]["outcome"] == "script_stopped_with_success"
    assert ends[0]["t"] == run.end
