"""Cached access to the store for the pages.

The engine is cached per process. Frames are cached per store URL, data version (which
moves with every committed write) and data scope, so an import shows up at once; where
the rows depend on the caller (`submissions`), also on whose return versions the caller
may see, so no entry crosses organisations.

Frames are shared, not copied: `st.cache_resource` hands every caller, in every
session, the *same* Polars DataFrame (st.cache_data would unpickle a fresh copy per call,
0.33 s for a 286k-row frame). A Polars frame is immutable unless someone calls one of its
in-place methods, so nothing may: no `insert_column`, `extend`, `vstack(..., in_place=True)`,
`df[...] = ...`, `.columns = ...`, `set_sorted` or `drop_in_place` on a frame from here.
Every operation that returns a new frame (`with_columns`, `filter`, `rename`, ...) is fine.
The other cached values are immutable too: plans and frameworks are frozen dataclasses of
tuples, the demo flag a bool.

The data version is asked of the store once per script run (`version`), not once per
loader call, and again after any commit through this process's engine, so an import shows
in the same run that made it. When a store's version moves, the frames of the versions
before it are dropped (`_observed`), so a write never leaves a stale copy of every frame
behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import polars as pl
import streamlit as st
from sqlalchemy import Engine
from streamlit.runtime.scriptrunner import get_script_run_ctx

from nap_data import queries, store
from nap_data.plan import Plan
from nap_data.services import access
from nap_data.ui.identity import current_actor
from nap_data.vocab import DataScope

Version = tuple[str, int]  # (store URL, data version): the first part of every frame's key

# Entries per cached function. Old versions are dropped when a new one is seen; the limits
# bound what is left over when several stores are read by one process (the tests do that).
_FRAMES_KEPT = 8  # e.g. two stores x two scopes x two versions
_SMALL_KEPT = 16  # small per-caller or per-argument values (submissions, indicators)


def _dispose(engine: Engine) -> None:
    engine.dispose()  # its pooled connections; one still checked out closes when returned


@st.cache_resource(show_spinner=False, on_release=_dispose)
def _engine(url: str) -> Engine:
    engine = store.make_engine(url)
    # Every commit through this engine (an import, an approval) makes the next `version()`
    # ask the store again, even within the same run.
    store.on_commit(engine, _count_commit)
    return engine


_commits_lock = threading.Lock()
_commits = 0


def _count_commit(_conn) -> None:
    global _commits
    with _commits_lock:
        _commits += 1


def engine() -> Engine:
    # Keyed by URL so that a changed NAP_DATABASE_URL (tests) gets its own engine.
    return _engine(store.database_url())


# A store whose schema is current stays so while the app runs: that answer is kept (asked
# again after `ttl`, so a store replaced under the same URL is noticed); `validate` drops
# a "not ready" at once, so an unready store is asked again on every run.
@st.cache_resource(show_spinner=False, ttl=60, max_entries=_SMALL_KEPT, validate=bool)
def _schema_current(url: str) -> bool:
    return store.schema_is_current(_engine(url))


def store_ready() -> bool:
    return _schema_current(store.database_url())


_MEMO = "_nap_data_version"  # attribute of the script run context: (run, commits, found)


def version() -> Version:
    """The cache key of every frame: the store's URL (two stores never share frames) and its
    data version (which moves with every committed write).

    Asked once per script run: the run context's `cursors` dict is replaced when a run
    starts (ScriptRunContext.reset), so it marks the run; a commit through this process's
    engine (`_count_commit`) makes the next call ask again.
    """
    url = store.database_url()
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:  # outside a script run (bare mode): no run to remember it for
        return _observed(url, store.data_version(engine()))
    memo = getattr(ctx, _MEMO, None)
    if memo is not None and memo[0] is ctx.cursors and memo[1] == _commits and memo[2][0] == url:
        return memo[2]
    commits = _commits  # read before asking, so a commit meanwhile makes the next call ask
    found = _observed(url, store.data_version(engine()))
    setattr(ctx, _MEMO, (ctx.cursors, commits, found))
    return found


# --- dropping the frames of older data versions -----------------------------------------

_seen_lock = threading.Lock()
_newest: dict[str, int] = {}  # store URL -> newest data version seen
# store URL -> {(cached function, the args' identity): args}; args may hold frames, which
# are not hashable, so an entry is known by the hashable args and the others' id().
_keys: dict[str, dict[tuple, tuple[Callable, tuple]]] = {}


def _observed(url: str, number: int) -> Version:
    """Note `number` as the store's version; a newer one drops the older versions' frames."""
    stale: list[tuple[Callable, tuple]] = []
    with _seen_lock:
        if number > _newest.get(url, -1):
            _newest[url] = number
            keys = _keys.get(url, {})
            old = [k for k, (_, args) in keys.items() if args[0][1] < number]
            stale = [keys.pop(k) for k in old]
    for cached, args in stale:
        cached.clear(*args)  # the sessions that hold such a frame keep it until they let go
    return url, number


def remembered(cached: Callable, *args):
    """Call `cached(*args)` (args[0] is the Version) and remember the key for `_observed`, so
    the entry is dropped when the store's version moves (ui.prepared uses it too)."""
    identity = (cached, tuple(_identity(a) for a in args))
    with _seen_lock:
        _keys.setdefault(args[0][0], {})[identity] = (cached, args)
    return cached(*args)


