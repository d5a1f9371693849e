"""What the generator returns: the organisations and every version of their returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nap_data.returns.content import ReturnContent


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    type: str
    joined_on: dt.date
    pledge: str
    language: str  # the language this organisation writes its returns in
    left_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None

    def signatory_in(self, year: int) -> bool:
        """Joined on or before 31 December, not left on or before it (domain.md)."""
        end = dt.date(year, 12, 31)
        return self.joined_on <= end and (self.left_on is None or self.left_on > end)


@dataclass(frozen=True)
class DemoVersion:
    content: ReturnContent
    review_status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DemoData:
    organisations: tuple[DemoOrganisation, ...]
    versions: tuple[DemoVersion, ...]
