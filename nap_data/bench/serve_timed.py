"""`python -m nap_data.bench.serve_timed --runlog FILE app.py [streamlit options]`.

The app's real server (Streamlit's own CLI, `streamlit run`), with a few hooks that write one
JSON line per event to FILE, so that the benchmark can time each session's first script run
inside the server process rather than guessing it from the browser:

- `connect`: a browser's websocket connected and Streamlit made its session
  (`Runtime.connect_session`, on the event loop thread);
- `rerun_request`: the browser's request to run the page script arrived (a `rerun_script`
  BackMsg in `Runtime.handle_backmsg`, on the event loop thread): the moment the server is
  asked for the run, after the browser has loaded and started Streamlit's frontend;
- `run_start` / `run_end`: a script run of that session started and ended
  (the `ScriptRunner.on_event` signal: SCRIPT_STARTED and the SCRIPT_STOPPED_* events,
  sent on the session's script thread around the page's code);
- `gc`: a full (generation 2) garbage collection and how long it held the GIL;
- `page`: which page script the run executes (`StreamlitPage.run`; with a `pages/`
  folder every run goes through `st.navigation`, so this names the real page).

Times are `time.monotonic()` (CLOCK_MONOTONIC on Linux), the same clock in every process of
the machine, so a driver can compare them with its own. The hooks only observe: they call the
original functions unchanged and add a few microseconds per event.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

RUNLOG_FLAG = "--runlog"
PARENT_ENV = "BENCH_PARENT_PID"  # set by the benchmark that starts this server
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# The ends of a run that complete a page load (a run stopped for a rerun hands on to the next)
FINISHED = ("script_stopped_with_success", "script_stopped_with_compile_error")

_lock = threading.Lock()
_out = None  # the open log file, set by `install`
_root = Path.cwd()


def _write(event: str, session: str | None, **fields: object) -> None:
    line = json.dumps({"event": event, "session": session, "t": time.monotonic(), **fields})
    with _lock:  # several script threads and the event loop write at once
        _out.write(line + "\n")
        _out.flush()


def _relative(path: object) -> str:
    try:
        return Path(str(path)).resolve().relative_to(_root).as_posix()
    except ValueError:
        return str(path)


def _on_runner_event(sender, event=None, **payload) -> None:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunnerEvent

    session = getattr(sender, "_session_id", None)
    if event == ScriptRunnerEvent.SCRIPT_STARTED:
        fragments = payload.get("fragment_ids_this_run")
        _write("run_start", session, fragment=bool(fragments))
    elif event in (
        ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
        ScriptRunnerEvent.SCRIPT_STOPPED_FOR_RERUN,
        ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
        ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS,
    ):
        _write("run_end", session, outcome=event.name.lower())


_gc_started: dict[int, float] = {}  # thread id -> start of its collection


def _on_gc(phase: str, info: dict) -> None:
    # Full collections hold the GIL for the whole heap walk; Streamlit runs one after every
    # script run (runner.postScriptGC), so their time is worth seeing beside the runs.
    if info.get("generation") != 2:
        return
    tid = threading.get_ident()
    if phase == "start":
        _gc_started[tid] = time.monotonic()
    elif tid in _gc_started:
        began = _gc_started.pop(tid)
        _write("gc", None, began=began, seconds=time.monotonic() - began)


def install(runlog: Path) -> None:
    """Open the log and patch Streamlit's runtime, script runner and page runner."""
    global _out
    from streamlit.navigation.page import StreamlitPage
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    _out = runlog.open("a", encoding="utf-8")
    _write("server_start", None, pid=os.getpid())

    connect = Runtime.connect_session

    def connect_session(self, *args, **kwargs):
        t = time.monotonic()  # before the session exists: the connection's own moment
        session_id = connect(self, *args, **kwargs)
        _write("connect", session_id, connected_at=t)
        return session_id

    handle = Runtime.handle_backmsg

    def handle_backmsg(self, session_id, msg, *args, **kwargs):
        if msg.WhichOneof("type") == "rerun_script":
            _write("rerun_request", session_id)
        return handle(self, session_id, msg, *args, **kwargs)

    init = ScriptRunner.__init__

    def runner_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        # weak=False: the receiver is a module function, nothing else would keep it alive
        self.on_event.connect(_on_runner_event, weak=False)

    page_run = StreamlitPage.run

    def run_page(self):
        ctx = get_script_run_ctx()
        _write("page", ctx.session_id if ctx else None, script=_relative(self._page))
        return page_run(self)

    gc.callbacks.append(_on_gc)
    Runtime.connect_session = connect_session
    Runtime.handle_backmsg = handle_backmsg
    ScriptRunner.__init__ = runner_init
    StreamlitPage.run = run_page


