"""The W2 store: the demo generator's data at a million activity reports and values.

Writing a million rows through the ORM (`services.submissions.add_version`) takes tens
of minutes, so this builder turns a few generated demo datasets (different seeds) into
rows once, the way `add_version` would write them, and replicates them as copies with
shifted ids and per-copy organisation codes and names (ORG005 -> ORG005-0042), written
with SQLAlchemy Core bulk inserts in one transaction. Copy 0 is the normal demo.

The demo has about 0.6 indicator values per activity report; W2 asks for any ratio, so
values are topped up (or thinned out) evenly over all submissions: a top-up adds, per
submission, values of signatory indicators it does not yet hold for its year, made by the
generator's own value rule, so `UniqueConstraint(submission, indicator, year, sex)` holds.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, event, insert, select, text

from nap_data import demo, store
from nap_data.demo import _plan_progress, _signatory_value  # the generator's value rule
from nap_data.framework import DEFAULT_FRAMEWORK, Framework, load_framework
from nap_data.models import (
    Activity,
    ActivityCountry,
    ActivityReport,
    Indicator,
    IndicatorValue,
    Narrative,
    Organisation,
    Submission,
)
from nap_data.returns.content import ActivityRow, identity_key
from nap_data.services import SYSTEM
from nap_data.services.audit import record
from nap_data.services.setup import _demo_pledges, init_store
from nap_data.services.submissions import Diff

BASES = 8  # distinct generated datasets; copies cycle through them
BATCH_REPORTS = 100_000  # rows are flushed to the store in batches of about this many reports
TABLES = ("organisation", "submission", "activity", "activity_report")
TABLES += ("activity_country", "indicator_value", "narrative")
INSERTS = {
    "organisation": Organisation.__table__,
    "submission": Submission.__table__,
    "activity": Activity.__table__,
    "activity_report": ActivityReport.__table__,
    "activity_country": ActivityCountry.__table__,
    "indicator_value": IndicatorValue.__table__,
    "narrative": Narrative.__table__,
}


@dataclass
class _Sub:
    """One submission of a base dataset with everything that hangs from it (local ids)."""

    row: dict
    reports: list[tuple[dict, list[str]]]  # (report row, its country codes)
    values: list[dict]
    extras: list[dict]  # values it could also hold (for a top-up), likeliest first
    narratives: list[dict]


@dataclass
class _Base:
    """One generated demo dataset as store rows, ids local to the dataset (from 1)."""

    orgs: list[dict]
    activities: list[dict]
    subs: list[_Sub]
    sizes: dict[str, int] = field(default_factory=dict)  # ids used per table

    @property
    def reports(self) -> int:
        return sum(len(s.reports) for s in self.subs)


def build(path: Path, reports: int, values: int) -> str:
    """A new SQLite store at `path` with exactly `reports` activity reports and exactly
    `values` indicator values; returns its URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path.resolve()}"
    engine = store.make_engine(url)
    try:
        init_store(engine)  # the framework only
    finally:
        engine.dispose()
    engine = store.make_engine(url)
    # A benchmark store is rebuilt, never recovered: no fsyncs while filling it.
    event.listen(engine, "connect", _fast_pragmas)
    try:
        _fill(engine, load_framework(DEFAULT_FRAMEWORK), reports, values)
    finally:
        engine.dispose()
    return url


def _fast_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=OFF")
    cur.execute("PRAGMA cache_size=-262144")
    cur.close()


def _fill(engine: Engine, fw: Framework, reports: int, values: int) -> None:
    ids = _indicator_ids(engine)
    bases: list[_Base] = []
    plan = _plan_copies(fw, ids, bases, reports)
    stats = {"copies": len(plan), "reports": 0, "values": 0}
    with store.write_session(engine) as session:
        conn = session.connection()
        inserts = {name: _Insert(table, conn.dialect) for name, table in INSERTS.items()}
        assert inserts["activity_country"].order == ("report_id", "country_code")
        buffer: dict[str, list[tuple]] = {t: [] for t in TABLES}
        for rows in _copies(bases, plan, values, inserts):
            for table, batch in rows.items():
                buffer[table].extend(batch)
            if len(buffer["activity_report"]) >= BATCH_REPORTS:
                _flush(conn, inserts, buffer, stats)
        _flush(conn, inserts, buffer, stats)
        assert stats["reports"] == reports and stats["values"] == values, stats
        # One data change for the whole load, as a write would record it (moves the version).
        record(session, SYSTEM, "demo_loaded", "store", None, seed=demo.SEED, **stats)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


