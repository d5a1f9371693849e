"""Use cases that write to the store: each takes a session and the acting user."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who does something. Roles and organisations come from the store (later: SSO)."""

    name: str
    role: str = "admin"
    organisation_code: str | None = None


SYSTEM = Actor("system", "admin")
