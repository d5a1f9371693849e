"""Several importers at once: no lost or duplicated versions, no "database is locked"
(T4, small)."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from nap_data.framework import load_framework
from nap_data.models import Organisation, Submission
from nap_data.returns.samples import ACTIVITIES_ROWS
from nap_data.returns.template import build_template
from nap_data.services import SYSTEM, Actor
from nap_data.services.imports import import_return
from nap_data.store import read_session, write_session


def test_concurrent_imports_give_distinct_versions(any_engine):
    fw = load_framework()
    with write_session(any_engine) as s:
        import datetime as dt

        s.add(Organisation(code="BZ", name="BZ", type="ministry", joined_on=dt.date(2020, 12, 11)))
    # Eight different files for the same organisation and year, imported at the same time.
    files = [
        build_template(
            fw,
            "BZ",
            "BZ",
            2025,
            [dataclasses.replace(ACTIVITIES_ROWS[0], budget_eur=1000.0 + n)],
            "nl",
        )
        for n in range(8)
    ]

    def run(n: int):
        return import_return(any_engine, files[n], f"f{n}.xlsx", Actor(f"user{n}", "admin"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(8)))
    assert [r.status for r in results] == ["accepted"] * 8
    with read_session(any_engine) as s:
        versions = s.scalars(
            select(Submission.version).where(Submission.year == 2025).order_by(Submission.version)
        ).all()
        assert versions == list(range(1, 9))
        assert s.scalar(select(func.count()).select_from(Submission)) == 8
    assert SYSTEM.role == "admin"
