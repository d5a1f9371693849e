"""Checks every row of a read return and collects all problems in one pass.

Each problem is a `Finding` with the sheet, the cell (`D7`), the column label as it
stands in the file, the offending value and a `returns.validate.*` message key (texts in
`nap_data/i18n/returns_validate.toml`). Errors block the import, warnings do not; the
content is returned only when there is no error. Nothing here raises on a cell value.

Beyond the column contract: years and dates are checked against the plan's period (never
`dt.date` on an unchecked year); indicator values by their unit and the framework's bound
(`IndicatorSpec.upper_bound`) and, for a national indicator, its `reporter`; text that
reads as a number two ways ("250.000") is refused with the number to type; a goal's number
and name must agree; identifiers are compared as `content.code_key`; every text cell is
refused with a control character or above its `content.TEXT_LIMITS`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from nap_data.countries import country_code
from nap_data.framework import Framework, IndicatorSpec
from nap_data.returns.content import (
    TEXT_LIMITS,
    ActivityRow,
    IndicatorRow,
    NarrativeRow,
    ReturnContent,
    clean_code,
    code_key,
)
from nap_data.returns.findings import Finding, Severity, error, warning
from nap_data.returns.layout import ABOUT, MAX_TITLE
from nap_data.returns.parse import (  # noqa: F401  (text_of, parse_* stay importable here)
    match_goal,
    number_fix,
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
DATE_MARGIN_YEARS = 10  # dates may lie this many years before the plan's start or after its end
RATIO_PART_MAX = 1_000_000_000.0  # the highest numerator or denominator
# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
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
        # Each field's value is looked up once per row, not once per check (a 50,000-row
        # return asks about two million times); blank text counts as no value.
        width = len(values)
        self._raw = {
            field: _present(values[index]) if index < width else None
            for field, (index, _) in table.columns.items()
        }
        self._text: dict[str, str] = {}

    def raw(self, field: str) -> object:
        return self._raw.get(field)

    def text(self, field: str) -> str:
        found = self._text.get(field)
        if found is None:
            found = self._text[field] = text_of(self._raw.get(field))
        return found

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
        fix = number_fix(self.raw(field)) if found is None else None
        if fix is not None:
            self.fail("number_ambiguous", field, fix=fix)
        elif found is None:
            self.fail("number_invalid", field)
        return found

    def goal(self, field: str, framework: Framework) -> int | None:
        if not self.required(field):
            return None
        found, name = match_goal(self.raw(field), framework)
        goal = next((g for g in framework.goals if g.number == found), None)
        if name is not None and goal is not None:
            self.fail(
                "goal_mismatch", field, number=found, name=name, nl=goal.name_nl, en=goal.name_en
            )
            return None
        if found is None:
            self.fail("goal_unknown", field, count=len(framework.goals))
        return found

    def texts(self) -> None:
        """Every text cell of the row: no control characters, no text over its limit."""
        for field in self.table.columns:
            value = self.raw(field)
            if isinstance(value, str) and CONTROL.search(value):
                self.fail("control_character", field, shown_controls(value))
            elif field in TEXT_LIMITS and field != "title" and isinstance(value, str):
                limit, length = TEXT_LIMITS[field], len(value.strip())
                if length > limit:
                    shown = value.strip()[:60] + "..."
                    self.fail("text_too_long", field, shown, limit=limit, length=length)


def _present(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def shown_controls(text: str) -> str:
    """The text with each control character written as U+XXXX, so a finding can show it."""
    return CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text).strip()[:200]


def plan_year(year: object, framework: Framework) -> int | None:
    """The year when it is a whole number within the plan's period, else None."""
    ok = isinstance(year, int) and not isinstance(year, bool)
    return year if ok and framework.start_year <= year <= framework.end_year else None


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
    start = _plan_date(c, "start_date", framework, required=True)
    end = _plan_date(c, "end_date", framework)
    if start and end and end < start:
        c.fail("end_before_start", "end_date", start=start.isoformat())
    budget = _budget(c)
    progress = c.term(Progress, "progress")
    groups = c.terms(TargetGroup, "target_group")
    year = plan_year(year, framework)
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
        reference=clean_code(c.text("reference")) or None,
        description=c.text("description"),
        countries=countries,
        end_date=end,
        budget_eur=budget,
        progress=progress,
        target_groups=groups,
        partners=c.text("partners"),
        results=c.text("results"),
    )


def _plan_date(c: Cells, field: str, framework: Framework, required=False) -> dt.date | None:
    """A date no more than DATE_MARGIN_YEARS before the plan's start or after its end."""
    found = c.date(field, required=required)
    first = framework.start_year - DATE_MARGIN_YEARS
    last = framework.end_year + DATE_MARGIN_YEARS
    if found is not None and not first <= found.year <= last:
        c.fail("date_outside_plan", field, first=f"{first}-01-01", last=f"{last}-12-31")
        return None
    return found


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
            key = code_key(c.text(field))
            if key and key in seen:
                c.fail(code, field, first=seen[key])
            elif key:
                seen[key] = c.cell(field)


def indicator(
    c: Cells,
    framework: Framework,
    codes: dict[str, str],
    year: int | None = None,
    org: str | None = None,
) -> IndicatorRow | None:
    """One indicator value; `Indicator name` is informative and never checked. `year` is the
    reporting year (values may not be for a later year), `org` the reporting organisation
    (a national indicator with a reporter comes from that organisation only)."""
    before = len(c.out)
    code = codes.get(code_key(c.text("indicator_code"))) if c.required("indicator_code") else None
    if c.raw("indicator_code") is not None and code is None:
        c.fail("indicator_unknown", "indicator_code")
    spec = next((i for i in framework.indicators if i.code == code), None)
    if spec is not None and spec.reporter and org and code_key(org) != code_key(spec.reporter):
        c.fail("indicator_reporter", "indicator_code", reporter=spec.reporter, organisation=org)
    value_year = _indicator_year(c, framework, plan_year(year, framework))
    value, num, den = _indicator_value(c, spec)
    sex = c.term(Sex, "sex") or "total"
    if any(f.severity is Severity.ERROR for f in c.out[before:]):
        return None
    return IndicatorRow(
        code, value_year, value, sex=sex, numerator=num, denominator=den, note=c.text("note")
    )


