"""Every version of every return, and the workbook as it was uploaded."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.arrow_load import Read
from nap_data.models import Organisation, Submission
from nap_data.queries.reading import frame_of

SUBMISSION_SCHEMA = {
    "submission_id": pl.Int64, "organisation_code": pl.String, "organisation_name": pl.String,
    "year": pl.Int64, "version": pl.Int64, "created_at": pl.Datetime, "created_by": pl.String,
    "source": pl.String, "file_name": pl.String, "file_sha256": pl.String,
    "review_status": pl.String, "review_comment": pl.String, "reviewed_by": pl.String,
    "restored_from_id": pl.Int64,
}  # fmt: skip


def load_submissions(engine: Engine) -> pl.DataFrame:
    """Every version of every return, newest first within organisation and year."""
    return frame_of(engine, submissions_read())


def submissions_read() -> Read:
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


def load_submission_file(engine: Engine, submission_id: int) -> bytes | None:
    """The workbook exactly as it was uploaded for one version (None for demo data)."""
    from nap_data.models import SubmissionFile

    with engine.connect() as conn:
        return conn.execute(
            select(SubmissionFile.content).where(SubmissionFile.submission_id == submission_id)
        ).scalar_one_or_none()
