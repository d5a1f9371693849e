"""Checks every row of a read return and collects all problems in one pass.

Each problem is a `Finding` with the sheet, the cell (`D7`), the column label as it
stands in the file, the offending value and a `returns.validate.*` message key (texts in
`nap_data/i18n/returns_validate.toml`). Errors block the import, warnings do not; the
content is returned only when there is no error. Nothing here raises on a cell value.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from nap_data.countries import country_code
from nap_data.framework import Framework
from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, ReturnContent
from nap_data.returns.findings import Finding, Severity, error, warning
from nap_data.returns.layout import ABOUT, MAX_TITLE, norm
from nap_data.returns.parse import (  # noqa: F401  (text_of, parse_* stay importable here)
    parse_date,
    parse_goal,
    parse_number,
    parse_whole,
    split_list,
    text_of,
)
from nap_data.vocab import ActivityStatus, Focus, Progress, Sex, TargetGroup, parse_term

if TYPE_CHECKING:
    from nap_data.returns.reader import RawReturn, Table

K = "returns.validate."
BUDGET_WARNING_EUR = 50_000_000  # a budget above this is probably a typo (warning)
PERCENT_TOLERANCE = 0.5  # percentage points between a value and 100 * numerator / denominator
_VOCAB_CODES = {
    Focus: "focus_unknown",
    ActivityStatus: "status_unknown",
    Progress: "progress_unknown",
    TargetGroup: "target_group_unknown",
    Sex: "sex_unknown",
}


# --- one row --------------------------------------------------------------------------


class Cells:
    """One data row of a table: values by field, and findings that name the cell."""

    def __init__(self, table: Table, number: int, values: tuple, out: list[Finding]) -> None:
        self.table, self.row, self.values, self.out = table, number, values, out

    def raw(self, field: str) -> object:
        index = self.table.columns.get(field, (None,))[0]
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, field: str) -> str:
        return text_of(self.raw(field))

    def cell(self, field: str) -> str:
        index = self.table.columns.get(field, (0,))[0]
        return f"{get_column_letter(index + 1)}{self.row}"

    def fail(self, code: str, field: str, value: object = None, severity=Severity.ERROR, **kw):
        shown = self.text(field) if value is None else text_of(value)
        make = error if severity is Severity.ERROR else warning
        label = self.table.columns.get(field, (0, field))[1]
        where = {"sheet": self.table.sheet, "cell": self.cell(field), "column": label}
        self.out.append(make(K + code, **where, value=shown or None, **kw))

    def required(self, field: str) -> bool:
        if self.raw(field) is None:
            self.fail("required", field)
            return False
        return True

    def term(self, kind, field: str, required: bool = False) -> str | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_term(kind, self.text(field))
        if found is None:
            self.fail(_VOCAB_CODES[kind], field)
        return None if found is None else str(found)

    def terms(self, kind, field: str) -> tuple[str, ...]:
        found: list[str] = []
        for part in split_list(self.text(field)):
            term = parse_term(kind, part)
            if term is None:
                self.fail(_VOCAB_CODES[kind], field, part)
            elif str(term) not in found:
                found.append(str(term))
        return tuple(found)

    def date(self, field: str, required: bool = False) -> dt.date | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_date(self.raw(field))
        if found is None:
            self.fail("date_invalid", field)
        return found

    def number(self, field: str, required: bool = False) -> float | None:
        if (required and not self.required(field)) or self.raw(field) is None:
            return None
        found = parse_number(self.raw(field))
        if found is None:
            self.fail("number_invalid", field)
        return found

    def goal(self, field: str, framework: Framework) -> int | None:
        if not self.required(field):
            return None
        found = parse_goal(self.raw(field), framework)
        if found is None:
            self.fail("goal_unknown", field, count=len(framework.goals))
        return found


# --- sheets ---------------------------------------------------------------------------


def activity(c: Cells, framework: Framework, year: int | None) -> ActivityRow | None:
    before = len(c.out)
    title = c.text("title") if c.required("title") else ""
    if len(title) > MAX_TITLE:
        c.fail("too_long", "title", title[:60] + "...", limit=MAX_TITLE, length=len(title))
    goal = c.goal("goal", framework)
    focus = c.term(Focus, "focus", required=True)
    countries = _countries(c, focus)
    status = c.term(ActivityStatus, "status", required=True)
    start, end = c.date("start_date", required=True), c.date("end_date")
    if start and end and end < start:
        c.fail("end_before_start", "end_date", start=start.isoformat())
    budget = _budget(c)
    progress = c.term(Progress, "progress")
    groups = c.terms(TargetGroup, "target_group")
    if status == "ongoing" and end and year and end < dt.date(year, 12, 31):
        c.fail("end_date_past", "end_date", severity=Severity.WARNING, year=year)
    if any(f.severity is Severity.ERROR for f in c.out[before:]):
        return None
    return ActivityRow(
        title=title,
        goal_number=goal,
        focus=focus,
        status=status,
        start_date=start,
        reference=c.text("reference") or None,
        description=c.text("description"),
        countries=countries,
        end_date=end,
        budget_eur=budget,
        progress=progress,
        target_groups=groups,
        partners=c.text("partners"),
        results=c.text("results"),
    )


def _countries(c: Cells, focus: str | None) -> tuple[str, ...]:
    parts = split_list(c.text("country"))
    if not parts and focus in ("foreign", "both"):
        c.fail("country_required", "country")
    found: list[str] = []
    for part in parts:
        code = country_code(part)
        if code is None:
            c.fail("country_unknown", "country", part)
        elif code not in found:
            found.append(code)
    return tuple(found)


def _budget(c: Cells) -> float | None:
    budget = c.number("budget")
    if budget is not None and budget < 0:
        c.fail("budget_negative", "budget")
    elif budget is not None and budget > BUDGET_WARNING_EUR:
        c.fail("budget_high", "budget", severity=Severity.WARNING, limit=f"{BUDGET_WARNING_EUR:,}")
    return budget


def _duplicates(rows: list[tuple[Cells, ActivityRow | None]]) -> None:
    for field, code in (("reference", "duplicate_id"), ("title", "duplicate_title")):
        seen: dict[str, str] = {}
        for c, _ in rows:
            key = norm(c.text(field))
            if key and key in seen:
                c.fail(code, field, first=seen[key])
            elif key:
                seen[key] = c.cell(field)


def indicator(c: Cells, framework: Framework, codes: dict[str, str]) -> IndicatorRow | None:
    """One indicator value; `Indicator name` is informative and never checked."""
    before = len(c.out)
    code = codes.get(norm(c.text("indicator_code"))) if c.required("indicator_code") else None
    if c.raw("indicator_code") is not None and code is None:
        c.fail("indicator_unknown", "indicator_code")
    year = parse_whole(c.raw("year")) if c.required("year") else None
    if c.raw("year") is not None and not (
        year and framework.start_year <= year <= framework.end_year
    ):
        start, end = framework.start_year, framework.end_year
        c.fail("indicator_year", "year", start=start, end=end)
    percent = code is not None and _unit(framework, code) == "percent"
    value, num, den = _indicator_value(c, percent)
    sex = c.term(Sex, "sex") or "total"
    if any(f.severity is Severity.ERROR for f in c.out[before:]):
        return None
    return IndicatorRow(
        code, year, value, sex=sex, numerator=num, denominator=den, note=c.text("note")
    )


def _unit(framework: Framework, code: str) -> str | None:
    return next((i.unit for i in framework.indicators if i.code == code), None)


def _indicator_value(c: Cells, percent: bool) -> tuple[float | None, float | None, float | None]:
    """(value, numerator, denominator). Numerator and denominator are optional numbers >= 0,
    the denominator > 0 when a numerator is given. A percent indicator's empty value is
    100 * numerator / denominator; a value further than 0.5 from that is a warning."""
    parts: dict[str, float | None] = {}
    for field in ("numerator", "denominator"):
        parts[field] = c.number(field)
        if parts[field] is not None and parts[field] < 0:
            c.fail("number_negative", field)
            parts[field] = None
    num, den = parts["numerator"], parts["denominator"]
    if num is not None and den == 0:
        c.fail("denominator_zero", "denominator")
    ratio = 100 * num / den if num is not None and den else None
    if c.raw("value") is None:
        if percent and ratio is not None:
            return ratio, num, den
        c.fail("value_required_percent" if percent else "required", "value")
        return None, num, den
    value = c.number("value")
    far = value is not None and ratio is not None and abs(value - ratio) > PERCENT_TOLERANCE
    if percent and far:
        c.fail("percent_mismatch", "value", severity=Severity.WARNING, computed=f"{ratio:.1f}")
    return value, num, den


def narrative(c: Cells, framework: Framework) -> NarrativeRow | None:
    texts = {f: c.text(f) for f in ("highlights", "challenges", "lessons")}
    if not any(texts.values()):
        return None  # a goal prefilled by the template and left empty
    goal = c.goal("goal", framework)
    return None if goal is None else NarrativeRow(goal, **texts)


def _table(table: Table | None, out: list[Finding], check) -> list[tuple[Cells, object]]:
    """(cells, parsed row or None) for every non-blank row below the header."""
    if table is None:
        return []
    rows = []
    for number, values in table.rows:
        cells = Cells(table, number, values, out)
        rows.append((cells, check(cells)))
    return rows


def _valid(rows: list[tuple[Cells, object]]) -> list[tuple[Cells, object]]:
    return [(c, row) for c, row in rows if row is not None]


# --- About ----------------------------------------------------------------------------


def about(
    raw: RawReturn, framework: Framework, expected_org, expected_year, out: list[Finding]
) -> tuple[str | None, int | None, int | None]:
    if raw.about is None:
        return None, None, None
    sheet, rows = raw.about
    found: dict[str, tuple[object, str, str]] = {}  # field -> (value, cell, label)
    for number, values in rows:
        col = ABOUT.match(values[0]) if values else None
        if col is not None and col.field not in found:
            value = values[1] if len(values) > 1 else None
            found[col.field] = (value, f"B{number}", " ".join(str(values[0]).split()))

    def fail(code: str, field: str, **kw) -> None:
        value, cell, label = found.get(field, (None, "A1", ABOUT.column(field).nl))
        out.append(
            error(
                K + code, sheet=sheet, cell=cell, column=label, value=text_of(value) or None, **kw
            )
        )

    for col in ABOUT.columns:
        if col.required and text_of(found.get(col.field, (None,))[0]) == "":
            fail("about_missing", col.field, en=col.en, nl=col.nl)
    org = text_of(found.get("organisation_code", (None,))[0]) or None
    if org and expected_org and norm(org) != norm(expected_org):
        fail("org_mismatch", "organisation_code", expected=expected_org)
    year = _about_year(found, framework, expected_year, fail)
    value = found.get("template_version", (None,))[0]
    version = parse_whole(value)
    if text_of(value) and version != framework.template_version:
        fail("template_version", "template_version", expected=framework.template_version)
    return (expected_org if org and expected_org else org), year, version


def _about_year(found, framework: Framework, expected_year, fail) -> int | None:
    value = found.get("year", (None,))[0]
    year = parse_whole(value)
    if text_of(value) == "":
        return None
    if year is None:
        fail("year_invalid", "year")
    elif expected_year is not None and year != expected_year:
        fail("year_mismatch", "year", expected=expected_year)
    elif not framework.start_year <= year <= framework.end_year:
        fail("year_outside_plan", "year", start=framework.start_year, end=framework.end_year)
    return year


def stated_year(raw: RawReturn) -> int | None:
    """The reporting year the About sheet states, read without judging it (to pick the plan
    whose period holds it before the return is checked against that plan)."""
    if raw.about is None:
        return None
    for _number, values in raw.about[1]:
        col = ABOUT.match(values[0]) if values else None
        if col is not None and col.field == "year":
            return parse_whole(values[1] if len(values) > 1 else None)
    return None


# --- the whole return -----------------------------------------------------------------


def validate(
    raw: RawReturn,
    framework: Framework,
    *,
    expected_org: str | None = None,
    expected_year: int | None = None,
    findings: list[Finding] | None = None,
) -> tuple[ReturnContent | None, list[Finding]]:
    out = [*(findings or []), *raw.findings]
    org, year, version = about(raw, framework, expected_org, expected_year, out)
    year_for_checks = expected_year or year
    acts = _table(
        raw.tables.get("activities"), out, lambda c: activity(c, framework, year_for_checks)
    )
    _duplicates(acts)
    acts = _valid(acts)
    codes = {norm(i.code): i.code for i in framework.indicators}
    inds = _valid(
        _table(raw.tables.get("indicators"), out, lambda c: indicator(c, framework, codes))
    )
    _duplicate_indicators(inds)
    notes = _valid(_table(raw.tables.get("narrative"), out, lambda c: narrative(c, framework)))
    _duplicate_goals(notes)
    if any(f.severity is Severity.ERROR for f in out) or org is None or year is None:
        return None, out
    content = ReturnContent(
        organisation_code=org,
        year=year,
        template_version=version,
        activities=tuple(a for _, a in acts),
        indicators=tuple(i for _, i in inds),
        narratives=tuple(n for _, n in notes),
    )
    return content, out


def _duplicate_indicators(rows: list[tuple[Cells, IndicatorRow]]) -> None:
    seen: dict[tuple, str] = {}
    for c, row in rows:
        key = (row.indicator_code, row.year, row.sex)
        if key in seen:
            c.fail("duplicate_indicator", "indicator_code", first=seen[key])
        else:
            seen[key] = c.cell("indicator_code")


def _duplicate_goals(rows: list[tuple[Cells, NarrativeRow]]) -> None:
    seen: dict[int, str] = {}
    for c, row in rows:
        if row.goal_number in seen:
            c.fail("duplicate_goal", "goal", first=seen[row.goal_number])
        else:
            seen[row.goal_number] = c.cell("goal")
