"""The `rerun` part: server-side time of one Overview page run, through Streamlit's AppTest.

AppTest runs the page script in this process, as the server would for one session, without
a browser or a websocket. The page is reached the way a deep link reaches it: `app.py` is
the entry and `switch_page` opens pages/1_Overview.py before the first run (sign-in off,
`NAP_AUTH=none`, so the local user sees every return).

- warm: after a first run, one filter of the sidebar changes and the rerun is timed. Each
  timed run shows a filter state (year range, goals) not shown before in the process, so
  nothing the page may cache per filter state is a hit; what a data version prepares
  (frames, the Overview's base) is.
- cold: the first run of a fresh AppTest with Streamlit's caches cleared
  (st.cache_data.clear(), st.cache_resource.clear()): a new engine, the schema check, every
  frame the Overview reads loaded from the store, the Overview's base prepared, the charts
  built. Python's imports are not in it (a warm-up run on the same store comes first), as
  on a server that has served any page before.
- apptest: AppTest's own cost for a run of a trivial script (one text element), to be
  subtracted by the reader; its share grows a little with the number of elements.

A warm W2 rerun is profiled once (cProfile in the script's thread); its top functions of
the app's own code go into the figure's `extra`.
"""

from __future__ import annotations

import cProfile
import io
import itertools
import os
import pstats
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nap_data.bench.context import Context
from nap_data.bench.results import Figure

REPO = Path(__file__).resolve().parents[2]
OVERVIEW = "pages/1_Overview.py"
TIMEOUT = 600  # seconds for one run: a cold W2 run loads a million rows


@contextmanager
def _one_script_cache() -> Iterator[None]:
    """A server compiles a page once (its ScriptCache lives as long as the server); AppTest
    makes a new one per run, so every run would compile the page again (its AST rewritten
    for Streamlit's magic): about 10 ms that no server pays. One cache for the whole part."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    shared = ScriptCache()
    original = app_test.ScriptCache
    app_test.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache = original


def _compile_cost(ctx: Context) -> Figure:
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    path = str(REPO / OVERVIEW)
    median, samples = ctx.median(lambda: ScriptCache().get_bytecode(path))
    return Figure(
        "rerun.apptest_compile",
        median,
        "s",
        samples,
        note="compiling the Overview script: AppTest's cost per run, left out above (a "
        "server compiles once)",
    )


@contextmanager
def _store(url: str) -> Iterator[None]:
    """The app reads its store and sign-in mode from the environment, as in production."""
    saved = {k: os.environ.get(k) for k in ("NAP_DATABASE_URL", "NAP_AUTH")}
    os.environ["NAP_DATABASE_URL"], os.environ["NAP_AUTH"] = url, "none"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def _opened():
    """A fresh AppTest on the Overview, not yet run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "nl"
    at.switch_page(OVERVIEW)
    return at


def _checked(at) -> None:
    if at.exception:
        raise RuntimeError(f"the Overview failed: {at.exception[0].value}")
    if len(at.get("vega_lite_chart")) < 2:  # returns and indicators; goals when any activity
        raise RuntimeError("the Overview drew no charts")


def _timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    took = time.perf_counter() - t
    _checked(at)
    return took


def _filter_states(url: str) -> Iterator[tuple[tuple[int, int], list[int]]]:
    """Filter states (year range, chosen goals) of the store's current plan, each differing
    from the one before and none repeating for as long as the years and goals allow."""
    from nap_data import store
    from nap_data.plan import choose
    from nap_data.plan_store import load_plans

    engine = store.make_engine(url)
    try:
        plan = choose(load_plans(engine), None)
    finally:
        engine.dispose()
    first, goals = plan.start_year, list(plan.goal_numbers)
    ends = list(plan.years[1:]) or [first]
    pairs = [[a, b] for a, b in zip(goals, goals[1:], strict=False)]
    picks = [[], *([g] for g in goals), *pairs]
    return itertools.cycle([((first, end), pick) for pick in picks for end in ends])


def _set(at, state) -> None:
    years, goals = state
    at.select_slider(key="years").set_value(years)
    at.multiselect(key="goal").set_value(goals)


