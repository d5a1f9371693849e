"""Where the server spends its CPU during a round: py-spy samples the server's Python stacks
(`py-spy record --format raw`, without pausing the process) and this sums them by function.
Optional: without py-spy in the venv (`pip install py-spy`) the benchmark runs without it."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nap_data

# A frame of py-spy's raw (collapsed) output: "function (path/to/file.py:123)"
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")
APP_PARTS = ("nap_data/", "pages/", "app.py")
WRAPPER = "nap_data/bench/"  # the timing wrapper's own frames sit below every stack
# Which thread a stack belongs to, by a frame that only that kind of thread has (py-spy's raw
# output names no threads).
KINDS = (
    ("script runs", "ScriptRunner._run_script_thread"),
    ("event loop: HTTP, static files, websockets", "_run_server_loop"),
)
# Time spent in `_on_script_finished` itself is its `gc.collect(2)` (a C call, so py-spy
# shows no frame below it): Streamlit's runner.postScriptGC after every script run.
FULL_GC = "full GC after a run (runner.postScriptGC)"
_REPO = f"{Path(nap_data.__file__).resolve().parents[1]}/"


def _py_spy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start(pid: int, out: Path, rate: int = 25) -> tuple[subprocess.Popen, Path] | None:
    exe = _py_spy()
    if exe is None:
        return None
    cmd = [exe, "record", "--pid", str(pid), "--output", str(out), "--format", "raw"]
    # --gil: only the thread that holds the GIL, i.e. the Python work that the sessions queue
    # for (idle and waiting threads would drown it); --nonblocking: the server is not paused.
    cmd += ["--rate", str(rate), "--gil", "--nonblocking"]
    log = out.with_suffix(".log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=log)
    log.close()
    return proc, out


def stop(spy: tuple[subprocess.Popen, Path] | None, top: int = 12) -> dict | None:
    """Stop py-spy (it writes its file on SIGINT) and summarise the samples."""
    if spy is None:
        return None
    proc, out = spy
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    if not out.exists():
        return None
    return summarise(out.read_text(encoding="utf-8"), top)


def _short(file: str) -> str:
    for marker in ("site-packages/", _REPO):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def _frames(stack: str) -> list[str]:
    names = []
    for frame in stack.split(";"):
        m = _FRAME.match(frame.strip())
        names.append(f"{m['func']} ({_short(m['file'])})" if m else frame.strip())
    return names


def _kind(stack: str, top: str) -> str:
    if top.startswith("ScriptRunner._on_script_finished "):
        return FULL_GC
    return next((kind for kind, mark in KINDS if mark in stack), "other threads")


def summarise(raw: str, top: int = 12) -> dict:
    """Shares of the samples: in each function (inclusive), in app functions, and at the
    top of the stack (self time), from py-spy's "frame;frame;... count" lines."""
    inclusive, own, kinds = Counter(), Counter(), Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n, frames = int(count), _frames(stack)
        total += n
        for name in set(frames):  # a recursive function counts once per sample
            inclusive[name] += n
        own[frames[-1]] += n
        kinds[_kind(stack, frames[-1])] += n
    if total == 0:
        return {"samples": 0}

    def shares(counter: Counter, keep=lambda name: True) -> list[str]:
        rows = [(k, v) for k, v in counter.most_common() if keep(k)][:top]
        return [f"{100 * v / total:.0f}% {k}" for k, v in rows]

    def is_app(name: str) -> bool:
        return any(part in name for part in APP_PARTS) and WRAPPER not in name

    return {
        "samples": total,
        "by_thread": shares(kinds),
        "inclusive_app": shares(inclusive, is_app),
        "self": shares(own),
    }
