"""Which narrative entries the report quotes, by one stated rule.

The rule (also written in the report's methods annex): per strategic goal and per kind
(highlights, challenges, lessons), the longest entry of the period, taken only from
return versions that count and are approved; ties go to the newer year, then the
organisation code. Entries that a policy officer excluded on the Reports page are
skipped, so the next in line takes their place. Pure Polars.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from nap_data.metrics.narratives import KINDS, search_narratives

CANDIDATE_COLUMNS = (
    "key", "goal", "kind", "organisation_code", "organisation_name", "year", "text", "length",
)  # fmt: skip


def quote_key(submission_id: int, goal: int, kind: str) -> str:
    """A stable name for one entry: it survives a rebuild and reads in the methods annex."""
    return f"{submission_id}-{goal}-{kind}"


def candidates(
    narratives: pl.DataFrame,
    submissions: pl.DataFrame,
    years: Iterable[int],
    goals: Iterable[int],
    organisations: Iterable[str] = (),
) -> pl.DataFrame:
    """Every entry the rule may quote, best first within each goal and kind.

    `narratives` are the in-scope versions' (queries.load_narratives); `submissions`
    says which of those versions are approved.
    """
    long = search_narratives(
        narratives, goals=goals, organisations=organisations, years=list(years)
    )
    approved = submissions.filter(pl.col("review_status") == "approved").select("submission_id")
    kind_order = pl.col("kind").replace_strict(KINDS, range(len(KINDS)), return_dtype=pl.Int64)
    return (
        long.join(approved, on="submission_id", how="semi")
        .with_columns(
            key=pl.concat_str(
                [pl.col("submission_id"), pl.col("goal"), pl.col("kind")], separator="-"
            ),
            length=pl.col("text").str.len_chars().cast(pl.Int64),
            kind_order=kind_order,
        )
        .sort(
            ["goal", "kind_order", "length", "year", "organisation_code", "submission_id"],
            descending=[False, False, True, True, False, False],
        )
        .select(CANDIDATE_COLUMNS)
    )


def chosen(candidates_frame: pl.DataFrame, excluded: Iterable[str] = ()) -> pl.DataFrame:
    """Per goal and kind, the first candidate that was not excluded (the rule's pick)."""
    left = candidates_frame.filter(~pl.col("key").is_in(list(excluded)))
    return left.group_by("goal", "kind", maintain_order=True).first().select(CANDIDATE_COLUMNS)


__all__ = ["candidates", "chosen", "quote_key", "CANDIDATE_COLUMNS"]
