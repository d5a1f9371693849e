"""The Arrow path (ADBC) of nap_data.queries gives exactly what the tuple path gave.

The reference is the cursor path kept in queries (`reading.cursor_path`: SQLAlchemy rows as
tuples into frames, with the statements as they were). Every loader is compared on the
demo store on SQLite (read in the reader process) and on PostgreSQL (in this process),
and on stores that hold SQLite's traps: a column null in the first rows (more of them
than the driver's inference batch) and text later, integers written into a REAL column,
dates, datetimes, 0/1 booleans and JSON. The reader process itself: writes of this
process between its reads, its errors, its death, several threads at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import adbc_driver_sqlite.dbapi
import polars as pl
import pyarrow as pa
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import select, update

from nap_data import arrow_load, queries
from nap_data.models import ActivityReport, Goal, Submission
from nap_data.queries.reading import cursor_path
from nap_data.store import make_engine
from nap_data.vocab import DataScope

SCOPES = list(DataScope)


def _every_loader(engine) -> dict[str, pl.DataFrame]:
    plan = queries.load_plan(engine)
    frames = {
        "organisations": queries.load_organisations(engine),
        "submissions": queries.load_submissions(engine),
        "indicators": queries.load_indicators(engine),
        "indicators_of_plan": queries.load_indicators(engine, plan.code),
        "goals": queries.load_goals(engine),
    }
    for scope in SCOPES:
        frames[f"activities_{scope}"] = queries.load_activities(engine, scope)
        frames[f"values_{scope}"] = queries.load_indicator_values(engine, scope)
        frames[f"narratives_{scope}"] = queries.load_narratives(engine, scope)
    return frames


def _assert_paths_equal(engine) -> dict[str, pl.DataFrame]:
    assert arrow_load.can_read(engine)
    arrow = _every_loader(engine)
    with cursor_path():
        cursor = _every_loader(engine)
    for name, frame in arrow.items():
        assert_frame_equal(frame, cursor[name], check_exact=True)
    return arrow


SCHEMAS = {
    "organisations": queries.ORGANISATION_SCHEMA,
    "submissions": queries.SUBMISSION_SCHEMA,
    "indicators": queries.INDICATOR_SCHEMA,
    "goals": queries.GOAL_SCHEMA,
    "activities_submitted": {
        **queries.ACTIVITY_SCHEMA,
        "countries": pl.List(pl.String),
    },
    "values_submitted": queries.VALUE_SCHEMA,
    "narratives_submitted": queries.NARRATIVE_SCHEMA,
}


def test_every_loader_equals_the_cursor_path_on_the_demo_store(demo_any_url):
    engine = make_engine(demo_any_url)
    try:
        frames = _assert_paths_equal(engine)
    finally:
        engine.dispose()
    for name, schema in SCHEMAS.items():
        assert frames[name].schema == pl.DataFrame(schema=schema).schema, name
    assert frames["activities_submitted"].height > 1000  # the demo, not an empty store
    assert frames["values_submitted"].height > 500


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


@pytest.fixture
def trap_store(demo_db):
    """The demo store with SQLite's traps: in scan order, the first 1,500+ reports have no
    reference, end date, budget or progress and the last ones do; some budgets are
    integers; one submission's comment, file and reviewer are set only in the last row."""
    with closing(sqlite3.connect(demo_db)) as conn, conn:
        top = conn.execute("SELECT max(id) FROM activity_report").fetchone()[0]
        conn.execute(
            "UPDATE activity_report SET reference = NULL, end_date = NULL, budget_eur = NULL,"
            " progress = NULL WHERE id <= ?",
            (top - 40,),
        )
        conn.execute(
            "UPDATE activity_report SET reference = 'R-' || id, end_date = '2026-12-31',"
            " budget_eur = 1000 + id, progress = 'on_track' WHERE id > ?",
            (top - 40,),
        )
        conn.execute("UPDATE activity_report SET budget_eur = 1234.5 WHERE id = ?", (top,))
        conn.execute("UPDATE submission SET review_comment = NULL, reviewed_by = NULL")
        conn.execute(
            "UPDATE submission SET review_comment = 'later text', reviewed_by = 'x@y.nl'"
            " WHERE id = (SELECT max(id) FROM submission)"
        )
        nulls = conn.execute(
            "SELECT count(*) FROM activity_report WHERE reference IS NULL"
        ).fetchone()[0]
        typeof = "SELECT DISTINCT typeof(budget_eur) FROM activity_report"
        kinds = {k for (k,) in conn.execute(typeof)}
    assert nulls > 1024  # more than the driver's default inference batch
    assert kinds == {"null", "real"}  # REAL affinity turns the integers into floats
    return demo_db


