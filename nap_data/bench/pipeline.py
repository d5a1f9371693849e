"""Part 2 of the benchmark: the Overview figure pipeline for one filter change.

For W1 (the demo store) and W2 (a million activity reports and indicator values at
--scale 1): the frames the app loads (`queries.load_figure_frames`, data scope "submitted
and approved") are prepared once (`metrics.overview.prepare`, timed as
pipeline.w2.prepare), then `overview_figures` is timed over a fixed cycle of realistic
filter changes; the figure is the median time of one change. The same cycle is timed for
the pandas reference (nap_data.bench.pandas_reference, from the same frames converted once
with `to_pandas()`) and the NumPy floor (nap_data.bench.numpy_floor). Before anything is
timed, the pandas reference must give the app's numbers for every filter of the cycle and
the floor the app's activities and budget per goal and focus; otherwise the part fails.
The Overview's highlights are not in the pipeline: the page filters the (small)
narratives frame as before.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

import numpy as np
import polars as pl

from nap_data import queries, store
from nap_data.bench.numpy_floor import FOCUSES, NumpyFloor
from nap_data.bench.pandas_reference import PandasOverview
from nap_data.bench.results import Figure
from nap_data.filters import Filters
from nap_data.metrics.overview import OverviewFigures, overview_figures, prepare
from nap_data.vocab import DataScope

SCOPE = DataScope.SUBMITTED_AND_APPROVED


def run(ctx) -> list[Figure]:
    figures = _measure(ctx, "w1", ctx.w1())
    try:
        url = ctx.w2()
    except NotImplementedError as exc:  # the W2 store builder is not there yet
        ctx.log(f"pipeline: no W2 store ({exc})")
        return figures
    return figures + _measure(ctx, "w2", url)


def cycle(frames) -> list[Filters]:
    """The filter changes a board member makes on the Overview, in order: the default (the
    whole plan), the year back twice, a goal, then foreign focus, an organisation type, a
    country (the one most activities list) and an earlier year."""
    plan = frames.plan
    years = frames.reports["year"].filter(frames.reports["year"] <= plan.end_year)
    last = int(years.max()) if years.len() else plan.end_year
    top = (
        frames.reports.select(pl.col("countries").explode(empty_as_null=False).drop_nulls())
        .to_series()
        .value_counts(sort=True)
    )
    country = top[0, 0] if top.height else "ML"
    goal = plan.goal_numbers[1 if len(plan.goal_numbers) > 1 else 0]
    start = Filters.whole_plan(plan)
    at = start.__class__
    return [
        start,
        at(plan.start_year, last),
        at(plan.start_year, last - 1),
        at(plan.start_year, last - 1, goals=(goal,)),
        at(plan.start_year, last - 1, goals=(goal,), focus=("foreign",)),
        at(plan.start_year, last, focus=("foreign",)),
        at(plan.start_year, last, org_types=("cso",)),
        at(plan.start_year, last, countries=(country,)),
        at(plan.start_year, max(plan.start_year, last - 2), org_types=("ministry",)),
    ]


def as_plain(fig: OverviewFigures) -> dict:
    """The app's figures in the pandas reference's plain form (budgets to the cent)."""

    def cents(d: dict) -> dict:
        out = dict(d)
        if out.get("budget_eur") is not None:
            out["budget_eur"] = round(out["budget_eur"], 2)
        return out

    return {
        "now": cents(fig.now),
        "before": cents(fig.before),
        "change": cents(fig.change),
        "per_goal": [
            (g, fo, a, round(b, 2))
            for g, fo, a, b in fig.per_goal.select(
                "goal", "focus", "activities", "budget_eur"
            ).iter_rows()
        ],
        "returns": list(fig.returns_summary.iter_rows()),
        "indicators": list(fig.indicator_counts.iter_rows()),
    }


def check_pandas(base, ref: PandasOverview, filters: list[Filters]) -> None:
    for f in filters:
        app, other = as_plain(overview_figures(base, f)), ref.figures(f)
        for key, value in app.items():
            if other[key] != value:
                raise AssertionError(f"pandas reference differs for {f}: {key}: {other[key]}")


def check_floor(base, floor: NumpyFloor, filters: list[Filters]) -> None:
    goals = tuple(base.plan.goal_numbers)
    for f in filters:
        app = overview_figures(base, f.with_year(f.year_to))
        count, budget = floor.per_goal(f, f.year_to)
        want = {(g, fo): (a, round(b, 2)) for g, fo, a, b in as_plain(app)["per_goal"]}
        for (g, fo), (a, b) in want.items():
            cell = (goals.index(g), FOCUSES.index(fo))
            if (int(count[cell]), round(float(budget[cell]), 2)) != (a, b):
                raise AssertionError(f"NumPy floor differs for {f}: goal {g}, {fo}")


def per_change(ctx, fn: Callable[[Filters], object], filters: list[Filters], runs: int):
    """The median time of one filter change over `runs` rounds of the cycle (one untimed
    round first), and the median of each filter."""
    for f in filters:
        fn(f)
    samples: list[float] = []
    each: dict[int, list[float]] = {i: [] for i in range(len(filters))}
    for _ in range(runs):
        gc.collect()
        for i, f in enumerate(filters):
            t = time.perf_counter()
            fn(f)
            dt = time.perf_counter() - t
            samples.append(dt)
            each[i].append(dt)
    by_filter = {str(filters[i].to_query()): statistics.median(v) for i, v in each.items()}
    return statistics.median(samples), tuple(samples), by_filter


def _measure(ctx, name: str, url: str) -> list[Figure]:
    engine = store.make_engine(url)
    try:
        frames = queries.load_figure_frames(engine, SCOPE)
    finally:
        engine.dispose()
    rows = {"reports": frames.reports.height, "values": frames.values.height}
    ctx.log(f"pipeline {name}: {rows['reports']:,} reports, {rows['values']:,} values")
    args = (
        frames.reports,
        frames.values,
        frames.organisations,
        frames.submissions,
        frames.indicators,
        frames.plan,
    )
    prep_s, prep_samples = ctx.median(lambda: prepare(*args), runs=min(ctx.runs, 3), warmup=0)
    base = prepare(*args)
    filters = cycle(frames)
    ref = PandasOverview(frames)  # to_pandas once, outside the timing
    floor = NumpyFloor(frames.reports, tuple(frames.plan.goal_numbers))
    check_pandas(base, ref, filters)
    check_floor(base, floor, filters)
    ctx.log(f"pipeline {name}: pandas reference and NumPy floor agree with the app")

    app_s, app_samples, app_each = per_change(
        ctx, lambda f: overview_figures(base, f), filters, ctx.runs
    )
    pd_runs = ctx.runs if name == "w1" else min(ctx.runs, 3)
    pd_s, pd_samples, pd_each = per_change(ctx, ref.figures, filters, pd_runs)
    np_s, np_samples, _ = per_change(ctx, floor.figures, filters, ctx.runs)
    n = len(filters)
    what = f"median of one change over a cycle of {n} filter changes"
    info = {**rows, "filters": n}
    out = [
        Figure(
            f"pipeline.{name}.polars",
            app_s,
            "s",
            app_samples,
            f"overview_figures(prepared base, filters): {what}; key figures of the year and "
            "the year before, per goal and focus, returns, indicator states",
            {**info, "per_filter": app_each},
        ),
        Figure(
            f"pipeline.{name}.pandas",
            pd_s,
            "s",
            pd_samples,
            f"the same figures in pandas from the loaded frames (to_pandas once): {what}; "
            f"checked equal to the app for all {n} filters",
            {**info, "per_filter": pd_each, "runs": pd_runs},
        ),
        Figure(
            f"pipeline.{name}.numpy",
            np_s,
            "s",
            np_samples,
            f"NumPy floor, masks + bincount on prepared arrays, per goal and focus of the "
            f"year and the year before only: {what}; per goal checked equal to the app",
            info,
        ),
        Figure(
            f"pipeline.{name}.speedup",
            pd_s / app_s if app_s else float("nan"),
            "x",
            note="pandas reference median / app median, same run, same filters",
        ),
    ]
    if name == "w2":
        out.append(
            Figure(
                "pipeline.w2.prepare",
                prep_s,
                "s",
                prep_samples,
                "metrics.overview.prepare from the loaded frames, once per data version "
                "(median of up to 3)",
                {**info, "floor_vs_app": float(np.float64(np_s / app_s)) if app_s else None},
            )
        )
    return out


__all__ = ["run", "cycle", "as_plain", "check_pandas", "check_floor"]
