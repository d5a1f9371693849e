"""Several plans in one store, and framework changes shown before they are applied.

NAP-IV (with the demo data) and the example four-goal plan 2028-2032 side by side: a
return for 2029 belongs to the second plan, shows on its pages, and leaves NAP-IV's
figures as they were.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from nap_data import queries
from nap_data.framework import DEFAULT_FRAMEWORK, load_framework
from nap_data.metrics import figures
from nap_data.models import AuditEvent, Indicator, Plan
from nap_data.returns.content import ActivityRow
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM, Actor
from nap_data.services.framework import FrameworkRefused, apply_framework, diff_framework
from nap_data.services.imports import ACCEPTED, import_return
from nap_data.services.setup import init_store
from nap_data.store import make_engine, read_session, write_session
from nap_data.ui import PAGES

EXAMPLE = DEFAULT_FRAMEWORK.parent / "example_four_goals.toml"
SECOND = "NAP-V-EXAMPLE"


def _edited(tmp_path, old: str, new: str, source=DEFAULT_FRAMEWORK):
    path = tmp_path / "edited.toml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_framework(path)


def test_a_target_change_is_shown_first_then_applied_and_audited(any_engine, tmp_path):
    fw = _edited(tmp_path, "target = 2500", "target = 3000")
    with read_session(any_engine) as s:
        changes = diff_framework(s, fw)
    assert [(c.entity, c.key, c.field, c.old, c.new) for c in changes] == [
        ("indicator", "P1.1", "target", 2500.0, 3000)
    ]
    with read_session(any_engine) as s:  # the diff wrote nothing
        assert s.scalar(select(Indicator.target).where(Indicator.code == "P1.1")) == 2500
    with write_session(any_engine) as s:
        assert apply_framework(s, fw, Actor("secretariat", "admin")) is True
    with read_session(any_engine) as s:
        assert s.scalar(select(Indicator.target).where(Indicator.code == "P1.1")) == 3000
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "framework_changed")).one()
        assert (event.actor, event.detail["field"], event.detail["old"], event.detail["new"]) == (
            "secretariat", "target", 2500.0, 3000,
        )  # fmt: skip


def test_a_plan_only_change_is_recorded(any_engine, tmp_path):
    fw = _edited(tmp_path, "end_year = 2027", "end_year = 2028")
    with write_session(any_engine) as s:
        assert apply_framework(s, fw, SYSTEM) is True
    with read_session(any_engine) as s:
        assert s.scalar(select(Plan.end_year).where(Plan.code == "NAP-IV")) == 2028
        fields = [
            e.detail["field"]
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "framework_changed"))
        ]
    assert fields == ["end_year"]
    assert queries.load_plan(any_engine, "NAP-IV").end_year == 2028


def _without_indicator(tmp_path, code: str):
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    start = text.index(f'code = "{code}"')
    block = text.rindex("[[indicators]]", 0, start)
    end = text.find("[[indicators]]", start)
    path = tmp_path / "less.toml"
    path.write_text(text[:block] + (text[end:] if end != -1 else ""), encoding="utf-8")
    return load_framework(path)


def test_removing_an_indicator_without_values_is_allowed(any_engine, tmp_path):
    with write_session(any_engine) as s:
        assert apply_framework(s, _without_indicator(tmp_path, "P1.1"), SYSTEM) is True
    with read_session(any_engine) as s:
        assert s.scalar(select(func.count()).where(Indicator.code == "P1.1")) == 0


def test_removing_an_indicator_with_values_is_refused_naming_how_many(demo_engine, tmp_path):
    with read_session(demo_engine) as s:
        before = s.scalar(select(func.count(Indicator.id)))
    with pytest.raises(FrameworkRefused) as refused, write_session(demo_engine) as s:
        apply_framework(s, _without_indicator(tmp_path, "P1.1"), SYSTEM)
    (change,) = refused.value.refusals
    assert change.key == "P1.1" and change.values > 0
    assert f"{change.values} gerapporteerde waarden" in change.describe("nl")
    with read_session(demo_engine) as s:
        assert s.scalar(select(func.count(Indicator.id))) == before


def test_an_indicator_code_of_another_plan_is_refused(any_engine, tmp_path):
    fw = _edited(tmp_path, 'code = "V1.1"', 'code = "P1.1"', source=EXAMPLE)
    with (
        pytest.raises(FrameworkRefused, match="already exists in plan NAP-IV"),
        write_session(any_engine) as s,
    ):
        apply_framework(s, fw, SYSTEM)


@pytest.fixture(scope="module")
def two_plan_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("two") / "two.db"
    engine = make_engine(f"sqlite:///{path}")
    init_store(engine, with_demo=True)
    before = {
        scope: figures(queries.load_figure_frames(engine, scope), 2021, 2025, scope)
        for scope in ("submitted", "approved")
    }
    init_store(engine, framework_path=EXAMPLE)
    fw = queries.load_framework(engine, year=2029)
    row = ActivityRow(
        title="Bemiddeling in de regio", goal_number=4, focus="foreign", countries=("ML",),
        status="ongoing", start_date=dt.date(2029, 2, 1), budget_eur=12_000.0,
        reference="BZ-V-1",
    )  # fmt: skip
    data = build_template(fw, "BZ", "Ministerie van Buitenlandse Zaken", 2029, [row], "nl")
    result = import_return(engine, data, "bz-2029.xlsx", Actor("test", "admin"))
    assert result.status == ACCEPTED, [f.code for f in result.findings]
    engine.dispose()
    return path, before


@pytest.fixture
def two_plans(two_plan_template, tmp_path, monkeypatch):
    source, before = two_plan_template
    path = tmp_path / "two.db"
    shutil.copyfile(source, path)
    monkeypatch.setenv("NAP_DATABASE_URL", f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    yield engine, before
    engine.dispose()


def test_the_second_plan_leaves_the_first_plans_figures_unchanged(two_plans):
    engine, before = two_plans
    assert [p.code for p in queries.load_plans(engine)] == ["NAP-IV", SECOND]
    for scope, expected in before.items():
        nap_iv = queries.load_plan(engine, "NAP-IV")
        frames = queries.load_figure_frames(engine, scope, nap_iv)
        assert figures(frames, 2021, 2025, scope) == expected


def test_a_2029_return_counts_in_the_second_plan(two_plans):
    engine, _ = two_plans
    plan = queries.load_plan(engine, SECOND)
    result = figures(queries.load_figure_frames(engine, "submitted", plan), 2029, 2029, "submitted")
    assert result["activities"] == 1 and result["by_goal"]["4"]["activities"] == 1
    assert list(result["by_goal"]) == ["1", "2", "3", "4"]
    assert queries.load_plan(engine, year=2029).code == SECOND


def _page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if path != "app.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("path", [p for _k, p, _i in PAGES])
def test_every_page_shows_the_plan_named_in_the_address(two_plans, path):
    at = _page(path, lang="en", plan=SECOND, year_from="2029", year_to="2029")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="plan").value == SECOND
    assert len(at.multiselect(key="goal").options) == 4
    assert at.query_params["plan"] == SECOND


def test_the_goals_page_of_the_second_plan_shows_its_return(two_plans):
    at = _page("pages/2_Goals.py", lang="en", plan=SECOND, year_from="2029", year_to="2029")
    assert any("Activities (1)" in s.value for s in at.subheader)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["y"]["sort"][3] == "4. A gender lens in policy"


def test_without_a_plan_in_the_address_the_current_plan_is_shown(two_plans):
    at = _page("pages/1_Overview.py", lang="en")
    assert not at.exception
    assert at.selectbox(key="plan").value == "NAP-IV"  # today's returns belong to NAP-IV


def test_choosing_the_other_plan_in_the_sidebar_switches_years_and_goals(two_plans):
    at = _page("pages/2_Goals.py", lang="en")
    at.selectbox(key="plan").set_value(SECOND).run()
    assert not at.exception
    assert at.select_slider(key="years").options == [str(y) for y in range(2028, 2033)]
    assert len(at.multiselect(key="goal").options) == 4
    assert at.query_params["plan"] == SECOND
