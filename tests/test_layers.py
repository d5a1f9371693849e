"""Architecture rules that a test can check."""

from __future__ import annotations

import ast

from tests.conftest import REPO


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "nap_data").rglob("*.py")
        if "ui" not in p.relative_to(REPO / "nap_data").parts and "streamlit" in _imports(p)
    ]
    assert offenders == []


BLOCK_STREAMLIT = """
import runpy, sys
sys.modules["streamlit"] = None  # any import of streamlit now fails
sys.argv = ["nap_data", *sys.argv[1:]]
runpy.run_module("nap_data", run_name="__main__")
"""


def test_every_cli_command_runs_without_streamlit(demo_db, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "NAP_DATABASE_URL": f"sqlite:///{demo_db}"}
    template = tmp_path / "t.xlsx"
    commands = [
        ["template", "--org", "BZ", "--year", "2025", "-o", str(template)],
        ["import", str(template), "--dry-run", "--json"],
        ["export", "activities", "-o", str(tmp_path / "a.csv")],
        ["init"],
    ]
    for args in commands:
        done = subprocess.run(
            [sys.executable, "-c", BLOCK_STREAMLIT, *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, (args, done.stderr[-500:])


def test_pages_do_not_build_sql_or_charts():
    for path in [*(REPO / "pages").glob("*.py"), REPO / "app.py"]:
        text = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in _imports(path), path
        assert "alt.Chart" not in text and "select(" not in text, path


def test_defusedxml_is_active_for_openpyxl():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
