"""Frame factories shared by the metric, chart and slide tests.

Each factory builds a literal frame with the exact schema that nap_data.queries
returns, filling the columns a test does not care about with plain defaults, so a
test names only what it is about.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from nap_data import queries as q
from nap_data.plan import Plan, PlanGoal

D = dt.date
TS = dt.datetime(2024, 3, 1, 12, 0)
REPORT_SCHEMA = {**q.ACTIVITY_SCHEMA, "countries": pl.List(pl.String)}  # as load_activities
PLAN = Plan(
    "TEST", "Testplan", "Test plan", 2021, 2027, 1,
    tuple(
        PlanGoal(n, nl, en)
        for n, nl, en in (
            (1, "Participatie", "Participation"), (2, "Preventie", "Prevention"),
            (3, "Bescherming", "Protection"), (4, "Herstel", "Recovery"),
            (5, "Mainstreaming", "Mainstreaming"),
        )
    ),
)  # fmt: skip
FOUR_GOALS = Plan(
    "FOUR", "Vier doelen", "Four goals", 2028, 2032, 1,
    tuple(PlanGoal(n, f"Doel {n}", f"Goal {n}") for n in range(1, 5)),
)  # fmt: skip


def _frame(rows: list[dict], schema: dict, defaults: dict) -> pl.DataFrame:
    return pl.DataFrame([{**defaults, **row} for row in rows], schema=schema)


def reports(rows: list[dict]) -> pl.DataFrame:
    """Activity reports (one per activity per reporting year); `activity_id` defaults to a
    new activity per row, so a test that means "the same activity" says so."""
    defaults = {
        "organisation_code": "A", "organisation_name": "Org A", "organisation_type": "cso",
        "year": 2023, "version": 1, "review_status": "approved", "goal": 1,
        "focus": "national", "status": "ongoing", "budget_eur": 0.0, "progress": "met",
        "countries": [], "title": "Activity",
    }  # fmt: skip
    rows = [
        {
            "report_id": i + 1,
            "activity_id": i + 1,
            "submission_id": i + 1,
            "organisation_name": f"Org {row.get('organisation_code', 'A')}",
            **row,
        }
        for i, row in enumerate(rows)
    ]
    return _frame(rows, REPORT_SCHEMA, defaults)


def orgs(rows: list[dict]) -> pl.DataFrame:
    defaults = {"organisation_type": "cso", "joined_on": D(2020, 1, 1), "active": True}
    rows = [{"organisation_name": f"Org {r['organisation_code']}", **r} for r in rows]
    return _frame(rows, q.ORGANISATION_SCHEMA, defaults)


def subs(rows: list[dict]) -> pl.DataFrame:
    defaults = {"year": 2023, "version": 1, "created_at": TS, "review_status": "submitted"}
    return _frame(rows, q.SUBMISSION_SCHEMA, defaults)


def values(rows: list[dict]) -> pl.DataFrame:
    """Indicator values; `reporting_year` (the return's year) defaults to the value's year."""
    defaults = {"year": 2022, "sex": "total", "version": 1, "organisation_code": "A"}
    rows = [{"organisation_name": f"Org {r.get('organisation_code', 'A')}", **r} for r in rows]
    rows = [{"reporting_year": r.get("year", 2022), **r} for r in rows]
    return _frame(rows, q.VALUE_SCHEMA, defaults)


def indicators(rows: list[dict]) -> pl.DataFrame:
    defaults = {
        "direction": "increase", "aggregation": "sum", "unit": "count", "baseline": 10.0,
        "baseline_year": 2020, "target": 80.0, "target_year": 2027, "goal": 1,
        "name_nl": "Indicator", "name_en": "Indicator", "to_confirm": False,
    }  # fmt: skip
    return _frame(rows, q.INDICATOR_SCHEMA, defaults)


def narratives(rows: list[dict]) -> pl.DataFrame:
    defaults = {
        "organisation_code": "A", "organisation_name": "Org A", "year": 2023, "goal": 1,
        "highlights": "", "challenges": "", "lessons": "",
    }  # fmt: skip
    rows = [{"submission_id": i + 1, **row} for i, row in enumerate(rows)]
    return _frame(rows, q.NARRATIVE_SCHEMA, defaults)
