"""The demo data generator: deterministic, realistic, loaded once."""

from __future__ import annotations

import polars as pl
from sqlalchemy import func, select

from nap_data import demo, queries
from nap_data.framework import load_framework
from nap_data.models import Organisation, Submission
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
