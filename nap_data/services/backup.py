"""Backups of the store, and a restore from one (T10).

A backup is one self-contained file that is checked before anyone relies on it:

- SQLite: the online backup API copies the live store page by page while others keep
  writing; the rows of every table are counted in the same read transaction as the copy,
  so the copy's counts must equal them exactly; then `PRAGMA integrity_check` on the copy.
  A file copy of a WAL store (db, -wal, -shm) is not safe while it is in use.
- PostgreSQL: `pg_dump --format=custom` from an exported snapshot, whose rows are counted
  in the transaction that exported it; then `pg_restore --list` and a full read of it.

A restore first checks the copy (integrity, a schema revision this code knows), then keeps
the current store aside and only then replaces the store's content. Both need BACKUP and
leave an audit event; a restore moves the data version past every value it had before,
so no cache keeps frames from before it.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, func, inspect, select, table
from sqlalchemy.pool import NullPool

from nap_data.i18n import t
from nap_data.models import StoreVersion
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.store import MIGRATIONS, REPO_ROOT, data_version, is_sqlite, upgrade, write_session

SQLITE_MAGIC, PG_MAGIC = b"SQLite format 3\x00", b"PGDMP"
DEFAULT_FOLDER = REPO_ROOT / "data" / "backups"
TOOL_TIMEOUT = 3600  # seconds; a dump of a large store takes minutes, never hours


class BackupError(Exception):
    """A backup or restore that was not made; `code` and `params` make the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code} {params}")
        self.code, self.params = code, params

    def message(self, lang: str) -> str:
        return t(self.code, lang, **self.params)


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    sha256: str
    revision: str
    counts: dict[str, int] = field(default_factory=dict)  # rows per table in the copy


@dataclass(frozen=True)
class Restored:
    path: Path
    aside: Path | None  # where the store as it was before is kept
    revision: str  # the copy's schema revision (the store is upgraded from it)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table after the restore


@dataclass(frozen=True)
class BackupFile:
    name: str
    path: Path
    size: int
    modified: dt.datetime


def backup_folder() -> Path:
    """NAP_BACKUP_DIR (relative to the checkout when relative), else data/backups/."""
    configured = os.environ.get("NAP_BACKUP_DIR")
    return REPO_ROOT / configured if configured else DEFAULT_FOLDER


def new_backup_path(engine: Engine, folder: Path) -> Path:
    suffix = ".db" if is_sqlite(engine) else ".dump"
    return _free_name(folder, "nap-", suffix)


def list_backups(engine: Engine, actor: Actor, folder: Path) -> list[BackupFile]:
    """The backups in `folder`, newest first (half-written ones are hidden files)."""
    access.require(engine, actor, access.BACKUP)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix in (".db", ".dump")]
    files = [
        BackupFile(p.name, p, (s := p.stat()).st_size, dt.datetime.fromtimestamp(s.st_mtime))
        for p in found
        if not p.name.startswith(".")
    ]
    return sorted(files, key=lambda f: (f.modified, f.name), reverse=True)


