"""Plans and their results frameworks as the store holds them.

The store may hold several plans (NAP-IV today, a NAP-V later). A return belongs to
the plan whose period holds its year; the dashboard shows one plan at a time.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nap_data.framework import Framework, GoalSpec, IndicatorSpec
from nap_data.models import Indicator, Plan
from nap_data.plan import Plan as PlanView
from nap_data.plan import PlanGoal, choose

INDICATOR_FIELDS = (
    "code", "name_nl", "name_en", "unit", "direction", "aggregation", "level", "baseline",
    "baseline_year", "target", "target_year", "source", "disaggregation", "to_confirm",
    "max_value", "reporter",
)  # fmt: skip


def _view(row: Plan) -> PlanView:
    goals = tuple(
        PlanGoal(g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en)
        for g in row.goals
    )
    return PlanView(
        row.code,
        row.name_nl,
        row.name_en,
        row.start_year,
        row.end_year,
        row.template_version,
        goals,
    )


def _framework(session: Session, plan: Plan) -> Framework:
    goals = tuple(
        GoalSpec(
            g.number,
            g.pillar,
            g.name_nl,
            g.name_en,
            g.description_nl,
            g.description_en,
            tuple(g.sub_outcomes or ()),
        )
        for g in plan.goals
    )
    rows = session.scalars(
        select(Indicator).where(Indicator.plan_id == plan.id).order_by(Indicator.code)
    )
    indicators = tuple(
        IndicatorSpec(**{f: getattr(i, f) for f in INDICATOR_FIELDS}, goal=i.goal_number)
        for i in rows
    )
    return Framework(
        plan.code,
        plan.name_nl,
        plan.name_en,
        plan.start_year,
        plan.end_year,
        plan.template_version,
        goals,
        indicators,
    )


def load_plans(engine: Engine) -> tuple[PlanView, ...]:
    """Every plan in the store, oldest period first."""
    with Session(engine) as session:
        rows = session.scalars(select(Plan).order_by(Plan.start_year, Plan.code))
        return tuple(_view(row) for row in rows)


def load_plan(engine: Engine, code: str | None = None, year: int | None = None):
    """One plan with its goals (see `choose`), or None when the store has none."""
    return choose(load_plans(engine), code, year)


def load_frameworks(engine: Engine) -> tuple[Framework, ...]:
    """Every plan's framework, for the template and the validator, oldest period first."""
    with Session(engine) as session:
        rows = session.scalars(select(Plan).order_by(Plan.start_year, Plan.code))
        return tuple(_framework(session, row) for row in rows)


def load_framework(engine: Engine, code: str | None = None, year: int | None = None):
    """One plan's framework as the store holds it (see `choose`), or None."""
    return choose(load_frameworks(engine), code, year)
