"""SQLAlchemy 2 models of the monitoring store.

Every fact a signatory reports (activity state, indicator value, narrative)
hangs from a `Submission`: one accepted version of one organisation's return
for one year. A new upload adds a new version and never overwrites an old one,
so any version can be shown again or restored, and "current" is simply the
newest version whose review status is in the chosen data scope.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

# Stable constraint names so Alembic batch migrations work on SQLite.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Plan(Base):
    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int]
    end_year: Mapped[int]
    template_version: Mapped[int] = mapped_column(default=1)
    goals: Mapped[list[Goal]] = relationship(back_populates="plan", order_by="Goal.number")


class Goal(Base):
    """A strategic goal of the plan, arranged along a UN WPS pillar."""

    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    number: Mapped[int]
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    pillar: Mapped[str] = mapped_column(String(40))
    sub_outcomes: Mapped[list] = mapped_column(JSON, default=list)
    plan: Mapped[Plan] = relationship(back_populates="goals")


class Organisation(Base):
    """A signatory in the register."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    pledge: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    # The plan's goal numbers the organisation pledged to contribute to, e.g. [1, 3].
    pledged_goals: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))


class Submission(Base):
    """One accepted version of an organisation's return for one reporting year."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "version"),
        CheckConstraint("review_status IN ('submitted','approved','returned')", name="review"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    year: Mapped[int]
    version: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))  # upload | demo | restore
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    template_version: Mapped[int | None]
    review_status: Mapped[str] = mapped_column(String(20), default="submitted")
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    restored_from_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    organisation: Mapped[Organisation] = relationship()


class SubmissionFile(Base):
    """The uploaded workbook exactly as received, kept apart so listings stay light."""

    __tablename__ = "submission_file"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Activity(Base):
    """The identity of an activity across years: organisation plus own reference (or title)."""

    __tablename__ = "activity"
    __table_args__ = (UniqueConstraint("organisation_id", "identity_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    identity_key: Mapped[str] = mapped_column(String(220))
    first_year: Mapped[int]


class ActivityReport(Base):
    """The state of an activity as one return version reports it."""

    __tablename__ = "activity_report"
    __table_args__ = (UniqueConstraint("submission_id", "activity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    goal_number: Mapped[int]
    focus: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    budget_eur: Mapped[float | None] = mapped_column(Float)
    progress: Mapped[str | None] = mapped_column(String(12))
    target_groups: Mapped[str] = mapped_column(String(60), default="")  # "women;girls"
    partners: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    countries: Mapped[list[ActivityCountry]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityCountry.country_code"
    )


class ActivityCountry(Base):
    __tablename__ = "activity_country"
    report_id: Mapped[int] = mapped_column(ForeignKey("activity_report.id"), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166 alpha-2


class Indicator(Base):
    """An indicator of the results framework (loaded from the framework TOML)."""

    __tablename__ = "indicator"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    goal_number: Mapped[int | None]
    name_nl: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20))  # count | percent | eur | rate
    direction: Mapped[str] = mapped_column(String(10))
    aggregation: Mapped[str] = mapped_column(String(10))  # sum over signatories | mean
    level: Mapped[str] = mapped_column(String(12))  # signatory | national
    baseline: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None]
    target: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(100), default="")
    disaggregation: Mapped[str] = mapped_column(String(20), default="")  # "" | sex
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    max_value: Mapped[float | None] = mapped_column(Float)  # None: the unit's default bound
    reporter: Mapped[str | None] = mapped_column(String(20))  # the one reporting organisation


class IndicatorValue(Base):
    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("submission_id", "indicator_id", "year", "sex"),
        Index("ix_indicator_value_indicator_year", "indicator_id", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    year: Mapped[int]
    sex: Mapped[str] = mapped_column(String(10), default="total")
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class Narrative(Base):
    """Per goal: what went well, what was hard, what was learned (feeds the learning agenda)."""

    __tablename__ = "narrative"
    __table_args__ = (UniqueConstraint("submission_id", "goal_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    goal_number: Mapped[int]
    highlights: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    """Every write leaves one (who, when, what); the application only ever adds rows."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class StoreVersion(Base):
    """One row whose counter moves inside every transaction that changes data.

    Caches key on it. Unlike max(audit_event.id) it follows commit order on PostgreSQL
    (the row lock makes writers take turns), and a write that changes no figure (a
    rejected upload, a refusal, a sign-in) leaves it alone.
    """

    __tablename__ = "store_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class AppUser(Base):
    """A person who may sign in, with the role the store gives them (see services.access)."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('viewer','signatory','policy_officer','admin')", name="role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower case
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    organisations: Mapped[list[Organisation]] = relationship(
        secondary="app_user_organisation", order_by="Organisation.code"
    )


class AppUserOrganisation(Base):
    """A signatory's organisations (one person may report for several)."""

    __tablename__ = "app_user_organisation"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)


class AuditIsAppendOnly(Exception):
    """The application tried to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _audit_append_only(session: Session, _context, _instances) -> None:
    touched = [o for o in (*session.dirty, *session.deleted) if isinstance(o, AuditEvent)]
    if any(o in session.deleted or session.is_modified(o) for o in touched):
        raise AuditIsAppendOnly("the audit trail only takes new events")


@event.listens_for(Session, "do_orm_execute")
def _audit_no_bulk_changes(state) -> None:
    # The unit of work above does not see bulk statements: refuse those on the trail too.
    if (state.is_update or state.is_delete) and any(
        getattr(m, "class_", None) is AuditEvent for m in state.all_mappers
    ):
        raise AuditIsAppendOnly("the audit trail only takes new events")
