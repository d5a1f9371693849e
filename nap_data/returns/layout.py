"""The return workbook as a contract: sheet names, About labels and columns, in one place.

The template writer (`template.py`) and the reader (`reader.py`) both use these
definitions, so a label changes in one spot. Sheets and columns are found by their
English or Dutch label, case and surrounding spaces ignored (`norm`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


def norm(text: object) -> str:
    """A label as compared: trimmed, inner whitespace collapsed, case folded."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


@dataclass(frozen=True)
class Column:
    field: str
    en: str
    nl: str
    required: bool = False
    width: int = 16
    wrap: bool = False  # long text: the template wraps it in the cell

    def label(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({norm(self.en), norm(self.nl)})


@dataclass(frozen=True)
class SheetSpec:
    key: str
    en: str
    nl: str
    columns: tuple[Column, ...] = ()

    def name(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({norm(self.en), norm(self.nl)})

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    def match(self, label: object) -> Column | None:
        """The column whose English or Dutch label this is."""
        key = norm(label)
        return next((c for c in self.columns if key and key in c.keys), None)


ABOUT_ROWS = (  # label/value rows of the About sheet
    Column("organisation_code", "Organisation code", "Organisatiecode", True, 24),
    Column("organisation_name", "Organisation", "Organisatie", False, 24),
    Column("year", "Reporting year", "Rapportagejaar", True, 24),
    Column("template_version", "Template version", "Sjabloonversie", True, 24),
)

ACTIVITY_COLUMNS = (
    Column("reference", "Activity ID", "Activiteit-ID", False, 14),
    Column("title", "Title", "Titel", True, 60, wrap=True),
    Column("description", "Description", "Omschrijving", False, 50, wrap=True),
    Column("goal", "Strategic goal", "Strategisch doel", True, 28),
    Column("focus", "Focus", "Focus", True, 14),
    Column("country", "Country", "Land", False, 24),
    Column("status", "Status", "Status", True, 14),
    Column("start_date", "Start date", "Startdatum", True, 13),
    Column("end_date", "End date", "Einddatum", False, 13),
    Column("budget", "Budget (EUR)", "Budget (EUR)", False, 15),
    Column("progress", "Progress", "Voortgang", False, 16),
    Column("target_group", "Target group", "Doelgroep", False, 22),
    Column("partners", "Partners", "Partners", False, 30),
    Column("results", "Results", "Resultaten", False, 50, wrap=True),
)

INDICATOR_COLUMNS = (
    Column("indicator_code", "Indicator code", "Indicatorcode", True, 18),
    # informative only: prefilled by the template, read back, never checked
    Column("indicator_name", "Indicator name", "Indicatornaam", False, 45, wrap=True),
    Column("year", "Year", "Jaar", True, 10),
    Column("value", "Value", "Waarde", True, 14),
    Column("numerator", "Numerator", "Teller", False, 12),
    Column("denominator", "Denominator", "Noemer", False, 13),
    Column("sex", "Sex", "Geslacht", False, 12),
    Column("note", "Note", "Toelichting", False, 50, wrap=True),
)

NARRATIVE_COLUMNS = (
    Column("goal", "Strategic goal", "Strategisch doel", True, 28),
    Column("highlights", "Highlights", "Hoogtepunten", False, 60, wrap=True),
    Column("challenges", "Challenges", "Uitdagingen", False, 60, wrap=True),
    Column("lessons", "Lessons learned", "Geleerde lessen", False, 60, wrap=True),
)

INDICATOR_LIST_COLUMNS = (  # the visible reference list; the reader never reads it
    Column("code", "Indicator code", "Indicatorcode", False, 18),
    Column("name", "Indicator name", "Indicatornaam", False, 70, wrap=True),
    Column("unit", "Unit", "Eenheid", False, 16),
    Column("goal", "Strategic goal", "Strategisch doel", False, 28),
)

INSTRUCTIONS = SheetSpec("instructions", "Instructions", "Instructies")
ABOUT = SheetSpec("about", "About", "Over", ABOUT_ROWS)
ACTIVITIES = SheetSpec("activities", "Activities", "Activiteiten", ACTIVITY_COLUMNS)
INDICATORS = SheetSpec("indicators", "Indicators", "Indicatoren", INDICATOR_COLUMNS)
NARRATIVE = SheetSpec("narrative", "Narrative", "Verhaal", NARRATIVE_COLUMNS)
INDICATOR_LIST = SheetSpec(
    "indicator_list", "Indicator list", "Indicatorenlijst", INDICATOR_LIST_COLUMNS
)
TABLES = (ACTIVITIES, INDICATORS, NARRATIVE)  # sheets with a header row and data rows
LISTS_SHEET = "Lists"  # hidden sheet with the dropdown lists

MAX_TITLE = 200
HEADER_SCAN_ROWS = 30  # the header row is looked for in this many rows from the top
LIST_SEPARATOR = ";"  # several countries or target groups in one cell


def find_sheet(names: list[str], spec: SheetSpec, hidden: Collection[str] = ()) -> str | None:
    """The workbook's name for this sheet (English or Dutch, any case), else None.

    Sheets named in `hidden` are never taken: what a signatory cannot see is not read
    (the reader refuses a hidden sheet with a contract name before it gets here).
    """
    return next((n for n in names if n not in hidden and norm(n) in spec.keys), None)
