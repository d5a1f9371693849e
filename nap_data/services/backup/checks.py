"""The checks that a copy and a store share, whatever the engine: row counts per table,
a schema revision this code knows, and which engine wrote a file."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, func, inspect, select, table

from nap_data.services.backup.errors import BackupError
from nap_data.store import MIGRATIONS

SQLITE_MAGIC, PG_MAGIC = b"SQLite format 3\x00", b"PGDMP"


def count_rows(conn: Connection) -> dict[str, int]:
    names = sorted(inspect(conn).get_table_names())
    return {n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names}


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def same_counts(source: dict[str, int], copy: dict[str, int]) -> None:
    for name in sorted(set(source) | set(copy)):
        if source.get(name) != copy.get(name):
            raise BackupError(
                "backup.counts_differ", table=name, source=source.get(name), copy=copy.get(name)
            )


def known_revision(revision: str | None, shown: str) -> str:
    if revision is None:
        raise BackupError("backup.not_a_store", path=shown)
    known = {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if revision not in known:
        raise BackupError("backup.unknown_revision", path=shown, revision=revision)
    return revision


def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _kind_of(path: Path) -> str:
    with path.open("rb") as fh:
        start = fh.read(len(SQLITE_MAGIC))
    if start == SQLITE_MAGIC:
        return "SQLite"
    return "PostgreSQL" if start.startswith(PG_MAGIC) else ""


def expect_kind(path: Path, kind: str, shown: str) -> None:
    found = _kind_of(path)
    if not found:
        raise BackupError("backup.not_a_store", path=shown)
    if found != kind:
        raise BackupError("backup.wrong_kind", path=shown, kind=found, store=kind)
