"""The shared filters in the sidebar, bound to the URL so a link shows the same view."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from nap_data.countries import country_name
from nap_data.filters import PLAN_END, PLAN_START, Filters
from nap_data.i18n import t
from nap_data.ui import loaders
from nap_data.vocab import ActivityStatus, DataScope, Focus, OrgType, Progress

# Widgets keep their value across pages ("session") and live in the URL.
BOUND = {"bind": "query-params", "persist_state": "session"}


def default_year() -> int:
    """Returns for a year come in early the next year, so last year is the one to look at."""
    return min(max(dt.date.today().year - 1, PLAN_START), PLAN_END)


def draw_filters(lang: str) -> Filters:
    with st.sidebar:
        st.markdown(f"**{t('filter.heading', lang)}**")
        years = st.select_slider(
            t("filter.years", lang),
            options=list(range(PLAN_START, PLAN_END + 1)),
            value=(PLAN_START, default_year()),
            key="years",
            help=t("filter.years_help", lang),
            **BOUND,
        )
        goals = st.multiselect(
            t("filter.goal", lang), [1, 2, 3, 4, 5],
            format_func=lambda g: f"{g}. {t(f'goal.{g}', lang)}",
            placeholder=t("filter.all", lang), key="goal", **BOUND,
        )  # fmt: skip
        focus = _multi("filter.focus", "focus", [str(f) for f in Focus], "focus", lang)
        org_types = _multi("filter.org_type", "org_type", [str(o) for o in OrgType], "org_type", lang)  # fmt: skip
        orgs = loaders.organisations()
        names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
        organisations = st.multiselect(
            t("filter.organisation", lang), list(names),
            format_func=lambda c: f"{names.get(c, c)} ({c})",
            placeholder=t("filter.all", lang), key="org", **BOUND,
        )  # fmt: skip
        with st.expander(t("filter.more", lang)):
            countries = st.multiselect(
                t("filter.country", lang), _country_options(),
                format_func=lambda c: country_name(c, lang),
                placeholder=t("filter.all", lang), key="country", **BOUND,
            )  # fmt: skip
            statuses = _multi("filter.status", "status", [str(s) for s in ActivityStatus], "status", lang)  # fmt: skip
            progress = _multi("filter.progress", "progress", [str(p) for p in Progress], "progress", lang)  # fmt: skip
        scope = st.radio(
            t("filter.scope", lang), [str(s) for s in DataScope],
            format_func=lambda s: t(f"scope.{s}", lang),
            key="scope", help=t("filter.scope_help", lang), **BOUND,
        )  # fmt: skip
    return Filters(
        year_from=int(years[0]), year_to=int(years[1]), goals=tuple(sorted(goals)),
        focus=tuple(focus), org_types=tuple(org_types), organisations=tuple(organisations),
        countries=tuple(countries), statuses=tuple(statuses), progress=tuple(progress),
        scope=DataScope(scope),
    )  # fmt: skip


def _multi(label_key: str, key: str, options: list[str], kind: str, lang: str) -> list[str]:
    return st.multiselect(
        t(label_key, lang), options,
        format_func=lambda v: t(f"{kind}.{v}", lang),
        placeholder=t("filter.all", lang), key=key, **BOUND,
    )  # fmt: skip


def _country_options() -> list[str]:
    acts = loaders.activities(DataScope.SUBMITTED_AND_APPROVED)
    codes = acts.select("countries").explode("countries").drop_nulls()["countries"].unique()
    return sorted(codes.to_list())
