"""Load a results framework into the store: first its difference, then (when confirmed) the change.

A plan is matched by its code, goals by number, indicators by code. Texts, baselines,
targets and years may change and every change is audited with its old and new value;
removing a goal or an indicator that has reported values is refused, naming how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nap_data.framework import Framework, GoalSpec, IndicatorSpec
from nap_data.models import (
    ActivityReport,
    Goal,
    Indicator,
    IndicatorValue,
    Narrative,
    Plan,
    Submission,
)
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.store import read_session, write_session

PLAN_FIELDS = ("name_nl", "name_en", "start_year", "end_year", "template_version")
GOAL_FIELDS = ("name_nl", "name_en", "pillar", "description_nl", "description_en")
INDICATOR_FIELDS = (
    "goal", "name_nl", "name_en", "unit", "direction", "aggregation", "level", "baseline",
    "baseline_year", "target", "target_year", "source", "disaggregation", "to_confirm",
    "max_value", "reporter",
)  # fmt: skip


class FrameworkRefused(ValueError):
    """The change would remove something that has reported values; nothing was changed."""

    def __init__(self, refusals: list[Change]):
        self.refusals = refusals
        super().__init__("; ".join(c.describe("en") for c in refusals))


@dataclass(frozen=True)
class Change:
    """One difference between the store and a framework file."""

    entity: str  # plan | goal | indicator
    key: str  # plan code, goal number or indicator code
    change: str  # added | changed | removed
    field: str = ""
    old: object = None
    new: object = None
    values: int = 0  # reported values that hang from a removed goal or indicator

    @property
    def refused(self) -> bool:
        return self.change == "taken" or (self.change == "removed" and self.values > 0)

    def describe(self, lang: str) -> str:
        from nap_data.i18n import t

        what = t(f"framework.entity_{self.entity}", lang, key=self.key)
        if self.change == "taken":
            return t("framework.taken", lang, what=what, plan=self.new)
        if self.refused:
            return t("framework.refused", lang, what=what, n=self.values)
        if self.change == "changed":
            old, new = _plain(self.old), _plain(self.new)
            return t("framework.changed", lang, what=what, field=self.field, old=old, new=new)
        return t(f"framework.{self.change}", lang, what=what)


def diff_framework(session: Session, fw: Framework) -> list[Change]:
    """What loading `fw` would change in the store, plan first, then goals and indicators."""
    plan = session.scalar(select(Plan).where(Plan.code == fw.code))
    if plan is None:
        return [Change("plan", fw.code, "added")] + [
            Change("goal", str(g.number), "added") for g in fw.goals
        ] + [Change("indicator", i.code, "added") for i in fw.indicators]  # fmt: skip
    changes = _field_changes("plan", fw.code, plan, fw, PLAN_FIELDS)
    changes += _goal_changes(session, plan, fw)
    changes += _indicator_changes(session, plan, fw)
    return changes


def _field_changes(entity: str, key: str, row, spec, fields: tuple[str, ...]) -> list[Change]:
    out = []
    for name in fields:
        old = getattr(row, "goal_number" if name == "goal" else name)
        new = getattr(spec, name)
        if old != new and not (old in (None, "") and new in (None, "")):
            out.append(Change(entity, key, "changed", name, old, new))
    return out


def _goal_changes(session: Session, plan: Plan, fw: Framework) -> list[Change]:
    stored = {g.number: g for g in plan.goals}
    wanted: dict[int, GoalSpec] = {g.number: g for g in fw.goals}
    out = []
    for number, spec in wanted.items():
        if number not in stored:
            out.append(Change("goal", str(number), "added"))
        else:
            out += _field_changes("goal", str(number), stored[number], spec, GOAL_FIELDS)
    for number in sorted(set(stored) - set(wanted)):
        out.append(
            Change("goal", str(number), "removed", values=_goal_values(session, plan, number))
        )
    return out


def _indicator_changes(session: Session, plan: Plan, fw: Framework) -> list[Change]:
    stored = {i.code: i for i in session.scalars(select(Indicator))}
    mine = {code: i for code, i in stored.items() if i.plan_id == plan.id}
    wanted: dict[str, IndicatorSpec] = {i.code: i for i in fw.indicators}
    out = []
    for code, spec in wanted.items():
        if code in mine:
            out += _field_changes("indicator", code, mine[code], spec, INDICATOR_FIELDS)
        else:
            out.append(Change("indicator", code, "added"))
    for code in sorted(set(mine) - set(wanted)):
        n = session.scalar(
            select(func.count(IndicatorValue.id)).where(
                IndicatorValue.indicator_id == mine[code].id
            )
        )
        out.append(Change("indicator", code, "removed", values=int(n or 0)))
    return out


def _goal_values(session: Session, plan: Plan, number: int) -> int:
    """Activity reports and narratives under goal `number` in returns of the plan's years."""
    in_plan = Submission.year.between(plan.start_year, plan.end_year)
    reports = session.scalar(
        select(func.count(ActivityReport.id))
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .where(ActivityReport.goal_number == number, in_plan)
    )
    notes = session.scalar(
        select(func.count(Narrative.id))
        .join(Submission, Submission.id == Narrative.submission_id)
        .where(Narrative.goal_number == number, in_plan)
    )
    return int(reports or 0) + int(notes or 0)


