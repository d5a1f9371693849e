"""The returns part: the template for one organisation, and validate + import of a return
of 1,000 activities and of one of 50,000 rows, through the pipeline the Returns page uses.

The workbooks are made once from the real template (`build_template`, prefilled with the
rows a signatory would type: the same labels and cells the reader takes back). Every
timed import runs against a fresh copy of the W1 store, copied before the clock starts,
so each run imports a new version the same way. Only `import_return` is timed: it is
what the upload panel calls (file check -> read -> validate -> diff -> write, one
transaction), with the framework read from the store as the panel does.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import time
from pathlib import Path

from nap_data import store
from nap_data.bench.context import Context
from nap_data.bench.results import Figure
from nap_data.framework import Framework
from nap_data.plan_store import load_frameworks
from nap_data.returns.content import ActivityRow
from nap_data.returns.filecheck import MB, Limits
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM
from nap_data.services.imports import ACCEPTED, import_return
from nap_data.services.review import template_start

ORG, ORG_NAME = "ORG005", "Benchmark signatory"
COUNTRIES = ("ML", "NE", "SO", "SD", "CO", "UA", "AF", "IQ")
# A 50,000-row return is over the file gate's default caps (20,000 rows a sheet, 100,000
# cells in all; "a return has a few thousand"), so the app refuses one today. The large
# figure is measured with only those caps raised; every check still runs.
LARGE_LIMITS = Limits(max_bytes=64 * MB, max_uncompressed=512 * MB, max_rows=60_000,
                      max_cells=1_000_000)  # fmt: skip


def run(ctx: Context) -> list[Figure]:
    url = ctx.w1()
    source = Path(url.removeprefix("sqlite:///"))
    engine = store.make_engine(url)
    try:
        fw = load_frameworks(engine)[0]
        year = _year(fw)
        figures = [_template_figure(ctx, engine, fw, year)]
    finally:
        engine.dispose()
    small, large = ctx.return_sizes
    for key, rows, limits in (
        ("returns.import_1000", small, None),
        ("returns.import_50000", large, LARGE_LIMITS),
    ):
        data = _workbook(ctx, fw, year, rows)
        runs = ctx.runs if rows <= 5_000 else 1  # the large one takes a while: one run
        timed = [_timed_import(ctx, source, data, rows, limits) for _ in range(runs)]
        samples = [wall for wall, _ in timed]
        note = f"{rows:,} activities, {len(data) / MB:.1f} MB, {runs} run(s) on fresh W1 copies"
        if limits is not None:
            note += "; gate caps raised (default: 20,000 rows a sheet, 100,000 cells)"
        figures.append(
            # CPU seconds too: on a shared machine the wall time also counts the waiting.
            Figure(
                key,
                statistics.median(samples),
                "s",
                tuple(samples),
                note,
                {"rows": rows, "cpu_s": [round(cpu, 3) for _, cpu in timed]},
            )
        )
    return figures


def _year(fw: Framework) -> int:
    """The plan's year that the demo's returns are still coming in for (a new version)."""
    return min(fw.end_year, fw.start_year + 4)


def _template_figure(ctx: Context, engine, fw: Framework, year: int) -> Figure:
    def template() -> bytes:  # what the template button's callback does
        start = template_start(engine, SYSTEM, ORG, year)
        return build_template(
            fw, ORG, ORG_NAME, year, start.activities, "nl",
            indicators=start.indicators, narratives=start.narratives,
        )  # fmt: skip

    value, samples = ctx.median(template)
    return Figure("returns.template", value, "s", samples, f"{ORG} {year}, prefilled from W1")


def activity_rows(fw: Framework, year: int, n: int) -> list[ActivityRow]:
    """`n` valid activities as a signatory would type them: every field filled in, goals,
    focus, statuses and countries varied, dates inside the plan."""
    goals = [g.number for g in fw.goals]
    start = dt.date(max(fw.start_year, year - 2), 1, 1)
    rows = []
    for i in range(n):
        focus = ("national", "foreign", "both")[i % 3]
        countries = () if focus == "national" else tuple(COUNTRIES[i % 8 : i % 8 + 1 + i % 3])
        status = ("ongoing", "completed", "ongoing", "planned")[i % 4]
        rows.append(
            ActivityRow(
                reference=f"BENCH-{i + 1:05d}",
                title=f"Benchmarkactiviteit {i + 1}",
                description="Training en dialoog met lokale vrouwenorganisaties.",
                goal_number=goals[i % len(goals)],
                focus=focus,
                countries=countries,
                status=status,
                start_date=dt.date(year + 1, 3, 1) if status == "planned" else start,
                end_date=dt.date(fw.end_year, 12, 31),
                budget_eur=float(10_000 + (i % 50) * 1_000),
                progress=None if status == "planned" else ("met", "limited", "exceeded")[i % 3],
                target_groups=(("women",), ("women", "girls"), ("men",))[i % 3],
                partners="UN Women",
                results="Deelnemers getraind" if status != "planned" else "",
            )
        )
    return rows


def _workbook(ctx: Context, fw: Framework, year: int, n: int) -> bytes:
    """The return of `n` activities, made once per benchmark run into the work folder."""
    path = ctx.workdir / f"return-{ORG}-{year}-{n}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        data = build_template(fw, ORG, ORG_NAME, year, activity_rows(fw, year, n), "nl")
        path.write_bytes(data)
        ctx.log(f"return of {n:,} activities written in {time.perf_counter() - t:.1f} s")
    return path.read_bytes()


def _timed_import(ctx: Context, source: Path, data: bytes, rows: int, limits) -> tuple:
    """(wall, CPU) seconds of one import into a fresh copy of the W1 store."""
    run_db = ctx.workdir / "returns-run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run_db}{suffix}").unlink(missing_ok=True)
    # SQLite's backup: a consistent copy even while another part holds the W1 store open.
    with sqlite3.connect(source) as src, sqlite3.connect(run_db) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    engine = store.make_engine(f"sqlite:///{run_db}")
    try:
        extra = {} if limits is None else {"limits": limits}
        t, cpu = time.perf_counter(), time.process_time()
        result = import_return(engine, data, f"{ORG}.xlsx", SYSTEM, lang="nl", **extra)
        took, cpu = time.perf_counter() - t, time.process_time() - cpu
    finally:
        engine.dispose()
    if (
        result.status != ACCEPTED
        or result.counts["activities_new"]
        + result.counts["activities_changed"]
        + result.counts["activities_unchanged"]
        != rows
    ):
        errors = [f.as_dict("en") for f in result.errors[:5]]
        raise RuntimeError(f"the {rows}-row return was not imported: {result.status} {errors}")
    return took, cpu
