"""Arrow-native reads: SQLAlchemy Selects, compiled with bound parameters, run through
ADBC (SQLite or PostgreSQL) straight into Polars frames of given schemas.

Building frames from Python tuples costs 15-40 us a row; ADBC hands over Arrow columns.
What the drivers return is not yet the app's schema, so `to_schema` converts explicitly:
SQLite keeps dates and datetimes as ISO text, booleans as 0/1 and JSON as text; the
PostgreSQL driver returns int4 for INTEGER and an Arrow JSON extension type for JSON.

SQLite is read in a reader process of its own (`reader.py`, one per app process, started
on the first read): ADBC's SQLite driver brings its own copy of SQLite, and two copies in
one process do not share POSIX locks; closing an ADBC connection deleted the -wal and
-shm files under the app's open pysqlite connections (sqlite.org, "How To Corrupt",
2.2.1). Separate processes are SQLite's normal case. The reader sends each result as an
Arrow IPC stream in a file under /dev/shm (no pipe copy of 200+ MB); the parent reads it
and converts it here. PostgreSQL is read in this process.

SQLite's driver infers each column's type from its first batch of rows; a column that
is null throughout that batch becomes int64 and the read fails when text follows. So
the batch is made as large as the result can be (`_rows_at_most`), and all reads of one
call run in one read transaction, so the bounds and the rows see the same data.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.ipc
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.dialects.postgresql.base import PGDialect

from nap_data.arrow_load import reader as _protocol

# The inference batch never goes below the driver's default.
_MIN_BATCH = 1024
# Bound parameters ADBC binds as they are (a date would need the dialect's bind processor).
_PLAIN = (str, int, float, bool, type(None))


class ReaderError(RuntimeError):
    """A read in the reader process failed (its message), or the process ended."""


@dataclass(frozen=True)
class Read:
    """One statement to read into a frame of `schema` (names in select order).
    `one_row_per`: the table (or model) of which the statement returns at most one row
    per row (its joins are many-to-one); it bounds SQLite's inference batch cheaply."""

    stmt: Select
    schema: dict[str, pl.DataType]
    one_row_per: object = None


def can_read(engine: Engine) -> bool:
    """Whether the loaders read this store through ADBC: PostgreSQL, and SQLite on a plain
    file path (in the reader process). An in-memory database or a `file:` URI lives only in
    the engine's own connections."""
    if engine.dialect.name == "postgresql":
        return True
    if engine.dialect.name != "sqlite":
        return False
    database = engine.url.database or ""
    return database not in ("", ":memory:") and not engine.url.query.get("uri")


def read_frames(engine: Engine, reads: list[Read]) -> list[pl.DataFrame]:
    """Every read as a frame of its schema, all in one read transaction (one snapshot)."""
    if engine.dialect.name == "sqlite":
        return _read_sqlite(engine, reads)
    with connect(engine) as conn:
        return [to_schema(_read_arrow(conn, r.stmt, engine.dialect.name), r.schema) for r in reads]


def read_frame(
    engine: Engine, stmt: Select, schema: dict[str, pl.DataType], one_row_per: object = None
) -> pl.DataFrame:
    """The statement's rows as a frame with exactly `schema` (names in select order)."""
    return read_frames(engine, [Read(stmt, schema, one_row_per)])[0]


def _read_sqlite(engine: Engine, reads: list[Read]) -> list[pl.DataFrame]:
    """Through the reader process; `last_split` keeps where the time went."""
    t = time.perf_counter()
    requests = []
    for r in reads:
        sql, params = compile_select(r.stmt, "sqlite")
        bound_sql, bound_params = compile_select(_rows_at_most(r.stmt, r.one_row_per), "sqlite")
        requests.append((sql, params, bound_sql, bound_params))
    message = {"path": str(Path(engine.url.database).resolve()), "reads": requests}
    t_compiled = time.perf_counter()
    reply = READER.request({**message, "dir": _exchange_dir()})
    t_reply = time.perf_counter()
    frames, transfer, convert = [], 0.0, 0.0
    try:
        for name, r in zip(reply["files"], reads, strict=True):
            t0 = time.perf_counter()
            with pa.OSFile(name) as f:
                table = pa.ipc.open_stream(f).read_all()
            os.unlink(name)
            t1 = time.perf_counter()
            frames.append(to_schema(table, r.schema))
            del table
            transfer, convert = transfer + t1 - t0, convert + time.perf_counter() - t1
    finally:
        for name in reply["files"]:
            if os.path.exists(name):
                os.unlink(name)
    child = reply["timings"]
    READER.last_split = {
        "child_read": child["read"],
        "child_write": child["write"],
        "compile": t_compiled - t,
        "start": READER.start_in_call,
        "protocol": t_reply - t_compiled - READER.start_in_call - child["read"] - child["write"],
        "transfer": transfer,
        "convert": convert,
    }
    return frames


