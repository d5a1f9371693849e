"""Cross-row rules of the return check: the same activity, value or goal twice."""

from __future__ import annotations

from nap_data.returns.content import ActivityRow, IndicatorRow, NarrativeRow, code_key
from nap_data.returns.validate_cells import Cells


def duplicate_activities(rows: list[tuple[Cells, ActivityRow | None]]) -> None:
    for field, code in (("reference", "duplicate_id"), ("title", "duplicate_title")):
        seen: dict[str, str] = {}
        for c, _ in rows:
            key = code_key(c.text(field))
            if key and key in seen:
                c.fail(code, field, first=seen[key])
            elif key:
                seen[key] = c.cell(field)


def duplicate_indicators(rows: list[tuple[Cells, IndicatorRow]]) -> None:
    seen: dict[tuple, str] = {}
    for c, row in rows:
        key = (row.indicator_code, row.year, row.sex)
        if key in seen:
            c.fail("duplicate_indicator", "indicator_code", first=seen[key])
        else:
            seen[key] = c.cell("indicator_code")


def duplicate_goals(rows: list[tuple[Cells, NarrativeRow]]) -> None:
    seen: dict[int, str] = {}
    for c, row in rows:
        if row.goal_number in seen:
            c.fail("duplicate_goal", "goal", first=seen[row.goal_number])
        else:
            seen[row.goal_number] = c.cell("goal")
