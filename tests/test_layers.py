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


# The benchmark drives the app from outside (AppTest, a wrapped server); the app never
# imports it (no layer's ALLOWED below names "bench").
OUTSIDE_THE_APP = {"ui", "bench"}


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "nap_data").rglob("*.py")
        if not OUTSIDE_THE_APP & set(p.relative_to(REPO / "nap_data").parts)
        and "streamlit" in _imports(p)
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
        ["users", "list"],
        ["backup", "-o", str(tmp_path / "copy.db")],
        ["restore", str(tmp_path / "copy.db"), "--yes"],
        ["migrate-store", "--to", f"sqlite:///{tmp_path / 'target.db'}"],
        ["deck", "--year", "2025", "-o", str(tmp_path / "deck.pptx")],
        ["report", "--from", "2025", "--to", "2025", "-o", str(tmp_path / "report")],
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


# --- the allowed import edges between layers ---------------------------------------------

# Every module is in one layer, by its first name under nap_data/ (pages/ and app.py are
# "pages"); a new top-level module fails `test_every_module_has_a_layer` until it has one.
BASE = ("vocab", "i18n", "labels", "formatting", "filters", "plan", "framework", "countries")
LAYER = {
    **dict.fromkeys((*BASE, "geo", "__init__"), "base"),  # words, codes and rules; pure
    "metrics": "metrics",  # pure Polars
    "charts": "charts",  # pure Altair
    **dict.fromkeys(("slides", "deck", "worldmap", "figures_text"), "views"),  # from frames
    "report": "report",  # builds the report from the store (report.build)
    **dict.fromkeys(("returns", "register"), "files"),  # Excel/CSV files: pure
    "demo": "demo",
    "models": "models",
    **dict.fromkeys(("store", "migrations"), "store"),
    "startup": "checks",  # start-up checks of the settings and the store's engine
    **dict.fromkeys(("queries", "plan_store", "arrow_load"), "queries"),  # arrow_load: ADBC
    "exports": "exports",  # CSV/XLSX writers and the actor-checked data export
    "services": "services",
    "ui": "ui",
    "cli": "cli",  # with __main__ and every cli_* module
    "__main__": "cli",
    "bench": "bench",  # make bench: measures the app from outside, never imported by it
}
_NOT_UI = {"base", "metrics", "charts", "views", "report", "files", "demo", "store", "checks"}
_NOT_UI |= {"queries"}
# layer -> what it may import: layers, or single modules (pages: services.access only).
ALLOWED = {
    "base": {"base"},
    "metrics": {"base", "metrics"},
    "charts": {"base", "charts"},
    "views": {"base", "metrics", "charts", "views"},
    "files": {"base", "files"},
    "demo": {"base", "files", "demo"},
    "models": set(),
    "store": {"models", "store"},
    "checks": {"base", "store"},
    "queries": {"base", "metrics", "models", "store", "queries"},
    "exports": {"base", "queries", "store", "services", "exports"},
    "report": {"base", "metrics", "charts", "views", "exports", "queries", "store"}
    | {"services", "report"},
    "services": _NOT_UI | {"models", "exports", "services"},
    "ui": _NOT_UI | {"exports", "services", "ui"},  # no models (and no sessions, below)
    "cli": _NOT_UI | {"models", "exports", "services", "cli"},
    "bench": _NOT_UI | {"models", "exports", "services", "ui", "bench"},
    "pages": {"ui", "metrics", "charts", "worldmap", "services.access"}
    | {"labels", "formatting", "i18n", "filters", "vocab", "plan", "countries"},
}
# Names that open a session or a connection: the ui and the pages go through services,
# queries and the cached loaders instead.
SESSION_NAMES = {"read_session", "write_session", "Session", "connect", "begin", "execute"}
# Third-party packages only some layers may import (None: any name from it).
THIRD_PARTY = {
    "streamlit": {"ui": None, "pages": None, "bench": None},
    "sqlalchemy": dict.fromkeys(
        ("models", "store", "queries", "exports", "services", "cli", "bench")
    )
    # the type of an engine, nothing that runs SQL
    | dict.fromkeys(("ui", "report", "checks"), {"Engine"}),
    "alembic": dict.fromkeys(("store", "services", "cli")),
    # pandas and NumPy: the benchmark's reference and floor, not the app's
    "pandas": {"bench": None},
}
# Edges that break the table today, each with why and who fixes it; a fixed one must be
# taken out (see test_known_exceptions_are_still_needed).
KNOWN = {
    # The pure file readers undo what exports.neutralise_csv wrote; those few functions
    # belong in a pure module of their own, and exports' store-reading export with the
    # services.
    ("nap_data/register/validate.py", "nap_data.exports"): "neutralising is not pure yet",
}


