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


def _package_imports(path) -> set[str]:
    """The nap_data sub-packages and modules a file imports ("metrics", "queries", ...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "nap_data":
            modules = [f"nap_data.{a.name}" for a in node.names]  # from nap_data import charts
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        names |= {m.split(".")[1] for m in modules if m.startswith("nap_data.")}
    return names


IO = {"queries", "store", "models", "services", "ui", "cli", "exports"}
PURE = {  # package -> the nap_data packages it must not import
    "metrics": IO | {"charts", "slides", "worldmap"},
    "charts": IO | {"metrics", "slides"},
}


def test_metrics_and_charts_stay_pure():
    offenders = [
        (str(p.relative_to(REPO)), sorted(found))
        for package, forbidden in PURE.items()
        for p in (REPO / "nap_data" / package).rglob("*.py")
        if (found := _package_imports(p) & forbidden)
        or (found := _imports(p) & {"sqlalchemy", "streamlit"})
    ]
    assert offenders == []


def test_every_cli_command_runs_without_streamlit(demo_db, tmp_path):
    import os
    import subprocess
    import sys

    from nap_data.cli import build_parser

    env = {**os.environ, "NAP_DATABASE_URL": f"sqlite:///{demo_db}"}
    template = tmp_path / "t.xlsx"
    commands = [
        ["template", "--org", "BZ", "--year", "2025", "-o", str(template)],
        ["import", str(template), "--dry-run", "--json"],
        ["export", "activities", "-o", str(tmp_path / "a.csv")],
        ["figures", "--from", "2021", "--to", "2025", "--json"],
        ["register", "export", "-o", str(tmp_path / "register.csv")],
        ["register", "import", str(tmp_path / "register.csv"), "--dry-run", "--json"],
        ["register", "list", "--json"],
        ["init"],
    ]
    subcommands = next(a for a in build_parser()._actions if a.choices and "init" in a.choices)
    assert {args[0] for args in commands} == set(subcommands.choices)
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
