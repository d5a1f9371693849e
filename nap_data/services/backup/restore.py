"""Restoring a backup: check the copy, keep the current store aside, replace its content."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from nap_data.models import StoreVersion
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.services.backup.checks import count_rows, head_revision
from nap_data.services.backup.errors import BackupError
from nap_data.services.backup.files import file_sha256
from nap_data.services.backup.postgres import pg_restore
from nap_data.services.backup.sqlite import sqlite_restore
from nap_data.store import data_version, is_sqlite, upgrade, write_session


@dataclass(frozen=True)
class Restored:
    path: Path
    aside: Path | None  # where the store as it was before is kept
    revision: str  # the copy's schema revision (the store is upgraded from it)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table after the restore


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
    before, digest = _version_or_zero(engine), file_sha256(path)
    if is_sqlite(engine):
        aside, revision = sqlite_restore(engine, path)
    else:
        aside, revision = pg_restore(engine, path, aside_folder or path.parent)
    if revision != head_revision():
        upgrade(engine)  # a copy from an older release: bring it to this schema
    with engine.connect() as conn:
        counts = count_rows(conn)  # before the audit event below adds its row
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
