"""How a return differs from what came before: activities added, removed and changed (each
change naming the field, old -> new), indicator values and narratives.

The comparisons are pure: two versions' contents, or the store's activity states and a
new return. Activities are matched and compared exactly as the import counts them
(`ActivityRow.key` and `comparable()`), so a preview's list and its counts agree. The
engine-level functions fetch what they compare for an actor who may see it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from nap_data.models import Organisation
from nap_data.plan_store import load_frameworks
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent
from nap_data.returns.reader import read_return
from nap_data.services import Actor, access, review
from nap_data.services.submissions import stored_states
from nap_data.store import read_session

# The fields of an activity in the order of ActivityRow.comparable().
ACTIVITY_FIELDS = (
    "reference", "title", "description", "goal_number", "focus", "countries", "status",
    "start_date", "end_date", "budget_eur", "progress", "target_groups", "partners", "results",
)  # fmt: skip
INDICATOR_FIELDS = ("value", "numerator", "denominator", "note")
NARRATIVE_FIELDS = ("highlights", "challenges", "lessons")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class ActivityChange:
    """One activity present before and after, with the fields whose value changed."""

    title: str
    reference: str | None
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ActivityDiff:
    added: tuple[ActivityRow, ...] = ()
    removed: tuple[ActivityRow, ...] = ()
    changed: tuple[ActivityChange, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ValueChange:
    """An indicator value (code, year, sex) that was added (old None), removed (new None)
    or changed."""

    indicator: str
    year: int
    sex: str
    old: IndicatorRow | None
    new: IndicatorRow | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class NarrativeChange:
    goal_number: int
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class VersionDiff:
    """A version against the previous version of the same organisation and year
    (`previous_version` None: it is the first, and everything in it is added)."""

    previous_version: int | None
    activities: ActivityDiff
    indicators: tuple[ValueChange, ...] = ()
    narratives: tuple[NarrativeChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.activities.is_empty and not self.indicators and not self.narratives


def field_changes(old: ActivityRow, new: ActivityRow) -> tuple[FieldChange, ...]:
    pairs = zip(ACTIVITY_FIELDS, old.comparable(), new.comparable(), strict=True)
    return tuple(FieldChange(name, a, b) for name, a, b in pairs if a != b)


def diff_activities(
    before: Mapping[str, ActivityRow],
    after: Iterable[ActivityRow],
    removable: Collection[str] | None = None,
) -> ActivityDiff:
    """`after` against `before` (identity key -> row). Only the keys in `removable` count
    as removed when `after` lacks them (default: every key of `before`); an import
    compares with every activity the organisation ever reported but removes only what
    the same year's current version held."""
    added, changed, unchanged = [], [], 0
    after = list(after)
    for row in after:
        old = before.get(row.key)
        if old is None:
            added.append(row)
        elif fields := field_changes(old, row):
            changed.append(ActivityChange(row.title, row.reference, fields))
        else:
            unchanged += 1
    present = {row.key for row in after}
    keys = before if removable is None else removable
    removed = [before[key] for key in keys if key not in present and key in before]
    return ActivityDiff(tuple(added), tuple(removed), tuple(changed), unchanged)


def _indicator_key(row: IndicatorRow) -> tuple[str, int, str]:
    return row.indicator_code, row.year, row.sex


def diff_indicators(
    old: Iterable[IndicatorRow], new: Iterable[IndicatorRow]
) -> tuple[ValueChange, ...]:
    before = {_indicator_key(r): r for r in old}
    after = {_indicator_key(r): r for r in new}
    out = []
    for key, row in after.items():
        prior = before.get(key)
        fields = tuple(
            FieldChange(name, getattr(prior, name), getattr(row, name))
            for name in INDICATOR_FIELDS
            if prior is not None and getattr(prior, name) != getattr(row, name)
        )
        if prior is None or fields:
            out.append(ValueChange(*key, prior, row, fields))
    out += [ValueChange(*key, row, None) for key, row in before.items() if key not in after]
    return tuple(out)


def diff_narratives(
    old: Iterable[NarrativeRow], new: Iterable[NarrativeRow]
) -> tuple[NarrativeChange, ...]:
    empty = NarrativeRow(0)
    before = {n.goal_number: n for n in old}
    after = {n.goal_number: n for n in new}
    return tuple(
        NarrativeChange(goal, name, getattr(a, name), getattr(b, name))
        for goal in sorted(before.keys() | after.keys())
        for a, b in [(before.get(goal, empty), after.get(goal, empty))]
        for name in NARRATIVE_FIELDS
        if getattr(a, name) != getattr(b, name)
    )


def diff_versions(
    old: ReturnContent | None, new: ReturnContent, previous_version: int | None = None
) -> VersionDiff:
    """`new` against `old` (None: nothing before, so everything in `new` is added)."""
    old = old or ReturnContent(new.organisation_code, new.year)
    return VersionDiff(
        previous_version,
        diff_activities({row.key: row for row in old.activities}, new.activities),
        diff_indicators(old.indicators, new.indicators),
        diff_narratives(old.narratives, new.narratives),
    )


# --- from the store, for an actor who may see what is compared ---------------------------


def version_diff(engine: Engine, actor: Actor, submission_id: int) -> VersionDiff:
    """A stored version against the previous version of its organisation and year."""
    new = review.version_content(engine, actor, submission_id)  # checks the actor
    previous = review.previous_version(engine, submission_id)
    if previous is None:
        return diff_versions(None, new)
    old = review.version_content(engine, actor, previous[0])
    return diff_versions(old, new, previous[1])


def upload_diff(engine: Engine, actor: Actor, data: bytes, lang: str = "nl") -> ActivityDiff | None:
    """What an uploaded file would change in its organisation's activities, as the import
    counts it; None when the file is rejected or names an organisation not registered."""
    access.require(engine, actor, access.UPLOAD)
    own = None if access.grant(actor, access.UPLOAD) == access.ALL else actor.organisations
    content, _findings = read_return(data, load_frameworks(engine), expected_org=own, lang=lang)
    if content is None:
        return None
    code = content.organisation_code.strip().upper()
    with read_session(engine) as session:
        org_id = session.scalar(
            select(Organisation.id).where(func.upper(Organisation.code) == code)
        )
        if org_id is None:
            return None
        known, this_year = stored_states(session, org_id, content.year)
    return diff_activities(known, content.activities, removable=this_year.keys())
