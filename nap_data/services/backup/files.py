"""The backup folder and the files in it: where backups go, their names, their digests."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from nap_data.services import Actor, access
from nap_data.store import REPO_ROOT, is_sqlite

DEFAULT_FOLDER = REPO_ROOT / "data" / "backups"


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
    return free_name(folder, "nap-", suffix)


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


def free_name(folder: Path, prefix: str, suffix: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = folder / f"{prefix}{stamp}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{prefix}{stamp}-{n}{suffix}"
    return candidate


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())
