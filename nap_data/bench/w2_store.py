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

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event, insert, select, text

from nap_data import demo, store
from nap_data.bench import w2_rows
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
from nap_data.services import SYSTEM
from nap_data.services.audit import record
from nap_data.services.setup import init_store

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
    bases: list[w2_rows.Base] = []
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


def _plan_copies(fw: Framework, ids: dict, bases: list[w2_rows.Base], reports: int) -> list[tuple]:
    """[(copy number, base, submissions kept, reports in the last kept one)], adding the
    generated bases to `bases` as needed; the last copy is cut to make `reports` exact."""
    plan, left, copy = [], reports, 0
    while left > 0:
        if copy < BASES:
            bases.append(w2_rows.base(fw, ids, demo.SEED + copy))
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


def _copies(
    bases: list[w2_rows.Base], plan: list[tuple], values: int, inserts: dict
) -> Iterator[dict]:
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

    def __init__(self, base: w2_rows.Base, ins: dict[str, _Insert]):
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
