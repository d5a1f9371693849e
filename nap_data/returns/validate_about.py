"""The About sheet of a return: organisation, reporting year and template version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nap_data.framework import Framework
from nap_data.returns.content import clean_code, code_key
from nap_data.returns.file_xml import CONTROL
from nap_data.returns.findings import Finding, error
from nap_data.returns.layout import ABOUT
from nap_data.returns.parse import parse_whole, text_of
from nap_data.returns.validate_cells import K, shown_controls

if TYPE_CHECKING:
    from nap_data.returns.reader import RawReturn


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
