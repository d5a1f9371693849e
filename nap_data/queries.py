"""Read the store into tidy Polars frames (the only place that turns rows into frames)."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, Select, and_, func, select
from sqlalchemy.orm import Session

from nap_data.framework import Framework, GoalSpec, IndicatorSpec
from nap_data.models import (
    Activity,
    ActivityCountry,
    ActivityReport,
    Goal,
    Indicator,
    IndicatorValue,
    Narrative,
    Organisation,
    Plan,
    Submission,
)
from nap_data.plan import Plan as PlanView
from nap_data.plan import PlanGoal
from nap_data.store import StoreError
from nap_data.vocab import SCOPE_STATUSES, DataScope

INDICATOR_FIELDS = (
    "code", "name_nl", "name_en", "unit", "direction", "aggregation", "level", "baseline",
    "baseline_year", "target", "target_year", "source", "disaggregation", "to_confirm",
)  # fmt: skip


def _frame(engine: Engine, stmt: Select, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def in_scope_versions(scope: DataScope) -> Select:
    """Per organisation and year, the newest version whose review status is in scope."""
    statuses = [str(s) for s in SCOPE_STATUSES[DataScope(scope)]]
    return (
        select(
            Submission.organisation_id,
            Submission.year,
            func.max(Submission.version).label("version"),
        )
        .where(Submission.review_status.in_(statuses))
        .group_by(Submission.organisation_id, Submission.year)
    )


def _current_submissions(scope: DataScope):
    best = in_scope_versions(scope).subquery()
    return best, and_(
        Submission.organisation_id == best.c.organisation_id,
        Submission.year == best.c.year,
        Submission.version == best.c.version,
    )


ORGANISATION_SCHEMA = {
    "organisation_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "organisation_type": pl.String, "joined_on": pl.Date, "left_on": pl.Date,
    "active": pl.Boolean, "pledge": pl.String,
}  # fmt: skip


def load_organisations(engine: Engine) -> pl.DataFrame:
    o = Organisation
    stmt = select(o.id, o.code, o.name, o.type, o.joined_on, o.left_on, o.active, o.pledge)
    return _frame(engine, stmt.order_by(o.code), ORGANISATION_SCHEMA)


SUBMISSION_SCHEMA = {
    "submission_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "year": pl.Int64, "version": pl.Int64, "created_at": pl.Datetime, "created_by": pl.String,
    "source": pl.String, "file_name": pl.String, "file_sha256": pl.String,
    "review_status": pl.String, "review_comment": pl.String, "reviewed_by": pl.String,
    "restored_from_id": pl.Int64,
}  # fmt: skip


def load_submissions(engine: Engine) -> pl.DataFrame:
    """Every version of every return, newest first within organisation and year."""
    s, o = Submission, Organisation
    stmt = (
        select(
            s.id,
            o.code,
            o.name,
            s.year,
            s.version,
            s.created_at,
            s.created_by,
            s.source,
            s.file_name,
            s.file_sha256,
            s.review_status,
            s.review_comment,
            s.reviewed_by,
            s.restored_from_id,
        )
        .join(o, o.id == s.organisation_id)
        .order_by(o.code, s.year, s.version.desc())
    )
    return _frame(engine, stmt, SUBMISSION_SCHEMA)


ACTIVITY_SCHEMA = {
    "report_id": pl.Int64, "activity_id": pl.Int64, "submission_id": pl.Int64,
    "version": pl.Int64, "review_status": pl.String, "organisation_code": pl.String,
    "organisation_name": pl.String, "organisation_type": pl.String, "year": pl.Int64,
    "reference": pl.String, "title": pl.String, "description": pl.String, "goal": pl.Int64,
    "focus": pl.String, "status": pl.String, "start_date": pl.Date, "end_date": pl.Date,
    "budget_eur": pl.Float64, "progress": pl.String, "target_groups": pl.String,
    "partners": pl.String, "results": pl.String,
}  # fmt: skip


def load_activities(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    """One row per activity per reporting year, from the in-scope version of each return."""
    best, on = _current_submissions(scope)
    r, s, o = ActivityReport, Submission, Organisation
    stmt = (
        select(
            r.id,
            r.activity_id,
            s.id,
            s.version,
            s.review_status,
            o.code,
            o.name,
            o.type,
            s.year,
            r.reference,
            r.title,
            r.description,
            r.goal_number,
            r.focus,
            r.status,
            r.start_date,
            r.end_date,
            r.budget_eur,
            r.progress,
            r.target_groups,
            r.partners,
            r.results,
        )
        .join(s, s.id == r.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
        .join(Activity, Activity.id == r.activity_id)
        .order_by(o.code, s.year, r.id)
    )
    frame = _frame(engine, stmt, ACTIVITY_SCHEMA)
    return frame.join(_countries(engine, scope), on="report_id", how="left").with_columns(
        pl.col("countries").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def _countries(engine: Engine, scope: DataScope) -> pl.DataFrame:
    best, on = _current_submissions(scope)
    stmt = (
        select(ActivityCountry.report_id, ActivityCountry.country_code)
        .join(ActivityReport, ActivityReport.id == ActivityCountry.report_id)
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .join(best, on)
    )
    pairs = _frame(engine, stmt, {"report_id": pl.Int64, "country": pl.String})
    return pairs.group_by("report_id").agg(countries=pl.col("country").sort())


INDICATOR_SCHEMA = {
    "indicator_id": pl.Int64, "code": pl.String, "goal": pl.Int64, "name_nl": pl.String,
    "name_en": pl.String, "unit": pl.String, "direction": pl.String, "aggregation": pl.String,
    "level": pl.String, "baseline": pl.Float64, "baseline_year": pl.Int64, "target": pl.Float64,
    "target_year": pl.Int64, "source": pl.String, "disaggregation": pl.String,
    "to_confirm": pl.Boolean,
}  # fmt: skip


def load_indicators(engine: Engine) -> pl.DataFrame:
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
    return _frame(engine, stmt, INDICATOR_SCHEMA)


VALUE_SCHEMA = {
    "value_id": pl.Int64, "submission_id": pl.Int64, "version": pl.Int64,
    "review_status": pl.String, "organisation_code": pl.String, "organisation_name": pl.String,
    "indicator_code": pl.String, "year": pl.Int64, "reporting_year": pl.Int64, "sex": pl.String,
    "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "note": pl.String,
}  # fmt: skip


def load_indicator_values(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    best, on = _current_submissions(scope)
    v, s, o, i = IndicatorValue, Submission, Organisation, Indicator
    stmt = (
        select(
            v.id,
            s.id,
            s.version,
            s.review_status,
            o.code,
            o.name,
            i.code,
            v.year,
            s.year,
            v.sex,
            v.value,
            v.numerator,
            v.denominator,
            v.note,
        )
        .join(s, s.id == v.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
        .join(i, i.id == v.indicator_id)
        .order_by(i.code, v.year, o.code, v.sex)
    )
    return _frame(engine, stmt, VALUE_SCHEMA)


NARRATIVE_SCHEMA = {
    "submission_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "year": pl.Int64, "goal": pl.Int64, "highlights": pl.String, "challenges": pl.String,
    "lessons": pl.String,
}  # fmt: skip


def load_narratives(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    best, on = _current_submissions(scope)
    n, s, o = Narrative, Submission, Organisation
    stmt = (
        select(s.id, o.code, o.name, s.year, n.goal_number, n.highlights, n.challenges, n.lessons)
        .join(s, s.id == n.submission_id)
        .join(best, on)
        .join(o, o.id == s.organisation_id)
        .order_by(s.year.desc(), o.code, n.goal_number)
    )
    return _frame(engine, stmt, NARRATIVE_SCHEMA)


GOAL_SCHEMA = {
    "goal": pl.Int64, "name_nl": pl.String, "name_en": pl.String, "pillar": pl.String,
    "description_nl": pl.String, "description_en": pl.String,
}  # fmt: skip


def load_goals(engine: Engine) -> pl.DataFrame:
    g = Goal
    stmt = select(
        g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en
    ).order_by(g.number)
    return _frame(engine, stmt, GOAL_SCHEMA)


def load_plan(engine: Engine) -> PlanView | None:
    """The plan in the store with its goals (the first plan while the store holds one)."""
    with Session(engine) as session:
        row = session.scalars(select(Plan).order_by(Plan.id)).first()
        if row is None:
            return None
        goals = session.scalars(select(Goal).where(Goal.plan_id == row.id).order_by(Goal.number))
        return PlanView(
            row.code,
            row.name_nl,
            row.name_en,
            row.start_year,
            row.end_year,
            row.template_version,
            tuple(
                PlanGoal(
                    g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en
                )
                for g in goals
            ),
        )


def load_framework(engine: Engine) -> Framework | None:
    """The results framework as the store holds it, for the template and the validator."""
    with Session(engine) as session:
        plan = session.scalars(select(Plan).order_by(Plan.id)).first()
        if plan is None:
            return None
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


def load_submission_file(engine: Engine, submission_id: int) -> bytes | None:
    """The workbook exactly as it was uploaded for one version (None for demo data)."""
    from nap_data.models import SubmissionFile

    with engine.connect() as conn:
        return conn.execute(
            select(SubmissionFile.content).where(SubmissionFile.submission_id == submission_id)
        ).scalar_one_or_none()


def load_figure_frames(engine: Engine, scope: DataScope | str):
    """Everything the counting rules read, for one data scope (see metrics.figures)."""
    from nap_data.metrics.figures import Frames

    scope = DataScope(scope)
    plan = load_plan(engine)
    if plan is None:
        raise StoreError("the store has no plan; run `python -m nap_data init` first")
    return Frames(
        plan,
        load_activities(engine, scope),
        load_indicator_values(engine, scope),
        load_organisations(engine),
        load_submissions(engine),
        load_indicators(engine),
    )
