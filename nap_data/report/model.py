"""The report as data: sections of headings, sentences, tables, charts and quotes.

Every renderer (Word, HTML, PDF, Excel) walks the same `Report`, so a number can only
differ between formats in how it is written, never in what it is. Table cells keep their
typed values (ints, floats, dates); `cells.text` writes them for a reader and the Excel
renderer stores them as numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import altair as alt

# How a column's values are written: "int" 1.025, "eur" € 1.025, "number" 1.025,5,
# "percent" a fraction shown as 45%, "year" 2023 (no grouping), "date", "text".
KINDS = ("text", "int", "eur", "number", "percent", "year", "date")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """`key` names the table in every format (the Excel sheet, the HTML id)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    note: str = ""  # under the table: what it leaves out, where a figure comes from
    number: int = 0  # set by the builder, in reading order


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    chart: alt.TopLevelMixin
    number: int = 0


@dataclass(frozen=True)
class Quote:
    """One narrative entry quoted as written; `key` is how the page excludes it."""

    key: str
    kind: str  # highlights | challenges | lessons
    label: str  # "Hoogtepunt" / "Highlight"
    text: str
    organisation: str
    year: int
    attribution: str  # "— Organisation, return 2023"


Block = Paragraph | Subheading | Bullets | Table | Figure | Quote


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]
    annex: bool = False


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str
    meta: tuple[str, ...]  # the title page's lines: period, data, selection, date
    sections: tuple[Section, ...]
    figures: dict  # metrics.figures for the report's period and filters
    generated_at: dt.datetime
    file_stem: str
    contents_title: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # "table", "figure", "page", ...

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def quotes(self) -> list[Quote]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Quote)]