def test_the_trap_is_real_with_the_drivers_default_batch(trap_store):
    # Without the bound on the batch, the driver types `reference` from nulls only.
    conn = adbc_driver_sqlite.dbapi.connect(str(trap_store))
    with closing(conn), conn.cursor() as cur:
        cur.execute("SELECT reference FROM activity_report ORDER BY id")
        with pytest.raises(OSError, match="[Tt]ype mismatch"):
            cur.fetch_arrow_table()


def test_columns_null_in_the_first_rows_read_as_their_type(trap_store):
    engine = make_engine(f"sqlite:///{trap_store}")
    try:
        frames = _assert_paths_equal(engine)
    finally:
        engine.dispose()
    acts = frames["activities_submitted"]
    late = acts.filter(pl.col("reference").is_not_null())
    assert late.height > 0 and acts["reference"].null_count() > 1024
    assert late["reference"].str.starts_with("R-").all()
    assert late["end_date"].unique().to_list() == [dt.date(2026, 12, 31)]
    assert acts.schema["budget_eur"] == pl.Float64
    assert 1234.5 in late["budget_eur"].to_list()
    subs = frames["submissions"]
    assert subs["review_comment"].drop_nulls().to_list() == ["later text"]


def test_a_column_that_is_null_throughout_keeps_its_type(demo_db):
    with closing(sqlite3.connect(demo_db)) as conn, conn:
        conn.execute("UPDATE organisation SET website = NULL, contact_email = NULL")
        conn.execute("UPDATE organisation SET left_on = NULL")
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        orgs = queries.load_organisations(engine)
        with cursor_path():
            assert_frame_equal(orgs, queries.load_organisations(engine))
    finally:
        engine.dispose()
    assert orgs.schema["website"] == pl.String and orgs["website"].null_count() == orgs.height
    assert orgs.schema["left_on"] == pl.Date


def test_dates_datetimes_booleans_and_json_from_sqlite_text(demo_db):
    with closing(sqlite3.connect(demo_db)) as conn, conn:
        first = conn.execute("SELECT id FROM organisation ORDER BY code LIMIT 1").fetchone()[0]
        conn.execute(
            "UPDATE organisation SET active = 0, left_on = '2024-06-30',"
            " pledged_goals = '[3, 1]' WHERE id = ?",
            (first,),
        )
        raw = conn.execute("SELECT created_at FROM submission ORDER BY id LIMIT 1").fetchone()[0]
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        orgs = queries.load_organisations(engine)
        subs = queries.load_submissions(engine)
    finally:
        engine.dispose()
    row = orgs.row(0, named=True)
    assert (row["active"], row["left_on"], row["pledged_goals"]) == (
        False,
        dt.date(2024, 6, 30),
        [1, 3],
    )
    assert isinstance(raw, str)  # stored as text by SQLAlchemy ...
    assert subs.schema["created_at"] == pl.Datetime("us")  # ... read as a datetime
    assert dt.datetime.fromisoformat(raw) in subs["created_at"].to_list()


def test_compiled_statements_bind_parameters_in_the_drivers_style():
    stmt = (
        select(Submission.id)
        .where(Submission.year > 2020)
        .where(Submission.review_status.in_(["submitted", "approved"]))
        .where(Submission.created_by != "o'brien")
    )
    sql, params = arrow_load.compile_select(stmt, "sqlite")
    assert sql.count("?") == 4 and "o'brien" not in sql
    assert params == [2020, "submitted", "approved", "o'brien"]  # in the order of the ?s
    sql, params = arrow_load.compile_select(stmt, "postgresql")
    assert "?" not in sql and "o'brien" not in sql
    # $n is the n-th parameter, wherever it stands in the SQL.
    year = re.search(r"submission\.year > \$(\d+)", sql).group(1)
    statuses = re.search(r"IN \(\$(\d+), \$(\d+)\)", sql).groups()
    author = re.search(r"created_by != \$(\d+)", sql).group(1)
    assert params[int(year) - 1] == 2020
    assert [params[int(n) - 1] for n in statuses] == ["submitted", "approved"]
    assert params[int(author) - 1] == "o'brien"
    assert sorted(int(n) for n in re.findall(r"\$(\d+)", sql)) == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="no ADBC driver"):
        arrow_load.compile_select(stmt, "mysql")


def test_a_date_parameter_is_refused_not_formatted():
    stmt = select(ActivityReport.id).where(ActivityReport.start_date > dt.date(2024, 1, 1))
    with pytest.raises(TypeError, match="bind only"):
        arrow_load.compile_select(stmt, "sqlite")


def _raw_request(db, *reads) -> dict:
    return arrow_load.READER.request(
        {"path": str(db), "dir": arrow_load._exchange_dir(), "reads": list(reads)}
    )