_DIR_PREFIX = "nap-arrow-"
_exchange_dirs: dict[int, str] = {}  # process id -> its own exchange directory


def _exchange_dir() -> str:
    """This process's own directory for the reader's results, in memory (/dev/shm) where
    there is one. It is removed at exit; one left by a process that died (or a reader killed
    mid-request) is removed by the next process that makes its own."""
    pid = os.getpid()
    if pid not in _exchange_dirs:
        shm = Path("/dev/shm")
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
        _sweep(base)
        _exchange_dirs[pid] = tempfile.mkdtemp(prefix=f"{_DIR_PREFIX}{pid}-", dir=base)
    return _exchange_dirs[pid]


def _sweep(base: Path) -> None:
    for old in base.glob(f"{_DIR_PREFIX}*-*"):
        owner = old.name.removeprefix(_DIR_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove_exchange_dir() -> None:
    folder = _exchange_dirs.pop(os.getpid(), None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Reader:
    """The reader process of this process: started on first use, again after it died
    (or after a fork: a child process never shares its parent's pipes). Requests from
    several threads (Streamlit sessions) are served one at a time."""

    started_in: float | None = None  # seconds from start to ready, the last start
    start_in_call: float = 0.0  # of the last request: seconds spent starting the reader
    last_split: dict[str, float] = field(default_factory=dict)
    _proc: subprocess.Popen | None = None
    _owner: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, message: dict) -> dict:
        with self._lock:
            self.start_in_call = 0.0
            proc = self._running()
            try:
                _protocol.send(proc.stdin, message)
                reply = _protocol.receive(proc.stdout)
            except (BrokenPipeError, OSError):
                reply = None
            if reply is None:
                self._stop()
                raise ReaderError(f"the reader process ended (exit code {proc.poll()})")
            if "error" in reply:
                raise ReaderError(f"the reader process failed: {reply['error']}")
            return reply

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _running(self) -> subprocess.Popen:
        proc = self._proc
        if proc is not None and self._owner == os.getpid() and proc.poll() is None:
            return proc
        if self._owner == os.getpid():
            self._stop()
        t = time.perf_counter()
        # As a script, not `-m`: the package's __init__ would import SQLAlchemy and more.
        proc = subprocess.Popen(
            [sys.executable, "-s", str(Path(_protocol.__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        ready = _protocol.receive(proc.stdout)
        if ready is None:
            proc.kill()
            raise ReaderError(f"the reader process did not start (exit code {proc.wait()})")
        self._proc, self._owner = proc, os.getpid()
        self.started_in = self.start_in_call = time.perf_counter() - t
        return proc

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or self._owner != os.getpid():
            return
        for pipe in (proc.stdin, proc.stdout):
            with suppress(OSError):
                pipe.close()
        try:  # its stdin closed, the reader ends by itself
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        # Requests are served one at a time, so what is left now belongs to none: the
        # results of a request the reader did not finish.
        folder = _exchange_dirs.get(os.getpid())
        for left in Path(folder).iterdir() if folder else ():
            left.unlink(missing_ok=True)

    def stop(self) -> None:
        """End the reader process (the next read starts a new one)."""
        with self._lock:
            self._stop()


READER = _Reader()
# atexit runs these in reverse: the reader stops first, then its directory goes.
atexit.register(_remove_exchange_dir)
atexit.register(READER.stop)


def compile_select(stmt: Select, dialect_name: str) -> tuple[str, list]:
    """The statement's SQL for ADBC and its parameters in order: `?` for SQLite,
    `$1` for PostgreSQL (SQLAlchemy's numeric_dollar style); IN lists expanded."""
    if dialect_name == "postgresql":
        dialect = PGDialect(paramstyle="numeric_dollar")
    elif dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

        dialect = SQLiteDialect_pysqlite()
    else:
        raise ValueError(f"no ADBC driver for {dialect_name!r}")
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    odd = [p for p in params if not isinstance(p, _PLAIN)]
    if odd:
        raise TypeError(f"bind only text, numbers or None through ADBC, not {odd!r}")
    return compiled.string, params


@contextmanager
def connect(engine: Engine) -> Iterator[object]:
    """A new read-only ADBC connection to the engine's PostgreSQL store, closed afterwards
    (SQLite is never opened in this process: see the module doc)."""
    if engine.dialect.name != "postgresql":
        raise ValueError(f"ADBC reads {engine.dialect.name!r} in the reader process only")
    import adbc_driver_manager
    from adbc_driver_manager.dbapi import Connection

    uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = Connection(
        _KeptByTheCache(), adbc_driver_manager.AdbcConnection(_postgres_database(uri))
    )
    try:
        with conn.cursor() as cur:
            # The DB-API connection has begun a transaction (autocommit is off); this first
            # statement makes it one snapshot for every read of the connection (READ
            # COMMITTED would give each SELECT its own, and frames could straddle an import)
            # and read-only.
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield conn
    finally:
        conn.close()  # rolls back the read transaction


@functools.lru_cache(maxsize=16)
def _postgres_database(uri: str):
    """The ADBC database of one server and database, kept for the process: creating one
    reads the server's types (0.2-0.3 s, once per load before); it holds no session of
    its own (checked in pg_stat_activity), so this caches no connection."""
    import adbc_driver_postgresql

    return adbc_driver_postgresql.connect(uri)


class _KeptByTheCache:
    """Handed to the DB-API Connection as its database: closing the connection ends its
    session and must leave the cached database to the cache."""

    def close(self) -> None:
        pass


def _read_arrow(conn, stmt: Select, dialect_name: str) -> pa.Table:
    """The statement's rows as an Arrow table, as the PostgreSQL driver types them."""
    with conn.cursor() as cur:
        sql, params = compile_select(stmt, dialect_name)
        cur.execute(sql, parameters=params or None)
        return cur.fetch_arrow_table()


def _rows_at_most(stmt: Select, one_row_per: object | None) -> Select:
    """A count the statement's rows cannot exceed: the rows of `one_row_per` (a table or
    model the statement reads joined many-to-one only, a cheap count), else the
    statement's own rows counted (exact, and as slow as running it)."""
    if one_row_per is not None:
        return select(func.count()).select_from(one_row_per)
    return select(func.count()).select_from(stmt.order_by(None).subquery())


def to_schema(table: pa.Table, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Convert the driver's columns to `schema`, each explicitly (see the module doc)."""
    if table.num_columns != len(schema):
        raise ValueError(f"{table.num_columns} columns read, {len(schema)} expected")
    # Duplicate SQL names (two tables' `id`) are taken by position, then named.
    columns = [_plain(c) for c in table.columns]
    frame = pl.from_arrow(pa.table(columns, names=list(schema)))
    out = frame.select(_convert(frame[name], dtype) for name, dtype in _schema(schema).items())
    if out.schema != _schema(schema):
        raise TypeError(f"read {out.schema}, expected {schema}")
    return out


def _schema(schema: dict[str, pl.DataType]) -> pl.Schema:
    """The schema with classes made instances (`pl.Datetime` is `Datetime("us")`)."""
    return pl.Schema({k: v() if isinstance(v, type) else v for k, v in schema.items()})


def _plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """An extension column (PostgreSQL JSON) as its storage, JSON text."""
    if isinstance(column.type, pa.BaseExtensionType):
        return pa.chunked_array([c.storage for c in column.chunks], type=column.type.storage_type)
    return column


_DATETIME_TEXT = "%Y-%m-%d %H:%M:%S%.f"  # SQLAlchemy's SQLite storage format


def _convert(series: pl.Series, target: pl.DataType) -> pl.Series:
    source = series.dtype
    if source == target:
        return series
    if series.null_count() == series.len():
        # SQLite types a column that is null throughout as int64 (or null): no values.
        return pl.repeat(None, series.len(), dtype=target, eager=True).alias(series.name)
    if source == pl.String:
        if target == pl.Date:
            return series.str.to_date("%Y-%m-%d")
        if isinstance(target, pl.Datetime):
            return series.str.to_datetime(_DATETIME_TEXT, time_unit=target.time_unit)
        if isinstance(target, pl.List):
            return series.str.json_decode(target)
    if target == pl.Boolean and source.is_integer():
        if not series.is_in([0, 1]).all():
            raise TypeError(f"{series.name}: booleans other than 0 and 1 in the store")
        return series.cast(pl.Boolean)
    if source.is_numeric() and target.is_numeric():
        return series.cast(target, strict=True)  # int4 -> Int64; never narrowing in practice
    raise TypeError(f"{series.name}: cannot read {source} as {target}")
