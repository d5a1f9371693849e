"""The reviewers' worklist and a signatory's own returns, from the frame of return versions
(queries.load_submissions, or the pages' cached copy of it).

A version waits for review when it is submitted and the newest of its organisation and
year: an older submitted version has been overtaken by a correction and can no longer be
approved (services.review). Waiting versions come first, the longest waiting first;
the rest follow, the most recently received first.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine

from nap_data import queries
from nap_data.services import Actor, access


def queue_order(subs: pl.DataFrame) -> pl.DataFrame:
    """`subs` with `current` (newest version of its organisation and year) and `waiting`
    (current and submitted), in the order to review them."""
    newest = pl.col("version") == pl.col("version").max().over("organisation_code", "year")
    marked = subs.with_columns(current=newest).with_columns(
        waiting=pl.col("current") & (pl.col("review_status") == "submitted")
    )
    by_age = ["created_at", "submission_id"]
    waiting = marked.filter(pl.col("waiting")).sort(by_age)
    rest = marked.filter(~pl.col("waiting")).sort(by_age, descending=True)
    return pl.concat([waiting, rest])


def own_versions(subs: pl.DataFrame, actor: Actor) -> pl.DataFrame:
    """Every version of the actor's own organisations' returns (whatever else `subs` holds,
    such as other organisations' approved ones): first those returned for correction that
    no newer version has answered yet, then by newest year and version."""
    own = [code.upper() for code in actor.organisations]
    mine = queue_order(subs.filter(pl.col("organisation_code").str.to_uppercase().is_in(own)))
    to_correct = pl.col("current") & (pl.col("review_status") == "returned")
    return mine.with_columns(to_correct=to_correct).sort(
        ["to_correct", "year", "organisation_code", "version"],
        descending=[True, True, False, True],
    )


def review_queue(engine: Engine, actor: Actor, year: int | None = None) -> pl.DataFrame:
    """The worklist of someone who reviews (approves or returns), for one year or all."""
    access.require(engine, actor, access.APPROVE)
    subs = queries.load_submissions(engine)
    if year is not None:
        subs = subs.filter(pl.col("year") == year)
    return queue_order(subs)
