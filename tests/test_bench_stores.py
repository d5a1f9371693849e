"""The benchmark's W2 store: the demo generator's data replicated to exact row counts.

Built small here (5,000 reports, 3,000 values; and one size that thins values out); every
check reads the store with plain SQL, apart from the figures the app computes from it.
"""

from __future__ import annotations

import sqlite3

import polars as pl
import pytest
from sqlalchemy import text

from nap_data import store
from nap_data.bench.stores import build_w1, build_w2
from nap_data.metrics.figures import figures
from nap_data.queries import load_figure_frames
from nap_data.vocab import DataScope

REPORTS, VALUES = 5_000, 3_000


@pytest.fixture(scope="module")
def w2(tmp_path_factory):
    path = tmp_path_factory.mktemp("w2") / "w2.db"
    url = build_w2(path, REPORTS, VALUES)
    return path, url


def _sql(path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def _one(path, sql: str, *params):
    return _sql(path, sql, *params)[0][0]


def test_the_store_holds_exactly_the_asked_reports_and_values(w2):
    path, _ = w2
    assert _one(path, "SELECT count(*) FROM activity_report") == REPORTS
    assert _one(path, "SELECT count(*) FROM indicator_value") == VALUES


@pytest.mark.parametrize(("reports", "values"), [(1_000, 200), (3_000, 5_000)])
def test_values_are_thinned_out_or_topped_up_to_the_exact_count(tmp_path, reports, values):
    path = tmp_path / "w2.db"
    build_w2(path, reports, values)
    assert _one(path, "SELECT count(*) FROM activity_report") == reports
    assert _one(path, "SELECT count(*) FROM indicator_value") == values
    assert _sql(path, "PRAGMA foreign_key_check") == []


def test_foreign_keys_and_the_file_are_sound(w2):
    path, _ = w2
    assert _sql(path, "PRAGMA foreign_key_check") == []
    assert _sql(path, "PRAGMA integrity_check") == [("ok",)]
    # No activity without a report and no submission without an organisation's row.
    assert _one(path, "SELECT count(*) FROM activity WHERE id NOT IN "
                      "(SELECT activity_id FROM activity_report)") == 0  # fmt: skip


def test_each_copy_has_its_own_organisation_codes(w2):
    path, _ = w2
    codes = [c for (c,) in _sql(path, "SELECT code FROM organisation")]
    assert len(codes) == len(set(codes))
    assert "ORG005" in codes and "ORG005-0001" in codes
    names = [n for (n,) in _sql(path, "SELECT name FROM organisation")]
    assert len(names) == len(set(names))


def test_copy_zero_is_the_demo_store(w2, tmp_path):
    """The first copy is the normal demo, written as `add_version` writes it."""
    path, _ = w2
    w1 = tmp_path / "w1.db"
    build_w1(w1)
    sql = (
        "SELECT o.code, s.year, s.version, s.review_status, s.counts, count(r.id),"
        " sum(r.budget_eur), group_concat(r.title, '|')"
        " FROM submission s JOIN organisation o ON o.id = s.organisation_id"
        " LEFT JOIN activity_report r ON r.submission_id = s.id"
        " WHERE o.code NOT LIKE '%-____' GROUP BY s.id ORDER BY o.code, s.year, s.version"
    )
    assert _sql(path, sql) == _sql(w1, sql)


def test_the_review_statuses_mix_as_in_the_demo(w2):
    path, _ = w2
    statuses = dict(_sql(path, "SELECT review_status, count(*) FROM submission GROUP BY 1"))
    assert set(statuses) == {"approved", "submitted", "returned"}
    assert statuses["approved"] > statuses["submitted"] > 0
    assert _one(path, "SELECT max(version) FROM submission") >= 2


def test_one_load_moved_the_data_version_and_marks_a_demo_store(w2):
    path, url = w2
    events = _sql(path, "SELECT action FROM audit_event WHERE action = 'demo_loaded'")
    assert events == [("demo_loaded",)]
    framework_events = _one(
        path, "SELECT count(*) FROM audit_event WHERE action NOT IN ('demo_loaded')"
    )
    engine = store.make_engine(url)
    try:
        # init_store's framework events moved it once each, the W2 load once more.
        assert store.data_version(engine) == framework_events + 1
    finally:
        engine.dispose()


def test_the_app_figures_run_and_count_an_organisations_year_as_sql_does(w2):
    path, url = w2
    engine = store.make_engine(url)
    try:
        frames = load_figure_frames(engine, DataScope.SUBMITTED_AND_APPROVED)
        plan = frames.plan
        result = figures(frames, plan.start_year, plan.start_year + 2, "submitted")
        with engine.connect() as conn:
            total = conn.execute(text("SELECT count(*) FROM activity_report")).scalar_one()
    finally:
        engine.dispose()
    assert result and total == REPORTS
    code, year = "ORG005-0001", plan.start_year + 1
    in_frames = frames.reports.filter(
        (pl.col("organisation_code") == code) & (pl.col("year") == year)
    ).height
    # The newest version in scope (submitted or approved) of that organisation's year.
    in_sql = _one(
        path,
        "SELECT count(*) FROM activity_report r JOIN submission s ON s.id = r.submission_id"
        " JOIN organisation o ON o.id = s.organisation_id"
        " WHERE o.code = ? AND s.year = ? AND s.version = (SELECT max(s2.version)"
        "  FROM submission s2 WHERE s2.organisation_id = s.organisation_id"
        "  AND s2.year = s.year AND s2.review_status IN ('submitted', 'approved'))",
        code,
        year,
    )
    assert in_sql > 0
    assert in_frames == in_sql


def test_more_values_than_the_submissions_can_hold_is_refused(tmp_path):
    # Each submission holds at most one value per signatory indicator (and sex) of its year.
    with pytest.raises(ValueError, match="do not fit"):
        build_w2(tmp_path / "w2.db", 1_000, 100_000)
