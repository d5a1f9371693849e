"""Writes the return template: an .xlsx a signatory fills in, prefilled with its activities
(and, for a corrected version, its indicator values and narrative).

Sheets and labels come from `layout.py`. Dropdown lists live on a hidden `Lists` sheet,
the indicator codes with names and units on a visible `Indicator list` sheet the reader
ignores. Header rows are frozen and protected (the sheet is protected, data columns are
unlocked through column styles, so no empty cells are created); required columns have an
orange header, optional ones a blue one. Dropdown and date columns show an input message.
The workbook has no formulas: text starting with `=` is stored as text, and the list
validations refer to a defined name without a leading `=` (as Excel itself writes them).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from functools import cache

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from nap_data.countries import all_countries, country_code
from nap_data.framework import Framework
from nap_data.i18n import LANGUAGES, t
from nap_data.returns.content import TEXT_LIMITS, ActivityRow, IndicatorRow, NarrativeRow
from nap_data.returns.layout import (
    ABOUT,
    ACTIVITIES,
    INDICATOR_LIST,
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
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")  # optional column (blue)
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")  # required column (orange)
_WRAP = Alignment(wrap_text=True, vertical="top")
_DATE_FORMAT = "yyyy-mm-dd"
_LAST_ROW = 5000  # dropdowns apply down to this row
_PROTECT_PASSWORD = "nap1325"  # only guards against accidental edits of the header
_INSTRUCTION_KEYS = (
    "intro", "about", "activities", "lists", "required", "indicators", "narrative", "lengths",
    "upload",
)  # fmt: skip
MAX_TITLE_CHARS = 32  # Excel's limit for errorTitle and promptTitle
_LIMITS = {f"max_{field}": limit for field, limit in TEXT_LIMITS.items()}  # characters
MAX_MESSAGE_CHARS = 255  # Excel's limit for error and prompt
_LINE_POINTS = 15.0  # one line of 11 pt text
_PROMPTS = {"country": "prompt_country", "sex": "prompt_sex"}  # else prompt_pick


def build_template(
    framework: Framework,
    org_code: str,
    org_name: str,
    year: int,
    activities: Sequence[ActivityRow] = (),
    lang: str = "nl",
    *,
    indicators: Sequence[IndicatorRow] = (),
    narratives: Sequence[NarrativeRow] = (),
) -> bytes:
    """The template workbook as .xlsx bytes, labels in `lang` ("nl" or "en").

    `activities`, `indicators` and `narratives` prefill their sheets, so a corrected
    version starts from what was submitted; each reads back unchanged.
    """
    lang = lang if lang in LANGUAGES else "nl"
    wb = openpyxl.Workbook()
    _instructions(wb.active, lang)
    _about(wb.create_sheet(ABOUT.name(lang)), framework, org_code, org_name, year, lang)
    title = f"{ACTIVITIES.name(lang)} {year} - {org_name} ({org_code})"
    acts = _table(wb, ACTIVITIES, lang, title)
    for n, act in enumerate(activities, start=3):
        _write_row(acts, n, _activity_values(act, framework, lang), ACTIVITIES)
    inds = _table(wb, INDICATORS, lang, f"{INDICATORS.name(lang)} {year}")
    for n, ind in enumerate(indicators, start=3):
        _write_row(inds, n, _indicator_values(ind, framework, lang), INDICATORS)
    notes = _table(wb, NARRATIVE, lang, f"{NARRATIVE.name(lang)} {year}")
    _narrative_rows(notes, framework, narratives, lang)
    _indicator_list(wb, framework, lang)
    lists = _lists(wb, framework, lang)  # last sheet, hidden
    _dropdowns(acts, ACTIVITIES, lists, lang)
    _dropdowns(inds, INDICATORS, lists, lang)
    wb.active = 0
    out = io.BytesIO()
    _printable(wb)
    wb.save(out)
    return out.getvalue()


def _printable(wb) -> None:
    """Printed or saved as PDF, each sheet is landscape and one page wide."""
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True


def text_height(text: str, width: float, line_points: float = _LINE_POINTS) -> float:
    """Row height (points) that shows `text` wrapped in a column `width` characters wide:
    the lines are estimated from the length (10 % lost to word breaks)."""
    per_line = max(1, int(width))
    lines = sum(max(1, math.ceil(len(part) * 1.1 / per_line)) for part in text.split("\n"))
    return lines * line_points + 3


def _instructions(ws, lang: str) -> None:
    ws.title = INSTRUCTIONS.name(lang)
    width = 110
    ws.column_dimensions["A"].width = width
    row = 1
    for language in (lang, *(x for x in LANGUAGES if x != lang)):
        ws.cell(row, 1, t("returns.template.title", language)).font = _TITLE
        ws.row_dimensions[row].height = 22
        row += 1
        for key in _INSTRUCTION_KEYS:
            text = t(f"returns.template.{key}", language, **_LIMITS)
            cell = ws.cell(row, 1, text)
            cell.alignment = _WRAP
            if key == "required":
                cell.fill = REQUIRED_FILL
            ws.row_dimensions[row].height = text_height(text, width)
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
        cell.font, cell.fill = _BOLD, REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = max(col.width, len(col.label(lang)) + 4)
        dim.protection = UNLOCKED  # column style: cells typed here later are unlocked
        if col.wrap:
            dim.alignment = _WRAP  # column style: text typed here later wraps
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


def _write_row(ws, row: int, values: list[object], spec: SheetSpec) -> None:
    height = _LINE_POINTS
    for i, (col, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
        cell = ws.cell(row, i)
        _put(cell, value)
        cell.protection = UNLOCKED
        if isinstance(value, dt.date):
            cell.number_format = _DATE_FORMAT
        if col.wrap:
            cell.alignment = _WRAP
            if isinstance(value, str):
                width = ws.column_dimensions[get_column_letter(i)].width
                height = max(height, text_height(value, width))
    if height > _LINE_POINTS:
        ws.row_dimensions[row].height = min(height, 409)  # Excel's largest row height


def _goal_label(goal, lang: str) -> str:
    return f"{goal.number} - {goal.name_en if lang == 'en' else goal.name_nl}"


def _vocab_label(prefix: str, code: str, lang: str) -> str:
    return t(f"{prefix}.{code}", lang)


def _group_label(code: str, lang: str) -> str:
    english, dutch = ALIASES[TargetGroup][code][:2]
    return english if lang == "en" else dutch


@cache  # the country list is long and a template names the same countries many times
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


def _indicator_name(framework: Framework, code: str, lang: str) -> str | None:
    spec = next((i for i in framework.indicators if i.code == code), None)
    return None if spec is None else (spec.name_en if lang == "en" else spec.name_nl)


def _indicator_values(row: IndicatorRow, framework: Framework, lang: str) -> list[object]:
    values = {
        "indicator_code": row.indicator_code,
        "indicator_name": _indicator_name(framework, row.indicator_code, lang),
        "year": row.year,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "sex": _vocab_label("sex", row.sex, lang) if row.sex else None,
        "note": row.note or None,
    }
    return [values[col.field] for col in INDICATORS.columns]


def _narrative_rows(ws, framework: Framework, narratives: Sequence[NarrativeRow], lang: str):
    """One row per goal of the plan, with the given narrative's texts; a narrative for a
    goal outside the plan gets a row of its own below (the validator then names it)."""
    by_goal = {n.goal_number: n for n in narratives}
    rows: list[tuple[int, object]] = [(g.number, _goal_label(g, lang)) for g in framework.goals]
    rows += [(n.goal_number, n.goal_number) for n in narratives if n.goal_number not in dict(rows)]
    for n, (number, label) in enumerate(rows, start=3):
        note = by_goal.get(number)
        if note is None:
            ws.cell(n, 1, label)  # a prefilled goal: the reader skips a row without texts
            continue
        texts = (note.highlights, note.challenges, note.lessons)
        _write_row(ws, n, [label, *(x or None for x in texts)], NARRATIVE)


def _indicator_list(wb, framework: Framework, lang: str) -> None:
    """A visible, protected reference: every indicator code with its name, unit and goal."""
    ws = wb.create_sheet(INDICATOR_LIST.name(lang))
    ws.cell(1, 1, INDICATOR_LIST.name(lang)).font = _TITLE
    goals = {g.number: _goal_label(g, lang) for g in framework.goals}
    for i, col in enumerate(INDICATOR_LIST.columns, start=1):
        cell = ws.cell(2, i, col.label(lang))
        cell.font, cell.fill = _BOLD, HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = col.width
    for n, ind in enumerate(framework.indicators, start=3):
        unit = t(f"returns.template.unit_{ind.unit}", lang)
        values = [ind.code, _indicator_name(framework, ind.code, lang), unit, goals.get(ind.goal)]
        for i, value in enumerate(values, start=1):
            _put(ws.cell(n, i), value)
            ws.cell(n, i).alignment = _WRAP
        ws.row_dimensions[n].height = text_height(values[1] or "", INDICATOR_LIST.columns[1].width)
    ws.freeze_panes = "A3"
    ws.protection.sheet = True
    ws.protection.password = _PROTECT_PASSWORD
    ws.protection.formatColumns = False


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


def _dropdowns(ws, spec: SheetSpec, lists: dict[str, str], lang: str) -> None:
    """List validations for the dropdown columns, input messages for those and for the
    date, numerator and denominator columns. The list formula is the defined name without
    a leading `=`, as Excel writes `<formula1>` itself."""
    for i, col in enumerate(spec.columns, start=1):
        if col.field in lists:
            strict = col.field != "country"  # several countries separated by ";" are allowed
            dv = DataValidation(
                type="list", formula1=lists[col.field], allow_blank=True, showErrorMessage=strict
            )
            if strict:
                dv.errorTitle, dv.error = error_text(col, lang)
            prompt = _PROMPTS.get(col.field, "prompt_pick")
        elif col.field.endswith("_date"):
            dv, prompt = DataValidation(allow_blank=True), "prompt_date"  # any value + message
        elif col.field in ("numerator", "denominator"):
            dv, prompt = DataValidation(allow_blank=True), "prompt_ratio"
        else:
            continue
        dv.showInputMessage = True
        dv.promptTitle = _short(col.label(lang), t("returns.template.prompt_title", lang))
        dv.prompt = t(f"returns.template.{prompt}", lang)[:MAX_MESSAGE_CHARS]
        ws.add_data_validation(dv)
        letter = get_column_letter(i)
        dv.add(f"{letter}3:{letter}{_LAST_ROW}")


def _short(title: str, fallback: str) -> str:
    """A title within Excel's 32 characters: the given one, else a short fallback."""
    return title if len(title) <= MAX_TITLE_CHARS else fallback[:MAX_TITLE_CHARS]


def error_text(col: Column, lang: str = "nl") -> tuple[str, str]:
    """(errorTitle, error) of a dropdown column: the column's label as title, both
    languages in the message."""
    title = _short(col.label(lang), t("returns.template.error_title", lang))
    languages = (lang, *(x for x in LANGUAGES if x != lang))
    message = " / ".join(t("returns.template.pick_from_list", x) for x in languages)
    return title, message[:MAX_MESSAGE_CHARS]
