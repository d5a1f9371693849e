"""Moving a store from SQLite to PostgreSQL (and to another SQLite file): nothing lost."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from nap_data.models import Base, Organisation, Submission
from nap_data.returns.samples import clean_return
from nap_data.services import SYSTEM
from nap_data.services.imports import import_return
from nap_data.services.migrate_store import migrate_store
from nap_data.store import StoreError, make_engine, read_session
from tests.conftest import REPO

_n = iter(range(1, 1000))


def _plain_sql_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t.name}").scalar_one()
            for t in Base.metadata.sorted_tables
        }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'target.db'}"
    return request.getfixturevalue("pg_server").new_database(f"move{next(_n)}")


def test_the_demo_store_moves_with_every_row_and_keeps_working(demo_engine, target_url):
    from nap_data.framework import load_framework

    before = _plain_sql_counts(demo_engine)
    target = make_engine(target_url)
    try:
        checks = migrate_store(demo_engine, target)
        assert {c.table: c.rows for c in checks} == before
        assert _plain_sql_counts(target) == before
        assert before["activity_report"] > 1000 and before["audit_event"] > 0
        # The moved store takes new writes: ids continue after the copied ones.
        result = import_return(target, clean_return(load_framework()), "bz.xlsx", SYSTEM)
        assert result.status == "accepted"
        with read_session(target) as s:
            assert s.scalar(select(func.count()).select_from(Submission)) == (
                before["submission"] + 1
            )
    finally:
        target.dispose()


def test_a_target_with_data_is_refused_and_left_alone(demo_engine, target_url):
    target = make_engine(target_url)
    try:
        migrate_store(demo_engine, target)
        counts = _plain_sql_counts(target)
        with pytest.raises(StoreError, match="not empty"):
            migrate_store(demo_engine, target)
        assert _plain_sql_counts(target) == counts
    finally:
        target.dispose()


def test_the_command_moves_the_store_and_prints_the_checks(demo_db, tmp_path):
    target = tmp_path / "moved.db"
    env = {"NAP_DATABASE_URL": f"sqlite:///{demo_db}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "nap_data", "migrate-store", "--to", f"sqlite:///{target}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "counts and checksums equal" in done.stdout
    moved = make_engine(f"sqlite:///{target}")
    with read_session(moved) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 75
    moved.dispose()
    again = subprocess.run(
        [sys.executable, "-m", "nap_data", "migrate-store", "--to", f"sqlite:///{target}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 1 and "not empty" in again.stdout