def _cold(ctx: Context, runs: int) -> tuple[float, tuple[float, ...]]:
    samples = []
    for _ in range(runs):
        _clear_caches()
        samples.append(_timed_run(_opened()))
    return statistics.median(samples), tuple(samples)


def _warm(ctx: Context, at, states, runs: int) -> tuple[float, tuple[float, ...]]:
    _set(at, next(states))  # a first change: widget state and per-run caches settle
    _timed_run(at)
    samples = []
    for _ in range(runs):
        _set(at, next(states))
        samples.append(_timed_run(at))
    return statistics.median(samples), tuple(samples)


def _apptest_overhead(ctx: Context) -> Figure:
    from streamlit.testing.v1 import AppTest

    def trivial():
        import streamlit as st

        st.text("x")

    at = AppTest.from_function(trivial, default_timeout=60)
    median, samples = ctx.median(lambda: at.run(), warmup=1)
    return Figure(
        "rerun.apptest_overhead",
        median,
        "s",
        samples,
        note="AppTest's own cost of one run (a one-element script), in every figure above",
    )


@contextmanager
def _profiled() -> Iterator[cProfile.Profile]:
    """cProfile around the page script, which AppTest runs in a thread of its own."""
    from streamlit.runtime.scriptrunner import script_runner

    profile = cProfile.Profile()
    original = script_runner.exec_func_with_error_handling

    def wrapped(func, ctx):
        profile.enable()
        try:
            return original(func, ctx)
        finally:
            profile.disable()

    script_runner.exec_func_with_error_handling = wrapped
    try:
        yield profile
    finally:
        script_runner.exec_func_with_error_handling = original


def _top(profile: cProfile.Profile, n: int = 15) -> list[str]:
    """The app's functions (nap_data, pages) with the most cumulative time, and the
    libraries' with the most own time: where a rerun goes."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
        rows.append((file, line, func, tt, ct))
    repo = f"{REPO}/"
    mine = [r for r in rows if r[0].startswith(repo) and "site-packages" not in r[0]]
    ours = sorted(mine, key=lambda r: -r[4])[:n]
    theirs = sorted((r for r in rows if r not in mine), key=lambda r: -r[3])[:8]
    lines = [
        f"cum {ct * 1000:7.1f} ms  {f.removeprefix(repo)}:{ln} {fn}" for f, ln, fn, _, ct in ours
    ]
    lines += [
        f"own {tt * 1000:7.1f} ms  {f.split('site-packages/')[-1]}:{ln} {fn}"
        for f, ln, fn, tt, _ in theirs
    ]
    return lines


def _part(ctx: Context, name: str, url: str, profile: bool) -> list[Figure]:
    cold_runs = max(1, min(ctx.runs, 3))  # a cold W2 run loads the whole store
    with _store(url):
        _clear_caches()
        _timed_run(_opened())  # imports and first-use costs, untimed
        cold, cold_samples = _cold(ctx, cold_runs)
        at = _opened()
        _timed_run(at)
        states = _filter_states(url)
        warm, warm_samples = _warm(ctx, at, states, ctx.runs)
        extra = {}
        if profile:
            with _profiled() as prof:
                for _ in range(2):
                    _set(at, next(states))
                    _timed_run(at)
            extra["profile_two_warm_runs"] = _top(prof)
    ctx.log(f"rerun {name}: cold {cold:.2f} s, warm {warm * 1000:.0f} ms")
    return [
        Figure(
            f"rerun.{name}.warm",
            warm,
            "s",
            warm_samples,
            note=f"Overview rerun after a filter change (year range, goals), {name.upper()}; "
            "each run a new filter state; AppTest overhead included",
            extra=extra,
        ),
        Figure(
            f"rerun.{name}.cold",
            cold,
            "s",
            cold_samples,
            note=f"Overview first run, caches cleared: engine, schema check, frames loaded "
            f"from the {name.upper()} store, Overview base prepared, charts; no imports",
        ),
    ]


def run(ctx: Context) -> list[Figure]:
    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest outside a server warns of "no runtime" on every start
    with _one_script_cache():
        figures = _part(ctx, "w1", ctx.w1(), profile=False)
        figures += _part(ctx, "w2", ctx.w2(), profile=True)
        figures.append(_apptest_overhead(ctx))
    figures.append(_compile_cost(ctx))
    _clear_caches()
    return figures
