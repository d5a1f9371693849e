"""The audit trail: one event per write, in the same transaction as the write."""

from __future__ import annotations

from sqlalchemy.orm import Session

from nap_data.models import AuditEvent
from nap_data.services import Actor


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
    return event
