"""The difference between two versions of a return, and between an upload and the store."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from nap_data.framework import load_framework
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM, Actor
from nap_data.services.access import Denied
from nap_data.services.imports import import_return
from nap_data.services.review import template_start, version_content
from nap_data.services.version_diff import (
    FieldChange,
    diff_activities,
    diff_indicators,
    diff_narratives,
    diff_versions,
    upload_diff,
    version_diff,
)

TRAINING = ActivityRow(
    title="Training",
    goal_number=1,
    focus="foreign",
    status="ongoing",
    start_date=dt.date(2024, 1, 1),
    reference="A-1",
    countries=("ML",),
    budget_eur=1000.0,
)
SHELTER = ActivityRow(
    title="Shelter", goal_number=2, focus="national", status="planned",
    start_date=dt.date(2025, 1, 1),
)  # fmt: skip
RADIO = ActivityRow(
    title="Radio", goal_number=3, focus="foreign", status="ongoing",
    start_date=dt.date(2023, 6, 1), reference="R-9",
)  # fmt: skip


def _content(*activities, indicators=(), narratives=()) -> ReturnContent:
    return ReturnContent("ORG005", 2025, 1, tuple(activities), tuple(indicators), tuple(narratives))


def test_added_removed_changed_and_unchanged_activities():
    moved = dataclasses.replace(TRAINING, status="completed", budget_eur=1500.0)
    diff = diff_versions(_content(TRAINING, SHELTER), _content(moved, RADIO), 1)
    assert diff.previous_version == 1
    assert [a.title for a in diff.activities.added] == ["Radio"]
    assert [a.title for a in diff.activities.removed] == ["Shelter"]
    assert [(c.title, c.fields) for c in diff.activities.changed] == [
        (
            "Training",
            (FieldChange("status", "ongoing", "completed"), FieldChange("budget_eur", 1000, 1500)),
        )
    ]
    assert diff.activities.unchanged == 0 and not diff.is_empty


def test_a_renamed_activity_with_its_own_reference_is_changed_not_added_and_removed():
    renamed = dataclasses.replace(TRAINING, title="Training for mediators")
    diff = diff_activities({TRAINING.key: TRAINING}, [renamed])
    assert not diff.added and not diff.removed
    assert diff.changed[0].fields == (FieldChange("title", "Training", "Training for mediators"),)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"countries": ("NE", "ML")}, ("countries", ("ML",), ("ML", "NE"))),
        ({"end_date": dt.date(2026, 12, 31)}, ("end_date", None, dt.date(2026, 12, 31))),
        ({"target_groups": ("women",)}, ("target_groups", (), ("women",))),
        ({"progress": "on_track"}, ("progress", None, "on_track")),
    ],
)
def test_each_field_change_names_the_field_old_and_new(change, expected):
    diff = diff_activities({TRAINING.key: TRAINING}, [dataclasses.replace(TRAINING, **change)])
    assert diff.changed[0].fields == (FieldChange(*expected),)


def test_order_of_countries_and_budget_cents_are_not_changes():
    # The same equality as the import's counts (ActivityRow.comparable).
    same = dataclasses.replace(TRAINING, budget_eur=1000.001)
    diff = diff_activities({TRAINING.key: TRAINING}, [same])
    assert diff.is_empty and diff.unchanged == 1


def test_only_removable_keys_count_as_removed():
    # An import compares with every activity ever reported but removes only this year's.
    before = {TRAINING.key: TRAINING, SHELTER.key: SHELTER}
    diff = diff_activities(before, [RADIO], removable=[SHELTER.key])
    assert [a.title for a in diff.removed] == ["Shelter"]


def test_a_first_version_is_all_added():
    diff = diff_versions(None, _content(TRAINING, SHELTER))
    assert diff.previous_version is None
    assert len(diff.activities.added) == 2 and not diff.activities.removed


def test_indicator_values_added_removed_and_changed_by_code_year_and_sex():
    old = [IndicatorRow("1.1", 2025, 10), IndicatorRow("1.2", 2025, 3, sex="female")]
    new = [IndicatorRow("1.1", 2025, 12, note="recount"), IndicatorRow("2.1", 2025, 1)]
    changes = diff_indicators(old, new)
    assert [(c.indicator, c.old is None, c.new is None) for c in changes] == [
        ("1.1", False, False),
        ("2.1", True, False),
        ("1.2", False, True),
    ]
    assert changes[0].fields == (FieldChange("value", 10, 12), FieldChange("note", "", "recount"))


def test_narratives_compared_per_goal_and_field():
    old = [NarrativeRow(1, highlights="Good year")]
    new = [NarrativeRow(1, highlights="Good year", lessons="Start early"), NarrativeRow(2, "New")]
    changes = diff_narratives(old, new)
    assert [(c.goal_number, c.field, c.old, c.new) for c in changes] == [
        (1, "lessons", "", "Start early"),
        (2, "highlights", "", "New"),
    ]


def _upload_changed_budget(engine, org="BZ", year=2025):
    start = template_start(engine, SYSTEM, org, year)
    first = start.activities[0]
    changed = [dataclasses.replace(first, budget_eur=987_654.0), *start.activities[1:]]
    data = build_template(
        load_framework(), org, org, year, changed, "nl",
        indicators=start.indicators, narratives=start.narratives,
    )  # fmt: skip
    return data, first


def test_a_stored_version_against_its_previous_version(demo_engine):
    data, first = _upload_changed_budget(demo_engine)
    result = import_return(demo_engine, data, "v2.xlsx", SYSTEM)
    assert result.status == "accepted"
    diff = version_diff(demo_engine, SYSTEM, result.submission_id)
    assert diff.previous_version == result.version - 1
    assert [c.title for c in diff.activities.changed] == [first.title]
    (change,) = diff.activities.changed[0].fields
    assert change.field == "budget_eur" and change.new == 987_654.0
    assert not diff.activities.added and not diff.activities.removed
    assert diff.indicators == () and diff.narratives == ()


def test_the_upload_diff_agrees_with_the_import_counts(demo_engine):
    data, first = _upload_changed_budget(demo_engine)
    preview = import_return(demo_engine, data, "v2.xlsx", SYSTEM, dry_run=True)
    diff = upload_diff(demo_engine, SYSTEM, data)
    assert preview.counts["activities_changed"] == len(diff.changed) == 1
    assert preview.counts["activities_new"] == len(diff.added)
    assert preview.counts["activities_removed"] == len(diff.removed)
    assert preview.counts["activities_unchanged"] == diff.unchanged
    assert diff.changed[0].title == first.title


def test_a_signatory_sees_no_diff_of_another_organisations_unapproved_version(demo_engine):
    data, _ = _upload_changed_budget(demo_engine)
    new_id = import_return(demo_engine, data, "v2.xlsx", SYSTEM).submission_id
    other = Actor("a@org5.example", "signatory", "ORG005")
    with pytest.raises(Denied):
        version_diff(demo_engine, other, new_id)
    own = Actor("a@bz.example", "signatory", "BZ")
    assert version_diff(demo_engine, own, new_id).activities.changed
    assert version_content(demo_engine, own, new_id).organisation_code == "BZ"


def test_no_upload_diff_for_a_file_refused_for_another_organisation(demo_engine):
    data, _ = _upload_changed_budget(demo_engine)  # a BZ file
    assert upload_diff(demo_engine, Actor("a@org5.example", "signatory", "ORG005"), data) is None
