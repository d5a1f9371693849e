"""Part 1 of the benchmark: loading the store into the frames the Overview's figures read.

"Load" is `queries.load_figure_frames(engine, "submitted and approved")`: activities with
their countries, indicator values, organisations, submissions and the plan's indicators.
Three ways are timed on W1 and W2 (SQLite):

- cursor: the old path, SQLAlchemy rows as Python tuples into frames, with the old
  statements (`queries.reading.cursor_path()`, the reference the tests compare with);
- arrow: the same old statements read through ADBC into Arrow (`_old_statements_arrow`),
  so the gain of Arrow alone shows;
- app: what `load_figure_frames` does in the app now: ADBC plus the query design of
  nap_data.queries; on SQLite in the reader process (arrow_load.reader: ADBC's bundled copy of
  SQLite must not live beside Python's), results handed over as Arrow IPC files.

On SQLite, the app's first call after the reader is stopped is timed too
(load.*.app_first_call, with the reader's start-up as load.*.reader_start), and the
app's figure carries where its time went (extra: child_read, child_write, transfer,
convert ...; the rest of the wall time is the loaders' Polars work after the reads).

Before anything is timed, the cursor frames and both Arrow results must be equal
(polars.testing.assert_frame_equal), else the part fails. The cursor path takes minutes
at a million rows, so on W2 its one checking run is also its one sample. When the
PostgreSQL binaries are installed (tests/pg_server.py), W1 is loaded into a throw-away
server too and the three ways are timed there as load.w1.*.postgres (not in smoke runs).
"""

from __future__ import annotations

import time

import polars as pl
from polars.testing import assert_frame_equal
from sqlalchemy import Engine

from nap_data import arrow_load, queries, store
from nap_data.bench.results import Figure
from nap_data.metrics.figures import Frames
from nap_data.models import Activity, ActivityCountry, ActivityReport, Organisation, Submission
from nap_data.queries.activities import activities_select, countries_select, with_countries
from nap_data.queries.reading import cursor_path
from nap_data.vocab import DataScope

SCOPE = DataScope.SUBMITTED_AND_APPROVED
NOTES = {
    "cursor": "SQLAlchemy rows as tuples into frames (old statements)",
    "arrow": "old statements through ADBC into Arrow",
    "app": "load_figure_frames as the app runs it now",
}


def run(ctx) -> list[Figure]:
    figures = _measure(ctx, "w1", ctx.w1())
    figures += _measure(ctx, "w2", ctx.w2())
    if not ctx.smoke:
        figures += _postgres_w1(ctx)
    return figures


def _measure(ctx, name: str, url: str, suffix: str = "") -> list[Figure]:
    engine = store.make_engine(url)
    try:
        plan = queries.load_plan(engine)
        ways = {
            "cursor": lambda: _cursor(engine, plan),
            "arrow": lambda: _old_statements_arrow(engine, plan),
            "app": lambda: queries.load_figure_frames(engine, SCOPE, plan),
        }
        app_is_cursor = not arrow_load.can_read(engine)
        out = _first_call(ctx, name, engine, plan) if engine.dialect.name == "sqlite" else []
        # The checking run of the cursor path: W2's one sample, W1's warm-up.
        t = time.perf_counter()
        reference = ways["cursor"]()
        first = time.perf_counter() - t
        for way in ways:
            if way != "cursor" and not (way == "app" and app_is_cursor):  # else the same
                _assert_equal(reference, ways[way](), f"{name}{suffix} {way}")
        rows = {"reports": reference.reports.height, "values": reference.values.height}
        ctx.log(f"load {name}{suffix}: cursor, arrow and app frames equal ({rows})")
        del reference
        for way, fn in ways.items():
            slow = name == "w2" and (way == "cursor" or (way == "app" and app_is_cursor))
            if slow:  # minutes a run at scale 1: the checking run is the sample
                value, samples = first, (first,)
            else:
                value, samples = ctx.median(fn)
            key = f"load.{name}.{way}{suffix}"
            extra = dict(rows)
            if way == "app" and engine.dialect.name == "sqlite":
                fn()  # once more: the split of one call (the median's are not kept)
                extra.update({k: round(v, 4) for k, v in arrow_load.READER.last_split.items()})
            out.append(Figure(key, value, "s", samples, NOTES[way], extra=extra))
            ctx.log(f"{key}: {value:.3f} s {extra}")
        return out
    finally:
        engine.dispose()


def _first_call(ctx, name: str, engine: Engine, plan) -> list[Figure]:
    """The app's first load in a process: the reader process is started on it."""
    arrow_load.READER.stop()
    t = time.perf_counter()
    queries.load_figure_frames(engine, SCOPE, plan)
    first = time.perf_counter() - t
    start = arrow_load.READER.started_in
    ctx.log(f"load.{name}.app_first_call: {first:.3f} s (reader start {start:.3f} s)")
    return [
        Figure(f"load.{name}.app_first_call", first, "s", (first,), "reader started on it"),
        Figure(f"load.{name}.reader_start", start, "s", (start,), "reader process to ready"),
    ]


def _cursor(engine: Engine, plan) -> Frames:
    with cursor_path():
        return queries.load_figure_frames(engine, SCOPE, plan)


def _old_statements_arrow(engine: Engine, plan) -> Frames:
    """load_figure_frames with the statements the cursor path runs, read through ADBC."""
    r, s, o = ActivityReport, Submission, Organisation
    stmt = (
        activities_select(SCOPE)
        .join(Activity, Activity.id == r.activity_id)
        .order_by(o.code, s.year, r.id)
    )
    # arrow_load.read_frame itself does not ask can_read: the statements go through ADBC.
    reports = arrow_load.read_frame(engine, stmt, queries.ACTIVITY_SCHEMA, r)
    old = countries_select(SCOPE)
    pairs = arrow_load.read_frame(engine, old, queries.COUNTRY_PAIR_SCHEMA, ActivityCountry)
    countries = pairs.group_by("report_id").agg(countries=pl.col("country").sort())
    # The other loaders run their one statement as before.
    return Frames(
        plan,
        with_countries(reports, countries),
        queries.load_indicator_values(engine, SCOPE),
        queries.load_organisations(engine),
        queries.load_submissions(engine),
        queries.load_indicators(engine, plan.code),
    )


def _assert_equal(expected: Frames, got: Frames, what: str) -> None:
    for field in ("reports", "values", "organisations", "submissions", "indicators"):
        try:
            assert_frame_equal(getattr(got, field), getattr(expected, field), check_exact=True)
        except AssertionError as exc:
            raise AssertionError(f"{what}: {field} differ from the cursor path: {exc}") from exc


def _postgres_w1(ctx) -> list[Figure]:
    try:
        from tests import pg_server  # the test suite's throw-away server (a checkout only)
    except ImportError:
        return []
    if not pg_server.available():
        ctx.log("load: no PostgreSQL binaries, W1 on PostgreSQL not measured")
        return []
    from nap_data.services.setup import init_store

    server = pg_server.PostgresServer().start()
    try:
        url = server.new_database("w1")
        t = time.perf_counter()
        engine = store.make_engine(url)
        try:
            init_store(engine, with_demo=True)
        finally:
            engine.dispose()
        ctx.log(f"W1 on PostgreSQL built in {time.perf_counter() - t:.1f} s")
        return _measure(ctx, "w1", url, ".postgres")
    finally:
        server.stop()
