"""Two reviewers acting on one version at the same moment: exactly one decision lands."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from nap_data.framework import load_framework
from nap_data.models import AuditEvent, Submission
from nap_data.returns.samples import clean_return
from nap_data.services import POLICY_OFFICER, SYSTEM, Actor
from nap_data.services.imports import import_return
from nap_data.services.review import ReviewError, approve_version, return_version
from nap_data.store import read_session

ANNA = Actor("anna@bz.example", POLICY_OFFICER)
BART = Actor("bart@bz.example", POLICY_OFFICER)


@pytest.mark.parametrize("round_", range(3))
def test_an_approval_and_a_return_at_once_leave_one_decision(demo_any_url, round_):
    from nap_data.store import make_engine

    engine = make_engine(demo_any_url)
    result = import_return(engine, clean_return(load_framework()), "bz.xlsx", SYSTEM)
    version = result.submission_id
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def act(name, action):
        start.wait()
        try:
            outcomes[name] = action().review_status
        except ReviewError as exc:
            outcomes[name] = exc.code

    threads = [
        threading.Thread(target=act, args=("anna", lambda: approve_version(engine, ANNA, version))),
        threading.Thread(
            target=act,
            args=("bart", lambda: return_version(engine, BART, version, "budget te hoog")),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    decided = sorted(v for v in outcomes.values() if v in ("approved", "returned"))
    refused = [v for v in outcomes.values() if v == "review.only_submitted"]
    assert len(decided) == 1 and len(refused) == 1, outcomes
    with read_session(engine) as s:
        sub = s.get(Submission, version)
        assert sub.review_status == decided[0]
        events = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_id == version,
                AuditEvent.action.in_(("version_approved", "version_returned")),
            )
        ).all()
    assert len(events) == 1
    engine.dispose()
