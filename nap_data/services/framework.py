"""Load the results framework into the store (insert or update, never delete)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nap_data.framework import Framework
from nap_data.models import Goal, Indicator, Plan
from nap_data.services import Actor
from nap_data.services.audit import record


def apply_framework(session: Session, fw: Framework, actor: Actor) -> bool:
    """Bring the store in line with the framework file; True when anything changed."""
    plan = session.scalar(select(Plan).where(Plan.code == fw.code))
    created = plan is None
    plan = plan or Plan(code=fw.code)
    plan.name_nl, plan.name_en = fw.name_nl, fw.name_en
    plan.start_year, plan.end_year = fw.start_year, fw.end_year
    plan.template_version = fw.template_version
    session.add(plan)
    session.flush()
    existing_goals = {g.number: g for g in plan.goals}
    for spec in fw.goals:
        goal = existing_goals.get(spec.number) or Goal(plan_id=plan.id, number=spec.number)
        goal.name_nl, goal.name_en, goal.pillar = spec.name_nl, spec.name_en, spec.pillar
        goal.description_nl, goal.description_en = spec.description_nl, spec.description_en
        goal.sub_outcomes = list(spec.sub_outcomes)
        session.add(goal)
    existing = {i.code: i for i in session.scalars(select(Indicator))}
    for spec in fw.indicators:
        ind = existing.get(spec.code) or Indicator(code=spec.code)
        ind.plan_id = plan.id
        ind.goal_number = spec.goal
        for name in (
            "name_nl",
            "name_en",
            "unit",
            "direction",
            "aggregation",
            "level",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
            "source",
            "disaggregation",
            "to_confirm",
        ):
            setattr(ind, name, getattr(spec, name))
        session.add(ind)
    changed = created or bool(session.new) or any(session.is_modified(o) for o in session.dirty)
    session.flush()
    if changed:
        record(session, actor, "framework_loaded", "plan", plan.id, code=fw.code)
    return changed