def test_the_reader_connection_is_read_only(demo_db):
    with pytest.raises(arrow_load.ReaderError, match="readonly|read-only|query_only"):
        _raw_request(demo_db, ("DELETE FROM goal", [], None, None))
    with closing(sqlite3.connect(demo_db)) as check:
        assert check.execute("SELECT count(*) FROM goal").fetchone()[0] > 0


def test_a_store_adbc_cannot_open_takes_the_cursor_path(tmp_path):
    from nap_data.services.setup import init_store

    memory = make_engine("sqlite://")
    init_store(memory)
    try:
        assert not arrow_load.can_read(memory)
        goals = queries.load_goals(memory)  # the engine's own connection, tuples
    finally:
        memory.dispose()
    assert goals.height > 0 and goals.schema == pl.DataFrame(schema=queries.GOAL_SCHEMA).schema
    assert arrow_load.can_read(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))


def test_sqlite_is_read_in_a_process_without_pythons_sqlite(demo_db):
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        queries.load_goals(engine)
    finally:
        engine.dispose()
    status = arrow_load.READER.request({"status": True})
    assert status["pid"] == arrow_load.READER.pid != os.getpid()
    assert status["sqlite3_imported"] is False  # only ADBC's copy of SQLite lives there
    with pytest.raises(ValueError, match="reader process only"), arrow_load.connect(engine):
        pass


def test_a_write_between_reads_is_kept_and_seen(demo_db):
    # What failed with ADBC in this process: its connection's close deleted the WAL under
    # the app's open connections, the next write failed ("disk I/O error") or was lost.
    engine = make_engine(f"sqlite:///{demo_db}")
    wal = demo_db.with_name(demo_db.name + "-wal")
    try:
        with closing(sqlite3.connect(demo_db)) as held, engine.connect() as pooled:
            held.execute("SELECT count(*) FROM goal").fetchone()  # open through the reads
            pooled.execute(select(Goal.number)).all()
            for i in range(4):
                before = queries.load_goals(engine)
                assert wal.exists()  # not deleted under the open connections
                with engine.begin() as conn:
                    conn.execute(update(Goal).where(Goal.number == 1).values(pillar=f"p{i}"))
                after = queries.load_goals(engine)
                assert after.filter(pl.col("goal") == 1)["pillar"].to_list() == [f"p{i}"]
                assert before.height == after.height
                seen = held.execute("SELECT pillar FROM goal WHERE number = 1").fetchone()
                assert seen == (f"p{i}",)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(demo_db)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT pillar FROM goal WHERE number = 1").fetchone() == ("p3",)


def test_load_figure_frames_reads_in_one_request(demo_db, monkeypatch):
    # One request is one read transaction in the reader: one snapshot for all five frames.
    engine = make_engine(f"sqlite:///{demo_db}")
    requests = []
    request = arrow_load.READER.request

    def counted(message):
        requests.append(message)
        return request(message)

    try:
        plan = queries.load_plan(engine)
        monkeypatch.setattr(arrow_load.READER, "request", counted)
        frames = queries.load_figure_frames(engine, DataScope.SUBMITTED_AND_APPROVED, plan)
    finally:
        engine.dispose()
    assert len(requests) == 1 and len(requests[0]["reads"]) == 6  # activities: 2 reads
    assert frames.reports.height > 1000


def test_an_error_in_the_reader_is_raised_with_its_message(demo_db):
    with closing(sqlite3.connect(demo_db)) as conn, conn:
        conn.execute("DROP TABLE narrative")
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with pytest.raises(arrow_load.ReaderError, match="no such table: narrative"):
            queries.load_narratives(engine)
        assert queries.load_goals(engine).height > 0  # the reader still serves
    finally:
        engine.dispose()
    assert not list(Path(arrow_load._exchange_dir()).glob("nap-arrow-*"))


def test_a_killed_reader_is_replaced(demo_db):
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        expected = queries.load_goals(engine)
        old = arrow_load.READER.pid
        os.kill(old, signal.SIGKILL)
        arrow_load.READER._proc.wait()
        assert_frame_equal(queries.load_goals(engine), expected)
        assert arrow_load.READER.pid not in (None, old)
    finally:
        engine.dispose()


def test_threads_reading_at_once_each_get_their_frames(demo_db):
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with cursor_path():
            expected = queries.load_submissions(engine)
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(lambda _: queries.load_submissions(engine), range(8)))
    finally:
        engine.dispose()
    for frame in got:
        assert_frame_equal(frame, expected)


