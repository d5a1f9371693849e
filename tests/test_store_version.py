"""The data version that every cache keys on moves at commit, in commit order, and only
for data changes (issue 13's stale-cache interleaving; issue 10's preview-is-no-write)."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from nap_data.models import AuditEvent, Organisation
from nap_data.services import SYSTEM
from nap_data.services.audit import NO_DATA_CHANGE, record
from nap_data.store import data_version, read_session, write_session


def _org(code: str) -> Organisation:
    return Organisation(code=code, name=f"Org {code}", type="cso", joined_on=dt.date(2021, 1, 1))


def _codes(engine) -> set[str]:
    with read_session(engine) as s:
        return set(s.scalars(select(Organisation.code)))


def test_a_reader_never_sees_a_version_without_the_data_written_under_it(any_engine):
    """A takes its version first and commits last; B starts later. With max(audit id) a
    reader could see B's higher id while A's rows were still missing, and cache that."""
    v0 = data_version(any_engine)
    a_wrote, a_may_commit, b_done = threading.Event(), threading.Event(), threading.Event()
    seen: list[tuple[int, set[str]]] = []

    def writer_a():
        with write_session(any_engine) as s:
            s.add(_org("AAA"))
            record(s, SYSTEM, "organisation_added", "organisation", None)
            s.flush()
            a_wrote.set()
            a_may_commit.wait(30)

    def writer_b():
        with write_session(any_engine) as s:
            s.add(_org("BBB"))
            record(s, SYSTEM, "organisation_added", "organisation", None)
        b_done.set()

    a = threading.Thread(target=writer_a)
    a.start()
    assert a_wrote.wait(30)
    b = threading.Thread(target=writer_b)
    b.start()
    # While A is open, B waits for it (SQLite's write lock, PostgreSQL's row lock on the
    # counter); every version a reader sees comes with all data committed under it.
    assert not b_done.wait(1.0)
    for _ in range(3):
        seen.append((data_version(any_engine), _codes(any_engine)))
    a_may_commit.set()
    a.join(30)
    b.join(30)
    seen.append((data_version(any_engine), _codes(any_engine)))
    assert seen[0] == (v0, set()), "nothing is visible before a commit"
    assert seen[-1] == (v0 + 2, {"AAA", "BBB"})
    for version, codes in seen:
        assert len(codes) == version - v0


def test_a_rolled_back_write_leaves_the_version(any_engine):
    before = data_version(any_engine)
    try:
        with write_session(any_engine) as s:
            s.add(_org("CCC"))
            record(s, SYSTEM, "organisation_added", "organisation", None)
            s.flush()
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert data_version(any_engine) == before and _codes(any_engine) == set()


def test_events_that_change_no_figure_are_kept_but_leave_the_version(any_engine):
    before = data_version(any_engine)
    with write_session(any_engine) as s:
        for action in sorted(NO_DATA_CHANGE):
            record(s, SYSTEM, action, "test", None)
    with read_session(any_engine) as s:
        kept = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "test")
        )
    assert kept == len(NO_DATA_CHANGE) and data_version(any_engine) == before
    with write_session(any_engine) as s:
        record(s, SYSTEM, "version_added", "submission", None)
    assert data_version(any_engine) == before + 1
