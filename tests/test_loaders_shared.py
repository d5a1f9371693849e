"""ui.loaders: frames shared between sessions (one object, no copy), the data version asked
once per script run and again after a commit, and an older version's frames dropped.

The scripts run through AppTest (a script run context, as on the server); what they find
goes into session state, which the test reads.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _run(script, **state) -> AppTest:
    at = AppTest.from_function(script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame_ids():
    import streamlit as st

    from nap_data.ui import loaders
    from nap_data.vocab import DataScope

    frames = (loaders.activities(DataScope.SUBMITTED_AND_APPROVED), loaders.organisations())
    st.session_state["ids"] = [id(f) for f in frames]
    st.session_state["same_again"] = loaders.organisations() is frames[1]


def test_two_sessions_get_the_same_frame_objects(demo_db):
    first, second = _run(_frame_ids), _run(_frame_ids)  # two AppTests: two sessions
    assert first.session_state["same_again"]
    assert first.session_state["ids"] == second.session_state["ids"]


def _count_version_queries():
    import streamlit as st

    from nap_data import store
    from nap_data.ui import loaders
    from nap_data.vocab import DataScope

    asked = []
    real = store.data_version
    store.data_version = lambda engine: asked.append(1) or real(engine)
    try:
        for _ in range(3):
            loaders.activities(DataScope.SUBMITTED_AND_APPROVED)
            loaders.organisations()
            loaders.submissions()
        st.session_state["asked"] = len(asked)
    finally:
        store.data_version = real


def test_the_data_version_is_asked_once_per_run(demo_db):
    assert _run(_count_version_queries).session_state["asked"] == 1
    assert _run(_count_version_queries).session_state["asked"] == 1  # and again next run


def _write_in_the_run():
    import contextlib
    import datetime as dt

    import streamlit as st

    from nap_data.models import Organisation
    from nap_data.queries.reading import cursor_path
    from nap_data.services import SYSTEM
    from nap_data.services.audit import record
    from nap_data.store import write_session
    from nap_data.ui import loaders

    path = cursor_path() if st.session_state["cursor"] else contextlib.nullcontext()
    with path:
        before_version = loaders.version()
        before = loaders.organisations()
        with write_session(loaders.engine()) as s:
            new = Organisation(code="NEW1", name="Nieuw", type="cso", joined_on=dt.date(2025, 1, 1))
            s.add(new)
            record(s, SYSTEM, "organisation_added", "organisation", None)
        after = loaders.organisations()
        st.session_state["versions"] = (before_version[1], loaders.version()[1])
        st.session_state["codes"] = [
            list(f["organisation_code"]).count("NEW1") for f in (before, after)
        ]
        # The old version's entry is gone: asking for it builds a new frame.
        st.session_state["old_dropped"] = loaders._organisations(before_version) is not before


def _check_write_in_the_run(cursor: bool) -> None:
    at = _run(_write_in_the_run, cursor=cursor)
    old, new = at.session_state["versions"]
    assert new == old + 1
    assert at.session_state["old_dropped"]
    assert at.session_state["codes"] == [0, 1]


def test_a_write_in_the_same_run_shows_at_once_and_drops_the_old_frames(demo_db):
    _check_write_in_the_run(cursor=True)  # the rows as tuples through SQLAlchemy's cursor


def test_the_same_through_the_path_the_app_reads(demo_db):
    _check_write_in_the_run(cursor=False)  # queries' own choice of read path for the store


def _country_options():
    import streamlit as st

    from nap_data.countries import country_name
    from nap_data.ui import loaders
    from nap_data.ui.sidebar import country_options
    from nap_data.vocab import DataScope

    options = country_options("en")
    acts = loaders.activities(DataScope.SUBMITTED_AND_APPROVED)
    codes = sorted({c for row in acts["countries"].to_list() for c in (row or [])})
    st.session_state["options"] = dict(options)
    st.session_state["expected"] = {c: country_name(c, "en") for c in codes}
    st.session_state["cached"] = country_options("en") is options


def test_country_options_are_every_named_country_with_its_name_once_per_version(demo_db):
    at = _run(_country_options)
    assert at.session_state["options"] == at.session_state["expected"]
    assert list(at.session_state["options"]) == sorted(at.session_state["expected"])
    assert at.session_state["cached"]


def _overview_across_a_write():
    import datetime as dt

    import streamlit as st

    from nap_data.models import Organisation
    from nap_data.services import SYSTEM, access
    from nap_data.services.audit import record
    from nap_data.store import write_session
    from nap_data.ui import loaders, prepared
    from nap_data.ui.identity import current_actor
    from nap_data.vocab import DataScope

    scope = DataScope.SUBMITTED_AND_APPROVED
    plan = loaders.plans()[0]
    before_version = loaders.version()
    before = prepared.overview(scope, plan)
    st.session_state["shared"] = prepared.overview(scope, plan) is before
    with write_session(loaders.engine()) as s:
        s.add(Organisation(code="NEW2", name="Nieuw", type="cso", joined_on=dt.date(2025, 1, 1)))
        record(s, SYSTEM, "organisation_added", "organisation", None)
    after = prepared.overview(scope, plan)
    st.session_state["rebuilt"] = after is not before
    readable = loaders.readable_scope(scope)
    visible = access.visible_organisations(current_actor())
    frames = (
        loaders.activities(scope),
        loaders.indicator_values(scope),
        loaders.organisations(),
        loaders.submissions(),
        loaders.indicators(plan.code),
    )  # any frames: a dropped entry is built again from them, a kept one is returned as is
    again = prepared._overview(before_version, readable, visible, plan.code, plan, frames)
    st.session_state["old_dropped"] = again is not before


def test_the_overviews_prepared_frames_are_shared_and_dropped_with_their_version(demo_db):
    at = _run(_overview_across_a_write)
    assert at.session_state["shared"]
    assert at.session_state["rebuilt"]
    assert at.session_state["old_dropped"]
