"""CSV exports read under a Dutch locale (";" as separator) never hold a live formula."""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from nap_data import exports
from nap_data.exports import TRIGGERS, neutralise_csv, to_csv_bytes, to_xlsx_bytes, unneutralise

TEXTS = [
    "UN Women;=2*21",
    "a,=1+1",
    "tab\t+SUM(A1)",
    'quoted;"=HYPERLINK(""http://x"")"',
    "line\n@cmd",
    "spaces;   -2+3",
    "after; '=already an apostrophe",
    "=start",
    "plain text, with; separators",
    "e-mail and 3-4 words",
    "",
]
NUMBERS = [1.0, -1500.5, 0.0, 42.0, -7.0, 3.25, 1e6, -0.5, 12.0, 99.0, 5.0]


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"title": TEXTS, "budget_eur": NUMBERS, "countries": [["ML", "=NE"]] * len(TEXTS)}
    )


def _read(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_cell_starts_with_a_trigger_in_any_reading(delimiter, lang):
    for row in _read(to_csv_bytes(_frame(), lang), delimiter):
        for cell in row:
            if cell.lstrip(" ").startswith(TRIGGERS):
                assert _is_number(cell), (delimiter, cell)  # a negative number stays a number


def test_comma_reading_gives_every_row_with_its_numbers_unchanged():
    rows = _read(to_csv_bytes(_frame(), "en"), ",")
    assert rows[0] == ["Title", "Budget (EUR)", "Countries (ISO 3166)"]
    assert len(rows) == len(TEXTS) + 1
    for (title, budget, countries), text, number in zip(rows[1:], TEXTS, NUMBERS, strict=True):
        assert float(budget) == number
        assert unneutralise(title) == text
        assert countries == "ML; '=NE"


def test_text_is_quoted_and_numbers_are_not():
    lines = to_csv_bytes(_frame(), "en").decode("utf-8-sig").split("\r\n")
    assert lines[0] == '"Title","Budget (EUR)","Countries (ISO 3166)"'
    assert lines[1] == '"UN Women;\'=2*21",1.0,"ML; \'=NE"'
    numbers = list(csv.reader(io.StringIO("\r\n".join(lines[1:])), quoting=csv.QUOTE_NONNUMERIC))
    assert [row[1] for row in numbers if row] == NUMBERS  # read as numbers, not text


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_un_women_stays_text_in_both_readings(delimiter):
    frame = pl.DataFrame({"organisation": ["UN Women;=2*21"], "n": [2]})
    cells = [c for row in _read(to_csv_bytes(frame, "en"), delimiter) for c in row]
    assert not any(c.lstrip(' "').startswith(TRIGGERS) for c in cells), cells
    assert any("2*21" in c for c in cells)


@pytest.mark.parametrize("text", TEXTS + ["a;''=b", "'=x", ";;=", "x\r\n=y"])
def test_unneutralise_gives_back_the_exact_text(text):
    assert unneutralise(neutralise_csv(text)) == text


def test_xlsx_is_unchanged_typed_cells_only_the_start_neutralised():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(_frame(), "en")))
    cells = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert cells[0] == ("UN Women;=2*21", 1.0, "ML; =NE")
    assert cells[7][0] == "'=start"


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports.os, "fsync", full)
    with pytest.raises(OSError):
        exports.write_file(target, b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    monkeypatch.setattr(exports.os, "replace", lambda *_a: (_ for _ in ()).throw(OSError(5, "x")))
    with pytest.raises(OSError):
        exports.write_file(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_bytes() == b"old"


def test_a_write_replaces_the_file_whole(tmp_path):
    target = Path(tmp_path / "out.csv")
    exports.write_file(target, b"one")
    exports.write_file(target, b"two")
    assert target.read_bytes() == b"two" and len(list(tmp_path.iterdir())) == 1
