"""The store: engine (SQLite pragmas or PostgreSQL), sessions, migrations, data version."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from nap_data.models import StoreVersion

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "nap.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Writers take the SQLite lock up front; a deferred BEGIN upgrades to a write
# lock halfway and can fail with "database is locked" despite busy_timeout.
_BEGIN = {"DEFERRED": "BEGIN", "IMMEDIATE": "BEGIN IMMEDIATE"}


# What went wrong with the store, for a message that names it (CLI and page).
FULL, LOCKED, UNREACHABLE = "full", "locked", "unreachable"
# Lower-case fragments of driver messages (SQLite, psycopg) and PostgreSQL SQLSTATEs.
_SIGNS = {
    FULL: ("database or disk is full", "no space left on device", "disk full",
           "could not extend file", "disk quota exceeded"),
    LOCKED: ("database is locked", "database table is locked", "lock timeout",
             "could not obtain lock", "canceling statement due to lock timeout"),
    UNREACHABLE: ("unable to open database file", "could not connect", "connection refused",
                  "connection failed", "server closed the connection", "connection timeout",
                  "name or service not known", "could not translate host name",
                  "no such host", "the database system is starting up", "timeout expired"),
}  # fmt: skip
_SQLSTATES = {"53100": FULL, "53000": FULL, "55P03": LOCKED, "57P03": UNREACHABLE}
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class StoreError(Exception):
    """The store cannot be reached or used; the message is meant for a person.

    `kind` is FULL, LOCKED or UNREACHABLE when the problem is one of those, else None.
    """

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        self.kind = kind


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def store_problem(exc: BaseException) -> str | None:
    """FULL, LOCKED or UNREACHABLE when `exc` (or what caused it) says so, else None.

    Disk full: SQLite's "database or disk is full", ENOSPC, PostgreSQL's disk_full.
    Locked: "database is locked" (SQLite after busy_timeout), PostgreSQL's lock timeout.
    Unreachable: the file cannot be opened, the server cannot be reached.
    """
    found = None
    for e in _causes(exc):
        if isinstance(e, OSError) and e.errno in _NO_SPACE:
            return FULL
        state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        text = str(e).lower()
        kind = _SQLSTATES.get(str(state)) or next(
            (k for k, signs in _SIGNS.items() if any(s in text for s in signs)), None
        )
        if kind == FULL:
            return FULL
        found = found or kind
    return found


def problem_message(kind: str, engine_or_url: object = None) -> str:
    """One line for a person (the command line), naming what is wrong and what to do."""
    where = _where(engine_or_url)
    return {
        FULL: f"the disk of the store{where} is full; the change was not saved. "
        "Free some space and try again",
        LOCKED: f"the store{where} is locked by another process; try again in a minute "
        "(use PostgreSQL when several processes write)",
        UNREACHABLE: f"cannot reach the store{where}",
    }[kind]


def _where(engine_or_url: object) -> str:
    url = getattr(engine_or_url, "url", engine_or_url)
    if url is None:
        return ""
    render = getattr(url, "render_as_string", None)
    return f" at {render(hide_password=True) if render else url}"


def as_store_error(exc: BaseException, engine_or_url: object = None) -> StoreError | None:
    """A StoreError naming the problem when `exc` is disk full, a lock or no connection."""
    kind = store_problem(exc)
    if kind is None:
        return None
    message = problem_message(kind, engine_or_url)
    if kind == UNREACHABLE:
        message += f": {_first_line(exc)}"
    return StoreError(message, kind)


def database_url() -> str:
    """`NAP_DATABASE_URL` when set, else the SQLite file inside the checkout."""
    return os.environ.get("NAP_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid NAP_DATABASE_URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_engine(url) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(_BEGIN[mode])

    return engine


def on_commit(engine: Engine, callback: Callable[[object], None]) -> None:
    """Call `callback(connection)` after every commit through `engine` (the ui's loaders ask
    for the data version again after one)."""
    event.listen(engine, "commit", callback)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One all-or-nothing transaction: committed on success, rolled back on any error."""
    bound = engine.execution_options(sqlite_begin="IMMEDIATE") if is_sqlite(engine) else engine
    with Session(bound) as session, session.begin():
        yield session


def data_version(engine: Engine) -> int:
    """Moves with every committed data change (services.audit.bump_version); caches key
    on it. It is a counter row, not max(audit_event.id), because ids are handed out before
    commit and so do not follow commit order on PostgreSQL."""
    with engine.connect() as conn:
        found = conn.execute(select(StoreVersion.version).where(StoreVersion.id == 1))
        return found.scalar_one_or_none() or 0


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Create the store or bring it to the newest schema."""
    try:
        command.upgrade(_alembic_config(engine), "head")
    except SQLAlchemyError as exc:
        named = as_store_error(exc, engine)
        if named is not None and named.kind != UNREACHABLE:
            raise named from exc
        raise StoreError(
            f"cannot reach or upgrade the store: {exc.__class__.__name__}", UNREACHABLE
        ) from exc


def schema_is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def check_reachable(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        named = as_store_error(exc, engine)
        if named is not None and named.kind != UNREACHABLE:  # disk full or locked, not "away"
            raise named from exc
        raise StoreError(
            f"cannot reach the store at {engine.url!r}: {_first_line(exc)}", UNREACHABLE
        ) from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
