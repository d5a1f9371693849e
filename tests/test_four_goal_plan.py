"""A plan with four goals over 2028-2032 runs end to end: nothing assumes NAP-IV's years or
its five goals. The plan is nap_data/framework/example_four_goals.toml, shipped as an example."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from nap_data import queries
from nap_data.framework import DEFAULT_FRAMEWORK
from nap_data.returns.layout import ABOUT, ACTIVITIES, INDICATORS, NARRATIVE
from nap_data.returns.reader import read_return
from nap_data.returns.template import build_template
from nap_data.services.setup import init_store
from nap_data.store import make_engine
from nap_data.ui import PAGES

EXAMPLE = DEFAULT_FRAMEWORK.parent / "example_four_goals.toml"
GOALS_NL = [
    "1. Betekenisvolle participatie",
    "2. Preventie en bescherming",
    "3. Herstel en wederopbouw",
    "4. Genderlens in beleid",
]


@pytest.fixture(scope="module")
def four_goal_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("four") / "four.db"
    engine = make_engine(f"sqlite:///{path}")
    init_store(engine, with_demo=True, framework_path=EXAMPLE)
    engine.dispose()
    return path


@pytest.fixture
def four_goal_db(four_goal_template, tmp_path, monkeypatch):
    path = tmp_path / "four.db"
    shutil.copyfile(four_goal_template, path)
    monkeypatch.setenv("NAP_DATABASE_URL", f"sqlite:///{path}")
    return path


@pytest.fixture
def four_goal_engine(four_goal_db):
    engine = make_engine(f"sqlite:///{four_goal_db}")
    yield engine
    engine.dispose()


def test_the_store_holds_the_example_plan(four_goal_engine):
    plan = queries.load_plan(four_goal_engine)
    assert (plan.start_year, plan.end_year, plan.goal_numbers) == (2028, 2032, (1, 2, 3, 4))
    assert list(plan.goal_labels("nl").values()) == GOALS_NL


def _run(path: str, lang: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("path", [p for _k, p, _i in PAGES])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_runs_on_the_four_goal_plan(four_goal_db, path, lang):
    at = _run(path, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="goal").options == (
        GOALS_NL
        if lang == "nl"
        else [
            f"{n}. {g}"
            for n, g in enumerate(
                [
                    "Meaningful participation",
                    "Prevention and protection",
                    "Recovery and reconstruction",
                    "A gender lens in policy",
                ],
                start=1,
            )
        ]
    )
    assert at.select_slider(key="years").options == [str(y) for y in range(2028, 2033)]


def test_goal_charts_show_the_four_goals_in_plan_order(four_goal_db):
    at = _run("pages/2_Goals.py", "nl")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["y"]["sort"] == GOALS_NL


def test_presentation_has_one_slide_per_goal(four_goal_db):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["slide"] = "99"  # past the end: the last slide
    at.run()
    assert not at.exception
    counter = [m.value for m in at.markdown if "slide-count" in m.value]
    assert counter and "8 / 8" in counter[0]  # overview, 4 goals, national/foreign, 2 more


def test_the_template_offers_the_plans_goals(four_goal_engine):
    fw = queries.load_framework(four_goal_engine)
    data = build_template(fw, "BZ", "Ministerie", 2029, lang="nl")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    listed = [str(c.value) for row in wb.worksheets[-1].iter_rows() for c in row if c.value]
    assert all(g.replace(". ", " - ", 1) in listed for g in GOALS_NL)
    assert not any(value.startswith("5 - ") for value in listed)


def _return(year: int, goal: object) -> bytes:
    wb = openpyxl.Workbook()
    about = wb.active
    about.title = ABOUT.name("en")
    values = {"organisation_code": "BZ", "year": year, "template_version": 1}
    for col in ABOUT.columns:
        if col.field in values:
            about.append([col.label("en"), values[col.field]])
    row = {
        "reference": "BZ-1",
        "title": "Mediation",
        "goal": goal,
        "focus": "national",
        "status": "ongoing",
        "start_date": dt.datetime(year, 1, 1),
        "budget_eur": 1000,
    }
    for spec, rows in ((ACTIVITIES, [row]), (INDICATORS, []), (NARRATIVE, [])):
        ws = wb.create_sheet(spec.name("en"))
        ws.append([c.label("en") for c in spec.columns])
        for r in rows:
            ws.append([r.get(c.field) for c in spec.columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _errors(four_goal_engine, data: bytes) -> set[str]:
    fw = queries.load_framework(four_goal_engine)
    _content, findings = read_return(data, fw, expected_org="BZ", lang="en")
    return {f.code.removeprefix("returns.validate.") for f in findings if f.severity == "error"}


def test_the_validator_follows_the_plan(four_goal_engine):
    assert _errors(four_goal_engine, _return(2032, 4)) == set()
    assert "goal_unknown" in _errors(four_goal_engine, _return(2032, 5))
    assert "year_outside_plan" in _errors(four_goal_engine, _return(2027, 1))


def test_exports_and_figures_use_the_plan(four_goal_db, tmp_path):
    env = {"NAP_DATABASE_URL": f"sqlite:///{four_goal_db}", "PATH": "/usr/bin:/bin"}
    out = tmp_path / "acts.xlsx"
    cmd = [sys.executable, "-m", "nap_data"]
    done = subprocess.run([*cmd, "export", "activities", "-o", str(out)], env=env, check=False)
    assert done.returncode == 0
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    goal_col = rows[0].index("Doel") if "Doel" in rows[0] else rows[0].index("Strategisch doel")
    assert {r[goal_col] for r in rows[1:]} <= set(GOALS_NL)
    figures = subprocess.run(
        [*cmd, "figures", "--from", "2028", "--to", "2032", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert figures.returncode == 0, figures.stderr
    assert list(json.loads(figures.stdout)["by_goal"]) == ["1", "2", "3", "4"]
    too_early = subprocess.run(
        [*cmd, "figures", "--from", "2027", "--to", "2028"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert too_early.returncode == 2 and too_early.stderr.count("\n") == 1