def _layer(rel) -> str | None:
    if rel.parts[0] == "pages" or rel.as_posix() == "app.py":
        return "pages"
    return _layer_of_name(rel.parts[1].removesuffix(".py"))


def _layer_of_name(first: str) -> str | None:
    """The layer of nap_data.<first>."""
    return "cli" if first.startswith("cli_") else LAYER.get(first)


def _sources():
    files = [*(REPO / "pages").glob("*.py"), REPO / "app.py", *(REPO / "nap_data").rglob("*.py")]
    return sorted(p.relative_to(REPO) for p in files)


def _names(path):
    """Every imported module or name (dotted), and every attribute or name that opens a
    session."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from nap_data.services import access` is an edge to services.access only.
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Attribute) and node.attr in SESSION_NAMES:
            yield node.attr
        elif isinstance(node, ast.Name) and node.id in SESSION_NAMES:
            yield node.id


def _violations(path, layer) -> set[str]:
    found, allowed = set(), ALLOWED[layer]
    for name in _names(path):
        parts = name.split(".")
        if parts[0] == "nap_data" and len(parts) > 1:
            near = {_layer_of_name(parts[1]), parts[1], ".".join(parts[1:3])}
            if not near & allowed:
                found.add(".".join(parts[:2]))
        elif parts[0] in THIRD_PARTY:
            rule = THIRD_PARTY[parts[0]]
            if layer not in rule:
                found.add(parts[0])
            elif rule[layer] is not None and len(parts) > 1 and parts[-1] not in rule[layer]:
                found.add(name)
        if layer in ("ui", "pages") and parts[-1] in SESSION_NAMES:
            found.add(parts[-1])
    return found


def test_every_module_has_a_layer():
    assert [str(p) for p in _sources() if _layer(p) is None] == []


def test_every_import_follows_the_layer_table():
    offenders = sorted(
        (str(path), name)
        for path in _sources()
        if (layer := _layer(path)) is not None
        for name in _violations(path, layer)
        if (str(path), name) not in KNOWN
    )
    assert offenders == []


def test_known_exceptions_are_still_needed():
    present = {
        (str(path), name)
        for path in _sources()
        if (layer := _layer(path)) is not None
        for name in _violations(path, layer)
    }
    assert [edge for edge in KNOWN if edge not in present] == []


def test_the_layer_check_catches_what_it_should(tmp_path, monkeypatch):
    # One module per rule, checked with the same function: a table that let these through
    # would pass the test above for nothing.
    bad = {
        "pages/x.py": ("from nap_data import queries", "nap_data.queries"),
        "app.py": ("from nap_data.services import users", "nap_data.services"),
        "nap_data/ui/x.py": ("from nap_data.models import Submission", "nap_data.models"),
        "nap_data/ui/y.py": ("from nap_data import store\nstore.read_session(e)", "read_session"),
        "nap_data/ui/z.py": ("from sqlalchemy import select", "sqlalchemy.select"),
        "nap_data/metrics/x.py": ("import streamlit as st", "streamlit"),
        "nap_data/charts/x.py": ("from nap_data.metrics import counting", "nap_data.metrics"),
        "nap_data/services/x.py": ("from nap_data.ui import loaders", "nap_data.ui"),
        "nap_data/queries/x.py": ("import streamlit", "streamlit"),
    }
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    for rel, (source, expected) in bad.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source + "\n", encoding="utf-8")
        relative = path.relative_to(tmp_path)
        assert _violations(relative, _layer(relative)) == {expected}, rel
    allowed = tmp_path / "pages" / "ok.py"
    allowed.write_text("from nap_data.services import access\nfrom nap_data import ui\n")
    assert _violations(allowed.relative_to(tmp_path), "pages") == set()
