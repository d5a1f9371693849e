"""The results framework file and loading it into the store."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from nap_data.framework import DEFAULT_FRAMEWORK, FrameworkError, load_framework
from nap_data.models import AuditEvent, Goal, Indicator
from nap_data.services import SYSTEM
from nap_data.services.framework import apply_framework
from nap_data.store import read_session, write_session


def test_nap_iv_framework_has_five_goals_and_plan_period():
    fw = load_framework()
    assert (fw.start_year, fw.end_year) == (2021, 2027)
    assert [g.number for g in fw.goals] == [1, 2, 3, 4, 5]
    assert fw.goals[2].name_en == "Protection" and fw.goals[2].name_nl == "Bescherming"
    assert any(i.source == "SDG 5.5.1(a)" for i in fw.indicators)


def test_framework_marks_what_the_secretariat_must_fill_in():
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    assert "TO BE FILLED IN BY THE SECRETARIAT" in text
    assert all(i.to_confirm for i in load_framework().indicators)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('unit = "count"', 'unit = "pieces"', "unit 'pieces'"),
        ("number = 2\n", "number = 7\n", "goal numbers"),
        ('direction = "decrease"', 'direction = "down"', "direction 'down'"),
    ],
)
def test_a_broken_framework_is_rejected_with_the_field_named(tmp_path, old, new, message):
    broken = tmp_path / "fw.toml"
    broken.write_text(
        DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8"
    )
    with pytest.raises(FrameworkError, match=message):
        load_framework(broken)


def test_loading_twice_changes_nothing_the_second_time(empty_engine):
    fw = load_framework()
    with write_session(empty_engine) as s:
        assert apply_framework(s, fw, SYSTEM) is False  # empty_engine already loaded it
    with read_session(empty_engine) as s:
        assert s.scalar(select(func.count(Goal.id))) == 5
        assert s.scalar(select(func.count(Indicator.id))) == len(fw.indicators)
        assert (
            s.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "framework_loaded")
            )
            == 1
        )


def test_an_edited_target_is_updated_in_place(empty_engine, tmp_path):
    edited = tmp_path / "fw.toml"
    edited.write_text(
        DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace("target = 2500", "target = 3000"),
        encoding="utf-8",
    )
    with write_session(empty_engine) as s:
        assert apply_framework(s, load_framework(edited), SYSTEM) is True
    with read_session(empty_engine) as s:
        assert s.scalar(select(Indicator.target).where(Indicator.code == "P1.1")) == 3000
