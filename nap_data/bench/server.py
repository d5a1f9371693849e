"""Part 6 of the benchmark: the app's real server under concurrent browser sessions (W1), and
its peak memory with the W2 store loaded and five sessions (part 5's figure).

Each round opens N contexts of one headless Chromium at once on `/Overview` and waits until
every one shows its first chart and the server logged the end of every session's first run.
Browsers and server share the machine's cores, so N browsers also slow the server down."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass

from nap_data.bench import profile
from nap_data.bench.browsers import Visit, chromium, close, open_at_once
from nap_data.bench.context import Context
from nap_data.bench.live_server import CpuMeter, Server
from nap_data.bench.results import Figure
from nap_data.bench.serve_timed import FirstRun, full_gcs, read_log

OVERVIEW = "/Overview"
OVERVIEW_SCRIPT = "pages/1_Overview.py"
SHARED_CORES = "browsers and the server share the machine's cores"


def run(ctx: Context) -> list[Figure]:
    return asyncio.run(_run(ctx))


async def _run(ctx: Context) -> list[Figure]:
    async with chromium() as browser:
        figures = await _sessions(ctx, browser)
        figures += await _memory(ctx, browser)
    return figures


@dataclass(frozen=True)
class Round:
    """N sessions opened at once: their browser visits, the server's first runs of exactly
    those sessions, and the full garbage collections the server ran meanwhile."""

    visits: list[Visit]
    runs: list[FirstRun]
    full_gcs: list[float]
    cpu: dict[str, float]


async def _round(srv: Server, browser, n: int, timeout_s: float = 180) -> Round:
    known = {e["session"] for e in read_log(srv.runlog) if e.get("session")}
    meter = CpuMeter(srv.pid)
    meter.start()
    since = time.monotonic()
    visits, contexts = await open_at_once(browser, srv.base + OVERVIEW, n, timeout_s, keep=True)
    try:
        runs = await _first_runs_of_new(srv, known, n, timeout_s)
        cpu = meter.stop()  # before the tabs close: their renderer processes still count
    finally:
        await close(contexts)  # only now: closing a tab mid-run would stop its run
    gcs = full_gcs(read_log(srv.runlog), since, max(r.end for r in runs))
    # Closed tabs leave disconnected sessions on the server for its TTL (120 s by default),
    # as real visitors do; a short pause lets it handle the disconnects before the next round.
    await asyncio.sleep(0.5)
    return Round(visits, runs, gcs, cpu)


async def _first_runs_of_new(srv: Server, known: set, n: int, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while True:
        new = [r for sid, r in srv.first_runs().items() if sid not in known]
        if len(new) >= n:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(new)} of {n} sessions finished a first run: {srv.runlog}")
        await asyncio.sleep(0.1)
    wrong = sorted({r.script for r in new if r.script != OVERVIEW_SCRIPT}, key=str)
    if wrong:
        raise RuntimeError(f"a session opened at {OVERVIEW} ran {wrong}, not {OVERVIEW_SCRIPT}")
    return new


def _repeats(ctx: Context, n: int) -> int:
    if ctx.smoke:
        return 1
    return max(3, ctx.runs) if n <= 5 else min(2, max(1, ctx.runs))


def _size(ctx: Context, n: int) -> int:
    """Sessions per round: a smoke run opens 1, 2 and 3 instead of 1, 5 and 20."""
    return {1: 1, 5: 2, 20: 3}[n] if ctx.smoke else n


async def _sessions(ctx: Context, browser) -> list[Figure]:
    rounds: dict[int, list[Round]] = {1: [], 5: [], 20: []}
    with Server(ctx.w1(), ctx.workdir, "w1") as srv:
        ctx.log(f"server on W1 at {srv.base} (pid {srv.pid}); one session to warm its caches")
        cold = await _round(srv, browser, 1)
        # 1 and 5 alternate, so that both see the same server and machine state
        for i in range(_repeats(ctx, 5)):
            for n in (1, 5):
                rounds[n].append(await _round(srv, browser, _size(ctx, n)))
                ctx.log(f"round {i + 1}, {n} at once: {_brief(rounds[n][-1])}")
        spy = profile.start(srv.pid, ctx.workdir / "server-w1-20.pyspy.txt")
        for i in range(_repeats(ctx, 20)):
            rounds[20].append(await _round(srv, browser, _size(ctx, 20)))
            ctx.log(f"round {i + 1}, 20 at once: {_brief(rounds[20][-1])}")
        top = profile.stop(spy)
    figures = [_server_figure("server.w1.first_run.cold", [cold], 1)]
    figures.append(_browser_figure("browser.w1.first_chart.cold", [cold], 1))
    for n in (1, 5, 20):
        figures.append(_server_figure(f"server.w1.first_run.{n}", rounds[n], n))
        if n > 1:
            figures.append(_server_median_figure(f"server.w1.first_run.{n}.median", rounds[n], n))
        figures.append(_browser_figure(f"browser.w1.first_chart.{n}", rounds[n], n))
    if top:  # where the server's Python time went while 20 sessions queued for it
        figures = [_with_extra(f, profile=top) if f.key.endswith(".20") else f for f in figures]
    figures.append(_ratio(figures))
    return figures


def _brief(r: Round) -> str:
    server = max(x.from_request for x in r.runs)
    browser = statistics.median(v.seconds for v in r.visits)
    gcs, cpu = sum(r.full_gcs), r.cpu
    return (
        f"server max {server:.2f} s, browser median {browser:.2f} s, full GCs {gcs:.2f} s; "
        f"CPU s in {cpu['wall_s']:.1f} s: server {cpu['server_cpu_s']:.1f}, browsers "
        f"{cpu['browser_cpu_s']:.1f}, machine {cpu['machine_busy_s']:.1f} "
        f"(steal {cpu['machine_steal_s']:.1f}), load {os.getloadavg()[0]:.1f}"
    )


def _server_figure(key: str, rounds: list[Round], n: int) -> Figure:
    maxima = [max(x.from_request for x in r.runs) for r in rounds]
    every = [x.from_request for r in rounds for x in r.runs]
    what = "alone" if n == 1 else f"{n} at once, the slowest session of a round"
    note = (
        f"server: the run request's arrival to the end of the first Overview run, {what}; "
        f"median of {len(rounds)} round(s); W1; {SHARED_CORES}"
    )
    if key.endswith(".cold"):
        note = "server: the first session after the server start (cold caches), W1"
    extra = {
        "worst_session": max(every),
        "median_session": statistics.median(every),
        # from the websocket connection: adds the browser's own time to ask for the run
        "median_from_connect": statistics.median(x.from_connect for r in rounds for x in r.runs),
        "worst_from_connect": max(x.from_connect for r in rounds for x in r.runs),
        # run start to end only: without any wait for a script thread before the run
        "median_run_only": statistics.median(x.from_start for r in rounds for x in r.runs),
        "sessions": len(every),
        "reruns_in_first_runs": sum(x.runs_started - 1 for r in rounds for x in r.runs),
        "full_gc_seconds_per_round": [round(sum(r.full_gcs), 3) for r in rounds],
        "full_gcs_per_round": [len(r.full_gcs) for r in rounds],
        "cpu_per_round": [_cpu(r) for r in rounds],
        "clock": "server monotonic: rerun_script BackMsg arrival (Runtime.handle_backmsg) to "
        "SCRIPT_STOPPED_WITH_SUCCESS of the session's first run",
    }
    return Figure(key, statistics.median(maxima), "s", tuple(maxima), note, extra)


def _server_median_figure(key: str, rounds: list[Round], n: int) -> Figure:
    every = [x.from_request for r in rounds for x in r.runs]
    medians = [statistics.median(x.from_request for x in r.runs) for r in rounds]
    note = f"server: run request to first-run end, {n} at once, the median session; W1"
    return Figure(key, statistics.median(every), "s", tuple(medians), note)


def _browser_figure(key: str, rounds: list[Round], n: int) -> Figure:
    medians = [statistics.median(v.seconds for v in r.visits) for r in rounds]
    every = [v.seconds for r in rounds for v in r.visits]
    what = "alone, warm server caches" if n == 1 else f"{n} contexts at once, median session"
    note = f"Chromium: goto to the first chart visible, {what}; median of {len(rounds)} round(s)"
    if key.endswith(".cold"):
        note = "Chromium: goto to the first chart, the first session after the server start"
    else:
        note += f"; {SHARED_CORES}"
    sockets = [v.to_socket for r in rounds for v in r.visits if v.to_socket is not None]
    extra = {
        "worst_session": max(every),
        "sessions": len(every),
        # goto to the websocket: the page and Streamlit's frontend loaded and started
        "median_goto_to_websocket": statistics.median(sockets) if sockets else None,
        "cpu_per_round": [_cpu(r) for r in rounds],
    }
    return Figure(key, statistics.median(medians), "s", tuple(medians), note, extra)


def _cpu(r: Round) -> dict[str, float]:
    return {k: round(v, 2) for k, v in r.cpu.items()}


def _ratio(figures: list[Figure]) -> Figure:
    by_key = {f.key: f for f in figures}
    one, five = by_key["browser.w1.first_chart.1"], by_key["browser.w1.first_chart.5"]
    note = f"median first chart, 5 at once / one alone, same server and run; {SHARED_CORES}"
    return Figure("browser.w1.ratio_5_to_1", five.value / one.value, "x", note=note)


def _with_extra(fig: Figure, **extra) -> Figure:
    return Figure(fig.key, fig.value, fig.unit, fig.samples, fig.note, {**fig.extra, **extra})


def _w2_or_none(ctx: Context) -> str | None:
    try:
        return ctx.w2()
    except NotImplementedError:
        return None


async def _memory(ctx: Context, browser) -> list[Figure]:
    url, which = _w2_or_none(ctx), "w2"
    if url is None:  # the W2 builder has not landed: measure W1, leave the W2 figure open
        ctx.log("no W2 store builder yet: memory measured on W1 under its own key")
        url, which = ctx.w1(), "w1"
    with Server(url, ctx.workdir, f"{which}-memory", health_timeout=180) as srv:
        idle = srv.memory()
        ctx.log(f"server on {which.upper()} (pid {srv.pid}) at {idle['rss_mb']:.0f} MB; 5 sessions")
        known = {e["session"] for e in read_log(srv.runlog) if e.get("session")}
        five = _size(ctx, 5)
        visits, contexts = await open_at_once(
            browser, srv.base + OVERVIEW, five, timeout_s=900, keep=True
        )
        try:
            runs = await _first_runs_of_new(srv, known, five, timeout_s=900)
            mem = srv.memory()
        finally:
            await close(contexts)
    size = f"{ctx.w2_reports:,} reports, {ctx.w2_values:,} values" if which == "w2" else "W1"
    note = (
        f"VmHWM of the server process (+children), {size}, five sessions opened at once "
        "on the Overview and saw their first chart"
    )
    extra = {
        "rss_after_mb": mem["rss_mb"],
        "rss_idle_mb": idle["rss_mb"],
        "processes": mem["processes"],
        "first_chart_s": [v.seconds for v in visits],
        "first_run_s": [r.from_request for r in runs],
    }
    rss_note = f"VmRSS of the server after those five sessions, {size}"
    return [
        Figure(f"memory.{which}.5_sessions", mem["hwm_mb"], "MB", note=note, extra=extra),
        Figure(f"memory.{which}.5_sessions.rss_after", mem["rss_mb"], "MB", note=rss_note),
    ]
