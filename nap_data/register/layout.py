"""The register file as a contract: its columns with Dutch and English labels, in one place.

The reader finds each column by its label in either language (or an alias such as
"e-mail"), case and spaces ignored; the export writes the labels of one language, so an
exported register reads back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from nap_data.returns.layout import norm

SHEET = "Register"  # the sheet an export writes; a reader takes this sheet, else the first
HEADER_SCAN_ROWS = 30  # the header row is looked for in this many rows from the top
MAX_CODE, MAX_NAME, MAX_TEXT = 20, 200, 10_000  # as the store's columns allow
MAX_EMAIL, MAX_WEBSITE = 254, 500


@dataclass(frozen=True)
class Column:
    field: str
    en: str
    nl: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(norm(k) for k in (self.en, self.nl, *self.aliases))


COLUMNS = (
    Column("code", "Code", "Code", True, ("organisation code", "organisatiecode")),
    Column("name", "Name", "Naam", True, ("organisation", "organisatie", "organisation name")),
    Column(
        "type", "Type", "Soort", True, ("organisation type", "soort organisatie", "category")
    ),
    Column(
        "joined_on", "Joined on", "Toegetreden op", True,
        ("signed on", "ondertekend op", "joined", "toegetreden", "lid sinds"),
    ),
    Column("left_on", "Left on", "Uitgetreden op", False, ("left", "uitgetreden", "vertrokken")),
    Column("pledge", "Pledge", "Toezegging", False, ("pledge text", "tekst toezegging")),
    Column(
        "pledged_goals", "Pledged goals", "Toegezegde doelen", False,
        ("goals", "doelen", "pledged goal numbers"),
    ),
    Column(
        "contact_email", "Contact e-mail", "Contact-e-mail", False,
        ("e-mail", "email", "contact email", "contact e-mail", "e-mailadres", "contactadres"),
    ),
    Column("website", "Website", "Website", False, ("web site", "url", "webadres")),
)  # fmt: skip
FIELDS = tuple(c.field for c in COLUMNS)
REQUIRED = tuple(c.field for c in COLUMNS if c.required)


def column(field: str) -> Column:
    return next(c for c in COLUMNS if c.field == field)


def match(label: object) -> Column | None:
    """The column that a header cell names (either language or an alias), else None."""
    key = norm(label)
    return next((c for c in COLUMNS if key and key in c.keys), None)
