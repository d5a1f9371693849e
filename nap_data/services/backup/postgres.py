"""PostgreSQL: the dump by `pg_dump`, the check of a dump by `pg_restore`, and the restore of
one (see the package's docstring)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from nap_data.services.backup.checks import count_rows, expect_kind, known_revision, table_names
from nap_data.services.backup.errors import BackupError, error_line
from nap_data.services.backup.files import free_name

TOOL_TIMEOUT = 3600  # seconds; a dump of a large store takes minutes, never hours


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
        raise BackupError(
            "backup.tool_failed", tool=Path(args[0]).name, detail=error_line(exc)
        ) from exc
    if done.returncode:
        detail = error_line(done.stderr) or f"exit {done.returncode}"
        raise BackupError("backup.tool_failed", tool=Path(args[0]).name, detail=detail)
    return done.stdout


def pg_dump(engine: Engine, target: Path) -> tuple[dict[str, int], str]:
    """Dump from a snapshot exported by a transaction that also counts the rows."""
    tool, (conninfo, env) = _pg_tool("pg_dump"), _pg_connection(engine)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.begin()
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        counts = count_rows(conn)
        revision = MigrationContext.configure(conn).get_current_revision()
        dump = ["--format=custom", f"--snapshot={snapshot}", "--file", str(target)]
        _run([tool, *dump, "--dbname", conninfo], env)
        conn.rollback()
    return counts, known_revision(revision, str(target))


def check_pg_file(path: Path, shown: str) -> tuple[str, set[str]]:
    """The dump's schema revision and tables, after reading every block of it."""
    expect_kind(path, "PostgreSQL", shown)
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
    return known_revision(None if revision == "\\." else revision, shown), tables


def pg_restore(engine: Engine, path: Path, aside_folder: Path) -> tuple[Path | None, str]:
    revision, tables = check_pg_file(path, str(path))
    current = table_names(engine)
    extra = sorted(current - tables)
    if extra:  # --clean drops only what the dump holds; these would block it
        raise BackupError("backup.pg_extra_tables", path=str(path), tables=", ".join(extra))
    aside = None
    if current:
        if not aside_folder.is_dir():
            raise BackupError("backup.no_folder", folder=str(aside_folder))
        aside = free_name(aside_folder, f"{engine.url.database}.before-restore-", ".dump")
        pg_dump(engine, aside)
        check_pg_file(aside, str(aside))
    conninfo, env = _pg_connection(engine)
    # One transaction: a restore that fails halfway leaves the store as it was.
    replace = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run(
        [_pg_tool("pg_restore"), *replace, "--exit-on-error", "--dbname", conninfo, str(path)], env
    )
    engine.dispose()  # pooled connections may hold plans of the tables just replaced
    return aside, revision
