"""The signatory register: import a register file, add, edit and retire one organisation.

The same discipline as returns (`services/imports.py`): a file is one transaction, all of
it or nothing; a dry run runs the same code and rolls back, so its summary equals the
commit's; a file that matches the store is `unchanged` and writes nothing; every
problem has its row and column. Codes are stable and case-insensitive: an organisation
is matched on its code, so a renamed one keeps its id, its returns and its history.
Organisations that are not in a file are kept as they are (not deleted, not retired).
Every change is an audit event with who, when, the old and the new values and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nap_data import exports, queries
from nap_data.models import AuditEvent, Organisation
from nap_data.register import findings as where
from nap_data.register import layout
from nap_data.register.frames import export_frame
from nap_data.register.validate import RegisterFile, RegisterRow, check_values, read_register
from nap_data.services import Actor, access
from nap_data.services.audit import record
from nap_data.services.register_result import (  # noqa: F401  (callers import them from here)
    ACCEPTED,
    COUNTS,
    REJECTED,
    UNCHANGED,
    Change,
    RegisterError,
    RegisterResult,
)
from nap_data.store import StoreError, write_session

RETRIES = 3


class _DryRun(Exception):
    """Raised at the end of a dry run (or of a file with nothing to write) to roll back."""


# --- who may ----------------------------------------------------------------------------


def check_allowed(engine: Engine, actor: Actor, action: str) -> None:
    """The secretariat (policy officers, admins) keeps the register; a refusal is recorded
    (services.access) and comes back as a RegisterError the pages and CLI can show."""
    try:
        access.require(engine, actor, access.CHANGE_REGISTER)
    except access.Denied as exc:
        raise RegisterError(
            "register.refused", role=actor.role, org=actor.organisation_code or ""
        ) from exc


def plan_goals(engine: Engine) -> tuple[int, ...]:
    """The goal numbers of the plan the dashboard shows by default (a four-goal plan: 1-4)."""
    plan = queries.load_plan(engine)
    if plan is None:
        raise StoreError("the store has no plan; run `python -m nap_data init` first")
    return plan.goal_numbers


# --- a register file --------------------------------------------------------------------


def import_register(
    engine: Engine,
    data: bytes,
    file_name: str,
    actor: Actor,
    *,
    dry_run: bool = False,
    lang: str = "nl",
) -> RegisterResult:
    check_allowed(engine, actor, "import")
    parsed, findings = read_register(data, file_name, plan_goals(engine), lang)
    result = RegisterResult(file_name, REJECTED, dry_run, findings=findings)
    result.sha256 = hashlib.sha256(data).hexdigest()
    if parsed is None:
        return result
    sha = hashlib.sha256(data).hexdigest()
    for attempt in range(RETRIES):
        fresh = RegisterResult(file_name, REJECTED, dry_run, findings=list(findings))
        try:
            with write_session(engine) as session:
                _import_in(session, parsed, fresh, actor, sha)
                if dry_run or fresh.status != ACCEPTED:
                    raise _DryRun  # the same code ran; nothing of it stays
        except _DryRun:
            pass
        except IntegrityError:
            # Another writer added the same code at the same moment (PostgreSQL): again.
            if attempt == RETRIES - 1:
                raise
            continue
        return fresh
    return result


def _import_in(session: Session, parsed: RegisterFile, result: RegisterResult, actor, sha):
    # Locking every row makes register imports and return imports take turns (PostgreSQL).
    stored = session.scalars(select(Organisation).with_for_update()).all()
    by_code = {o.code.upper(): o for o in stored}
    source = {"source": "register_import", "file": result.file}
    for row in parsed.rows:
        org = by_code.get(row.code.upper())
        if org is None:
            org = by_code[row.code.upper()] = _add(session, actor, row, reason="", **source)
            result.changes.append(_created(org))
            result.counts["added"] += 1
            continue
        change = _update(session, actor, org, row.values(), parsed.fields, reason="", **source)
        if change is None:
            result.counts["unchanged"] += 1
        else:
            result.changes.append(change)
            result.counts["changed"] += 1
    in_file = {row.code.upper() for row in parsed.rows}
    result.not_in_file = sorted(o.code for o in stored if o.code.upper() not in in_file)
    result.counts["not_in_file"] = len(result.not_in_file)
    result.status = ACCEPTED if result.changes else UNCHANGED
    if result.status == ACCEPTED:
        counts = result.counts
        detail = {"file": result.file, "sha256": sha, **counts}
        record(session, actor, "register_imported", "register", None, **detail)


def record_rejection(engine: Engine, result: RegisterResult, actor: Actor) -> None:
    """A rejected register file is recorded too (what, by whom, why), in its own transaction."""
    with write_session(engine) as session:
        errors = [where.as_dict(f, "en") for f in result.errors[:50]]
        record(
            session,
            actor,
            "register_rejected",
            "register",
            None,
            file=result.file,
            sha256=result.sha256,
            errors=errors,
        )


# --- one organisation -------------------------------------------------------------------


def _plain(value: object) -> object:
    """A value as the audit trail keeps it (JSON): dates as ISO text, goals as a list."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [int(v) for v in value]
    return value


