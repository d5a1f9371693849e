"""Reads of the audit trail: whether the demo data is loaded, the framework's history."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select

from nap_data.models import AuditEvent


def demo_loaded(engine: Engine) -> bool:
    """Whether the store holds the demo data (every page then says so)."""
    with engine.connect() as conn:
        found = conn.execute(
            select(AuditEvent.id).where(AuditEvent.action == "demo_loaded").limit(1)
        ).first()
    return found is not None


HISTORY_SCHEMA = {
    "at": pl.Datetime, "actor": pl.String, "action": pl.String, "plan": pl.String,
    "entity": pl.String, "key": pl.String, "field": pl.String, "old": pl.String,
    "new": pl.String,
}  # fmt: skip
FRAMEWORK_ACTIONS = ("framework_added", "framework_changed", "framework_removed")


def load_framework_history(engine: Engine, indicator: str | None = None) -> pl.DataFrame:
    """Every audited framework change, newest first; only one indicator's with `indicator`."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(FRAMEWORK_ACTIONS))
        .order_by(AuditEvent.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    out = []
    for row in rows:
        d = row["detail"] or {}
        if indicator is not None and (row["entity"] != "indicator" or d.get("key") != indicator):
            continue
        out.append(
            (row["at"], row["actor"], row["action"], d.get("plan"), row["entity"], d.get("key"))
            + (d.get("field"), _text(d.get("old")), _text(d.get("new")))
        )
    return pl.DataFrame(out, schema=HISTORY_SCHEMA, orient="row")


def _text(value: object) -> str | None:
    return None if value is None else str(value)