class _Insert:
    """A table's INSERT compiled by SQLAlchemy to positional parameters, and rows made
    ready for it once per base dataset: every value already through its column type's
    bind processor (dates as text, JSON dumped), so a copy only shifts ids. Executing
    plain tuples skips the per-row parameter processing, most of the cost at 1M rows."""

    def __init__(self, table, dialect, skip: tuple[str, ...] = ()):
        names = [c.name for c in table.columns if c.name not in skip]
        compiled = insert(table).compile(dialect=dialect, column_keys=names)
        self.sql = str(compiled)
        self.order = tuple(compiled.positiontup)
        self.at = {name: i for i, name in enumerate(self.order)}
        self.procs = tuple(
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self.order
        )

    def ready(self, row: dict) -> tuple:
        return tuple(
            row[name] if proc is None else proc(row[name])
            for name, proc in zip(self.order, self.procs, strict=True)
        )


def _flush(conn, inserts: dict, buffer: dict[str, list[tuple]], stats: dict) -> None:
    for table in TABLES:  # parents before children: every foreign key is checked at once
        rows = buffer[table]
        if rows:
            conn.exec_driver_sql(inserts[table].sql, rows)
            stats["reports"] += len(rows) if table == "activity_report" else 0
            stats["values"] += len(rows) if table == "indicator_value" else 0
            rows.clear()


def _indicator_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(Indicator.code, Indicator.id)).all()
    return {code: id_ for code, id_ in rows}


# --- which copies, and how much of the last one ---------------------------------------


def _plan_copies(fw: Framework, ids: dict, bases: list[_Base], reports: int) -> list[tuple]:
    """[(copy number, base, submissions kept, reports in the last kept one)], adding the
    generated bases to `bases` as needed; the last copy is cut to make `reports` exact."""
    plan, left, copy = [], reports, 0
    while left > 0:
        if copy < BASES:
            bases.append(_base(fw, ids, demo.SEED + copy))
        base = bases[copy % len(bases)]
        if base.reports <= left:
            plan.append((copy, base, len(base.subs), None))
            left -= base.reports
        else:
            kept = 0
            while len(base.subs[kept].reports) < left:
                left -= len(base.subs[kept].reports)
                kept += 1
            plan.append((copy, base, kept + 1, left))
            left = 0
        copy += 1
    return plan


def _copies(bases: list[_Base], plan: list[tuple], values: int, inserts: dict) -> Iterator[dict]:
    """The rows of each planned copy, values spread so that exactly `values` are written."""
    subs = [s for _, base, kept, _ in plan for s in base.subs[:kept]]
    have = sum(len(s.values) for s in subs)
    spare = sum(len(s.extras) for s in subs)
    if values > have + spare:
        raise ValueError(
            f"{values} values do not fit {len(subs)} submissions (at most {have + spare})"
        )
    topping_up = values >= have
    share = _Share(values - have, spare) if topping_up else _Share(values, have)
    ready = {id(base): _Ready(base, inserts) for base in bases}
    # "value" numbers the values on (their count per copy varies); the rest move by copy.
    offsets = dict.fromkeys(("organisation", "submission", "activity", "report", "narrative"), 0)
    offsets["value"] = 0
    for copy, base, kept, last_reports in plan:
        yield ready[id(base)].copy(copy, kept, last_reports, offsets, share, topping_up)
        for table, used in base.sizes.items():
            offsets[table] += used


class _Share:
    """Takes `want` of `total` items as evenly as cumulative rounding allows."""

    def __init__(self, want: int, total: int):
        self.ratio = want / total if total else 0.0
        self.cum = 0.0
        self.taken = 0

    def take(self, n: int) -> int:
        self.cum += n * self.ratio
        k = min(n, round(self.cum) - self.taken)
        self.taken += k
        return k


def _shifter(insert_: _Insert, **columns: str):
    """A function (row, offsets) -> row with the id columns moved by their table's offset."""
    moves = tuple((insert_.at[col], table) for col, table in columns.items())

    def shift(row: tuple, off: dict) -> tuple:
        out = list(row)
        for at, table in moves:
            out[at] += off[table]
        return tuple(out)

    return shift


