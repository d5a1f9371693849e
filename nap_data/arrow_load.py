"""Arrow-native reads: a SQLAlchemy Select, compiled with bound parameters, run through
ADBC (SQLite or PostgreSQL) straight into a Polars frame of a given schema.

Building frames from Python tuples costs 15-40 us a row; ADBC hands over Arrow columns.
What the drivers return is not yet the app's schema, so `to_schema` converts explicitly:
SQLite keeps dates and datetimes as ISO text, booleans as 0/1 and JSON as text; the
PostgreSQL driver returns int4 for INTEGER and an Arrow JSON extension type for JSON.

SQLite's driver infers each column's type from its first batch of rows; a column that
is null throughout that batch becomes int64 and the read fails when text follows. So
the batch is made as large as the result can be (`_rows_at_most`), and every read of
one statement runs in one transaction, so the bound and the rows see the same data.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import polars as pl
import pyarrow as pa
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.dialects.postgresql.base import PGDialect

# The inference batch never goes below the driver's default.
_MIN_BATCH = 1024
_SQLITE_BATCH_ROWS = "adbc.sqlite.query.batch_rows"
# Bound parameters ADBC binds as they are (a date would need the dialect's bind processor).
_PLAIN = (str, int, float, bool, type(None))


# ADBC's SQLite driver links its own SQLite (3.53) into the process beside Python's
# (3.40). Two copies do not see each other's connections or POSIX locks (sqlite.org,
# "How To Corrupt", 2.2.1): closing an ADBC connection deleted the -wal and -shm files
# under the app's open pysqlite connections (reproduced; page tests then failed with
# "disk I/O error"), and writes after that go to a deleted WAL. So the app never reads a
# SQLite store through ADBC; only a process that does not write the file may allow it.
_SQLITE_ALLOWED: ContextVar[bool] = ContextVar("nap_adbc_sqlite", default=False)


@contextmanager
def allow_sqlite() -> Iterator[None]:
    """Let `can_read` say yes to SQLite files in this block: for read-only processes (the
    benchmark, tests), never in a process that writes the store through SQLAlchemy."""
    token = _SQLITE_ALLOWED.set(True)
    try:
        yield
    finally:
        _SQLITE_ALLOWED.reset(token)


def can_read(engine: Engine) -> bool:
    """Whether the loaders read this store through ADBC: PostgreSQL; SQLite on a plain
    file path only inside `allow_sqlite` (an in-memory database or a `file:` URI lives only
    in the engine's own connections in any case)."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        return True
    if engine.dialect.name != "sqlite" or not _SQLITE_ALLOWED.get():
        return False
    database = url.database or ""
    return database not in ("", ":memory:") and not url.query.get("uri")


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
    """A new read-only ADBC connection to the engine's store, closed afterwards."""
    if engine.dialect.name == "sqlite":
        import adbc_driver_sqlite.dbapi

        conn = adbc_driver_sqlite.dbapi.connect(engine.url.database)
        # Writers hold the lock briefly (WAL); wait as the app's engine does, never write.
        setup = ("PRAGMA busy_timeout=30000", "PRAGMA query_only=ON")
    else:
        import adbc_driver_manager
        from adbc_driver_manager.dbapi import Connection

        uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        db = _postgres_database(uri)
        conn = Connection(_KeptByTheCache(), adbc_driver_manager.AdbcConnection(db))
        setup = ("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",)
    try:
        with conn.cursor() as cur:
            for sql in setup:
                cur.execute(sql)
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


# Set inside `one_connection`: (engine, its open ADBC connection).
_HELD: ContextVar[tuple[Engine, object] | None] = ContextVar("nap_adbc_held", default=None)


@contextmanager
def one_connection(engine: Engine) -> Iterator[None]:
    """Every read of `engine` in this block (in this thread) shares one connection: one
    session to set up instead of one per frame (20-40 ms each on PostgreSQL)."""
    if not can_read(engine) or _HELD.get() is not None:
        yield
        return
    with connect(engine) as conn:
        token = _HELD.set((engine, conn))
        try:
            yield
        finally:
            _HELD.reset(token)


@contextmanager
def _connection(engine: Engine) -> Iterator[object]:
    held = _HELD.get()
    if held is not None and held[0] is engine:
        yield held[1]
    else:
        with connect(engine) as conn:
            yield conn


def read_arrow(engine: Engine, stmt: Select, one_row_per: object | None = None) -> pa.Table:
    """The statement's rows as an Arrow table, as the driver types them. `one_row_per`:
    the table (or model) of which the statement returns at most one row per row."""
    sql, params = compile_select(stmt, engine.dialect.name)
    with _connection(engine) as conn, conn.cursor() as cur:
        if engine.dialect.name == "sqlite":
            cur.execute(*compile_select(_rows_at_most(stmt, one_row_per), "sqlite"))
            bound = max(_MIN_BATCH, int(cur.fetchone()[0] or 0))
            cur.adbc_statement.set_options(**{_SQLITE_BATCH_ROWS: str(bound)})
        cur.execute(sql, parameters=params or None)
        return cur.fetch_arrow_table()


def read_frame(
    engine: Engine, stmt: Select, schema: dict[str, pl.DataType], one_row_per: object = None
) -> pl.DataFrame:
    """The statement's rows as a frame with exactly `schema` (names in select order)."""
    return to_schema(read_arrow(engine, stmt, one_row_per), schema)


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
