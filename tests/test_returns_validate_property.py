"""T9: the validator on 1,000+ random returns, straight on read rows (fast, no workbook I/O).

Random cell values in every column of Activities, Indicators and Narrative, and in
the About values: the validator never raises, every finding has both languages and
a location, and content comes back only when there is no error. Then the round
trip: an accepted content written as a template and read again is the same content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nap_data.framework import load_framework
from nap_data.returns.reader import Table, load, read_return
from nap_data.returns.samples import clean_return
from nap_data.returns.template import build_template
from nap_data.returns.validate import validate

CELL = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["", "3 - Protection", "Bescherming", "nationaal", "Mali; Niger", "P4.1",
                     "2024-02-30", "1,5", "1e400", "ongoing", "vrouwen;jongens", "totaal"]),
)  # fmt: skip


@cache
def _raw():
    return load(clean_return(load_framework()))


def _with_rows(raw, key: str, rows: list[tuple]):
    table: Table = raw.tables[key]
    numbered = [(table.header_row + 1 + n, tuple(r)) for n, r in enumerate(rows)]
    return dataclasses.replace(
        raw, tables={**raw.tables, key: dataclasses.replace(table, rows=numbered)}
    )


@settings(
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    acts=st.lists(st.lists(CELL, min_size=16, max_size=16), max_size=3),
    inds=st.lists(st.lists(CELL, min_size=8, max_size=8), max_size=3),
    notes=st.lists(st.lists(CELL, min_size=4, max_size=4), max_size=2),
    year=CELL,
)
def test_validator_never_raises_and_always_says_where(acts, inds, notes, year):
    fw = load_framework()
    raw = _raw()
    raw = _with_rows(
        _with_rows(_with_rows(raw, "activities", acts), "indicators", inds), "narrative", notes
    )
    sheet, about_rows = raw.about
    about_rows = [
        (n, (cells[0], year if n == about_rows[2][0] else cells[1], *cells[2:]))
        for n, cells in about_rows
    ]
    raw = dataclasses.replace(raw, about=(sheet, about_rows), findings=[])
    content, findings = validate(raw, fw)
    errors = [f for f in findings if f.severity == "error"]
    assert (content is None) == bool(errors)
    for f in findings:
        assert f.message("nl") and f.message("en") and f.sheet


@settings(max_examples=10, deadline=None, database=None)  # each example writes two workbooks
@given(st.data())
def test_parse_template_parse_is_stable(data):
    """An accepted return, written back as a template and read again, says the same."""
    fw = load_framework()
    content, _ = read_return(clean_return(fw), fw)
    acts = list(content.activities)
    budget = data.draw(st.one_of(st.none(), st.floats(0, 1e8, allow_nan=False)))
    title = data.draw(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
        ).filter(str.strip)
    )
    acts[0] = dataclasses.replace(acts[0], budget_eur=budget, title=" ".join(title.split()))
    again = build_template(
        fw,
        content.organisation_code,
        "X",
        content.year,
        acts,
        "en",
        indicators=content.indicators,
        narratives=content.narratives,
    )
    first, findings = read_return(again, fw)
    assert first is not None, [f.message("en") for f in findings]
    second, _ = read_return(
        build_template(
            fw,
            first.organisation_code,
            "X",
            first.year,
            first.activities,
            "nl",
            indicators=first.indicators,
            narratives=first.narratives,
        ),
        fw,
    )
    assert second == first
