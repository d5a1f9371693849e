"""The audit trail as a reader asks for it: which events, by whom and when; and, for one
return, where its figures come from (every version, its file, its review, its restores).

Only the secretariat reads it (access.VIEW_AUDIT); a refusal is recorded like any other.
Times are stored in UTC and handed out in Dutch local time, the clock the readers use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy import Engine, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import aliased

from nap_data.i18n import t
from nap_data.models import AuditEvent, Organisation, Submission
from nap_data.services import Actor, access

LIMIT = 1000
LOCAL = "Europe/Amsterdam"

# Kinds of action as a person names them -> the recorded action codes of that kind.
KINDS: dict[str, tuple[str, ...]] = {
    "version": ("version_added",),
    "rejected": ("upload_rejected", "register_rejected"),
    "approve": ("version_approved",),
    "return": ("version_returned",),
    "restore": ("version_restored",),
    "register": (
        "register_imported",
        "organisation_added",
        "organisation_changed",
        "organisation_left",
    ),
    "framework": ("framework_loaded", "framework_added", "framework_changed", "framework_removed"),
    "users": ("user_added", "user_changed", "user_removed"),
    "denied": ("access_denied",),
    "sign_in": ("signed_in", "signed_out"),
    "backup": ("backup_made", "backup_restored"),
    "export": ("export_made", "report_made"),
    "setup": ("demo_loaded",),
}
ACTIONS = tuple(code for codes in KINDS.values() for code in codes)

EVENT_SCHEMA = {
    "id": pl.Int64, "when": pl.Datetime, "who": pl.String, "action": pl.String,
    "entity": pl.String, "organisation_code": pl.String, "year": pl.Int64,
    "version": pl.Int64, "file_name": pl.String, "sha256": pl.String, "detail": pl.String,
}  # fmt: skip
PROVENANCE_SCHEMA = {
    "version": pl.Int64, "when": pl.Datetime, "who": pl.String, "source": pl.String,
    "file_name": pl.String, "sha256": pl.String, "review_status": pl.String,
    "reviewed_by": pl.String, "reviewed_at": pl.Datetime, "review_comment": pl.String,
    "restored_from": pl.Int64,
}  # fmt: skip


def action_kind(action: str) -> str | None:
    return next((kind for kind, codes in KINDS.items() if action in codes), None)


# --- the list of events -----------------------------------------------------------------

_origin = aliased(Submission)  # the version a restore brought back
_detail = AuditEvent.detail
# An event names its organisation, year and file itself (a rejected upload, a register
# change) or through the version it concerns; a version's own row wins.
_ORGANISATION = func.coalesce(
    Organisation.code,
    case(
        (AuditEvent.entity == "organisation", _detail["code"].as_string()),
        else_=_detail["organisation"].as_string(),
    ),
)
_YEAR = func.coalesce(Submission.year, _detail["year"].as_integer())
_FILE = func.coalesce(Submission.file_name, _detail["file"].as_string())
_SHA = func.coalesce(Submission.file_sha256, _detail["sha256"].as_string())


def _events():
    return (
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.entity,
            _ORGANISATION,
            _YEAR,
            Submission.version,
            _FILE,
            _SHA,
            AuditEvent.detail,
            _origin.version,
        )
        .outerjoin(
            Submission,
            and_(AuditEvent.entity == "submission", Submission.id == AuditEvent.entity_id),
        )
        .outerjoin(Organisation, Organisation.id == Submission.organisation_id)
        .outerjoin(_origin, _origin.id == Submission.restored_from_id)
    )


def audit_events(
    engine: Engine,
    actor: Actor,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
    actions: Iterable[str] = (),
    actors: Iterable[str] = (),
    organisation: str | None = None,
    text: str | None = None,
    limit: int = LIMIT,
    lang: str = "nl",
) -> pl.DataFrame:
    """The events that match, newest first, at most `limit` of them.

    `since` and `until` are inclusive; a date means that whole local day, a datetime is
    UTC as stored. `text` is looked for (case-insensitively) in the person, the file
    name, the organisation and the recorded detail. Action codes stay codes in the frame
    (`detail` is already words in `lang`); the page turns them into words.
    """
    access.require(engine, actor, access.VIEW_AUDIT)
    stmt = _events()
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= _utc_start(since))
    if until is not None and _is_day(until):
        stmt = stmt.where(AuditEvent.at < _utc_start(until + dt.timedelta(days=1)))
    elif until is not None:
        stmt = stmt.where(AuditEvent.at <= until)
    if actions := tuple(actions):
        stmt = stmt.where(AuditEvent.action.in_(actions))
    if actors := tuple(actors):
        stmt = stmt.where(AuditEvent.actor.in_(actors))
    if organisation:
        stmt = stmt.where(func.upper(_ORGANISATION) == organisation.strip().upper())
    if text and text.strip():
        stmt = stmt.where(_mentions(text.strip().lower()))
    stmt = stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = [(*r[:10], summary(r.action, r.detail or {}, r[11], lang)) for r in rows]
    frame = pl.DataFrame(out, schema=EVENT_SCHEMA, orient="row")
    return frame.with_columns(_local("when"))


def _mentions(needle: str):
    columns = (AuditEvent.actor, _FILE, _ORGANISATION, cast(AuditEvent.detail, String))
    return or_(*(func.lower(c).contains(needle, autoescape=True) for c in columns))


def _is_day(value: dt.date | dt.datetime) -> bool:
    return not isinstance(value, dt.datetime)


def _utc_start(value: dt.date | dt.datetime) -> dt.datetime:
    """Local midnight of a day, as the naive UTC the store keeps; a datetime as it is."""
    if not _is_day(value):
        return value
    local = dt.datetime.combine(value, dt.time(), tzinfo=ZoneInfo(LOCAL))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _local(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(LOCAL)
        .dt.replace_time_zone(None)
    )


@dataclass(frozen=True)
class TrailFacts:
    """What the filters offer: everyone who appears in the trail, and its first day."""

    people: tuple[str, ...]
    first_day: dt.date | None


def trail_facts(engine: Engine, actor: Actor) -> TrailFacts:
    access.require(engine, actor, access.VIEW_AUDIT)
    with engine.connect() as conn:
        people = conn.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor))
        first = conn.scalar(select(func.min(AuditEvent.at)))
    first_day = None
    if first is not None:
        first_day = first.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(LOCAL)).date()
    return TrailFacts(tuple(people), first_day)


# --- one line of detail per event -------------------------------------------------------


def summary(action: str, detail: dict, restored_version: int | None, lang: str) -> str:
    """What the event's recorded detail says, in words (an unknown action: its values)."""
    words = _SUMMARIES.get(action) or _SUMMARIES.get(action.split("_")[0] + "_*")
    if words is not None:
        return words(detail, restored_version, lang)
    return "; ".join(f"{k}: {v}" for k, v in detail.items() if _scalar(v))


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) and value != ""


