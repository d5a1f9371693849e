"""SQLite: the copy by the online backup API, the check of a copy, and the restore of one
(see the package's docstring)."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from nap_data.services.backup.checks import count_rows, expect_kind, known_revision, table_names
from nap_data.services.backup.errors import BackupError, error_line
from nap_data.services.backup.files import free_name


def _sqlite_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("backup.not_a_file", url=engine.url.render_as_string())
    return Path(name)


def sqlite_copy(engine: Engine, target: Path) -> dict[str, int]:
    """Copy the live store to `target` and return its row counts at the moment of the copy.

    One read transaction holds both, and the backup runs in one step on that same
    connection, so writers that commit meanwhile are in neither (WAL lets them go on)."""
    _sqlite_path(engine)
    with engine.connect() as conn:
        conn.begin()
        counts = count_rows(conn)
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


def check_sqlite_file(path: Path, shown: str) -> tuple[str, dict[str, int]]:
    """The copy's schema revision and row counts; BackupError when it is not a sound store."""
    expect_kind(path, "SQLite", shown)
    engine = _file_engine(path)
    try:
        with engine.connect() as conn:
            problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise BackupError("backup.damaged", path=shown, detail="; ".join(problems))
            revision = MigrationContext.configure(conn).get_current_revision()
            return known_revision(revision, shown), count_rows(conn)
    except BackupError:
        raise
    except Exception as exc:  # noqa: BLE001 ("file is not a database", "malformed", ...)
        raise BackupError(
            "backup.damaged", path=shown, detail=error_line(getattr(exc, "orig", None) or exc)
        ) from exc
    finally:
        engine.dispose()


def sqlite_restore(engine: Engine, path: Path) -> tuple[Path | None, str]:
    live = _sqlite_path(engine)
    if live.exists() and live.resolve() == path.resolve():
        raise BackupError("backup.same_file", path=str(path))
    # Checked on a private copy: the person's file stays as it is, and what is checked
    # is exactly what goes into the store.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=live.parent) as work:
        candidate = Path(work) / "candidate.db"
        shutil.copyfile(path, candidate)
        revision, _ = check_sqlite_file(candidate, str(path))
        aside = None
        if live.exists() and table_names(engine):
            aside = free_name(live.parent, f"{live.stem}.before-restore-", ".db")
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
        sqlite_copy(engine, aside)
    except Exception:  # noqa: BLE001 (any read error of a damaged store)
        aside.unlink(missing_ok=True)
        shutil.copyfile(live, aside)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))