class _Ready:
    """A base dataset's rows as tuples ready to insert, and the copies made from them."""

    def __init__(self, base: _Base, ins: dict[str, _Insert]):
        self.base, self.ins = base, ins
        self.orgs = base.orgs
        self.activities = [(a["id"], ins["activity"].ready(a)) for a in base.activities]
        self.subs = [
            (
                ins["submission"].ready(s.row),
                [(ins["activity_report"].ready(r), r["activity_id"], cs) for r, cs in s.reports],
                [ins["indicator_value"].ready(v) for v in s.values],
                [ins["indicator_value"].ready(v) for v in s.extras],
                [ins["narrative"].ready(x) for x in s.narratives],
            )
            for s in base.subs
        ]
        self.shift = {
            "submission": _shifter(ins["submission"], id="submission",
                                   organisation_id="organisation"),
            "activity": _shifter(ins["activity"], id="activity", organisation_id="organisation"),
            "activity_report": _shifter(ins["activity_report"], id="report",
                                        submission_id="submission", activity_id="activity"),
            "indicator_value": _shifter(ins["indicator_value"], id="value",
                                        submission_id="submission"),
            "narrative": _shifter(ins["narrative"], id="narrative", submission_id="submission"),
        }  # fmt: skip

    def copy(self, copy, kept, last_reports, off, share, topping_up) -> dict[str, list[tuple]]:
        out: dict[str, list[tuple]] = {t: [] for t in TABLES}
        out["organisation"] = [self._org(org, copy, off) for org in self.orgs]
        sh = self.shift
        ar, ac, iv, na = (out[t] for t in TABLES[3:])
        report_at = self.ins["activity_report"].at["id"]
        used: set[int] = set()
        for i, (sub, reports, values, extras, narratives) in enumerate(self.subs[:kept]):
            out["submission"].append(sh["submission"](sub, off))
            if last_reports is not None and i == kept - 1:
                reports = reports[:last_reports]
            for report, activity, countries in reports:
                row = sh["activity_report"](report, off)
                ar.append(row)
                used.add(activity)
                ac.extend((row[report_at], c) for c in countries)
            if topping_up:
                chosen = values + extras[: share.take(len(extras))]
            else:
                chosen = values[: share.take(len(values))]
            for v in chosen:
                off["value"] += 1
                iv.append(sh["indicator_value"](v, off))
            na.extend(sh["narrative"](x, off) for x in narratives)
        out["activity"] = [
            sh["activity"](row, off)
            for local, row in self.activities
            if last_reports is None or local in used
        ]
        return out

    def _org(self, org: dict, copy: int, off: dict) -> tuple:
        code = org["code"] + (f"-{copy:04d}" if copy else "")
        return self.ins["organisation"].ready(
            {
                **org,
                "id": org["id"] + off["organisation"],
                "code": code,
                "name": org["name"] + (f" #{copy:04d}" if copy else ""),
                "contact_email": f"nap1325@{code.lower()}.example",  # .example: never delivered
            }
        )


# --- one generated dataset as rows ----------------------------------------------------

_identity = functools.cache(identity_key)  # an activity recurs year after year


def _key(row: ActivityRow) -> str:
    """`row.key`, computed once per (reference, title)."""
    return _identity(row.reference, row.title)


def _base(fw: Framework, ids: dict[str, int], seed: int) -> _Base:
    data = demo.generate(fw, seed)
    pledged = _demo_pledges(data, tuple(g.number for g in fw.goals))
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
    return _Base(orgs, writer.activities, writer.subs, sizes)


class _Writer:
    """Turns demo versions into rows as `services.submissions.add_version` writes them:
    version numbers per organisation and year, activity identities with their first year,
    the diff counts against what came before."""

    def __init__(self, fw: Framework, ids: dict[str, int], org_ids: dict[str, int], rng):
        self.fw, self.ids, self.org_ids, self.rng = fw, ids, org_ids, rng
        self.units = {i.code: i for i in fw.indicators if i.level == "signatory"}
        self.subs: list[_Sub] = []
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
        self.subs.append(_Sub(sub_row, reports, values, extras, narratives))

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
        report = {
            "id": self.report_id,
            "submission_id": sub_id,
            "activity_id": activity_id,
            "reference": row.reference or None,
            "title": row.title,
            "description": row.description,
            "goal_number": row.goal_number,
            "focus": row.focus,
            "status": row.status,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "budget_eur": row.budget_eur,
            "progress": row.progress,
            "target_groups": ";".join(sorted(row.target_groups)),
            "partners": row.partners,
            "results": row.results,
        }
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
        progress = _plan_progress(self.fw, content.year)
        out = []
        for spec in missing:
            rows = _signatory_value(self.rng, spec, content.year, progress, False)
            out.extend(self._value(sub_id, v) for v in rows)
        return out
