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


def test_the_cli_starts_without_streamlit():
    import subprocess
    import sys

    code = "import sys, nap_data.cli; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_pages_do_not_build_sql_or_charts():
    for path in [*(REPO / "pages").glob("*.py"), REPO / "app.py"]:
        text = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in _imports(path), path
        assert "alt.Chart" not in text and "select(" not in text, path


def test_defusedxml_is_active_for_openpyxl():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
