"""Per-row rules of the return check: an activity, an indicator value, a narrative.

Each takes one row's `Cells` and answers the parsed row, or None when the row has an
error (the findings are in `Cells.out`) or, for a narrative, is left empty.
"""

from __future__ import annotations

import datetime as dt

from nap_data.countries import country_code
from nap_data.framework import Framework, IndicatorSpec
from nap_data.returns.content import (
    ActivityRow,
    IndicatorRow,
    NarrativeRow,
    clean_code,
    code_key,
)
from nap_data.returns.findings import Severity
from nap_data.returns.layout import MAX_TITLE
from nap_data.returns.parse import parse_whole, split_list, text_of
from nap_data.returns.validate_cells import Cells, plan_year
from nap_data.vocab import ActivityStatus, Focus, Progress, Sex, TargetGroup

BUDGET_WARNING_EUR = 50_000_000  # a budget above this is probably a typo (warning)
PERCENT_TOLERANCE = 0.5  # percentage points between a value and 100 * numerator / denominator
DATE_MARGIN_YEARS = 10  # dates may lie this many years before the plan's start or after its end
RATIO_PART_MAX = 1_000_000_000.0  # the highest numerator or denominator


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