def make_backup(engine: Engine, actor: Actor, path: Path, overwrite: bool = False) -> Backup:
    """Copy the live store to `path`, check the copy, and record it."""
    access.require(engine, actor, access.BACKUP)
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError("backup.exists", path=str(path))
    if not path.parent.is_dir():
        raise BackupError("backup.no_folder", folder=str(path.parent))
    # Written under a hidden name and renamed when checked: no half copy under the real name.
    partial = path.with_name(f".{path.name}.partial")
    try:
        if is_sqlite(engine):
            counts = _sqlite_copy(engine, partial)
            revision, copied = _check_sqlite_file(partial, str(path))
            _same_counts(counts, copied)
        else:
            counts, revision = _pg_dump(engine, partial)
            _check_pg_file(partial, str(path))
        _fsync(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    made = Backup(path, path.stat().st_size, _sha256(path), revision, counts)
    with write_session(engine) as session:
        record(
            session,
            actor,
            "backup_made",
            "store",
            None,
            path=str(path.resolve()),
            size=made.size,
            sha256=made.sha256,
            revision=revision,
            rows=sum(counts.values()),
        )
    return made


def restore_backup(
    engine: Engine, actor: Actor, path: Path, aside_folder: Path | None = None
) -> Restored:
    """Replace the store's content by the backup at `path`, keeping the current one aside.

    SQLite keeps it next to the store file; PostgreSQL in `aside_folder` (default: the
    backup's folder). Nothing changes when the copy is refused.
    """
    access.require(engine, actor, access.BACKUP)
    path = Path(path)
    if not path.is_file():
        raise BackupError("backup.not_found", path=str(path))
    before, digest = _version_or_zero(engine), _sha256(path)
    if is_sqlite(engine):
        aside, revision = _sqlite_restore(engine, path)
    else:
        aside, revision = _pg_restore(engine, path, aside_folder or path.parent)
    if revision != _head():
        upgrade(engine)  # a copy from an older release: bring it to this schema
    with engine.connect() as conn:
        counts = _counts(conn)  # before the audit event below adds its row
    with write_session(engine) as session:
        _move_version_past(session, before)
        record(
            session,
            actor,
            "backup_restored",
            "store",
            None,
            path=str(path.resolve()),
            sha256=digest,
            size=path.stat().st_size,
            revision=revision,
            aside=str(aside) if aside else None,
        )
    return Restored(path, aside, revision, counts)


# --- shared checks ---------------------------------------------------------------------


def _counts(conn: Connection) -> dict[str, int]:
    names = sorted(inspect(conn).get_table_names())
    return {n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names}


def _table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _same_counts(source: dict[str, int], copy: dict[str, int]) -> None:
    for name in sorted(set(source) | set(copy)):
        if source.get(name) != copy.get(name):
            raise BackupError(
                "backup.counts_differ", table=name, source=source.get(name), copy=copy.get(name)
            )


def _known_revision(revision: str | None, shown: str) -> str:
    if revision is None:
        raise BackupError("backup.not_a_store", path=shown)
    known = {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if revision not in known:
        raise BackupError("backup.unknown_revision", path=shown, revision=revision)
    return revision


def _head() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _kind_of(path: Path) -> str:
    with path.open("rb") as fh:
        start = fh.read(len(SQLITE_MAGIC))
    if start == SQLITE_MAGIC:
        return "SQLite"
    return "PostgreSQL" if start.startswith(PG_MAGIC) else ""


def _expect_kind(path: Path, kind: str, shown: str) -> None:
    found = _kind_of(path)
    if not found:
        raise BackupError("backup.not_a_store", path=shown)
    if found != kind:
        raise BackupError("backup.wrong_kind", path=shown, kind=found, store=kind)


def _version_or_zero(engine: Engine) -> int:
    try:
        return data_version(engine)
    except Exception:  # noqa: BLE001 (a new or older store without the counter row)
        return 0


def _move_version_past(session, before: int) -> None:
    """The restored counter may be lower than today's: caches keyed on a value seen before
    would hand out frames of the store as it was then. Start above both."""
    row = session.get(StoreVersion, 1)
    if row is None:
        session.add(StoreVersion(id=1, version=before))
    else:
        row.version = max(before, row.version)
    session.flush()  # record() then moves it one further


def _free_name(folder: Path, prefix: str, suffix: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = folder / f"{prefix}{stamp}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{prefix}{stamp}-{n}{suffix}"
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


# --- SQLite ----------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("backup.not_a_file", url=engine.url.render_as_string())
    return Path(name)


def _sqlite_copy(engine: Engine, target: Path) -> dict[str, int]:
    """Copy the live store to `target` and return its row counts at the moment of the copy.

    One read transaction holds both, and the backup runs in one step on that same
    connection, so writers that commit meanwhile are in neither (WAL lets them go on)."""
    _sqlite_path(engine)
    with engine.connect() as conn:
        conn.begin()
        counts = _counts(conn)
        copy = sqlite3.connect(target)
        try:
            conn.connection.driver_connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        finally:
            copy.close()
        conn.rollback()
    return counts


def _file_engine(path: Path) -> Engine:
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(path), poolclass=NullPool)


def _check_sqlite_file(path: Path, shown: str) -> tuple[str, dict[str, int]]:
    """The copy's schema revision and row counts; BackupError when it is not a sound store."""
    _expect_kind(path, "SQLite", shown)
    engine = _file_engine(path)
    try:
        with engine.connect() as conn:
            problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise BackupError("backup.damaged", path=shown, detail="; ".join(problems))
            revision = MigrationContext.configure(conn).get_current_revision()
            return _known_revision(revision, shown), _counts(conn)
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 ("file is not a database", "malformed", ...)
        raise BackupError(
            "backup.damaged", path=shown, detail=_line(getattr(exc, "orig", None) or exc)
        ) from exc
    finally:
        engine.dispose()


def _sqlite_restore(engine: Engine, path: Path) -> tuple[Path | None, str]:
    live = _sqlite_path(engine)
    if live.exists() and live.resolve() == path.resolve():
        raise BackupError("backup.same_file", path=str(path))
    # Checked on a private copy: the person's file stays as it is, and what is checked
    # is exactly what goes into the store.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=live.parent) as work:
        candidate = Path(work) / "candidate.db"
        shutil.copyfile(path, candidate)
        revision, _ = _check_sqlite_file(candidate, str(path))
        aside = None
        if live.exists() and _table_names(engine):
            aside = _free_name(live.parent, f"{live.stem}.before-restore-", ".db")
            _keep_aside(engine, live, aside)
        source = sqlite3.connect(candidate)
        try:
            # Into the live file through one of the engine's own connections: every other
            # connection (other sessions, other processes) stays valid and sees the new
            # content at its next transaction.
            with engine.connect() as conn:
                source.backup(conn.connection.driver_connection)
        finally:
            source.close()
    return aside, revision


def _keep_aside(engine: Engine, live: Path, aside: Path) -> None:
    """The store as it is, good or bad: a damaged store is often why one restores, so a
    store that the backup API cannot read is kept byte for byte (with its -wal)."""
    try:
        _sqlite_copy(engine, aside)
    except Exception:  # noqa: BLE001 (any read error of a damaged store)
        aside.unlink(missing_ok=True)
        shutil.copyfile(live, aside)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    def version(p: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", Path(p).parent.parent.name))

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise BackupError("backup.tool_missing", tool=name)
    return tool


def _pg_connection(engine: Engine) -> tuple[str, dict[str, str]]:
    """libpq connection string and environment; the password goes by environment so that
    it is never on a command line (which other users of the host can read)."""
    from psycopg.conninfo import make_conninfo

    url = engine.url
    parts = url.translate_connect_args(username="user", database="dbname")
    password = parts.pop("password", None)
    extra = {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    return make_conninfo(**{k: str(v) for k, v in {**parts, **extra}.items()}), env


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, env=env, timeout=TOOL_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError("backup.tool_failed", tool=Path(args[0]).name, detail=_line(exc)) from exc
    if done.returncode:
        detail = _line(done.stderr) or f"exit {done.returncode}"
        raise BackupError("backup.tool_failed", tool=Path(args[0]).name, detail=detail)
    return done.stdout


def _pg_dump(engine: Engine, target: Path) -> tuple[dict[str, int], str]:
    """Dump from a snapshot exported by a transaction that also counts the rows."""
    tool, (conninfo, env) = _pg_tool("pg_dump"), _pg_connection(engine)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.begin()
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        counts = _counts(conn)
        revision = MigrationContext.configure(conn).get_current_revision()
        dump = ["--format=custom", f"--snapshot={snapshot}", "--file", str(target)]
        _run([tool, *dump, "--dbname", conninfo], env)
        conn.rollback()
    return counts, _known_revision(revision, str(target))


def _check_pg_file(path: Path, shown: str) -> tuple[str, set[str]]:
    """The dump's schema revision and tables, after reading every block of it."""
    _expect_kind(path, "PostgreSQL", shown)
    tool = _pg_tool("pg_restore")
    try:
        listing = _run([tool, "--list", str(path)])
        _run([tool, "--file", os.devnull, str(path)])  # decompresses every data block
        data = _run([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)])
    except BackupError as exc:
        raise BackupError("backup.damaged", path=shown, detail=exc.params["detail"]) from exc
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.MULTILINE))
    lines = data.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.startswith("COPY ")), None)
    revision = lines[start + 1].strip() if start is not None and start + 1 < len(lines) else None
    return _known_revision(None if revision == "\\." else revision, shown), tables


