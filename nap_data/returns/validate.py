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

The sequence is here (`validate`); the rules are in `validate_cells` (per field),
`validate_rows` (per row), `validate_duplicates` (across rows) and `validate_about`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nap_data.framework import Framework
from nap_data.returns.content import ReturnContent, code_key
from nap_data.returns.findings import Finding, Severity
from nap_data.returns.validate_about import about
from nap_data.returns.validate_cells import Cells, plan_year
from nap_data.returns.validate_duplicates import (
    duplicate_activities,
    duplicate_goals,
    duplicate_indicators,
)
from nap_data.returns.validate_rows import activity, indicator, narrative

if TYPE_CHECKING:
    from nap_data.returns.reader import RawReturn, Table


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
    duplicate_activities(acts)
    acts = _valid(acts)
    codes = {code_key(i.code): i.code for i in framework.indicators}
    inds = _valid(
        _table(
            raw.tables.get("indicators"),
            out,
            lambda c: indicator(c, framework, codes, year_for_checks, org),
        )
    )
    duplicate_indicators(inds)
    notes = _valid(_table(raw.tables.get("narrative"), out, lambda c: narrative(c, framework)))
    duplicate_goals(notes)
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
