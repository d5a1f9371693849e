"""Making a backup: copy the live store, check the copy, and record it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.services.backup.checks import same_counts
from nap_data.services.backup.errors import BackupError
from nap_data.services.backup.files import file_sha256, fsync_file
from nap_data.services.backup.postgres import check_pg_file, pg_dump
from nap_data.services.backup.sqlite import check_sqlite_file, sqlite_copy
from nap_data.store import is_sqlite, write_session


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    sha256: str
    revision: str
    counts: dict[str, int] = field(default_factory=dict)  # rows per table in the copy


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
            counts = sqlite_copy(engine, partial)
            revision, copied = check_sqlite_file(partial, str(path))
            same_counts(counts, copied)
        else:
            counts, revision = pg_dump(engine, partial)
            check_pg_file(partial, str(path))
        fsync_file(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    made = Backup(path, path.stat().st_size, file_sha256(path), revision, counts)
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
