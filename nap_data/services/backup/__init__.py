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

The modules: `make` and `restore` (the two use cases), `sqlite` and `postgres` (each
engine's copy, check and restore), `checks` (what both engines check), `files` (the
backup folder and its files), `errors` (BackupError).
"""

from nap_data.services.backup.checks import PG_MAGIC, SQLITE_MAGIC
from nap_data.services.backup.errors import BackupError
from nap_data.services.backup.files import (
    DEFAULT_FOLDER,
    BackupFile,
    backup_folder,
    list_backups,
    new_backup_path,
)
from nap_data.services.backup.make import Backup, make_backup
from nap_data.services.backup.postgres import TOOL_TIMEOUT
from nap_data.services.backup.restore import Restored, restore_backup

__all__ = [
    "DEFAULT_FOLDER",
    "PG_MAGIC",
    "SQLITE_MAGIC",
    "TOOL_TIMEOUT",
    "Backup",
    "BackupError",
    "BackupFile",
    "Restored",
    "backup_folder",
    "list_backups",
    "make_backup",
    "new_backup_path",
    "restore_backup",
]
