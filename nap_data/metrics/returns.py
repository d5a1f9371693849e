"""Who signed, who was expected to report, and in what state their returns are.

Pure Polars. "Expected" follows rule 5 (the signatories of the year); "received"
means the return has a version that the chosen data scope counts (rule 1), so the
number of returns received is the number of returns whose figures are in the
dashboard.
"""

from __future__ import annotations

import polars as pl

from nap_data.metrics.activities import counts_in_order
from nap_data.metrics.counting import signatories_at
from nap_data.vocab import SCOPE_STATUSES, DataScope

RETURN_STATES = ("approved", "submitted", "returned", "missing")


def returns_status(orgs: pl.DataFrame, subs: pl.DataFrame, year: int) -> pl.DataFrame:
    """For each signatory of `year`: the review state of its newest return version, or missing."""
    newest = (
        subs.filter(pl.col("year") == year)
        .group_by("organisation_code")
        .agg(
            pl.col(["review_status", "version", "created_at"]).sort_by("version").last(),
            versions=pl.len().cast(pl.Int64),
        )
    )
    expected = signatories_at(orgs, year).select(
        "organisation_code", "organisation_name", "organisation_type"
    )
    return (
        expected.join(newest, on="organisation_code", how="left")
        .with_columns(
            state=pl.col("review_status").fill_null("missing"),
            versions=pl.col("versions").fill_null(0),
        )
        .drop("review_status")
        .sort("organisation_code")
    )


def returns_summary(status: pl.DataFrame) -> pl.DataFrame:
    """How many signatories are in each return state (all states present)."""
    return counts_in_order(status, "state", RETURN_STATES, "organisations")


def returns_received(orgs: pl.DataFrame, subs: pl.DataFrame, year: int, scope: DataScope) -> int:
    """The signatories of `year` with a return version for `year` that `scope` counts."""
    statuses = [str(s) for s in SCOPE_STATUSES[DataScope(scope)]]
    counted = subs.filter((pl.col("year") == year) & pl.col("review_status").is_in(statuses))
    expected = signatories_at(orgs, year).select("organisation_code")
    return expected.join(
        counted.select("organisation_code").unique(), on="organisation_code"
    ).height


def reporting_record(
    orgs: pl.DataFrame, subs: pl.DataFrame, code: str, years: tuple[int, ...]
) -> pl.DataFrame:
    """Per year: was a return expected from `code`, and in what state is it."""
    rows = []
    for year in years:
        status = returns_status(orgs, subs, year).filter(pl.col("organisation_code") == code)
        state = status["state"][0] if status.height else "not_signed"
        versions = int(status["versions"][0]) if status.height else 0
        rows.append((year, state, versions))
    schema = {"year": pl.Int64, "state": pl.String, "versions": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def signatory_growth(orgs: pl.DataFrame, years: tuple[int, ...]) -> pl.DataFrame:
    """Signatories of each year (rule 5), and how many joined and left during it."""
    rows = [
        (
            year,
            signatories_at(orgs, year).height,
            orgs.filter(pl.col("joined_on").dt.year() == year).height,
            orgs.filter(pl.col("left_on").dt.year() == year).height,
        )
        for year in years
    ]
    schema = {"year": pl.Int64, "signatories": pl.Int64, "joined": pl.Int64, "left": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


__all__ = [
    "returns_status",
    "returns_summary",
    "returns_received",
    "reporting_record",
    "signatory_growth",
    "RETURN_STATES",
]
