"""T3 (small): an import process killed at random moments leaves the store whole.

Each return is fully present (every row of the file) or fully absent, and the store's
integrity check passes, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import openpyxl
from sqlalchemy import func, select

from nap_data.models import ActivityReport, Submission
from nap_data.store import make_engine, read_session
from tests.conftest import REPO

ROWS = 400
# `make test` kills a few imports; `make stress` runs the catalogue's 100+ (T3).
# Per engine: `make stress` sets 60, so 120 kills across both.
RUNS = int(os.environ.get("NAP_KILL_RUNS", "6"))


def _big_return(tmp_path, n: int):
    """A plain workbook in the return layout (faster to write than the full template)."""
    wb = openpyxl.Workbook(write_only=True)
    about = wb.create_sheet("About")
    for row in (["Organisation code", "BZ"], ["Reporting year", 2025], ["Template version", 1]):
        about.append(row)
    acts = wb.create_sheet("Activities")
    acts.append(
        ["Activity ID", "Title", "Strategic goal", "Focus", "Country", "Status", "Start date"]
    )
    for i in range(ROWS):
        acts.append(
            [f"K-{n}-{i}", f"Activity {n}-{i}", 3, "foreign", "ML", "ongoing", "2024-01-01"]
        )
    wb.create_sheet("Indicators").append(["Indicator code", "Year", "Value"])
    wb.create_sheet("Narrative").append(
        ["Strategic goal", "Highlights", "Challenges", "Lessons learned"]
    )
    path = tmp_path / f"big-{n}.xlsx"
    wb.save(path)
    return path


def _integrity(engine) -> list[str]:
    """What is broken in the store after the kills (empty: nothing)."""
    problems = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            if conn.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                problems.append("integrity_check")
            if conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                problems.append("foreign_key_check")
        # The same question on both engines, in plain SQL: rows without their version.
        orphans = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM activity_report r "
            "LEFT JOIN submission s ON s.id = r.submission_id WHERE s.id IS NULL"
        ).scalar_one()
        if orphans:
            problems.append(f"{orphans} activity reports without a version")
    return problems


def test_killed_imports_leave_each_return_whole_or_absent(demo_any_url, tmp_path):
    rng = random.Random(1325)
    env = {**os.environ, "NAP_DATABASE_URL": demo_any_url}
    files = [_big_return(tmp_path, n) for n in range(RUNS + 1)]
    command = [sys.executable, "-m", "nap_data", "import"]
    # One import to the end tells how long an import takes on this machine, so the
    # kills below land before, during and after the write, however fast the machine is.
    started = time.monotonic()
    subprocess.run([*command, str(files[0])], cwd=REPO, env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    for path in files[1:]:
        proc = subprocess.Popen(
            [*command, str(path)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.3) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    engine = make_engine(demo_any_url)
    assert _integrity(engine) == []
    with read_session(engine) as s:
        uploaded = s.scalars(select(Submission).where(Submission.source == "upload")).all()
        whole = 0
        for sub in uploaded:
            rows = s.scalar(
                select(func.count())
                .select_from(ActivityReport)
                .where(ActivityReport.submission_id == sub.id)
            )
            assert rows == ROWS, f"version {sub.version} has {rows} of {ROWS} rows"
            whole += 1
    engine.dispose()
    print(
        f"\nT3 {engine.dialect.name}: {RUNS} imports killed at 0.3-1.3x of {duration:.2f} s; "
        f"{whole - 1} finished before the kill, {RUNS + 1 - whole} absent, "
        "integrity check passed every time"
    )
    # Both kinds of run must happen, or the test proves nothing.
    assert 1 <= len(uploaded) < RUNS + 1, f"{len(uploaded)} of {RUNS + 1} imports finished"
