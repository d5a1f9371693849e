"""Cached access to the store for the pages.

The engine is cached per process; frames are cached per data version (which
grows with every write) and data scope, so an import shows up at once.
"""

from __future__ import annotations

import polars as pl
import streamlit as st
from sqlalchemy import Engine

from nap_data import queries, store
from nap_data.plan import Plan
from nap_data.services import access
from nap_data.ui.identity import current_actor
from nap_data.vocab import DataScope


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return store.make_engine(url)


def engine() -> Engine:
    # Keyed by URL so that a changed NAP_DATABASE_URL (tests) gets its own engine.
    return _engine(store.database_url())


def store_ready() -> bool:
    return store.schema_is_current(engine())


def version() -> tuple[str, int]:
    """The cache key of every frame: the store's URL (two stores never share frames) and its
    data version (which moves with every committed write)."""
    return store.database_url(), store.data_version(engine())


# `data_version` is unused in the bodies on purpose: it is part of the cache key.
@st.cache_data(show_spinner=False, max_entries=16)
def _activities(data_version: tuple[str, int], scope: str) -> pl.DataFrame:
    return queries.load_activities(engine(), DataScope(scope))


@st.cache_data(show_spinner=False, max_entries=16)
def _values(data_version: tuple[str, int], scope: str) -> pl.DataFrame:
    return queries.load_indicator_values(engine(), DataScope(scope))


@st.cache_data(show_spinner=False, max_entries=16)
def _narratives(data_version: tuple[str, int], scope: str) -> pl.DataFrame:
    return queries.load_narratives(engine(), DataScope(scope))


@st.cache_data(show_spinner=False, max_entries=8)
def _organisations(data_version: tuple[str, int]) -> pl.DataFrame:
    return queries.load_organisations(engine())


@st.cache_data(show_spinner=False, max_entries=8)
def _submissions(data_version: tuple[str, int], visible: tuple[str, ...] | None) -> pl.DataFrame:
    # Keyed on whose versions the caller sees, so no entry crosses organisations.
    subs = queries.load_submissions(engine())
    if visible is None:
        return subs
    return subs.filter(
        (pl.col("review_status") == "approved")
        | pl.col("organisation_code").str.to_uppercase().is_in(list(visible))
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _indicators(data_version: tuple[str, int], plan_code: str | None) -> pl.DataFrame:
    return queries.load_indicators(engine(), plan_code)


@st.cache_data(show_spinner=False, max_entries=8)
def _goals(data_version: tuple[str, int]) -> pl.DataFrame:
    return queries.load_goals(engine())


@st.cache_data(show_spinner=False, max_entries=8)
def _plans(data_version: tuple[str, int]) -> tuple[Plan, ...]:
    return queries.load_plans(engine())


@st.cache_data(show_spinner=False, max_entries=8)
def _is_demo(data_version: tuple[str, int]) -> bool:
    return queries.demo_loaded(engine())


def _scope(scope: DataScope) -> str:
    # Whatever a page or URL asks for, a viewer or signatory counts approved returns only.
    return str(access.readable_scope(current_actor(), DataScope(scope)))


def activities(scope: DataScope) -> pl.DataFrame:
    return _activities(version(), _scope(scope))


def indicator_values(scope: DataScope) -> pl.DataFrame:
    return _values(version(), _scope(scope))


def narratives(scope: DataScope) -> pl.DataFrame:
    return _narratives(version(), _scope(scope))


def organisations() -> pl.DataFrame:
    return _organisations(version())


def submissions() -> pl.DataFrame:
    """Return versions: every one for the secretariat; approved ones and the caller's own
    organisations' for the others (services.access.visible_organisations)."""
    return _submissions(version(), access.visible_organisations(current_actor()))


def indicators(plan_code: str | None) -> pl.DataFrame:
    """The indicators of one plan."""
    return _indicators(version(), plan_code)


def goals() -> pl.DataFrame:
    return _goals(version())


def plans() -> tuple[Plan, ...]:
    return _plans(version())


def framework(plan_code: str):
    """One plan's results framework as the store holds it (template, validator)."""
    return _framework(version(), plan_code)


def frameworks():
    """Every plan's framework: an upload is checked against the plan that holds its year."""
    return _frameworks(version())


@st.cache_data(show_spinner=False, max_entries=8)
def _framework(data_version: tuple[str, int], plan_code: str):
    return queries.load_framework(engine(), plan_code)


@st.cache_data(show_spinner=False, max_entries=8)
def _frameworks(data_version: tuple[str, int]):
    return queries.load_frameworks(engine())


def is_demo() -> bool:
    return _is_demo(version())


@st.cache_data(show_spinner=False, max_entries=8)
def _framework_history(data_version: tuple[str, int], indicator: str | None) -> pl.DataFrame:
    return queries.load_framework_history(engine(), indicator)


def framework_history(indicator: str | None = None) -> pl.DataFrame:
    """Audited framework changes, newest first (one indicator's with `indicator`)."""
    return _framework_history(version(), indicator)