def _indicator_year(c: Cells, framework: Framework, reporting_year: int | None) -> int | None:
    year = parse_whole(c.raw("year")) if c.required("year") else None
    if c.raw("year") is None:
        return None
    if year is None or not framework.start_year <= year <= framework.end_year:
        start, end = framework.start_year, framework.end_year
        c.fail("indicator_year", "year", start=start, end=end)
        return None
    if reporting_year is not None and year > reporting_year:
        c.fail("indicator_year_future", "year", year=reporting_year)
        return None
    return year


def _indicator_value(
    c: Cells, spec: IndicatorSpec | None
) -> tuple[float | None, float | None, float | None]:
    """(value, numerator, denominator). Numerator and denominator are optional numbers >= 0
    and at most RATIO_PART_MAX, the numerator not above the denominator, the denominator > 0
    when a numerator is given. A percent indicator's empty value is 100 * numerator /
    denominator; a value further than 0.5 from that is a warning. The value is checked
    against the indicator's unit and upper bound (`_value_in_range`)."""
    percent = spec is not None and spec.unit == "percent"
    parts: dict[str, float | None] = {}
    for field in ("numerator", "denominator"):
        parts[field] = c.number(field)
        if parts[field] is not None and parts[field] < 0:
            c.fail("number_negative", field)
            parts[field] = None
        elif parts[field] is not None and parts[field] > RATIO_PART_MAX:
            c.fail("value_too_high", field, limit=f"{RATIO_PART_MAX:,.0f}")
            parts[field] = None
    num, den = parts["numerator"], parts["denominator"]
    if num is not None and den == 0:
        c.fail("denominator_zero", "denominator")
    elif num is not None and den is not None and num > den:
        c.fail("numerator_above_denominator", "numerator", denominator=text_of(den))
    ratio = 100 * num / den if num is not None and den else None
    if c.raw("value") is None:
        if percent and ratio is not None:
            return (ratio if num <= den else None), num, den
        c.fail("value_required_percent" if percent else "required", "value")
        return None, num, den
    value = c.number("value")
    if value is not None and spec is not None and not _value_in_range(c, spec, value):
        return None, num, den
    far = value is not None and ratio is not None and abs(value - ratio) > PERCENT_TOLERANCE
    if percent and far:
        c.fail("percent_mismatch", "value", severity=Severity.WARNING, computed=f"{ratio:.1f}")
    return value, num, den


def _value_in_range(c: Cells, spec: IndicatorSpec, value: float) -> bool:
    """Percent 0-100, counts whole, nothing negative, nothing above the upper bound."""
    if spec.unit == "percent" and not 0 <= value <= 100:
        c.fail("percent_range", "value")
    elif value < 0:
        c.fail("number_negative", "value")
    elif spec.unit == "count" and not value.is_integer():
        c.fail("count_whole", "value", lower=f"{int(value)}", upper=f"{int(value) + 1}")
    elif value > spec.upper_bound:
        c.fail("value_too_high", "value", limit=f"{spec.upper_bound:,.0f}")
    else:
        return True
    return False


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
        cells.texts()
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

    def fail(code: str, field: str, shown: str | None = None, **kw) -> None:
        value, cell, label = found.get(field, (None, "A1", ABOUT.column(field).nl))
        shown = shown or text_of(value) or None
        out.append(error(K + code, sheet=sheet, cell=cell, column=label, value=shown, **kw))

    for col in ABOUT.columns:
        value = found.get(col.field, (None,))[0]
        if isinstance(value, str) and CONTROL.search(value):
            fail("control_character", col.field, shown_controls(value))
        elif col.required and text_of(value) == "":
            fail("about_missing", col.field, en=col.en, nl=col.nl)
    org = clean_code(text_of(found.get("organisation_code", (None,))[0])) or None
    # A signatory may report for several organisations: any of them is expected.
    expected = (expected_org,) if isinstance(expected_org, str) else tuple(expected_org or ())
    own = next((e for e in expected if org and code_key(org) == code_key(e)), None)
    if org and expected and own is None:
        fail("org_mismatch", "organisation_code", expected=", ".join(expected))
    year = _about_year(found, framework, expected_year, fail)
    value = found.get("template_version", (None,))[0]
    version = parse_whole(value)
    if text_of(value) and version != framework.template_version:
        fail("template_version", "template_version", expected=framework.template_version)
    return (own if own is not None else org), year, version


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
    expected_org: str | tuple[str, ...] | None = None,
    expected_year: int | None = None,
    findings: list[Finding] | None = None,
) -> tuple[ReturnContent | None, list[Finding]]:
    out = [*(findings or []), *raw.findings]
    org, year, version = about(raw, framework, expected_org, expected_year, out)
    year_for_checks = plan_year(expected_year or year, framework)
    acts = _table(
        raw.tables.get("activities"), out, lambda c: activity(c, framework, year_for_checks)
    )
    _duplicates(acts)
    acts = _valid(acts)
    codes = {code_key(i.code): i.code for i in framework.indicators}
    inds = _valid(
        _table(
            raw.tables.get("indicators"),
            out,
            lambda c: indicator(c, framework, codes, year_for_checks, org),
        )
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
