"""The command line: init, export, help and errors, as a user runs it (a real process)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import openpyxl
import pytest

from tests.conftest import REPO


def cli(*args: str, url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if url:
        env["NAP_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "nap_data", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_twice_with_demo(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    first = cli("init", "--demo", url=url)
    assert first.returncode == 0, first.stderr
    assert "demo data added" in first.stdout
    second = cli("init", "--demo", url=url)
    assert second.returncode == 0
    assert "framework unchanged" in second.stdout and "already present" in second.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["activities", "indicators"])
def test_export_writes_every_row(demo_db, demo_engine, tmp_path, what, fmt):
    from nap_data import queries

    out = tmp_path / f"{what}.{fmt}"
    result = cli("export", what, "-o", str(out), url=f"sqlite:///{demo_db}")
    assert result.returncode == 0, result.stderr
    expected = (
        queries.load_activities(demo_engine)
        if what == "activities"
        else queries.load_indicator_values(demo_engine)
    ).height
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        wb = openpyxl.load_workbook(out, read_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        wb.close()
    assert len(rows) - 1 == expected
    assert f"wrote {expected} rows" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["nonsense"],
        ["export", "people", "-o", "x.csv"],
        ["export", "activities"],
        ["export", "activities", "-o", "x.txt"],
        ["init", "--unknown"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, args):
    result = cli(*args, url=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert result.stderr.strip() and len(result.stderr.strip().splitlines()) <= 2


def test_unreachable_store_exits_2(tmp_path):
    result = cli(
        "export",
        "activities",
        "-o",
        str(tmp_path / "a.csv"),
        url="postgresql+psycopg://nobody@127.0.0.1:1/none",
    )
    assert result.returncode == 2
    assert "cannot reach the store" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_before_init_says_to_run_init(tmp_path):
    result = cli(
        "export",
        "activities",
        "-o",
        str(tmp_path / "a.csv"),
        url=f"sqlite:///{tmp_path / 'new.db'}",
    )
    assert result.returncode == 2 and "nap_data init" in result.stderr


@pytest.mark.parametrize("command", ["init", "export"])
def test_every_command_has_help(command):
    result = cli(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_every_command_is_documented_in_the_readme():
    from nap_data.cli import _COMMANDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in _COMMANDS:
        assert f"python -m nap_data {command}" in readme


def test_unwritable_output_path_is_one_line_and_exit_2(demo_db, tmp_path):
    result = cli(
        "export",
        "activities",
        "-o",
        str(tmp_path / "no" / "such" / "a.csv"),
        url=f"sqlite:///{demo_db}",
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_sqlite_store_is_not_created_by_export(tmp_path):
    target = tmp_path / "nothing" / "nap.db"
    result = cli("export", "activities", "-o", str(tmp_path / "a.csv"), url=f"sqlite:///{target}")
    assert result.returncode == 2 and "nap_data init" in result.stderr
    assert not target.exists() and not target.parent.exists()
