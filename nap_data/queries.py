"""Read the store into tidy Polars frames (the only place that turns rows into frames)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine, Select, and_, func, select

from nap_data import arrow_load
from nap_data.arrow_load import Read
from nap_data.models import (
    Activity,
    ActivityCountry,
    ActivityReport,
    AuditEvent,
    Goal,
    Indicator,
    IndicatorValue,
    Narrative,
    Organisation,
    Plan,
    Submission,
)
from nap_data.plan import Plan as PlanView

# Plans and frameworks are read in nap_data.plan_store; callers may reach them from here too.
from nap_data.plan_store import (  # noqa: F401
    load_framework,
    load_frameworks,
    load_plan,
    load_plans,
)
from nap_data.store import StoreError
from nap_data.vocab import SCOPE_STATUSES, DataScope

# Set by `_cursor_path()`: the tuple path as the reference for tests and the benchmark.
_CURSOR_ONLY: ContextVar[bool] = ContextVar("nap_queries_cursor_only", default=False)


def _only(frame: pl.DataFrame) -> pl.DataFrame:
    return frame


@dataclass(frozen=True)
class _Loader:
    """The reads of one loader and what makes its frame of theirs (in the same order)."""

    reads: tuple[Read, ...]
    finish: Callable[..., pl.DataFrame] = _only


def _arrow(engine: Engine) -> bool:
    """Whether this engine's reads go through ADBC (arrow_load: PostgreSQL here, a SQLite
    file in the reader process); else the cursor path (an in-memory SQLite)."""
    return not _CURSOR_ONLY.get() and arrow_load.can_read(engine)


def _load(engine: Engine, *loaders: _Loader) -> list[pl.DataFrame]:
    """Every loader's frame; on the Arrow path all their reads in one read transaction
    (one snapshot, one request to the reader process). A failing read raises."""
    reads = [r for loader in loaders for r in loader.reads]
    if _arrow(engine):
        frames = iter(arrow_load.read_frames(engine, reads))
    else:
        frames = iter([_cursor_frame(engine, r.stmt, r.schema) for r in reads])
    return [loader.finish(*[next(frames) for _ in loader.reads]) for loader in loaders]


def _frame(engine: Engine, read: Read) -> pl.DataFrame:
    return _load(engine, _Loader((read,)))[0]


def _cursor_frame(engine: Engine, stmt: Select, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The old path: SQLAlchemy rows as Python tuples into a frame (15-40 us a row)."""
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


@contextmanager
def _cursor_path() -> Iterator[None]:
    """Every loader in this block reads through the cursor path (the reference)."""
    token = _CURSOR_ONLY.set(True)
    try:
        yield
    finally:
        _CURSOR_ONLY.reset(token)


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
    "active": pl.Boolean, "pledge": pl.String, "pledged_goals": pl.List(pl.Int64),
    "contact_email": pl.String, "website": pl.String,
}  # fmt: skip


def load_organisations(engine: Engine) -> pl.DataFrame:
    """The register, one row per organisation; pledged goals sorted, e-mail and website or null."""
    return _load(engine, _organisations())[0]


def _organisations() -> _Loader:
    o = Organisation
    stmt = select(
        o.id,
        o.code,
        o.name,
        o.type,
        o.joined_on,
        o.left_on,
        o.active,
        o.pledge,
        o.pledged_goals,
        o.contact_email,
        o.website,
    )
    return _Loader((Read(stmt.order_by(o.code), ORGANISATION_SCHEMA, o),), _sorted_pledges)


def _sorted_pledges(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("pledged_goals").fill_null([]).list.sort())


SUBMISSION_SCHEMA = {
    "submission_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "year": pl.Int64, "version": pl.Int64, "created_at": pl.Datetime, "created_by": pl.String,
    "source": pl.String, "file_name": pl.String, "file_sha256": pl.String,
    "review_status": pl.String, "review_comment": pl.String, "reviewed_by": pl.String,
    "restored_from_id": pl.Int64,
}  # fmt: skip


def load_submissions(engine: Engine) -> pl.DataFrame:
    """Every version of every return, newest first within organisation and year."""
    return _frame(engine, _submissions())