def _pg_restore(engine: Engine, path: Path, aside_folder: Path) -> tuple[Path | None, str]:
    revision, tables = _check_pg_file(path, str(path))
    current = _table_names(engine)
    extra = sorted(current - tables)
    if extra:  # --clean drops only what the dump holds; these would block it
        raise BackupError("backup.pg_extra_tables", path=str(path), tables=", ".join(extra))
    aside = None
    if current:
        if not aside_folder.is_dir():
            raise BackupError("backup.no_folder", folder=str(aside_folder))
        aside = _free_name(aside_folder, f"{engine.url.database}.before-restore-", ".dump")
        _pg_dump(engine, aside)
        _check_pg_file(aside, str(aside))
    conninfo, env = _pg_connection(engine)
    # One transaction: a restore that fails halfway leaves the store as it was.
    replace = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run(
        [_pg_tool("pg_restore"), *replace, "--exit-on-error", "--dbname", conninfo, str(path)], env
    )
    engine.dispose()  # pooled connections may hold plans of the tables just replaced
    return aside, revision


def _line(exc_or_text: object) -> str:
    """One line of a message: the first that says "error", else the last."""
    lines = [ln.strip() for ln in str(exc_or_text).strip().splitlines() if ln.strip()]
    if not lines:
        return exc_or_text.__class__.__name__
    return next((ln for ln in lines if "error" in ln.lower()), lines[-1])[:300]
