"""The reviewers' worklist: what waits first, the longest waiting first; a signatory's own."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from nap_data import queries
from nap_data.queries import SUBMISSION_SCHEMA
from nap_data.services import SYSTEM, Actor
from nap_data.services.access import Denied
from nap_data.services.review import approve_version, return_version
from nap_data.services.review_queue import own_versions, queue_order, review_queue


def _subs(*rows) -> pl.DataFrame:
    """(id, organisation, year, version, day received, status) rows as load_submissions has."""
    return pl.DataFrame(
        [
            {
                "submission_id": id_, "organisation_code": org, "organisation_name": org,
                "year": year, "version": version, "created_at": dt.datetime(2026, 1, day),
                "review_status": status,
            }
            for id_, org, year, version, day, status in rows
        ],
        schema={k: SUBMISSION_SCHEMA[k] for k in (
            "submission_id", "organisation_code", "organisation_name", "year", "version",
            "created_at", "review_status",
        )},
    )  # fmt: skip


def test_waiting_first_oldest_first_then_the_rest_newest_first():
    subs = _subs(
        (1, "A", 2025, 1, 3, "returned"),
        (2, "A", 2025, 2, 9, "submitted"),  # waiting, received later
        (3, "B", 2025, 1, 5, "submitted"),  # waiting, received earlier
        (4, "C", 2025, 1, 7, "approved"),
        (5, "D", 2025, 1, 2, "submitted"),  # overtaken by version 2 (returned)
        (6, "D", 2025, 2, 8, "returned"),
    )
    queue = queue_order(subs)
    assert queue["submission_id"].to_list() == [3, 2, 6, 4, 1, 5]
    assert queue["waiting"].to_list() == [True, True, False, False, False, False]
    assert queue.filter(pl.col("submission_id") == 5)["current"].item() is False


def test_the_newest_version_is_current_per_organisation_and_year():
    subs = _subs((1, "A", 2024, 3, 1, "approved"), (2, "A", 2025, 1, 2, "submitted"))
    assert queue_order(subs)["current"].to_list() == [True, True]


def test_an_empty_frame_gives_an_empty_queue_with_the_flags():
    queue = queue_order(_subs())
    assert queue.is_empty() and {"current", "waiting"} <= set(queue.columns)


def test_the_demo_queue_follows_review_actions(demo_engine):
    queue = review_queue(demo_engine, SYSTEM, 2025)
    waiting = queue.filter(pl.col("waiting"))
    assert waiting.height == queue["waiting"].sum() > 2
    assert waiting["created_at"].is_sorted()
    assert set(waiting["review_status"]) == {"submitted"}
    assert queue["waiting"].to_list() == sorted(queue["waiting"], reverse=True)
    first, second = waiting["submission_id"][0], waiting["submission_id"][1]
    approve_version(demo_engine, SYSTEM, first)
    return_version(demo_engine, SYSTEM, second, "Please add the budgets")
    after = review_queue(demo_engine, SYSTEM, 2025)
    assert after.filter(pl.col("waiting"))["submission_id"].to_list()[:1] != [first]
    assert not after.filter(pl.col("submission_id").is_in([first, second]))["waiting"].any()
    assert after.height == queue.height


def test_only_reviewers_have_a_queue(demo_engine):
    with pytest.raises(Denied):
        review_queue(demo_engine, Actor("a@org5.example", "signatory", "ORG005"))


def test_a_signatory_sees_every_version_of_its_own_organisations_only(demo_engine):
    subs = queries.load_submissions(demo_engine)
    actor = Actor("a@example.org", "signatory", ("ORG024", "org035"))
    own = own_versions(subs, actor)
    assert set(own["organisation_code"]) == {"ORG024", "ORG035"}
    expected = subs.filter(pl.col("organisation_code").is_in(["ORG024", "ORG035"])).height
    assert own.height == expected
    # ORG024 2025 was returned and answered by version 2: nothing left to correct.
    assert not own["to_correct"].any()
    assert own["year"].is_sorted(descending=True)


def test_a_return_to_correct_comes_first_for_its_signatory(demo_engine):
    subs = queries.load_submissions(demo_engine)
    own = own_versions(subs, Actor("a@example.org", "signatory", "ORG005"))
    first = own.row(0, named=True)  # the demo's ORG005 2025 version 1 was returned
    assert (first["year"], first["version"], first["review_status"]) == (2025, 1, "returned")
    assert own["to_correct"].to_list() == [True] + [False] * (own.height - 1)
    assert own["year"][1:].is_sorted(descending=True)