def apply_framework(session: Session, fw: Framework, actor: Actor) -> bool:
    """Bring the store in line with the framework; True when anything changed.

    Raises FrameworkRefused (before writing anything) when the change would remove a goal
    or indicator with reported values, or take an indicator code from another plan.
    """
    changes = diff_framework(session, fw)
    _check_codes(session, fw)
    refusals = [c for c in changes if c.refused]
    if refusals:
        raise FrameworkRefused(refusals)
    if not changes:
        return False
    plan = _write(session, fw)
    for c in changes:
        record(
            session, actor, f"framework_{c.change}", c.entity, plan.id, plan=fw.code, key=c.key,
            field=c.field or None, old=_json(c.old), new=_json(c.new),
        )  # fmt: skip
    record(session, actor, "framework_loaded", "plan", plan.id, code=fw.code, changes=len(changes))
    return True


def _check_codes(session: Session, fw: Framework) -> None:
    """An indicator code names one indicator in the whole store, whatever its plan."""
    taken = session.execute(
        select(Indicator.code, Plan.code).join(Plan, Plan.id == Indicator.plan_id)
    ).all()
    others = {code: plan for code, plan in taken if plan != fw.code}
    clashes = [i.code for i in fw.indicators if i.code in others]
    if clashes:
        raise FrameworkRefused(
            [Change("indicator", code, "taken", new=others[code]) for code in clashes]
        )


def _write(session: Session, fw: Framework) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == fw.code)) or Plan(code=fw.code)
    for name in PLAN_FIELDS:
        setattr(plan, name, getattr(fw, name))
    session.add(plan)
    session.flush()
    goals = {g.number: g for g in plan.goals}
    for spec in fw.goals:
        goal = goals.pop(spec.number, None) or Goal(plan_id=plan.id, number=spec.number)
        for name in GOAL_FIELDS:
            setattr(goal, name, getattr(spec, name))
        goal.sub_outcomes = list(spec.sub_outcomes)
        session.add(goal)
    for goal in goals.values():  # removed goals without values (refused otherwise)
        session.delete(goal)
    existing = {
        i.code: i for i in session.scalars(select(Indicator).where(Indicator.plan_id == plan.id))
    }
    for spec in fw.indicators:
        ind = existing.pop(spec.code, None) or Indicator(code=spec.code, plan_id=plan.id)
        ind.goal_number = spec.goal
        for name in INDICATOR_FIELDS[1:]:
            setattr(ind, name, getattr(spec, name))
        session.add(ind)
    for ind in existing.values():
        session.delete(ind)
    session.flush()
    session.expire(plan, ["goals"])
    return plan


def _json(value: object) -> object:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def preview(engine, fw: Framework) -> list[Change]:
    """The difference `fw` would make, read in a transaction of its own; writes nothing."""
    with read_session(engine) as session:
        return diff_framework(session, fw)


def load(engine, fw: Framework, actor: Actor) -> bool:
    """Apply `fw` in one transaction (all or nothing); see apply_framework."""
    access.require(engine, actor, access.CHANGE_FRAMEWORK)
    with write_session(engine) as session:
        return apply_framework(session, fw, actor)


def _plain(value: object) -> object:
    """2500.0 reads as 2500: a target typed as a whole number should not grow a decimal."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
