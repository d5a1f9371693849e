"""The app's real server for the benchmark: started through `serve_timed`, on a loopback port,
healthy before use, stopped cleanly; and the memory of its process (and any children)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nap_data
from nap_data.bench import serve_timed

REPO = Path(nap_data.__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`with Server(url, workdir, "w1") as srv:` the app serving store `url` at `srv.base`."""

    def __init__(self, store_url: str, workdir: Path, name: str, health_timeout: float = 120):
        self.store_url = store_url
        self.runlog = workdir / f"server-{name}.runlog.jsonl"
        self.outlog = workdir / f"server-{name}.log"
        self.health_timeout = health_timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        self.runlog.unlink(missing_ok=True)
        # The app must read only the store under test and sign nobody in; a developer's own
        # NAP_* settings (another store, OIDC) would change what is measured.
        env = {k: v for k, v in os.environ.items() if not k.startswith("NAP_")}
        env.update(NAP_DATABASE_URL=self.store_url, NAP_AUTH="none")
        cmd = [sys.executable, "-m", "nap_data.bench.serve_timed", serve_timed.RUNLOG_FLAG]
        cmd += [str(self.runlog), "app.py", "--server.headless", "true"]
        cmd += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        cmd += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        with self.outlog.open("w") as out:
            env[serve_timed.PARENT_ENV] = str(os.getpid())  # it ends when we do
            self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + self.health_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}): {self.outlog}")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server was not healthy within {self.health_timeout:g} s")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # Streamlit shuts down its sessions on TERM
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def first_runs(self) -> dict[str, serve_timed.FirstRun]:
        return serve_timed.first_runs(serve_timed.read_log(self.runlog))

    def memory(self) -> dict[str, float]:
        """VmHWM (peak) and VmRSS (now) in MB of the server and its descendants, summed."""
        return process_memory(self.pid)


def _status_kb(pid: int, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process ended between listing and reading
        return 0
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def descendants(pid: int) -> list[int]:
    """Every live process below `pid`, read from /proc (no psutil needed)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in (...) may hold spaces
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def process_memory(pid: int) -> dict[str, float]:
    pids = [pid, *descendants(pid)]
    return {
        "hwm_mb": sum(_status_kb(p, "VmHWM") for p in pids) / 1024,
        "rss_mb": sum(_status_kb(p, "VmRSS") for p in pids) / 1024,
        "processes": len(pids),
    }


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each live process (utime, stime of /proc/<pid>/stat)."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / _TICK
    return out


def machine_seconds() -> tuple[float, float]:
    """CPU seconds all cores were busy since boot, and seconds the hypervisor took from this
    machine (steal), from the `cpu` line of /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq) / _TICK, steal / _TICK


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class CpuMeter:
    """CPU seconds used between `start()` and `stop()` by the server's process tree, by the
    browser side (the other processes below this one: Playwright's driver and Chromium) and
    by the whole machine, so that a round shows who had the two cores."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def _sample(self) -> tuple:
        server = {self.server_pid, *descendants(self.server_pid)}
        mine = [p for p in descendants(os.getpid()) if p not in server and comm(p) != "py-spy"]
        busy, steal = machine_seconds()
        return cpu_seconds(sorted(server)), cpu_seconds(mine), busy, steal, time.monotonic()

    def start(self) -> None:
        self._before = self._sample()

    def stop(self) -> dict[str, float]:
        after = self._sample()
        before = self._before

        def used(i: int) -> float:  # processes born during the round start from zero
            return sum(v - before[i].get(p, 0.0) for p, v in after[i].items())

        return {
            "wall_s": after[4] - before[4],
            "server_cpu_s": used(0),
            "browser_cpu_s": used(1),
            "machine_busy_s": after[2] - before[2],
            "machine_steal_s": after[3] - before[3],
        }
