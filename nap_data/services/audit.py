"""The audit trail: one event per write, in the same transaction as the write.

The application only adds events (`models.AuditEvent` refuses updates and deletes in a
session). An event of a data change also moves the store version that caches key on;
the events in NO_DATA_CHANGE (a rejected file, a refusal, a sign-in, a backup) do not,
so they never throw away the frames every user has cached.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from nap_data.models import AuditEvent, StoreVersion
from nap_data.services import Actor

NO_DATA_CHANGE = frozenset(
    {
        "upload_rejected",
        "register_rejected",
        "access_denied",
        "signed_in",
        "signed_out",
        "backup_made",
        "export_made",
        "report_made",
    }
)


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None = None,
    **detail: object,
) -> AuditEvent:
    event = AuditEvent(
        actor=actor.name, action=action, entity=entity, entity_id=entity_id, detail=detail
    )
    session.add(event)
    if action not in NO_DATA_CHANGE:
        bump_version(session)
    return event


def bump_version(session: Session) -> None:
    """Move the store version inside this transaction (it becomes visible at commit)."""
    moved = session.execute(
        update(StoreVersion).where(StoreVersion.id == 1).values(version=StoreVersion.version + 1)
    )
    if moved.rowcount == 0:  # a store made by create_all (tests) has no row yet
        session.add(StoreVersion(id=1, version=1))
