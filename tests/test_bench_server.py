"""The benchmark's server part: reading the wrapper's log into first runs, summing py-spy's
stacks by function, and a server that does not outlive a killed benchmark."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nap_data.bench.profile import summarise
from nap_data.bench.serve_timed import first_runs, full_gcs
from tests.conftest import REPO


def _e(event, session, t, **fields):
    return {"event": event, "session": session, "t": t, **fields}


def test_a_first_run_spans_connect_to_the_end_of_its_first_finished_run():
    events = [
        _e("server_start", None, 0.0, pid=1),
        _e("connect", "a", 1.01, connected_at=1.0),
        _e("rerun_request", "a", 1.1),
        _e("rerun_request", "a", 1.15),  # a second request before the run: the first counts
        _e("run_start", "a", 1.2),
        _e("page", "a", 1.25, script="pages/1_Overview.py"),
        _e("connect", "b", 1.3, connected_at=1.3),
        _e("run_end", "a", 2.0, outcome="script_stopped_with_success"),
        _e("run_start", "a", 5.0),  # a later rerun (a filter change) is not the first run
        _e("run_end", "a", 5.5, outcome="script_stopped_with_success"),
    ]
    runs = first_runs(events)
    assert set(runs) == {"a"}  # b connected but never finished a run
    a = runs["a"]
    assert (a.connected, a.requested, a.start, a.end, a.script, a.runs_started) == (
        1.0,
        1.1,
        1.2,
        2.0,
        "pages/1_Overview.py",
        1,
    )
    assert a.from_connect == pytest.approx(1.0)
    assert a.from_request == pytest.approx(0.9)
    assert a.from_start == pytest.approx(0.8)


def test_a_run_stopped_for_a_rerun_belongs_to_the_same_page_load():
    events = [
        _e("connect", "a", 0.0, connected_at=0.0),
        _e("run_start", "a", 0.1),
        _e("page", "a", 0.1, script="app.py"),
        _e("run_end", "a", 0.5, outcome="script_stopped_for_rerun"),
        _e("run_start", "a", 0.5),
        _e("page", "a", 0.5, script="pages/1_Overview.py"),
        _e("run_end", "a", 1.5, outcome="script_stopped_with_success"),
    ]
    (a,) = first_runs(events).values()
    assert (a.start, a.end, a.script, a.runs_started) == (0.1, 1.5, "pages/1_Overview.py", 2)


def test_full_gcs_are_those_that_began_within_the_window():
    events = [
        _e("gc", None, 1.1, began=1.0, seconds=0.1),
        _e("gc", None, 2.3, began=2.0, seconds=0.3),
        _e("run_end", "a", 2.5, outcome="script_stopped_with_success"),
        _e("gc", None, 4.2, began=4.0, seconds=0.2),
    ]
    assert full_gcs(events, 1.5, 4.0) == [0.3, 0.2]


def test_profile_shares_count_a_function_once_per_sample_and_its_own_time_at_the_top():
    raw = "\n".join(
        [
            "run (a/b.py:1);page (/x/nap_data/ui/w.py:3);collect (polars/engine.py:9) 6",
            "run (a/b.py:1);page (/x/nap_data/ui/w.py:4);page (/x/nap_data/ui/w.py:5) 3",
            "run (a/b.py:2);gc_finish (s/runner.py:7) 1",
        ]
    )
    out = summarise(raw, top=3)
    assert out["samples"] == 10
    assert "90% page (/x/nap_data/ui/w.py)" in out["inclusive_app"]
    assert out["self"] == [
        "60% collect (polars/engine.py)",
        "30% page (/x/nap_data/ui/w.py)",
        "10% gc_finish (s/runner.py)",
    ]


# The benchmark killed from outside (SIGKILL: no `finally`, no __exit__) must not leave its
# server running: CI's timeout once did, and the orphan kept serving beside later tests.
_KILLED_BENCH = """
import sys
from pathlib import Path
from nap_data.bench.live_server import Server
srv = Server(sys.argv[1], Path(sys.argv[2]), "orphan")
srv.start()
print(srv.pid, flush=True)
input()  # wait to be killed
"""


@pytest.mark.slow
def test_a_killed_benchmark_takes_its_server_down(tmp_path, demo_db):
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BENCH, os.environ["NAP_DATABASE_URL"], str(tmp_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        server = int(proc.stdout.readline())
        assert _alive(server)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 30
    while _alive(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(server):
        os.kill(server, signal.SIGKILL)
        pytest.fail("the server outlived the benchmark that started it")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing
