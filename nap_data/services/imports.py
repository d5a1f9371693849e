"""Import one Excel return: check, read, compare, and write it as a new version.

One return is one transaction: all of it or nothing. A dry run runs exactly the
same code and rolls the transaction back, so its summary equals the commit's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nap_data.framework import Framework
from nap_data.models import ActivityReport, Organisation, Submission
from nap_data.plan_store import load_frameworks
from nap_data.returns.filecheck import Limits
from nap_data.returns.findings import Euros, Finding, Severity, error, warning
from nap_data.returns.reader import DEFAULT_LIMITS, read_return
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.services.submissions import add_version, diff_return, latest_version
from nap_data.store import StoreError, write_session

ACCEPTED, UNCHANGED, REJECTED = "accepted", "unchanged", "rejected"
EMPTY_COUNTS = {
    "activities_new": 0, "activities_changed": 0, "activities_unchanged": 0,
    "activities_removed": 0, "indicator_values": 0,
}  # fmt: skip


@dataclass
class ImportResult:
    file: str
    status: str
    dry_run: bool
    organisation: str | None = None
    year: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict(EMPTY_COUNTS))
    findings: list[Finding] = field(default_factory=list)
    submission_id: int | None = None
    version: int | None = None
    removed_titles: list[str] = field(default_factory=list)
    sha256: str | None = None  # of the file as received, for the audit trail

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    def as_json(self, lang: str = "en") -> dict:
        def plain(f: Finding) -> dict:
            d = f.as_dict(lang)
            d.pop("severity")
            return d

        return {
            "file": self.file,
            "status": self.status,
            "dry_run": self.dry_run,
            "organisation": self.organisation,
            "year": self.year,
            "counts": self.counts,
            "errors": [plain(f) for f in self.errors],
            "warnings": [plain(f) for f in self.warnings],
        }


RETRIES = 3


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction is rolled back."""


def import_return(
    engine: Engine,
    data: bytes,
    file_name: str,
    actor: Actor,
    *,
    dry_run: bool = False,
    lang: str = "nl",
    framework: Framework | Sequence[Framework] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    # The plans in the store are the one source of goals, years and indicators; the return
    # is checked against the plan whose period holds its year.
    framework = framework or load_frameworks(engine)
    if not framework:
        raise StoreError("the store has no plan; run `python -m nap_data init` first")
    # Who may upload at all is checked before the file is read; for whom is checked on the
    # About sheet (a signatory's other organisation is a finding naming the cell).
    access.require(engine, actor, access.UPLOAD)
    expected_org = None if access.grant(actor, access.UPLOAD) == access.ALL else actor.organisations
    content, findings = read_return(
        data, framework, expected_org=expected_org, lang=lang, limits=limits
    )
    result = ImportResult(file_name, REJECTED, dry_run, findings=list(findings))
    result.sha256 = hashlib.sha256(data).hexdigest()
    if content is None:
        return result
    result.organisation, result.year = content.organisation_code, content.year
    gate = list(result.findings)
    for attempt in range(RETRIES):
        result.findings = list(gate)
        try:
            with write_session(engine) as session:
                _import_in(session, result, content, data, file_name, actor)
                if dry_run or result.status != ACCEPTED:
                    raise _DryRun
            return result
        except _DryRun:
            return result
        except IntegrityError:
            # Two importers took the same next version number at once (possible on
            # PostgreSQL, where nothing locks the whole store): count again and retry.
            if attempt == RETRIES - 1:
                raise
    return result


def _import_in(session: Session, result: ImportResult, content, data, file_name, actor) -> None:
    # Locking the organisation row makes imports for one organisation take turns on
    # PostgreSQL (SQLite's BEGIN IMMEDIATE already does), so versions and diffs stay exact.
    org = session.scalar(
        select(Organisation)
        .where(func.upper(Organisation.code) == content.organisation_code.strip().upper())
        .with_for_update()
    )
    if org is None:
        result.findings.append(
            error(
                "returns.import.unknown_organisation",
                value=content.organisation_code,
                sheet="About / Over",
            )
        )
        return
    if org.code != content.organisation_code:  # typed in another case: keep the register's
        content = dataclasses.replace(content, organisation_code=org.code)
        result.organisation = org.code
    sha = hashlib.sha256(data).hexdigest()
    previous = latest_version(session, org.id, content.year)
    if previous is not None and previous.file_sha256 == sha:
        result.status = UNCHANGED
        result.version = previous.version
        result.counts = {
            **EMPTY_COUNTS,
            "activities_unchanged": len(content.activities),
            "indicator_values": len(content.indicators),
        }
        return
    result.findings.extend(_unusual_budgets(session, org, content))
    diff = diff_return(session, org, content)
    result.counts, result.removed_titles = diff.counts(), list(diff.removed)
    result.status = ACCEPTED
    # A dry run writes too and is then rolled back: the same code, the same summary.
    sub = add_version(
        session,
        actor,
        org,
        content,
        source="upload",
        file_name=file_name,
        file_bytes=data,
        file_sha256=sha,
        diff=diff,
    )
    result.submission_id, result.version = sub.id, sub.version


UNUSUAL_FACTOR, UNUSUAL_FLOOR = 10, 100_000


def _unusual_budgets(session: Session, org: Organisation, content) -> list[Finding]:
    """Warn when a budget is far above what this organisation usually reports (a typo check)."""
    budgets = session.scalars(
        select(ActivityReport.budget_eur)
        .join(Submission, Submission.id == ActivityReport.submission_id)
        .where(Submission.organisation_id == org.id, ActivityReport.budget_eur > 0)
    ).all()
    if len(budgets) < 3:
        return []
    usual = statistics.median(budgets)
    return [
        warning(
            "returns.import.budget_unusual",
            sheet=None,
            column="Budget (EUR)",
            value=f"{row.budget_eur:.0f}",
            title=row.title,
            usual=Euros(usual),
        )
        for row in content.activities
        if row.budget_eur and row.budget_eur > max(UNUSUAL_FACTOR * usual, UNUSUAL_FLOOR)
    ]


def record_rejection(engine: Engine, result: ImportResult, actor: Actor) -> None:
    """Rejected uploads are recorded too (what, by whom, why), in their own transaction.

    Only rejected ones: a file already received ("unchanged") was not refused, and an
    accepted one is recorded by its version. The event is in audit.NO_DATA_CHANGE, so a
    refused preview never moves the data version that every page's caches key on.
    """
    if result.status != REJECTED:
        return
    with write_session(engine) as session:
        record(
            session,
            actor,
            "upload_rejected",
            "submission",
            None,
            file=result.file,
            sha256=result.sha256,
            organisation=result.organisation,
            year=result.year,
            errors=[f.as_dict("en") for f in result.errors[:50]],
        )
