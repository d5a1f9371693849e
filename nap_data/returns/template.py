"""Writes the return template: an .xlsx a signatory fills in, prefilled with its activities.

Sheets and labels come from `layout.py`. Dropdown lists live on a hidden `Lists` sheet,
header rows are frozen and protected (the sheet is protected, data columns are unlocked
through column styles, so no empty cells are created), and the workbook has no formulas:
text starting with `=` is stored as text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from nap_data.countries import all_countries, country_code
from nap_data.framework import Framework
from nap_data.i18n import LANGUAGES, t
from nap_data.returns.content import ActivityRow
from nap_data.returns.layout import (
    ABOUT,
    ACTIVITIES,
    INDICATORS,
    INSTRUCTIONS,
    LIST_SEPARATOR,
    LISTS_SHEET,
    NARRATIVE,
    Column,
    SheetSpec,
)
from nap_data.vocab import ALIASES, ActivityStatus, Focus, Progress, Sex, TargetGroup

UNLOCKED = Protection(locked=False)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_DATE_FORMAT = "yyyy-mm-dd"
_LAST_ROW = 5000  # dropdowns apply down to this row
_PROTECT_PASSWORD = "nap1325"  # only guards against accidental edits of the header
_INSTRUCTION_KEYS = ("intro", "about", "activities", "lists", "indicators", "narrative", "upload")


def build_template(
    framework: Framework,
    org_code: str,
    org_name: str,
    year: int,
    activities: Sequence[ActivityRow] = (),
    lang: str = "nl",
) -> bytes:
    """The template workbook as .xlsx bytes, labels in `lang` ("nl" or "en")."""
    lang = lang if lang in LANGUAGES else "nl"
    wb = openpyxl.Workbook()
    _instructions(wb.active, lang)
    _about(wb.create_sheet(ABOUT.name(lang)), framework, org_code, org_name, year, lang)
    title = f"{ACTIVITIES.name(lang)} {year} - {org_name} ({org_code})"
    acts = _table(wb, ACTIVITIES, lang, title)
    for n, act in enumerate(activities, start=3):
        _write_row(acts, n, _activity_values(act, framework, lang))
    inds = _table(wb, INDICATORS, lang, f"{INDICATORS.name(lang)} {year}")
    notes = _table(wb, NARRATIVE, lang, f"{NARRATIVE.name(lang)} {year}")
    for n, goal in enumerate(framework.goals, start=3):
        notes.cell(n, 1, _goal_label(goal, lang))
    lists = _lists(wb, framework, lang)  # last sheet, hidden
    _dropdowns(acts, ACTIVITIES, lists)
    _dropdowns(inds, INDICATORS, lists)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(ws, lang: str) -> None:
    ws.title = INSTRUCTIONS.name(lang)
    ws.column_dimensions["A"].width = 110
    row = 1
    for language in (lang, *(x for x in LANGUAGES if x != lang)):
        ws.cell(row, 1, t("returns.template.title", language)).font = _TITLE
        row += 1
        for key in _INSTRUCTION_KEYS:
            cell = ws.cell(row, 1, t(f"returns.template.{key}", language))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        row += 1


def _about(ws, framework: Framework, org_code: str, org_name: str, year: int, lang: str):
    values = {
        "organisation_code": org_code,
        "organisation_name": org_name,
        "year": year,
        "template_version": framework.template_version,
    }
    for n, col in enumerate(ABOUT.columns, start=1):
        ws.cell(n, 1, col.label(lang)).font = _BOLD
        _put(ws.cell(n, 2), values[col.field])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = max(24, len(org_name) + 2)
    ws.protection.sheet = True
    ws.protection.password = _PROTECT_PASSWORD


def _table(wb, spec: SheetSpec, lang: str, title: str):
    """A sheet with a title row, the header in row 2 (frozen, locked), data from row 3."""
    ws = wb.create_sheet(spec.name(lang))
    ws.cell(1, 1, title).font = _TITLE
    for i, col in enumerate(spec.columns, start=1):
        cell = ws.cell(2, i, col.label(lang))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = max(col.width, len(col.label(lang)) + 4)
        dim.protection = UNLOCKED  # column style: cells typed here later are unlocked
        if col.field.endswith("_date"):
            dim.number_format = _DATE_FORMAT
    ws.freeze_panes = "A3"
    ws.protection.sheet = True
    ws.protection.password = _PROTECT_PASSWORD
    ws.protection.formatRows = ws.protection.insertRows = ws.protection.deleteRows = False
    ws.protection.formatColumns = False  # lets a signatory widen columns
    return ws


def _put(cell, value: object) -> None:
    """A value as data, never as a formula; illegal control characters dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if cell.data_type == "f":
        cell.data_type = "s"


