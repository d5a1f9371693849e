"""The demo data generator: deterministic, realistic, loaded once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from functools import cache

import polars as pl
import pytest
from sqlalchemy import func, select

from nap_data import demo, queries
from nap_data.framework import load_framework
from nap_data.models import Organisation, Submission
from nap_data.returns import template
from nap_data.returns.content import ActivityRow, ReturnContent
from nap_data.returns.layout import ABOUT, ACTIVITIES, INDICATORS, NARRATIVE
from nap_data.returns.reader import RawReturn, locate, read_return
from nap_data.returns.template import build_template
from nap_data.returns.validate import validate
from nap_data.services.setup import init_store
from nap_data.store import data_version, read_session


def test_same_seed_gives_identical_data():
    fw = load_framework()
    assert demo.generate(fw, seed=7) == demo.generate(fw, seed=7)
    assert demo.generate(fw, seed=7) != demo.generate(fw, seed=8)


def test_government_parties_and_about_seventy_fictional_organisations():
    data = demo.generate(load_framework())
    codes = [o.code for o in data.organisations]
    assert codes[:5] == ["BZ", "DEF", "JENV", "OCW", "WOMEN"]
    assert 70 <= len(codes) <= 80 and len(set(codes)) == len(codes)
    assert len({o.name for o in data.organisations}) == len(codes)


def test_demo_covers_all_goals_focuses_and_years_with_gaps_in_reporting():
    data = demo.generate(load_framework())
    rows = [(v.content.year, a) for v in data.versions for a in v.content.activities]
    assert {a.goal_number for _y, a in rows} == {1, 2, 3, 4, 5}
    assert {a.focus for _y, a in rows} == {"national", "foreign", "both"}
    assert {y for y, _a in rows} == set(range(2021, 2027))
    assert all(a.countries for _y, a in rows if a.focus != "national")
    reported = {(v.content.organisation_code, v.content.year) for v in data.versions}
    expected = {
        (o.code, y) for o in data.organisations for y in range(max(2021, o.joined_on.year), 2026)
    }
    assert expected - reported, "some organisations did not report some years"


def test_init_with_demo_twice_changes_nothing(any_engine):
    init_store(any_engine, with_demo=True)
    version = data_version(any_engine)
    with read_session(any_engine) as s:
        counts = (
            s.scalar(select(func.count(Organisation.id))),
            s.scalar(select(func.count(Submission.id))),
        )
    result = init_store(any_engine, with_demo=True)
    assert not result.demo_added and not result.framework_changed
    assert data_version(any_engine) == version
    with read_session(any_engine) as s:
        assert counts == (
            s.scalar(select(func.count(Organisation.id))),
            s.scalar(select(func.count(Submission.id))),
        )


def test_demo_store_reads_back_into_frames(demo_engine):
    acts = queries.load_activities(demo_engine)
    assert acts.height > 300
    assert acts["countries"].dtype == pl.List(pl.String)
    approved = queries.load_activities(demo_engine, "approved")
    assert 0 < approved.height < acts.height


# --- realistic volume and the counting rules ------------------------------------------

FW = load_framework()
DATA = demo.generate(FW)
TYPES = {o.code: o.type for o in DATA.organisations}
# Per organisation and year, the newest version: what the store counts by default
# (the demo writes all versions of one return with the same activities and values).
FINAL = {(v.content.organisation_code, v.content.year): v.content for v in DATA.versions}


def _reports() -> dict[tuple[str, str], dict[int, ActivityRow]]:
    """(organisation, activity key) -> {reporting year: that year's row}."""
    out: dict[tuple[str, str], dict[int, ActivityRow]] = defaultdict(dict)
    for (org, year), content in FINAL.items():
        for row in content.activities:
            out[(org, row.key)][year] = row
    return out


def test_the_default_demo_is_deterministic():
    assert demo.generate(FW) == DATA


def test_activities_per_return_by_organisation_type():
    # The brief: ministries report 10-40 activities a year, the other signatories 2-12.
    ranges = {"ministry": (10, 40), "cso": (2, 12), "knowledge": (2, 12), "other": (2, 12)}
    for v in DATA.versions:
        low, high = ranges[TYPES[v.content.organisation_code]]
        assert low <= len(v.content.activities) <= high, v.content.organisation_code
    ministries = [len(c.activities) for (org, _), c in FINAL.items() if TYPES[org] == "ministry"]
    others = [len(c.activities) for (org, _), c in FINAL.items() if TYPES[org] != "ministry"]
    assert max(ministries) > 20 and max(others) > 7, "the ranges are used, not just their floor"


def test_most_activities_run_over_several_years_and_change_state():
    reports = _reports()
    several = [r for r in reports.values() if len(r) > 1]
    assert len(several) > len(reports) / 2
    paths = [[row.status for _, row in sorted(r.items())] for r in reports.values()]
    assert any(p[0] == "planned" and p[-1] == "completed" for p in paths)
    assert any(len(p) > 1 and p[-1] == "cancelled" for p in paths)
    assert any(len({row.progress for row in r.values()}) > 1 for r in several)
    # a multi-year activity keeps its title and reference, and its budget is per year
    assert all(len({(row.reference, row.title) for row in r.values()}) == 1 for r in several)
    assert any(len({row.budget_eur for row in r.values()}) > 1 for r in several)


def test_countries_change_between_years_some_list_several_national_list_none():
    reports = _reports()
    assert any(
        len({tuple(sorted(row.countries)) for row in r.values()}) > 1 for r in reports.values()
    )
    rows = [row for r in reports.values() for row in r.values()]
    assert any(len(row.countries) >= 3 for row in rows)
    assert max(len(row.countries) for row in rows) <= 4
    assert all(not row.countries for row in rows if row.focus == "national")
    assert all(len(set(row.countries)) == len(row.countries) for row in rows)


def test_sex_indicators_mostly_with_a_total_some_organisations_send_only_sex_rows():
    by_sex = {i.code for i in FW.indicators if i.disaggregation == "sex"}
    groups: dict[tuple, set[str]] = defaultdict(set)
    for (org, year), content in FINAL.items():
        for v in content.indicators:
            if v.indicator_code in by_sex and v.year == year:
                groups[(org, year, v.indicator_code)].add(v.sex)
    assert all({"female", "male"} <= sexes for sexes in groups.values())
    with_total = [k for k, sexes in groups.items() if "total" in sexes]
    sex_only = {k[0] for k, sexes in groups.items() if "total" not in sexes}
    assert len(with_total) > len(groups) / 2
    assert len(sex_only) >= 2
    # an organisation either always or never sends the total
    assert not sex_only & {k[0] for k in with_total}


def test_a_few_returns_restate_the_year_before():
    restated = []
    for (org, year), content in FINAL.items():
        for v in content.indicators:
            if v.year == year:
                continue
            assert v.year == year - 1 and FW.start_year <= v.year
            before = {(i.indicator_code, i.sex): i.value for i in FINAL[(org, v.year)].indicators}
            restated.append(before[(v.indicator_code, v.sex)] != v.value)
    assert restated and any(restated)
    assert (
        sum(1 for c in FINAL.values() if any(v.year < c.year for v in c.indicators))
        < len(FINAL) / 10
    ), "a few, not many"


def _signatory(org, year: int) -> bool:
    """domain.md: joined on or before 31 December, not left on or before it."""
    end = dt.date(year, 12, 31)
    return org.joined_on <= end and (org.left_on is None or org.left_on > end)


def test_organisations_leave_on_1_january_and_31_december_and_stop_reporting():
    left = [o for o in DATA.organisations if o.left_on is not None]
    assert {(o.left_on.month, o.left_on.day) for o in left} >= {(1, 1), (12, 31)}
    assert all(not o.active for o in left)
    assert all(o.active for o in DATA.organisations if o.left_on is None)
    reported = defaultdict(set)
    for org, year in FINAL:
        reported[org].add(year)
    for o in left:
        assert reported[o.code], f"{o.code} reported before it left"
        # the year it leaves is never one of its years, even when it leaves on 31 December
        assert max(reported[o.code]) < o.left_on.year
    # nobody reports for a year in which it was not a signatory
    for o in DATA.organisations:
        assert all(_signatory(o, y) for y in reported[o.code]), o.code
    joined_later = [o for o in DATA.organisations if o.joined_on.year >= FW.start_year]
    assert len(joined_later) > 5 and any(reported[o.code] for o in joined_later)


def test_leaving_dates_reach_the_store(demo_engine):
    orgs = queries.load_organisations(demo_engine)
    left = orgs.filter(pl.col("left_on").is_not_null())
    expected = {(o.code, o.left_on) for o in DATA.organisations if o.left_on is not None}
    assert set(zip(left["organisation_code"], left["left_on"], strict=True)) == expected
    assert not any(left["active"])


def _raw(content: ReturnContent, name: str, fw, lang: str) -> RawReturn:
    """The return as the reader would hand it to the validator, cells as the template writes."""
    about = [
        (1, (ABOUT.column("organisation_code").label(lang), content.organisation_code)),
        (2, (ABOUT.column("organisation_name").label(lang), name)),
        (3, (ABOUT.column("year").label(lang), content.year)),
        (4, (ABOUT.column("template_version").label(lang), fw.template_version)),
    ]
    goals = {g.number: g for g in fw.goals}
    sheets = {
        ACTIVITIES: [template._activity_values(a, fw, lang) for a in content.activities],
        INDICATORS: [template._indicator_values(i, fw, lang) for i in content.indicators],
        NARRATIVE: [
            [
                template._goal_label(goals[n.goal_number], lang),
                n.highlights,
                n.challenges,
                n.lessons,
            ]
            for n in content.narratives
        ],
    }
    findings: list = []
    tables = {}
    for spec, rows in sheets.items():
        body = [(2, tuple(c.label(lang) for c in spec.columns))]
        body += [(n, tuple(values)) for n, values in enumerate(rows, start=3)]
        tables[spec.key] = locate(spec.name(lang), body, spec, lang, findings)
    return RawReturn((ABOUT.name(lang), about), tables, findings)


@pytest.fixture
def quick_country_labels(monkeypatch):
    """The template's country label, remembered (it lists all countries on every call)."""
    monkeypatch.setattr(template, "_country_label", cache(template._country_label))


def _check_all_versions(data, fw) -> None:
    orgs = {o.code: o for o in data.organisations}
    for v in data.versions:
        c, org = v.content, orgs[v.content.organisation_code]
        raw = _raw(c, org.name, fw, org.language)
        got, findings = validate(raw, fw, expected_org=c.organisation_code, expected_year=c.year)
        assert findings == [], (c.organisation_code, c.year, [f.message("en") for f in findings])
        assert got == c


def test_every_demo_return_passes_the_validator(quick_country_labels):
    _check_all_versions(DATA, FW)


def test_some_demo_returns_read_back_unchanged_through_the_real_workbook():
    names = {o.code: (o.name, o.language) for o in DATA.organisations}
    picks = {
        "restated": next(c for c in FINAL.values() if any(v.year < c.year for v in c.indicators)),
        "most countries": max(
            FINAL.values(), key=lambda c: max((len(a.countries) for a in c.activities), default=0)
        ),
        "largest": max(FINAL.values(), key=lambda c: len(c.activities)),
    }
    for what, c in picks.items():
        name, lang = names[c.organisation_code]
        data = build_template(
            FW, c.organisation_code, name, c.year, c.activities, lang,
            indicators=c.indicators, narratives=c.narratives,
        )  # fmt: skip
        got, findings = read_return(
            data, FW, expected_org=c.organisation_code, expected_year=c.year, lang=lang
        )
        assert not findings and got == c, what


def test_a_four_goal_framework_over_other_years_gets_sensible_demo_data(quick_country_labels):
    fw = replace(
        FW,
        start_year=2028,
        end_year=2032,
        goals=FW.goals[:4],
        indicators=tuple(i for i in FW.indicators if i.goal != 5),
    )
    data = demo.generate(fw)
    years = {v.content.year for v in data.versions}
    assert years == set(range(2028, 2033))
    goals = {a.goal_number for v in data.versions for a in v.content.activities}
    assert goals == {1, 2, 3, 4}
    assert {n.goal_number for v in data.versions for n in v.content.narratives} <= goals
    assert all(
        fw.start_year <= i.year <= fw.end_year for v in data.versions for i in v.content.indicators
    )
    assert all(o.joined_on < dt.date(2028, 1, 1) for o in data.organisations[:5])
    assert all(o.left_on.year >= 2028 for o in data.organisations if o.left_on)
    _check_all_versions(data, fw)