def _version(d: dict, _r, lang: str) -> str:
    source = d.get("source") or "upload"
    return t(
        "audit.detail.version",
        lang,
        source=t(f"audit.source.{source}", lang),
        new=d.get("activities_new", 0),
        changed=d.get("activities_changed", 0),
        unchanged=d.get("activities_unchanged", 0),
        removed=d.get("activities_removed", 0),
        values=d.get("indicator_values", 0),
    )


def _errors(d: dict, _r, lang: str) -> str:
    return t("audit.detail.errors", lang, n=len(d.get("errors") or []))


def _comment(d: dict, _r, lang: str) -> str:
    return t("audit.detail.comment", lang, comment=d.get("comment", ""))


def _restored(_d: dict, restored_version: int | None, lang: str) -> str:
    return t("audit.detail.restored", lang, version=restored_version or "?")


def _register(d: dict, _r, lang: str) -> str:
    counts = {k: d.get(k, 0) for k in ("added", "changed", "unchanged")}
    return t("audit.detail.register", lang, **counts)


def _organisation(d: dict, _r, lang: str) -> str:
    fields = list(d.get("changes") or {}) or [
        k for k, v in (d.get("new") or {}).items() if k != "code" and v not in (None, "", [])
    ]
    text = t("audit.detail.organisation", lang, code=d.get("code", ""), fields=", ".join(fields))
    reason = (d.get("reason") or "").strip()
    return f"{text}; {t('audit.detail.reason', lang, reason=reason)}" if reason else text