def _identity(value: object) -> object:
    try:
        hash(value)
    except TypeError:  # a frame or a tuple of frames: known by the object itself
        return ("id", id(value))
    return value


# --- the cached frames --------------------------------------------------------------------
# `data_version` is unused in the bodies on purpose: it is part of the cache key.


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _activities(data_version: Version, scope: str) -> pl.DataFrame:
    return queries.load_activities(engine(), DataScope(scope))


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _values(data_version: Version, scope: str) -> pl.DataFrame:
    return queries.load_indicator_values(engine(), DataScope(scope))


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _narratives(data_version: Version, scope: str) -> pl.DataFrame:
    return queries.load_narratives(engine(), DataScope(scope))


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _organisations(data_version: Version) -> pl.DataFrame:
    return queries.load_organisations(engine())


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _all_submissions(data_version: Version) -> pl.DataFrame:
    return queries.load_submissions(engine())


@st.cache_resource(show_spinner=False, max_entries=_SMALL_KEPT)
def _submissions(data_version: Version, visible: tuple[str, ...] | None) -> pl.DataFrame:
    # Keyed on whose versions the caller sees, so no entry crosses organisations.
    subs = remembered(_all_submissions, data_version)
    if visible is None:
        return subs
    return subs.filter(
        (pl.col("review_status") == "approved")
        | pl.col("organisation_code").str.to_uppercase().is_in(list(visible))
    )


@st.cache_resource(show_spinner=False, max_entries=_SMALL_KEPT)
def _indicators(data_version: Version, plan_code: str | None) -> pl.DataFrame:
    return queries.load_indicators(engine(), plan_code)


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _goals(data_version: Version) -> pl.DataFrame:
    return queries.load_goals(engine())


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _plans(data_version: Version) -> tuple[Plan, ...]:
    return queries.load_plans(engine())  # frozen dataclasses: safe to share


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _is_demo(data_version: Version) -> bool:
    return queries.demo_loaded(engine())


@st.cache_resource(show_spinner=False, max_entries=_SMALL_KEPT)
def _framework(data_version: Version, plan_code: str):
    return queries.load_framework(engine(), plan_code)  # a frozen dataclass of tuples


@st.cache_resource(show_spinner=False, max_entries=_FRAMES_KEPT)
def _frameworks(data_version: Version):
    return queries.load_frameworks(engine())


@st.cache_resource(show_spinner=False, max_entries=_SMALL_KEPT)
def _framework_history(data_version: Version, indicator: str | None) -> pl.DataFrame:
    return queries.load_framework_history(engine(), indicator)


def readable_scope(scope: DataScope) -> str:
    """The scope the caller may count: whatever a page or URL asks for, a viewer or
    signatory counts approved returns only."""
    return str(access.readable_scope(current_actor(), DataScope(scope)))


def activities(scope: DataScope) -> pl.DataFrame:
    return remembered(_activities, version(), readable_scope(scope))


def indicator_values(scope: DataScope) -> pl.DataFrame:
    return remembered(_values, version(), readable_scope(scope))


def narratives(scope: DataScope) -> pl.DataFrame:
    return remembered(_narratives, version(), readable_scope(scope))


def organisations() -> pl.DataFrame:
    return remembered(_organisations, version())


def submissions() -> pl.DataFrame:
    """Return versions: every one for the secretariat; approved ones and the caller's own
    organisations' for the others (services.access.visible_organisations)."""
    visible = access.visible_organisations(current_actor())
    return remembered(_submissions, version(), visible)


def indicators(plan_code: str | None) -> pl.DataFrame:
    """The indicators of one plan."""
    return remembered(_indicators, version(), plan_code)


def goals() -> pl.DataFrame:
    return remembered(_goals, version())


def plans() -> tuple[Plan, ...]:
    return remembered(_plans, version())


def framework(plan_code: str):
    """One plan's results framework as the store holds it (template, validator)."""
    return remembered(_framework, version(), plan_code)


def frameworks():
    """Every plan's framework: an upload is checked against the plan that holds its year."""
    return remembered(_frameworks, version())


def is_demo() -> bool:
    return remembered(_is_demo, version())


def framework_history(indicator: str | None = None) -> pl.DataFrame:
    """Audited framework changes, newest first (one indicator's with `indicator`)."""
    return remembered(_framework_history, version(), indicator)
