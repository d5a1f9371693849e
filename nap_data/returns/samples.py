"""Example returns for `sample_data/returns/`: a clean one and one with typical mistakes.

Made from the real template, so they always match the current contract:
`python -m nap_data.returns.samples [DIR]`.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import openpyxl

from nap_data.framework import Framework, load_framework
from nap_data.returns.content import ActivityRow
from nap_data.returns.layout import ACTIVITIES, norm
from nap_data.returns.template import build_template

SAMPLE_ORG, SAMPLE_NAME, SAMPLE_YEAR = "BZ", "Ministerie van Buitenlandse Zaken", 2025
ACTIVITIES_ROWS = (
    ActivityRow(reference="BZ-01", title="Mediationtraining voor vrouwelijke vredesbemiddelaars",
                goal_number=1, focus="foreign", countries=("ML", "NE"), status="ongoing",
                start_date=dt.date(2023, 1, 1), end_date=dt.date(2026, 12, 31),
                budget_eur=450000.0, progress="met", target_groups=("women",),
                partners="UN Women", results="120 vrouwen getraind"),
    ActivityRow(reference="BZ-02", title="Genderlens in beleidsevaluaties", goal_number=5,
                focus="national", status="ongoing", start_date=dt.date(2024, 3, 1),
                budget_eur=80000.0, progress="limited"),
)  # fmt: skip
# (column label, value) put into the first activity row: each is a typical mistake.
MISTAKES = (
    ("Strategisch doel", "7"),
    ("Land", ""),
    ("Einddatum", "2020-01-01"),
    ("Budget (EUR)", "-5000"),
    ("Status", "bezig"),
)


def clean_return(fw: Framework) -> bytes:
    return build_template(fw, SAMPLE_ORG, SAMPLE_NAME, SAMPLE_YEAR, ACTIVITIES_ROWS, "nl")


def return_with_mistakes(fw: Framework) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(clean_return(fw)))
    ws = wb[ACTIVITIES.nl]
    header_row = next(r for r in range(1, 31) if any(norm(c.value) == "titel" for c in ws[r]))
    columns = {norm(c.value): c.column_letter for c in ws[header_row] if c.value}
    for label, value in MISTAKES:
        ws[f"{columns[norm(label)]}{header_row + 1}"] = value
    ws[f"{columns['titel']}{header_row + 2}"] = ACTIVITIES_ROWS[0].title  # duplicate title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_samples(folder: Path, fw: Framework | None = None) -> list[Path]:
    fw = fw or load_framework()
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "clean-return-BZ-2025.xlsx": clean_return(fw),
        "return-with-mistakes-BZ-2025.xlsx": return_with_mistakes(fw),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("sample_data/returns")
    for path in write_samples(target):
        print(path)
