"""How a file gate check refuses a file: it raises `Reject` with the findings."""

from __future__ import annotations

from nap_data.returns.findings import error


class Reject(Exception):
    """Stops the check; its args are the findings."""


def reject(code: str, **kw: object) -> Reject:
    return Reject(error(f"returns.file.{code}", **kw))


def refuse(key: str, **kw: object) -> Reject:
    """A refusal with a full key (the `returns.filecheck.*` codes)."""
    return Reject(error(key, **kw))
