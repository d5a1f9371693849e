"""The learning agenda: highlights, challenges and lessons from the returns' narratives.

Pure Polars (no I/O, no Streamlit). The narratives come wide (one row per return
and goal, a column per kind); the learning agenda reads them long: one entry per
return, goal and kind, with its text.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

KINDS = ("highlights", "challenges", "lessons")
ENTRY_COLUMNS = ("submission_id", "organisation_code", "organisation_name", "year", "goal")


def _kind_order() -> pl.Expr:
    return pl.col("kind").replace_strict(KINDS, range(len(KINDS)), return_dtype=pl.Int64)


def search_narratives(
    narratives: pl.DataFrame,
    *,
    goals: Iterable[int] = (),
    organisations: Iterable[str] = (),
    years: Iterable[int] = (),
    word: str = "",
) -> pl.DataFrame:
    """One row per (return, goal, kind) whose text is not empty, narrowed by the filters.

    Empty filters mean "all". `word` is searched case-insensitively as literal text
    (dots, brackets and the like are plain characters, not a pattern). Sorted newest
    year first, then organisation name, goal and kind (highlights, challenges, lessons).
    """
    cond = pl.lit(True)
    for column, chosen in (("goal", goals), ("organisation_code", organisations), ("year", years)):
        chosen = list(chosen)
        if chosen:
            cond &= pl.col(column).is_in(chosen)
    long = (
        narratives.filter(cond)
        .unpivot(on=list(KINDS), index=list(ENTRY_COLUMNS), variable_name="kind", value_name="text")
        .with_columns(
            pl.col("kind").cast(pl.String), pl.col("text").cast(pl.String).str.strip_chars()
        )
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
    )
    needle = word.strip().lower()
    if needle:
        long = long.filter(pl.col("text").str.to_lowercase().str.contains(needle, literal=True))
    return long.sort(
        pl.col("year"),
        "organisation_name",
        "organisation_code",
        "goal",
        _kind_order(),
        descending=[True, False, False, False, False],
    )


def narrative_counts(long: pl.DataFrame, goals: Iterable[int]) -> pl.DataFrame:
    """Entries per goal and kind (a frame from `search_narratives`); zeros kept for `goals`."""
    grid = pl.DataFrame({"goal": list(goals)}, schema={"goal": pl.Int64}).join(
        pl.DataFrame({"kind": KINDS}), how="cross"
    )
    counts = long.group_by("goal", "kind").agg(entries=pl.len().cast(pl.Int64))
    return (
        grid.join(counts, on=["goal", "kind"], how="left")
        .with_columns(pl.col("entries").fill_null(0))
        .sort("goal", _kind_order())
    )


def kind_groups(long: pl.DataFrame, limit: int) -> list[tuple[str, pl.DataFrame, int]]:
    """Per kind that has entries: (kind, its first `limit` entries, how many it has in all).

    For reading as cards: the caller shows the entries and says how many more there are.
    """
    groups = []
    for kind in KINDS:
        entries = long.filter(pl.col("kind") == kind)
        if entries.height:
            groups.append((kind, entries.head(limit), entries.height))
    return groups


__all__ = ["search_narratives", "narrative_counts", "kind_groups", "KINDS"]