def _submissions() -> Read:
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
    return Read(stmt, SUBMISSION_SCHEMA, s)


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
    return _load(engine, _activities(engine, scope))[0]


def _activities(engine: Engine, scope: DataScope) -> _Loader:
    if not _arrow(engine):
        return _activities_by_cursor(scope)
    r, s, o = ActivityReport, Submission, Organisation
    # No join with `activity`: the foreign key guarantees every report its activity.
    stmt = _activities_select(scope)
    if engine.dialect.name == "sqlite":
        # SQLite's sorter copies every wide row (1.5 s of CPU at a million); Polars sorts
        # strings by their bytes, which is SQLite's BINARY collation, and the key is unique.
        main = Read(stmt, ACTIVITY_SCHEMA, r)
        order = _ACTIVITY_ORDER
    else:  # the server's collation orders the codes
        main = Read(stmt.order_by(o.code, s.year, r.id), ACTIVITY_SCHEMA, r)
        order = None
    # Every report's countries: the whole table in one cheap read; the left join with the
    # in-scope reports drops the others (joining the pairs with the submissions in SQL
    # cost more than the pairs themselves).
    c = ActivityCountry
    pairs = Read(select(c.report_id, c.country_code), COUNTRY_PAIR_SCHEMA, c)

    def finish(frame: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
        frame = frame.sort(order) if order else frame
        return _with_countries(frame, _grouped(pairs))

    return _Loader((main, pairs), finish)


_ACTIVITY_ORDER = ("organisation_code", "year", "report_id")


def _activities_select(scope: DataScope) -> Select:
    best, on = _current_submissions(scope)
    r, s, o = ActivityReport, Submission, Organisation
    return (
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
    )


def _with_countries(frame: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    return frame.join(countries, on="report_id", how="left", maintain_order="left").with_columns(
        pl.col("countries").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def _grouped(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.group_by("report_id").agg(countries=pl.col("country").sort())


def _activities_by_cursor(scope: DataScope) -> _Loader:
    """The tuple path's statements as they were (the reference the Arrow path must equal)."""
    r, s, o = ActivityReport, Submission, Organisation
    stmt = _activities_select(scope).join(Activity, Activity.id == r.activity_id)
    main = Read(stmt.order_by(o.code, s.year, r.id), ACTIVITY_SCHEMA)
    pairs = Read(_countries_select(scope), COUNTRY_PAIR_SCHEMA)
    return _Loader((main, pairs), lambda frame, pairs: _with_countries(frame, _grouped(pairs)))


COUNTRY_PAIR_SCHEMA = {"report_id": pl.Int64, "country": pl.String}


def _countries_select(scope: DataScope) -> Select:
    """The in-scope reports' countries (the tuple path's statement)."""
    best, on = _current_submissions(scope)
    return (
        select(ActivityCountry.report_id, ActivityCountry.country_code)
        .join(ActivityReport, ActivityReport.id == ActivityCountry.report_id)
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .join(best, on)
    )


INDICATOR_SCHEMA = {
    "indicator_id": pl.Int64, "code": pl.String, "goal": pl.Int64, "name_nl": pl.String,
    "name_en": pl.String, "unit": pl.String, "direction": pl.String, "aggregation": pl.String,
    "level": pl.String, "baseline": pl.Float64, "baseline_year": pl.Int64, "target": pl.Float64,
    "target_year": pl.Int64, "source": pl.String, "disaggregation": pl.String,
    "to_confirm": pl.Boolean,
}  # fmt: skip


def load_indicators(engine: Engine, plan_code: str | None = None) -> pl.DataFrame:
    """The indicators of one plan (of every plan when `plan_code` is None)."""
    return _frame(engine, _indicators(plan_code))


def _indicators(plan_code: str | None) -> Read:
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


VALUE_SCHEMA = {
    "value_id": pl.Int64, "submission_id": pl.Int64, "version": pl.Int64,
    "review_status": pl.String, "organisation_code": pl.String, "organisation_name": pl.String,
    "indicator_code": pl.String, "year": pl.Int64, "reporting_year": pl.Int64, "sex": pl.String,
    "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "note": pl.String,
}  # fmt: skip


def load_indicator_values(engine: Engine, scope: DataScope = DataScope.SUBMITTED_AND_APPROVED):
    return _load(engine, _indicator_values(engine, scope))[0]


# The values' order; the id breaks ties (one organisation can report an indicator's year in
# two reporting years' returns).
_VALUE_ORDER = ("indicator_code", "year", "organisation_code", "sex", "value_id")


def _indicator_values(engine: Engine, scope: DataScope) -> _Loader:
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
    )
    if _arrow(engine) and engine.dialect.name == "sqlite":
        # As for the activities: SQLite's sort of the wide rows cost 1.7 s of the reader's
        # 4.3 s at a million; Polars sorts by bytes (BINARY), nulls first as SQLite does.
        return _Loader((Read(stmt, VALUE_SCHEMA, v),), lambda f: f.sort(_VALUE_ORDER))
    stmt = stmt.order_by(i.code, v.year, o.code, v.sex, v.id)
    return _Loader((Read(stmt, VALUE_SCHEMA, v),))


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
    return _frame(engine, Read(stmt, NARRATIVE_SCHEMA, n))


GOAL_SCHEMA = {
    "goal": pl.Int64, "name_nl": pl.String, "name_en": pl.String, "pillar": pl.String,
    "description_nl": pl.String, "description_en": pl.String,
}  # fmt: skip


def load_goals(engine: Engine) -> pl.DataFrame:
    g = Goal
    stmt = select(
        g.number, g.name_nl, g.name_en, g.pillar, g.description_nl, g.description_en
    ).order_by(g.number)
    return _frame(engine, Read(stmt, GOAL_SCHEMA, g))


def demo_loaded(engine: Engine) -> bool:
    """Whether the store holds the demo data (every page then says so)."""
    with engine.connect() as conn:
        found = conn.execute(
            select(AuditEvent.id).where(AuditEvent.action == "demo_loaded").limit(1)
        ).first()
    return found is not None


def load_submission_file(engine: Engine, submission_id: int) -> bytes | None:
    """The workbook exactly as it was uploaded for one version (None for demo data)."""
    from nap_data.models import SubmissionFile

    with engine.connect() as conn:
        return conn.execute(
            select(SubmissionFile.content).where(SubmissionFile.submission_id == submission_id)
        ).scalar_one_or_none()


def load_figure_frames(engine: Engine, scope: DataScope | str, plan: PlanView | None = None):
    """Everything the counting rules read for one plan and data scope (see metrics.figures)."""
    from nap_data.metrics.figures import Frames

    scope = DataScope(scope)
    plan = plan or load_plan(engine)
    if plan is None:
        raise StoreError("the store has no plan; run `python -m nap_data init` first")
    # One read transaction for all five frames: one snapshot of the store.
    frames = _load(
        engine,
        _activities(engine, scope),
        _indicator_values(engine, scope),
        _organisations(),
        _Loader((_submissions(),)),
        _Loader((_indicators(plan.code),)),
    )
    return Frames(plan, *frames)


HISTORY_SCHEMA = {
    "at": pl.Datetime, "actor": pl.String, "action": pl.String, "plan": pl.String,
    "entity": pl.String, "key": pl.String, "field": pl.String, "old": pl.String,
    "new": pl.String,
}  # fmt: skip
FRAMEWORK_ACTIONS = ("framework_added", "framework_changed", "framework_removed")


def load_framework_history(engine: Engine, indicator: str | None = None) -> pl.DataFrame:
    """Every audited framework change, newest first; only one indicator's with `indicator`."""
    from nap_data.models import AuditEvent

    stmt = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(FRAMEWORK_ACTIONS))
        .order_by(AuditEvent.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    out = []
    for row in rows:
        d = row["detail"] or {}
        if indicator is not None and (row["entity"] != "indicator" or d.get("key") != indicator):
            continue
        out.append(
            (row["at"], row["actor"], row["action"], d.get("plan"), row["entity"], d.get("key"))
            + (d.get("field"), _text(d.get("old")), _text(d.get("new")))
        )
    return pl.DataFrame(out, schema=HISTORY_SCHEMA, orient="row")


def _text(value: object) -> str | None:
    return None if value is None else str(value)
