"""T10: a backup taken while returns are imported is whole and consistent, a restore of it
gives the same counts, and a damaged or foreign file is refused without changing anything.

On SQLite and on a real PostgreSQL server (`any_engine`; skipped when its binaries are
not installed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nap_data.framework import load_framework
from nap_data.models import ActivityReport, AuditEvent, Organisation, Submission, SubmissionFile
from nap_data.returns.samples import ACTIVITIES_ROWS
from nap_data.returns.template import build_template
from nap_data.services import Actor
from nap_data.services.access import Denied
from nap_data.services.backup import BackupError, make_backup, restore_backup
from nap_data.services.imports import import_return
from nap_data.store import data_version, make_engine, read_session, write_session

ADMIN = Actor("backup-test", "admin")
ORGS = ("BZ", "OCW")
FILES_PER_WRITER = 10
ROWS_PER_RETURN = 2
_databases = itertools.count(1)


def _add_organisations(engine) -> None:
    with write_session(engine) as s:
        for code in ORGS:
            s.add(
                Organisation(code=code, name=code, type="ministry", joined_on=dt.date(2021, 1, 1))
            )


def _returns(code: str) -> list[bytes]:
    """Different files (the budget changes), so that every import writes a new version."""
    fw = load_framework()
    return [
        build_template(
            fw,
            code,
            code,
            2025,
            [dataclasses.replace(ACTIVITIES_ROWS[0], budget_eur=1000.0 + n), ACTIVITIES_ROWS[1]],
            "nl",
        )
        for n in range(FILES_PER_WRITER)
    ]


class Writers:
    """One thread per organisation, each with its own engine, importing continuously."""

    def __init__(self, url: str, files: dict[str, list[bytes]]) -> None:
        self.url, self.files = url, files
        self.commits: list[float] = []  # monotonic times of accepted imports
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(c,)) for c in files]

    def _run(self, code: str) -> None:
        engine = make_engine(self.url)
        try:
            for n, data in enumerate(self.files[code]):
                result = import_return(engine, data, f"{code}-{n}.xlsx", Actor(f"w-{code}"))
                assert result.status == "accepted", result.status
                self.commits.append(time.monotonic())
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            self.errors.append(exc)
        finally:
            engine.dispose()

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        for thread in self.threads:
            thread.join(timeout=300)

    def wait_for(self, n: int) -> None:
        deadline = time.monotonic() + 120
        while len(self.commits) < n and not self.errors and time.monotonic() < deadline:
            time.sleep(0.02)


def _fresh_store(engine, request, tmp_path, name: str):
    """An empty database of the same kind as `engine`, for restoring a copy into."""
    if engine.dialect.name == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / f'{name}.db'}")
    server = request.getfixturevalue("pg_server")
    return make_engine(server.new_database(f"backup_{name}_{next(_databases)}"))


def _invariants(engine, start_version: int) -> dict[str, int]:
    """What holds at every commit point of the import: each submission has all its
    activity reports, its file and its audit event, and the data version has moved once
    per submission."""
    with read_session(engine) as s:
        subs = s.scalar(select(func.count()).select_from(Submission))
        per_sub = s.execute(
            select(ActivityReport.submission_id, func.count()).group_by(
                ActivityReport.submission_id
            )
        ).all()
        files = s.scalar(select(func.count()).select_from(SubmissionFile))
        events = s.scalar(
            select(func.count()).where(AuditEvent.action == "version_added").select_from(AuditEvent)
        )
    assert len(per_sub) == subs and all(n == ROWS_PER_RETURN for _, n in per_sub)
    assert files == subs and events == subs
    return {"submissions": subs, "versions_moved": data_version(engine) - start_version}


def _counts(engine) -> dict[str, int]:
    from nap_data.services.backup.checks import count_rows

    with engine.connect() as conn:
        return count_rows(conn)


def test_a_backup_under_load_is_consistent_and_restores_to_the_same_counts(
    any_engine, request, tmp_path
):
    _add_organisations(any_engine)
    start_version = data_version(any_engine)
    files = {code: _returns(code) for code in ORGS}
    backups, windows = [], []
    with Writers(any_engine.url.render_as_string(hide_password=False), files) as writers:
        for n, wanted in enumerate((3, 9)):
            writers.wait_for(wanted)
            began = time.monotonic()
            backups.append(make_backup(any_engine, ADMIN, tmp_path / f"under-load-{n}.bin"))
            windows.append((began, time.monotonic()))
    assert not writers.errors, writers.errors
    total = len(ORGS) * FILES_PER_WRITER
    assert len(writers.commits) == total
    # The writers went on between the first backup and the end of the second.
    assert any(windows[0][0] <= c <= windows[1][1] for c in writers.commits)
    taken = [b.counts["submission"] for b in backups]
    assert 0 < taken[0] < taken[1] < total, taken

    for n, made in enumerate(backups):
        assert made.path.stat().st_size == made.size and len(made.sha256) == 64
        copy = _fresh_store(any_engine, request, tmp_path, f"copy{n}")
        try:
            restored = restore_backup(copy, ADMIN, made.path, aside_folder=tmp_path)
            assert restored.aside is None  # nothing was there to keep
            assert restored.counts == made.counts  # the counts at the moment of the copy
            if copy.dialect.name == "sqlite":
                assert _sqlite_integrity(Path(copy.url.database)) == ["ok"]
            state = _invariants(copy, start_version)
            assert state["submissions"] == made.counts["submission"]
            # +1: the restore's own event moves the data version past the copy's value.
            assert state["versions_moved"] == made.counts["submission"] + 1
        finally:
            copy.dispose()

    # Into the live store: the current content is kept aside first.
    before = _counts(any_engine)
    version_before = data_version(any_engine)
    restored = restore_backup(any_engine, ADMIN, backups[1].path, aside_folder=tmp_path)
    assert restored.counts == backups[1].counts
    assert restored.aside is not None and restored.aside.is_file()
    assert ".before-restore-" in restored.aside.name
    assert _invariants(any_engine, start_version)["submissions"] == taken[1]
    assert data_version(any_engine) > version_before  # every cache is dropped
    aside_store = _fresh_store(any_engine, request, tmp_path, "aside")
    try:
        assert restore_backup(aside_store, ADMIN, restored.aside).counts == before
    finally:
        aside_store.dispose()
    with read_session(any_engine) as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first()
    assert actions == "backup_restored"


def _sqlite_integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def _damage(path: Path, target: Path) -> Path:
    """The backup with bytes overwritten: the start of every page after the first (SQLite),
    or a block in the middle of the compressed data (pg_dump)."""
    data = bytearray(path.read_bytes())
    if data.startswith(b"SQLite format 3"):
        for page in range(4096, len(data), 4096):
            data[page : page + 16] = b"\xff" * 16
    else:
        middle = len(data) // 2
        data[middle : middle + 4096] = b"\xff" * 4096
    target.write_bytes(bytes(data))
    return target


def _not_a_store(engine, tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("Dit is geen back-up, alleen wat tekst.\n" * 50, encoding="utf-8")
    return path


def _other_sqlite(engine, tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
    return path


@pytest.mark.parametrize(
    ("make_file", "code"),
    [
        (lambda e, d, made: _damage(made.path, d / "damaged.bin"), "backup.damaged"),
        (lambda e, d, made: _not_a_store(e, d), "backup.not_a_store"),
        (lambda e, d, made: _other_sqlite(e, d), None),  # not a store, or not this kind
    ],
    ids=["bytes-overwritten", "text-file", "foreign-sqlite"],
)
def test_a_damaged_or_foreign_file_is_refused_and_changes_nothing(
    any_engine, tmp_path, make_file, code
):
    _add_organisations(any_engine)
    import_return(any_engine, _returns("BZ")[0], "bz.xlsx", ADMIN)
    made = make_backup(any_engine, ADMIN, tmp_path / "good.bin")
    bad = make_file(any_engine, tmp_path, made)
    before, version = _counts(any_engine), data_version(any_engine)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BackupError) as refused:
        restore_backup(any_engine, ADMIN, bad, aside_folder=tmp_path)
    expected = code or (
        "backup.not_a_store" if any_engine.dialect.name == "sqlite" else "backup.wrong_kind"
    )
    assert refused.value.code == expected
    for lang in ("nl", "en"):
        text = refused.value.message(lang)
        assert str(bad) in text and "backup." not in text  # a sentence, not a key
    assert _counts(any_engine) == before and data_version(any_engine) == version
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no aside, no leftovers
    if any_engine.dialect.name == "sqlite":
        assert not list(Path(any_engine.url.database).parent.glob("*.before-restore-*"))


def test_a_backup_never_overwrites_unless_told(any_engine, tmp_path):
    target = tmp_path / "b.bin"
    target.write_bytes(b"keep me")
    with pytest.raises(BackupError) as refused:
        make_backup(any_engine, ADMIN, target)
    assert refused.value.code == "backup.exists" and target.read_bytes() == b"keep me"
    made = make_backup(any_engine, ADMIN, target, overwrite=True)
    assert made.size == target.stat().st_size > 7
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial left


def test_backup_and_restore_need_the_backup_right_and_refusals_are_recorded(any_engine, tmp_path):
    made = make_backup(any_engine, ADMIN, tmp_path / "b.bin")
    officer = Actor("officer@example.org", "policy_officer")
    with pytest.raises(Denied):
        make_backup(any_engine, officer, tmp_path / "c.bin")
    with pytest.raises(Denied):
        restore_backup(any_engine, officer, made.path)
    assert not (tmp_path / "c.bin").exists()
    with read_session(any_engine) as s:
        denied = s.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "access_denied")
        ).all()
    assert [d["attempted"] for d in denied] == ["backup", "backup"]


def test_the_backup_event_names_the_file_its_size_and_hash(any_engine, tmp_path):
    version = data_version(any_engine)
    made = make_backup(any_engine, ADMIN, tmp_path / "b.bin")
    with read_session(any_engine) as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "backup_made")).one()
    assert event.detail["size"] == made.size and event.detail["sha256"] == made.sha256
    assert event.detail["path"] == str(made.path.resolve())
    assert data_version(any_engine) == version  # a backup changes no figure


def test_a_copy_with_a_schema_revision_this_code_does_not_know_is_refused(empty_engine, tmp_path):
    made = make_backup(empty_engine, ADMIN, tmp_path / "b.db")
    with sqlite3.connect(made.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(BackupError) as refused:
        restore_backup(empty_engine, ADMIN, made.path)
    assert refused.value.code == "backup.unknown_revision"
    assert "9999_from_the_future" in refused.value.message("en")


def test_a_sqlite_backup_is_one_file_without_a_wal(empty_engine, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    made = make_backup(empty_engine, ADMIN, folder / "b.db")
    assert sorted(p.name for p in folder.iterdir()) == ["b.db"]
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    restored = restore_backup(empty_engine, ADMIN, made.path)
    with empty_engine.connect() as conn:  # the live store stays in WAL mode
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert restored.aside.parent == Path(empty_engine.url.database).parent


def test_backup_and_restore_from_the_command_line(demo_db, tmp_path):
    from tests.test_cli import cli

    url, out = f"sqlite:///{demo_db}", tmp_path / "nap.db.bak"
    made = cli("backup", "-o", str(out), "--lang", "en", url=url)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Backup made: {out} (") and "SHA-256" in made.stdout
    again = cli("backup", "-o", str(out), url=url)
    assert again.returncode == 1 and "bestaat al" in again.stderr

    unconfirmed = cli("restore", str(out), "--lang", "en", url=url)  # stdin is no terminal
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    assert not list(tmp_path.glob("*.before-restore-*"))
    done = cli("restore", str(out), "--yes", "--lang", "en", url=url)
    assert done.returncode == 0, done.stderr
    aside = next(tmp_path.glob("nap.before-restore-*.db"))
    assert f"kept in {aside}" in done.stdout

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00" * 5000)
    refused = cli("restore", str(junk), "--yes", "--lang", "en", url=url)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"error: {junk} is not a backup of this store: the file holds no data of this app. "
        "Nothing was changed."
    ]


@pytest.mark.parametrize("command", ["users", "backup", "restore"])
def test_the_new_commands_have_help(command):
    from tests.test_cli import cli

    result = cli(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_a_copy_from_an_older_schema_is_restored_and_upgraded(demo_engine, tmp_path):
    from alembic import command

    from nap_data.store import _alembic_config, schema_is_current

    old = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        restore_backup(old, ADMIN, make_backup(demo_engine, ADMIN, tmp_path / "now.db").path)
        command.downgrade(_alembic_config(old), "0003")  # as a store of the release before
        made = make_backup(old, ADMIN, tmp_path / "then.db")
    finally:
        old.dispose()
    assert made.revision == "0003" and "app_user" not in made.counts
    version_before = data_version(demo_engine)
    restored = restore_backup(demo_engine, ADMIN, made.path)
    assert restored.revision == "0003" and schema_is_current(demo_engine)
    assert restored.counts["submission"] == made.counts["submission"]
    assert restored.counts["app_user"] == 0
    assert data_version(demo_engine) > version_before
