"""The shared row -> frame step: every loader's reads, through ADBC or the cursor path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine, Select

from nap_data import arrow_load
from nap_data.arrow_load import Read

# Set by `cursor_path()`: the tuple path as the reference for tests and the benchmark.
_CURSOR_ONLY: ContextVar[bool] = ContextVar("nap_queries_cursor_only", default=False)


def _only(frame: pl.DataFrame) -> pl.DataFrame:
    return frame


@dataclass(frozen=True)
class Loader:
    """The reads of one loader and what makes its frame of theirs (in the same order)."""

    reads: tuple[Read, ...]
    finish: Callable[..., pl.DataFrame] = _only


def reads_arrow(engine: Engine) -> bool:
    """Whether this engine's reads go through ADBC (arrow_load: PostgreSQL here, a SQLite
    file in the reader process); else the cursor path (an in-memory SQLite)."""
    return not _CURSOR_ONLY.get() and arrow_load.can_read(engine)


def frames_of(engine: Engine, *loaders: Loader) -> list[pl.DataFrame]:
    """Every loader's frame; on the Arrow path all their reads in one read transaction
    (one snapshot, one request to the reader process). A failing read raises."""
    reads = [r for loader in loaders for r in loader.reads]
    if reads_arrow(engine):
        frames = iter(arrow_load.read_frames(engine, reads))
    else:
        frames = iter([_cursor_frame(engine, r.stmt, r.schema) for r in reads])
    return [loader.finish(*[next(frames) for _ in loader.reads]) for loader in loaders]


def frame_of(engine: Engine, read: Read) -> pl.DataFrame:
    return frames_of(engine, Loader((read,)))[0]


def _cursor_frame(engine: Engine, stmt: Select, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The old path: SQLAlchemy rows as Python tuples into a frame (15-40 us a row)."""
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


@contextmanager
def cursor_path() -> Iterator[None]:
    """Every loader in this block reads through the cursor path (the reference)."""
    token = _CURSOR_ONLY.set(True)
    try:
        yield
    finally:
        _CURSOR_ONLY.reset(token)
