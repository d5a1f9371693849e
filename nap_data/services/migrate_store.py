"""Move a whole store to another database (SQLite -> PostgreSQL, typically), losing nothing.

The target gets the newest schema first, must be empty, and receives every table's rows
in foreign-key order inside one transaction; then each table's row count and checksum
are compared between the two stores. Ids are copied as they are, so audit events,
versions and links keep meaning the same; PostgreSQL's id sequences are moved past them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Engine, Integer, func, select

from nap_data.models import Base, StoreVersion
from nap_data.store import StoreError, read_session, schema_is_current, upgrade, write_session

BATCH = 5_000


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


def _plain(value: object) -> object:
    # The same value reads back as another Python type on the other engine (a float 1.0
    # for 1, a naive datetime): normalise before hashing.
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def table_checks(engine: Engine) -> list[TableCheck]:
    """Row count and a checksum of every table's content, ordered by primary key."""
    out = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            digest = hashlib.sha256()
            rows = 0
            order = list(table.primary_key.columns) or list(table.columns)
            for row in conn.execute(select(table).order_by(*order)):
                plain = [_plain(v) for v in row]
                digest.update(json.dumps(plain, sort_keys=True, default=str).encode())
                rows += 1
            out.append(TableCheck(table.name, rows, digest.hexdigest()))
    return out


def _is_empty(engine: Engine) -> bool:
    # The version counter's one row comes with every new store; it holds no data.
    with engine.connect() as conn:
        return all(
            conn.execute(select(func.count()).select_from(t)).scalar_one() == 0
            for t in Base.metadata.sorted_tables
            if t.name != StoreVersion.__tablename__
        )


def migrate_store(source: Engine, target: Engine) -> list[TableCheck]:
    """Copy every row of `source` into the empty `target`; the checks that matched.

    Raises StoreError, changing nothing in the target's data, when the source is not
    at the newest schema, the target holds data, or a count or checksum differs.
    """
    if not schema_is_current(source):
        raise StoreError("the source store is not at the newest schema; run init on it first")
    upgrade(target)
    if not _is_empty(target):
        raise StoreError("the target store is not empty; moving into it would mix two stores")
    with write_session(target) as out:
        # A new store holds rows made by its migrations (the version counter): the
        # source's rows replace them.
        for table in reversed(Base.metadata.sorted_tables):
            out.execute(table.delete())
        with read_session(source) as src:
            for table in Base.metadata.sorted_tables:
                result = src.execute(select(table)).mappings()
                while batch := result.fetchmany(BATCH):
                    out.execute(table.insert(), [dict(r) for r in batch])
        if target.dialect.name == "postgresql":
            _move_sequences(out)
    expected, found = table_checks(source), table_checks(target)
    if expected != found:
        wrong = [e.table for e, f in zip(expected, found, strict=True) if e != f]
        raise StoreError(f"the copy differs from the source in: {', '.join(wrong)}")
    return found


def _move_sequences(session) -> None:
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or not pk[0].autoincrement:
            continue
        highest = select(func.max(pk[0])).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, pk[0].name)
        session.execute(select(func.setval(sequence, func.coalesce(highest, 0) + 1, False)))