@dataclass(frozen=True)
class FirstRun:
    """A session's first complete script run, as the server saw it."""

    session: str
    connected: float | None  # monotonic time of the websocket connection
    requested: float | None  # arrival of the browser's first request to run the page
    start: float  # the first run's SCRIPT_STARTED
    end: float  # the end of the first run that finished (not one stopped for a rerun)
    script: str | None  # the page script of that run
    runs_started: int  # runs started up to `end` (more than 1: the page asked for a rerun)

    @property
    def from_request(self) -> float:
        """The server's time for the page: from the run request's arrival to the run's end,
        with any wait for a script thread and the GIL (the run start if nothing logged it)."""
        return self.end - (self.requested if self.requested is not None else self.start)

    @property
    def from_connect(self) -> float:
        return self.end - (self.connected if self.connected is not None else self.start)

    @property
    def from_start(self) -> float:
        return self.end - self.start


def read_log(runlog: Path) -> list[dict]:
    if not runlog.exists():
        return []
    lines = runlog.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def first_runs(events: list[dict]) -> dict[str, FirstRun]:
    """Per session: from its connection and first run start to the end of its first run that
    finished with success (a run stopped for a rerun belongs to the same page load)."""
    state: dict[str, dict] = {}
    done: dict[str, FirstRun] = {}
    for e in events:
        sid = e.get("session")
        if sid is None or sid in done:
            continue
        s = state.setdefault(
            sid, {"connected": None, "requested": None, "start": None, "script": None, "n": 0}
        )
        kind = e["event"]
        if kind == "connect":
            s["connected"] = e.get("connected_at", e["t"])
        elif kind == "rerun_request" and s["requested"] is None:
            s["requested"] = e["t"]
        elif kind == "run_start":
            s["n"] += 1
            if s["start"] is None:
                s["start"] = e["t"]
        elif kind == "page":
            s["script"] = e["script"]
        elif kind == "run_end" and s["start"] is not None and e["outcome"] in FINISHED:
            done[sid] = FirstRun(
                sid, s["connected"], s["requested"], s["start"], e["t"], s["script"], s["n"]
            )
    return done


def full_gcs(events: list[dict], since: float, until: float) -> list[float]:
    """The durations of the full collections that began in [since, until]."""
    return [e["seconds"] for e in events if e["event"] == "gc" and since <= e["began"] <= until]


def end_with_parent() -> None:
    """Ask the kernel for SIGTERM when the benchmark that started this server dies, even by
    SIGKILL (a test's timeout), so no server is left serving as an orphan beside later work.

    Linux only. The signal follows the thread that started us (the benchmark starts its
    servers from its main thread); a parent that died before the call is caught by the
    parent pid check after it."""
    parent = os.environ.pop(PARENT_ENV, None)
    if parent is None or not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(parent):
        os._exit(1)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3 or args[0] != RUNLOG_FLAG:
        raise SystemExit(f"usage: python -m nap_data.bench.serve_timed {RUNLOG_FLAG} FILE app.py")
    end_with_parent()
    install(Path(args[1]))
    from streamlit.web import cli

    cli.main(args=["run", *args[2:]], prog_name="streamlit")


if __name__ == "__main__":
    main()