def _framework_part(d: dict, _r, lang: str) -> str:
    what = f"{d.get('plan', '')} {d.get('key', '')}".strip()
    if d.get("field"):
        return f"{what}: {d['field']} '{d.get('old')}' → '{d.get('new')}'"
    return what


def _framework_loaded(d: dict, _r, lang: str) -> str:
    return t("audit.detail.framework_loaded", lang, code=d.get("code", ""), n=d.get("changes", 0))


def _user(d: dict, _r, lang: str) -> str:
    after = d.get("after") or d.get("before") or {}
    role = t(f"access.role.{after.get('role')}", lang) if after.get("role") else ""
    codes = ", ".join(after.get("organisations") or [])
    key = "audit.detail.user_orgs" if codes else "audit.detail.user"
    return t(key, lang, email=d.get("email", ""), role=role, codes=codes)


def _signed(d: dict, _r, lang: str) -> str:
    role = d.get("role")
    return t(f"access.role.{role}", lang) if role else ""


def _denied(d: dict, _r, lang: str) -> str:
    action = t(f"access.action.{d.get('attempted')}", lang)
    role = t(f"access.role.{d.get('role')}", lang)
    org = d.get("organisation")
    key = "audit.detail.denied_org" if org else "audit.detail.denied"
    return t(key, lang, action=action, role=role, organisation=org or "")


def _demo(d: dict, _r, lang: str) -> str:
    counts = {k: d.get(k, 0) for k in ("organisations", "versions")}
    return t("audit.detail.demo", lang, **counts)


def _backup(d: dict, _r, lang: str) -> str:
    return t("audit.detail.backup", lang, path=d.get("path", ""))


_SUMMARIES = {
    "version_added": _version,
    "upload_rejected": _errors,
    "register_rejected": _errors,
    "version_approved": lambda d, r, lang: "",
    "version_returned": _comment,
    "version_restored": _restored,
    "register_imported": _register,
    "organisation_*": _organisation,
    "framework_loaded": _framework_loaded,
    "framework_*": _framework_part,
    "user_*": _user,
    "signed_*": _signed,
    "access_denied": _denied,
    "demo_loaded": _demo,
    "backup_*": _backup,
}


# --- where one return's figures come from -----------------------------------------------


def provenance(engine: Engine, actor: Actor, organisation: str, year: int) -> pl.DataFrame:
    """Every version of `organisation`'s return for `year`, newest first: who uploaded it,
    when, from which file (name and SHA-256), how it was reviewed (by whom, when, with
    which comment) and, for a restore, which version it brought back."""
    access.require(engine, actor, access.VIEW_AUDIT)
    s, origin = Submission, aliased(Submission)
    stmt = (
        select(
            s.version,
            s.created_at,
            s.created_by,
            s.source,
            s.file_name,
            s.file_sha256,
            s.review_status,
            s.reviewed_by,
            s.reviewed_at,
            s.review_comment,
            origin.version,
        )  # fmt: skip
        .join(Organisation, Organisation.id == s.organisation_id)
        .outerjoin(origin, origin.id == s.restored_from_id)
        .where(func.upper(Organisation.code) == organisation.strip().upper(), s.year == year)
        .order_by(s.version.desc())
    )
    with engine.connect() as conn:
        rows: Sequence = conn.execute(stmt).all()
    frame = pl.DataFrame([tuple(r) for r in rows], schema=PROVENANCE_SCHEMA, orient="row")
    return frame.with_columns(_local("when"), _local("reviewed_at"))
