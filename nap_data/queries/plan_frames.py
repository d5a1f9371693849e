"""The results framework as frames: the indicators (of one plan or all) and the goals."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.arrow_load import Read
from nap_data.models import Goal, Indicator, Plan
from nap_data.queries.reading import frame_of

INDICATOR_SCHEMA = {
    "indicator_id": pl.Int64, "code": pl.String, "goal": pl.Int64, "name_nl": pl.String,
    "name_en": pl.String, "unit": pl.String, "direction": pl.String, "aggregation": pl.String,
    "level": pl.String, "baseline": pl.Float64, "baseline_year": pl.Int64, "target": pl.Float64,
    "target_year": pl.Int64, "source": pl.String, "disaggregation": pl.String,
    "to_confirm": pl.Boolean,
}  # fmt: skip


def load_indicators(engine: Engine, plan_code: str | None = None) -> pl.DataFrame:
    """The indicators of one plan (of every plan when `plan_code` is None)."""
    return frame_of(engine, indicators_read(plan_code))


def indicators_read(plan_code: str | None) -> Read:
    i = Indicator
    stmt = select(
        i.id,
        i.code,
        i.goal_number,
        i.name_nl,
        i.name_en,
        i.unit,
        i.direction,
        i.aggregation,
        i.level,
        i.baseline,
        i.baseline_year,
        i.target,
        i.target_year,
        i.source,
        i.disaggregation,
        i.to_confirm,
    ).order_by(i.code)
    if plan_code is not None:
        stmt = stmt.join(Plan, Plan.id == i.plan_id).where(Plan.code == plan_code)
    return Read(stmt, INDICATOR_SCHEMA, i)


GOAL_SCHEMA = {
    "goal": pl.Int64, "name_nl": pl.String, "name_en": pl.String, "pillar": pl.String,
    "description_nl": pl.String, "description_en": pl.String,
}  # fmt: skip


def load_goals(engine: Engine) -> pl.DataFrame:
    g = Goal
    stmt = select(
        g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en
    ).order_by(g.number)
    return frame_of(engine, Read(stmt, GOAL_SCHEMA, g))