def _stored(org: Organisation, name: str) -> object:
    value = getattr(org, name)
    if name == "pledged_goals":
        return tuple(sorted(value or ()))
    if name in ("contact_email", "website"):
        return value or None
    return "" if value is None and name == "pledge" else value


def _set(org: Organisation, values: dict[str, object]) -> None:
    for name, value in values.items():
        setattr(org, name, list(value) if name == "pledged_goals" else value)
    org.active = org.left_on is None


def _add(session: Session, actor: Actor, row: RegisterRow, reason: str, **source) -> Organisation:
    org = Organisation(code=row.code)
    _set(org, {k: v for k, v in row.values().items() if k != "code"})
    session.add(org)
    session.flush()
    new = {k: _plain(v) for k, v in row.values().items()}
    detail = {"code": org.code, "new": new, "reason": reason, **source}
    record(session, actor, "organisation_added", "organisation", org.id, **detail)
    return org


def _created(org: Organisation) -> Change:
    fields = {f: (None, _plain(_stored(org, f))) for f in layout.FIELDS}
    return Change(
        org.code, "added", {k: v for k, v in fields.items() if v[1] not in (None, "", [])}
    )


def _update(
    session: Session,
    actor: Actor,
    org: Organisation,
    values: dict[str, object],
    fields: frozenset[str],
    reason: str,
    action: str = "changed",
    **source,
) -> Change | None:
    """Apply the given fields that differ (never the code); None when nothing differs."""
    diff = {
        name: (_plain(_stored(org, name)), _plain(values[name]))
        for name in layout.FIELDS
        if name != "code" and name in fields and _stored(org, name) != values[name]
    }
    if not diff:
        return None
    _set(org, {name: values[name] for name in diff})
    changes = {name: list(pair) for name, pair in diff.items()}
    detail = {"code": org.code, "changes": changes, "reason": reason, **source}
    record(session, actor, f"organisation_{action}", "organisation", org.id, **detail)
    return Change(org.code, action, diff)


def _find(session: Session, code: str) -> Organisation:
    org = session.scalar(
        select(Organisation).where(func.upper(Organisation.code) == code.strip().upper())
    )
    if org is None:
        raise RegisterError("register.unknown", code=code)
    return org


def _current(org: Organisation) -> dict[str, object]:
    return {name: _stored(org, name) for name in layout.FIELDS}


def _checked(values: dict, goals: tuple[int, ...], lang: str) -> RegisterRow:
    row, findings = check_values(values, goals, lang)
    if row is None:
        raise RegisterError("register.invalid", findings)
    return row


def add_organisation(
    engine: Engine, actor: Actor, values: dict[str, object], reason: str = "", lang: str = "nl"
) -> Change:
    """Register one organisation; `values` by field (see register.layout), checked as a row."""
    check_allowed(engine, actor, "add")
    row = _checked(values, plan_goals(engine), lang)
    try:
        with write_session(engine) as session:
            taken = session.scalar(
                select(Organisation.code).where(func.upper(Organisation.code) == row.code.upper())
            )
            if taken is not None:
                raise RegisterError("register.exists", code=taken)
            org = _add(session, actor, row, reason.strip(), source="register_page")
            return _created(org)
    except IntegrityError:  # someone added the same code at the same moment (PostgreSQL)
        raise RegisterError("register.exists", code=row.code) from None


