"""One generated demo dataset as store rows, the way `add_version` would write them.

`w2_store` replicates these rows into the W2 store; ids here are local to the dataset
(from 1) and the copies shift them.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field

from nap_data import demo
from nap_data.demo.indicators import (  # the generator's value rule
    plan_progress,
    signatory_value,
)
from nap_data.framework import Framework
from nap_data.returns.content import ActivityRow, identity_key
from nap_data.services import SYSTEM
from nap_data.services.setup import demo_pledges
from nap_data.services.submissions import Diff, report_values


@dataclass
class Sub:
    """One submission of a base dataset with everything that hangs from it (local ids)."""

    row: dict
    reports: list[tuple[dict, list[str]]]  # (report row, its country codes)
    values: list[dict]
    extras: list[dict]  # values it could also hold (for a top-up), likeliest first
    narratives: list[dict]


@dataclass
class Base:
    """One generated demo dataset as store rows, ids local to the dataset (from 1)."""

    orgs: list[dict]
    activities: list[dict]
    subs: list[Sub]
    sizes: dict[str, int] = field(default_factory=dict)  # ids used per table

    @property
    def reports(self) -> int:
        return sum(len(s.reports) for s in self.subs)


_identity = functools.cache(identity_key)  # an activity recurs year after year


def _key(row: ActivityRow) -> str:
    """`row.key`, computed once per (reference, title)."""
    return _identity(row.reference, row.title)


def base(fw: Framework, ids: dict[str, int], seed: int) -> Base:
    data = demo.generate(fw, seed)
    pledged = demo_pledges(data, tuple(g.number for g in fw.goals))
    orgs = [
        {
            "id": i,
            "code": spec.code,
            "name": spec.name,
            "type": spec.type,
            "joined_on": spec.joined_on,
            "pledge": spec.pledge,
            "active": spec.active,
            "left_on": spec.left_on,
            "pledged_goals": pledged.get(spec.code, []),
            "contact_email": "",
            "website": None,
        }
        for i, spec in enumerate(data.organisations, start=1)
    ]
    writer = _Writer(fw, ids, {o["code"]: o["id"] for o in orgs}, random.Random(seed))
    for version in data.versions:
        writer.add(version)
    sizes = {
        "organisation": len(orgs),
        "submission": len(writer.subs),
        "activity": len(writer.activities),
        "report": writer.report_id,
        "narrative": writer.narrative_id,
    }
    return Base(orgs, writer.activities, writer.subs, sizes)


class _Writer:
    """Turns demo versions into rows as `services.submissions.add_version` writes them:
    version numbers per organisation and year, activity identities with their first year,
    the diff counts against what came before."""

    def __init__(self, fw: Framework, ids: dict[str, int], org_ids: dict[str, int], rng):
        self.fw, self.ids, self.org_ids, self.rng = fw, ids, org_ids, rng
        self.units = {i.code: i for i in fw.indicators if i.level == "signatory"}
        self.subs: list[Sub] = []
        self.activities: list[dict] = []
        self.known: dict[tuple[int, str], int] = {}  # (organisation, identity key) -> id
        self.history: dict[int, list[tuple[int, int, dict]]] = {}  # org -> (year, version, rows)
        self.report_id = 0
        self.narrative_id = 0

    def add(self, version: demo.DemoVersion) -> None:
        content = version.content
        org_id = self.org_ids[content.organisation_code]
        past = self.history.setdefault(org_id, [])
        number = 1 + sum(1 for y, _, _ in past if y == content.year)
        sub_id = len(self.subs) + 1
        states = {_key(row): row.comparable() for row in content.activities}
        sub_row = {
            "id": sub_id,
            "organisation_id": org_id,
            "year": content.year,
            "version": number,
            "created_at": version.created_at,
            "created_by": SYSTEM.name,
            "source": "demo",
            "file_name": None,
            "file_sha256": None,
            "template_version": content.template_version,
            "review_status": version.review_status,
            "review_comment": None,
            "reviewed_by": None,
            "reviewed_at": None,
            "restored_from_id": None,
            "counts": self._diff(past, content).counts(),
        }
        past.append((content.year, number, states))
        reports = [self._report(org_id, sub_id, content.year, row) for row in content.activities]
        values = [self._value(sub_id, v) for v in content.indicators]
        narratives = []
        for x in content.narratives:
            self.narrative_id += 1
            narratives.append(
                {
                    "id": self.narrative_id,
                    "submission_id": sub_id,
                    "goal_number": x.goal_number,
                    "highlights": x.highlights,
                    "challenges": x.challenges,
                    "lessons": x.lessons,
                }
            )
        extras = self._extras(content, sub_id)
        self.subs.append(Sub(sub_row, reports, values, extras, narratives))

    def _diff(self, past: list, content) -> Diff:
        """`submissions.diff_return` on the rows: earlier years' states, then this year's
        newest version's; new, changed, unchanged and removed activities."""
        known: dict[str, tuple] = {}
        for year, _, states in sorted(past, key=lambda p: (p[0], p[1])):
            if year < content.year:
                known.update(states)
        previous = next((st for y, _, st in reversed(past) if y == content.year), {})
        known.update(previous)
        diff = Diff(indicator_values=len(content.indicators))
        for row in content.activities:
            if _key(row) not in known:
                diff.new.append(row.title)
            elif known[_key(row)] == row.comparable():
                diff.unchanged.append(row.title)
            else:
                diff.changed.append(row.title)
        present = {_key(row) for row in content.activities}
        diff.removed = [key for key in previous if key not in present]
        return diff

    def _report(self, org_id: int, sub_id: int, year: int, row: ActivityRow):
        activity_id = self.known.get((org_id, _key(row)))
        if activity_id is None:
            activity_id = len(self.activities) + 1
            self.known[(org_id, _key(row))] = activity_id
            self.activities.append(
                {
                    "id": activity_id,
                    "organisation_id": org_id,
                    "identity_key": _key(row),
                    "first_year": year,
                }
            )
        self.report_id += 1
        report = {"id": self.report_id, **report_values(sub_id, activity_id, row)}
        return report, sorted(set(row.countries))

    def _value(self, sub_id: int, v) -> dict:
        return {
            "id": 0,  # numbered when the copies are written (their count per copy varies)
            "submission_id": sub_id,
            "indicator_id": self.ids[v.indicator_code],
            "year": v.year,
            "sex": v.sex,
            "value": v.value,
            "numerator": v.numerator,
            "denominator": v.denominator,
            "note": v.note,
        }

    def _extras(self, content, sub_id: int) -> list[dict]:
        """Values of the signatory indicators this return does not report for its year,
        by the generator's rule; indicators of the return's own goals first."""
        held = {v.indicator_code for v in content.indicators if v.year == content.year}
        goals = {a.goal_number for a in content.activities}
        missing = [spec for code, spec in self.units.items() if code not in held]
        missing.sort(key=lambda spec: spec.goal not in goals)
        progress = plan_progress(self.fw, content.year)
        out = []
        for spec in missing:
            rows = signatory_value(self.rng, spec, content.year, progress, False)
            out.extend(self._value(sub_id, v) for v in rows)
        return out