def test_why_closing_an_adbc_sqlite_connection_is_unsafe_beside_pysqlite(demo_db):
    # Why SQLite is read in the reader process: in one process, ADBC's own copy of SQLite
    # does not see Python's connections, and closing its connection checkpoints and
    # deletes the WAL that an open pysqlite connection still writes to. (This test's store
    # is its own copy, thrown away after it.)
    wal = demo_db.with_name(demo_db.name + "-wal")
    with closing(sqlite3.connect(demo_db, isolation_level=None)) as app:
        app.execute("PRAGMA journal_mode=WAL")
        app.execute("UPDATE goal SET pillar = pillar")
        assert wal.exists()
        conn = adbc_driver_sqlite.dbapi.connect(str(demo_db))
        with closing(conn), conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM goal")
            cur.fetchone()
        assert not wal.exists()  # gone under the open connection


@pytest.mark.parametrize(
    ("column", "target", "expected"),
    [
        (pa.array(["2024-01-31", None]), pl.Date, [dt.date(2024, 1, 31), None]),
        (
            pa.array(["2024-01-31 09:30:00.000000", "2024-02-01 10:00:00"]),
            pl.Datetime,
            [dt.datetime(2024, 1, 31, 9, 30), dt.datetime(2024, 2, 1, 10)],
        ),
        (pa.array([1, 0, None]), pl.Boolean, [True, False, None]),
        (pa.array(["[2, 1]", "[]", "null"]), pl.List(pl.Int64), [[2, 1], [], None]),
        (pa.array([7, None], pa.int32()), pl.Int64, [7, None]),
        (pa.array([None, None], pa.int64()), pl.String, [None, None]),
        (pa.array([None, None], pa.null()), pl.Date, [None, None]),
        (pa.array([1.5, None]), pl.Float64, [1.5, None]),
    ],
)
def test_driver_columns_become_the_schemas_types(column, target, expected):
    frame = arrow_load.to_schema(pa.table({"x": column}), {"value": target})
    assert frame.schema["value"] == (target() if isinstance(target, type) else target)
    assert frame["value"].to_list() == expected


def test_postgresql_json_arrives_as_an_extension_type_and_is_decoded():
    storage = pa.array(["[1, 2]", "[]"])
    column = pa.ExtensionArray.from_storage(pa.json_(), storage)
    frame = arrow_load.to_schema(pa.table({"g": column}), {"g": pl.List(pl.Int64)})
    assert frame["g"].to_list() == [[1, 2], []]


def test_conversions_refuse_what_they_cannot_read_exactly():
    with pytest.raises(TypeError, match="other than 0 and 1"):
        arrow_load.to_schema(pa.table({"b": pa.array([2, 0])}), {"b": pl.Boolean})
    with pytest.raises(TypeError, match="cannot read"):
        arrow_load.to_schema(pa.table({"d": pa.array([5, 6])}), {"d": pl.Date})
    with pytest.raises(ValueError, match="columns read"):
        arrow_load.to_schema(pa.table({"a": [1], "b": [2]}), {"a": pl.Int64})


@pytest.mark.postgres
def test_postgresql_reads_of_one_connection_are_one_read_only_snapshot(pg_server):
    from sqlalchemy import text

    url = pg_server.new_database("snapshot")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x integer)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        with arrow_load.connect(engine) as adbc, adbc.cursor() as cur:
            # ADBC runs a query as COPY (...) TO STDOUT, which takes a SELECT, not a SHOW.
            cur.execute("SELECT current_setting('transaction_isolation')")
            isolation = cur.fetchall()
            cur.execute("SELECT current_setting('transaction_read_only')")
            read_only = cur.fetchall()
            cur.execute("SELECT count(*) FROM t")
            first = cur.fetchall()
            with engine.begin() as conn:  # a write commits between two reads
                conn.execute(text("INSERT INTO t VALUES (2)"))
            cur.execute("SELECT count(*) FROM t")
            second = cur.fetchall()
    finally:
        engine.dispose()
    assert isolation == [("repeatable read",)]
    assert read_only == [("on",)]
    assert first == second == [(1,)]


def test_a_missing_store_file_is_an_error_and_is_not_created(tmp_path):
    missing = tmp_path / "no such store.db"
    with pytest.raises(arrow_load.ReaderError):
        _raw_request(missing, ("SELECT 1", [], None, None))
    assert not missing.exists()


def test_a_dead_processs_exchange_directory_is_removed_by_the_next_one(monkeypatch):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_OUT)
    base = Path(arrow_load._exchange_dir()).parent
    left = base / f"nap-arrow-{int(gone.stdout)}-test"
    left.mkdir()
    (left / "nap-arrow-x.arrows").write_bytes(b"results nobody will read")
    mine = base / f"nap-arrow-{os.getpid()}-kept"
    mine.mkdir()
    monkeypatch.setattr(arrow_load, "_exchange_dirs", {})  # as a new process
    try:
        fresh = arrow_load._exchange_dir()
        assert not left.exists()
        assert mine.exists() and Path(fresh).is_dir()  # a live process's are kept
    finally:
        mine.rmdir()
        Path(fresh).rmdir()


_OUT = {"capture_output": True, "text": True, "check": True}