def _write_row(ws, row: int, values: list[object]) -> None:
    for i, value in enumerate(values, start=1):
        cell = ws.cell(row, i)
        _put(cell, value)
        cell.protection = UNLOCKED
        if isinstance(value, dt.date):
            cell.number_format = _DATE_FORMAT


def _goal_label(goal, lang: str) -> str:
    return f"{goal.number} - {goal.name_en if lang == 'en' else goal.name_nl}"


def _vocab_label(prefix: str, code: str, lang: str) -> str:
    return t(f"{prefix}.{code}", lang)


def _group_label(code: str, lang: str) -> str:
    english, dutch = ALIASES[TargetGroup][code][:2]
    return english if lang == "en" else dutch


def _country_label(code: str, lang: str) -> str:
    """The country's name when it reads back as the same code, else the code."""
    names = dict(all_countries(lang))
    name = names.get(code, code)
    return name if country_code(name) == code else code


def _activity_values(act: ActivityRow, framework: Framework, lang: str) -> list[object]:
    goal = next((g for g in framework.goals if g.number == act.goal_number), None)
    values = {
        "reference": act.reference,
        "title": act.title,
        "description": act.description or None,
        "goal": _goal_label(goal, lang) if goal else act.goal_number,
        "focus": _vocab_label("focus", act.focus, lang),
        "country": f"{LIST_SEPARATOR} ".join(_country_label(c, lang) for c in act.countries),
        "status": _vocab_label("status", act.status, lang),
        "start_date": act.start_date,
        "end_date": act.end_date,
        "budget": act.budget_eur,
        "progress": _vocab_label("progress", act.progress, lang) if act.progress else None,
        "target_group": f"{LIST_SEPARATOR} ".join(_group_label(g, lang) for g in act.target_groups),
        "partners": act.partners or None,
        "results": act.results or None,
    }
    return [None if values[col.field] == "" else values[col.field] for col in ACTIVITIES.columns]


def _lists(wb, framework: Framework, lang: str) -> dict[str, str]:
    """Writes the dropdown lists on the hidden sheet; field -> defined name."""
    columns = {
        "goal": [_goal_label(g, lang) for g in framework.goals],
        "focus": [_vocab_label("focus", str(m), lang) for m in Focus],
        "status": [_vocab_label("status", str(m), lang) for m in ActivityStatus],
        "progress": [_vocab_label("progress", str(m), lang) for m in Progress],
        "country": [_country_label(code, lang) for code, _ in all_countries(lang)],
        "indicator_code": [i.code for i in framework.indicators],
        "sex": [_vocab_label("sex", str(m), lang) for m in Sex],
    }
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    names: dict[str, str] = {}
    for i, (field, items) in enumerate(columns.items(), start=1):
        letter = get_column_letter(i)
        ws.cell(1, i, field)
        for n, item in enumerate(items, start=2):
            _put(ws.cell(n, i), item)
        name = f"list_{field}"
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(items) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        names[field] = name
    ws.protection.sheet = True
    ws.protection.password = _PROTECT_PASSWORD
    return names


def _dropdowns(ws, spec: SheetSpec, lists: dict[str, str]) -> None:
    for i, col in enumerate(spec.columns, start=1):
        if col.field not in lists:
            continue
        strict = col.field != "country"  # several countries separated by ";" are allowed
        dv = DataValidation(
            type="list",
            formula1=f"={lists[col.field]}",
            allow_blank=True,
            showErrorMessage=strict,
        )
        if strict:
            dv.errorTitle, dv.error = _error_text(col)
        ws.add_data_validation(dv)
        letter = get_column_letter(i)
        dv.add(f"{letter}3:{letter}{_LAST_ROW}")


def _error_text(col: Column) -> tuple[str, str]:
    title = f"{col.nl} / {col.en}"
    return title[:32], t("returns.template.pick_from_list", "nl") + " / " + t(
        "returns.template.pick_from_list", "en"
    )