def update_organisation(
    engine: Engine,
    actor: Actor,
    code: str,
    values: dict[str, object],
    reason: str,
    lang: str = "nl",
) -> Change:
    """Change some fields of one organisation, with a reason; its code never changes."""
    check_allowed(engine, actor, "edit")
    if not reason.strip():
        raise RegisterError("register.reason_required")
    goals = plan_goals(engine)
    with write_session(engine) as session:
        org = _find(session, code)
        if str(values.get("code", org.code)).strip().upper() != org.code.upper():
            raise RegisterError("register.code_fixed", code=org.code)
        current = _current(org)
        if "pledged_goals" not in values:  # goals pledged under an earlier plan stay valid
            goals = tuple(sorted({*goals, *current["pledged_goals"]}))
        row = _checked({**current, **values, "code": org.code}, goals, lang)
        given = frozenset(values) - {"code"}
        change = _update(
            session, actor, org, row.values(), given, reason.strip(), source="register_page"
        )
        if change is None:
            raise RegisterError("register.no_change", code=org.code)
        return change


def mark_left(
    engine: Engine,
    actor: Actor,
    code: str,
    left_on: dt.date,
    reason: str,
    lang: str = "nl",
) -> Change:
    """Record that an organisation left the plan on `left_on` (it stays in the register)."""
    check_allowed(engine, actor, "leave")
    if not reason.strip():
        raise RegisterError("register.reason_required")
    with write_session(engine) as session:
        org = _find(session, code)
        if org.left_on is not None:
            raise RegisterError("register.already_left", code=org.code, left_on=org.left_on)
        current = _current(org)
        goals = tuple(sorted({*plan_goals(engine), *current["pledged_goals"]}))
        row = _checked({**current, "left_on": left_on}, goals, lang)
        only = frozenset({"left_on"})
        reason, source = reason.strip(), "register_page"
        return _update(session, actor, org, row.values(), only, reason, "left", source=source)


# --- reading back -----------------------------------------------------------------------

HISTORY_SCHEMA = {
    "event_id": pl.Int64, "at": pl.Datetime, "actor": pl.String, "action": pl.String,
    "field": pl.String, "old": pl.String, "new": pl.String, "reason": pl.String,
    "source": pl.String, "file": pl.String,
}  # fmt: skip


def organisation_history(engine: Engine, code: str) -> pl.DataFrame:
    """The organisation's audit events, oldest first, one row per field that changed."""
    with Session(engine) as session:
        org = _find(session, code)
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "organisation", AuditEvent.entity_id == org.id)
            .order_by(AuditEvent.id)
        ).all()
        rows = [row for event in events for row in _history_rows(event)]
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA, orient="row")


def _history_rows(event: AuditEvent) -> list[tuple]:
    d = event.detail or {}
    head = (event.id, event.at, event.actor, event.action.removeprefix("organisation_"))
    tail = (d.get("reason") or None, d.get("source"), d.get("file"))
    if "changes" in d:
        pairs = [(name, old, new) for name, (old, new) in d["changes"].items()]
    else:
        added = d.get("new", {}).items()  # the code is the identity, not a value that was set
        pairs = [(k, None, v) for k, v in added if k != "code" and v not in (None, "", [])]
    return [(*head, name, _text(old), _text(new), *tail) for name, old, new in pairs]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def export_register(engine: Engine, path: Path, lang: str = "nl") -> int:
    """The register as CSV or XLSX (by the file's extension), in the columns an import reads."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise RegisterError("register.export_format", name=Path(path).name)
    frame = export_frame(queries.load_organisations(engine), lang)
    data = (
        exports.to_csv_bytes(frame, lang)
        if fmt == "csv"
        else exports.to_xlsx_bytes(frame, lang, layout.SHEET)
    )
    exports.write_file(Path(path), data)  # a failed write leaves nothing behind
    return frame.height
