"""nap_data.metrics.narratives against small literal frames computed by hand."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from nap_data import queries as q
from nap_data.metrics.narratives import kind_groups, narrative_counts, search_narratives
from tests import frames as fr

LONG_SCHEMA = {
    "submission_id": pl.Int64,
    "organisation_code": pl.String,
    "organisation_name": pl.String,
    "year": pl.Int64,
    "goal": pl.Int64,
    "kind": pl.String,
    "text": pl.String,
}
COUNT_SCHEMA = {"goal": pl.Int64, "kind": pl.String, "entries": pl.Int64}
KINDS = ["highlights", "challenges", "lessons"]
COLUMNS = tuple(q.NARRATIVE_SCHEMA)  # the order of the rows below


def narratives(rows: list[tuple]) -> pl.DataFrame:
    """The store's narratives from rows written in COLUMNS order."""
    return fr.narratives([dict(zip(COLUMNS, row, strict=True)) for row in rows])


def long(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=LONG_SCHEMA, orient="row")


# (submission, code, name, year, goal, highlights, challenges, lessons)
WIDE = narratives([
    (1, "B", "Beta", 2022, 2, "Funding secured", None, "Start early."),
    (2, "A", "Alpha", 2022, 3, "  ", "Funding (a) is late", ""),
    (3, "C", "Gamma", 2024, 1, None, "Security limited fieldwork", "Work with partners"),
    (1, "B", "Beta", 2022, 1, "Network of mediators", None, None),
])  # fmt: skip


def test_long_form_drops_empty_texts_and_sorts_newest_first():
    want = long(
        [
            (3, "C", "Gamma", 2024, 1, "challenges", "Security limited fieldwork"),
            (3, "C", "Gamma", 2024, 1, "lessons", "Work with partners"),
            (2, "A", "Alpha", 2022, 3, "challenges", "Funding (a) is late"),
            (1, "B", "Beta", 2022, 1, "highlights", "Network of mediators"),
            (1, "B", "Beta", 2022, 2, "highlights", "Funding secured"),
            (1, "B", "Beta", 2022, 2, "lessons", "Start early."),
        ]
    )
    assert_frame_equal(search_narratives(WIDE), want)


@pytest.mark.parametrize(
    ("filters", "texts"),
    [
        ({"goals": [1]},
         ["Security limited fieldwork", "Work with partners", "Network of mediators"]),
        ({"organisations": ("A",)}, ["Funding (a) is late"]),
        ({"years": range(2023, 2025)}, ["Security limited fieldwork", "Work with partners"]),
        ({"goals": (2,), "years": [2022], "organisations": ["B"]},
         ["Funding secured", "Start early."]),
        ({"word": "funding"}, ["Funding (a) is late", "Funding secured"]),
        ({"word": "  FUNDING "}, ["Funding (a) is late", "Funding secured"]),
        ({"word": "(a"}, ["Funding (a) is late"]),  # a bracket is a character, not a group
        ({"word": "."}, ["Start early."]),  # a dot is a dot, not "any character"
        ({"word": ".*"}, []),
        ({"word": "[unclosed"}, []),
        ({"word": "   "}, None),  # only spaces: no search
        ({"goals": [5]}, []),
    ],
)  # fmt: skip
def test_filters_and_literal_case_insensitive_search(filters, texts):
    got = search_narratives(WIDE, **filters)
    if texts is None:
        texts = search_narratives(WIDE)["text"].to_list()
    assert got["text"].to_list() == texts


def test_single_row_and_empty_input():
    one = narratives([(9, "Z", "Zeta", 2021, 5, "Good", "Hard", "Learned")])
    want = long(
        [
            (9, "Z", "Zeta", 2021, 5, kind, text)
            for kind, text in zip(KINDS, ["Good", "Hard", "Learned"], strict=True)
        ]
    )
    assert_frame_equal(search_narratives(one), want)
    assert_frame_equal(search_narratives(narratives([]), word="(a"), long([]))


def test_counts_are_zero_filled_per_goal_and_kind():
    got = narrative_counts(search_narratives(WIDE), fr.PLAN.goal_numbers)
    entries = {
        (1, "highlights"): 1,
        (1, "challenges"): 1,
        (1, "lessons"): 1,
        (2, "highlights"): 1,
        (2, "lessons"): 1,
        (3, "challenges"): 1,
    }
    want = pl.DataFrame(
        [(g, k, entries.get((g, k), 0)) for g in range(1, 6) for k in KINDS],
        schema=COUNT_SCHEMA,
        orient="row",
    )
    assert_frame_equal(got, want)


def test_counts_for_chosen_goals_and_empty_input():
    got = narrative_counts(search_narratives(WIDE), (3,))
    want = pl.DataFrame(
        [(3, "highlights", 0), (3, "challenges", 1), (3, "lessons", 0)],
        schema=COUNT_SCHEMA,
        orient="row",
    )
    assert_frame_equal(got, want)
    empty = narrative_counts(long([]), fr.PLAN.goal_numbers)
    assert empty.height == 15 and empty["entries"].sum() == 0
    assert narrative_counts(long([]), ()).height == 0


def test_counts_follow_the_given_plans_goals():
    got = narrative_counts(search_narratives(WIDE), fr.FOUR_GOALS.goal_numbers)
    assert got["goal"].unique(maintain_order=True).to_list() == [1, 2, 3, 4]
    assert got["entries"].sum() == 6


def test_kind_groups_cap_each_kind_and_keep_the_total():
    entries = search_narratives(WIDE)
    groups = kind_groups(entries, limit=1)
    assert [(kind, shown.height, total) for kind, shown, total in groups] == [
        ("highlights", 1, 2),
        ("challenges", 1, 2),
        ("lessons", 1, 2),
    ]
    assert groups[0][1]["text"].to_list() == ["Network of mediators"]
    assert kind_groups(long([]), limit=20) == []
