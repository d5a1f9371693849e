"""The shared filters in the sidebar, bound to the URL so a link shows the same view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

import polars as pl
import streamlit as st

from nap_data.countries import all_regions, country_name
from nap_data.filters import Filters
from nap_data.formatting import format_int
from nap_data.i18n import t
from nap_data.plan import Plan, choose
from nap_data.services import Actor
from nap_data.services.access import sees_all_returns
from nap_data.ui import loaders
from nap_data.vocab import ActivityStatus, DataScope, Focus, OrgType, Progress

# The URL is kept in step by hand (not with bind="query-params"): Streamlit binds the
# *displayed label*, which changes with the language, while a shared link must mean the
# same view in Dutch and in English. KEPT survives page switches, which widget state does not.
KEPT = "_filters"
WRITTEN = "_query_written"


def default_year(plan: Plan) -> int:
    """Returns for a year come in early the next year, so last year is the one to look at."""
    return plan.clamp_year(dt.date.today().year - 1)


def first_filters(plan: Plan) -> Filters:
    """The filters of the URL the session started with (plan start to last year by default)."""
    params = st.query_params.to_dict()
    f = Filters.from_query(params, plan)
    if "year_to" not in params:
        f = replace(f, year_to=max(f.year_from, default_year(plan)))
    return f


def restore_widgets(plan: Plan, force: bool) -> None:
    """Give every filter widget its value from the kept filters when it has none.

    Streamlit drops widget state on a page switch; a plain session key does not
    get dropped, so the view survives from page to page.
    """
    kept = st.session_state.get(KEPT)
    if kept is None or url_changed() or not _fits(kept, plan):
        # A new session, a link that carries other filters, or another plan: the address decides.
        st.session_state[KEPT] = first_filters(plan)
        force = True
    f: Filters = st.session_state[KEPT]
    values = {
        "years": (f.year_from, f.year_to),
        "goal": list(f.goals),
        "focus": list(f.focus),
        "org_type": list(f.org_types),
        "org": list(f.organisations),
        "country": list(f.countries),
        "region": list(f.regions),
        "status": list(f.statuses),
        "progress": list(f.progress),
        "scope": str(f.scope),
    }
    for key, value in values.items():
        if force or key not in st.session_state:
            st.session_state[key] = value


def _fits(f: Filters, plan: Plan) -> bool:
    years = plan.start_year <= f.year_from <= f.year_to <= plan.end_year
    return years and set(f.goals) <= set(plan.goal_numbers)


def url_changed() -> bool:
    """True when the address is not what this session last wrote (a link was followed)."""
    written = st.session_state.get(WRITTEN)
    return written is not None and _view_params() != written


# Parameters that belong to one page (a search word, the learning agenda's page and kinds)
# or to presentation mode: kept in the address, but not part of the shared filters.
PAGE_PARAMS = ("present", "slide", "q", "page", "kind")


def _view_params() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k not in PAGE_PARAMS}


def choose_plan(lang: str, plans: tuple[Plan, ...], new_page: bool = False) -> Plan:
    """The plan the dashboard shows: from the address (`plan=`), else the current one; a
    choice in the sidebar only when the store holds more than one plan."""
    # The address wins; else the plan kept from the last page (widget state does not survive
    # a page switch, a plain session key does); else the current plan.
    default = choose(plans, st.query_params.get("plan") or st.session_state.get("_plan"))
    if len(plans) == 1:
        return default
    by_code = {p.code: p for p in plans}
    if new_page or st.session_state.get("plan") not in by_code or url_changed():
        st.session_state["plan"] = default.code
    code = st.sidebar.selectbox(
        t("filter.plan", lang),
        list(by_code),
        format_func=lambda c: (
            f"{by_code[c].name(lang)} ({by_code[c].start_year}–{by_code[c].end_year})"
        ),
        key="plan",
    )
    st.session_state["_plan"] = code
    return by_code[code]


def sync_url(filters: Filters, lang: str, plan: Plan, several_plans: bool) -> None:
    """Write the current view into the address bar, so it can be copied and shared."""
    wanted = {**filters.to_query(), "lang": lang}
    if several_plans:
        wanted["plan"] = plan.code
    if _view_params() != wanted:
        kept = {k: v for k, v in st.query_params.to_dict().items() if k in PAGE_PARAMS}
        st.query_params.from_dict({**wanted, **kept})
    st.session_state[WRITTEN] = wanted


def page_param(name: str, value: str) -> None:
    """Keep one page's own parameter (e.g. the search word) in the address; empty removes it."""
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def draw_filters(
    lang: str,
    plan: Plan,
    new_page: bool = False,
    several_plans: bool = False,
    actor: Actor | None = None,
) -> Filters:
    restore_widgets(plan, new_page)
    with st.sidebar:
        st.markdown(f"**{t('filter.heading', lang)}**")
        years = st.select_slider(
            t("filter.years", lang),
            options=list(plan.years),
            # A pair makes it a range; the state comes from the URL.
            value=(plan.start_year, default_year(plan)),
            key="years",
            help=t("filter.years_help", lang),
        )
        goals = st.multiselect(
            t("filter.goal", lang),
            list(plan.goal_numbers),
            format_func=lambda g: plan.goal_label(g, lang),
            placeholder=t("filter.all", lang),
            key="goal",
        )
        focus = _multi("filter.focus", "focus", [str(f) for f in Focus], "focus", lang)
        org_types = _multi(
            "filter.org_type", "org_type", [str(o) for o in OrgType], "org_type", lang
        )
        names = organisation_options()
        organisations = st.multiselect(
            t("filter.organisation", lang),
            _listed_organisations(names, lang),
            format_func=names.__getitem__,  # every option is a key
            placeholder=t("filter.all", lang),
            key="org",
        )
        with st.expander(t("filter.more", lang)):
            options = country_options(lang)
            countries = st.multiselect(
                t("filter.country", lang),
                list(options),
                format_func=lambda c: options.get(c, c),
                placeholder=t("filter.all", lang),
                key="country",
            )
            regions = st.multiselect(
                t("filter.region", lang),
                all_regions(),
                format_func=lambda r: t(f"region.{r}", lang),
                placeholder=t("filter.all", lang),
                key="region",
            )
            statuses = _multi(
                "filter.status", "status", [str(s) for s in ActivityStatus], "status", lang
            )
            progress = _multi(
                "filter.progress", "progress", [str(p) for p in Progress], "progress", lang
            )
        if actor is None or sees_all_returns(actor):
            scope = st.radio(
                t("filter.scope", lang),
                [str(s) for s in DataScope],
                format_func=lambda s: t(f"scope.{s}", lang),
                key="scope",
                help=t("filter.scope_help", lang),
            )
        else:  # the board and signatories count approved returns only
            scope = str(DataScope.APPROVED_ONLY)
            st.caption(t("filter.scope_approved_only", lang))
    filters = Filters(
        year_from=int(years[0]),
        year_to=int(years[1]),
        goals=tuple(sorted(goals)),
        focus=tuple(focus),
        org_types=tuple(org_types),
        organisations=tuple(organisations),
        countries=tuple(countries),
        regions=tuple(sorted(regions)),
        statuses=tuple(statuses),
        progress=tuple(progress),
        scope=DataScope(scope),
    )
    st.session_state[KEPT] = filters
    sync_url(filters, lang, plan, several_plans)
    return filters


def _multi(label_key: str, key: str, options: list[str], kind: str, lang: str) -> list[str]:
    return st.multiselect(
        t(label_key, lang),
        options,
        format_func=lambda v: t(f"{kind}.{v}", lang),
        placeholder=t("filter.all", lang),
        key=key,
    )


# A register longer than this is not listed whole in the sidebar (a W2 register holds tens
# of thousands: Streamlit formats and sends every option on every rerun); a search field
# narrows the list instead.
ORGANISATIONS_LISTED = 500


def _listed_organisations(names: Mapping[str, str], lang: str) -> list[str]:
    """The organisation filter's options: the whole register when it is short; else the
    chosen ones and the first ORGANISATIONS_LISTED that match the search field."""
    if len(names) <= ORGANISATIONS_LISTED:
        return list(names)
    word = st.text_input(
        t("organisation_search.label", lang),
        key="org_search",
        help=t("organisation_search.help", lang),
    )
    labels = loaders.remembered(_organisation_labels, loaders.version(), names)
    found = labels.filter(labels["label"].str.contains(word.strip().lower(), literal=True))
    chosen = [c for c in st.session_state.get("org", []) if c in names]
    listed = chosen + [c for c in found["code"].head(ORGANISATIONS_LISTED) if c not in chosen]
    st.caption(
        t(
            "organisation_search.shown",
            lang,
            shown=format_int(len(listed), lang),
            total=format_int(len(names), lang),
        )
    )
    return listed


@st.cache_resource(show_spinner=False, max_entries=8)
def _organisation_labels(data_version: tuple[str, int], _names: Mapping[str, str]) -> pl.DataFrame:
    return pl.DataFrame({"code": list(_names), "label": [v.lower() for v in _names.values()]})


def organisation_options() -> Mapping[str, str]:
    """Every organisation of the register (code -> "name (code)"), once per data version:
    a W2 register holds thousands, too many to format on every rerun."""
    # Remembered by the loaders: a newer data version drops this one at once.
    return loaders.remembered(_organisation_options, loaders.version(), loaders.organisations())


# The register is the same for every caller (loaders.organisations has no per-caller part).
# The frame comes in unhashed (`_orgs`): it belongs to the key's data version.
@st.cache_resource(show_spinner=False, max_entries=8)
def _organisation_options(data_version: tuple[str, int], _orgs: pl.DataFrame) -> Mapping[str, str]:
    pairs = zip(_orgs["organisation_code"], _orgs["organisation_name"], strict=True)
    return MappingProxyType({code: f"{name} ({code})" for code, name in pairs})


def country_options(lang: str) -> Mapping[str, str]:
    """Every country that an activity the caller may count names (code -> name in `lang`),
    sorted by code: made once per data version, readable scope and language, not on every
    rerun (the explode and a name look-up per country)."""
    scope = loaders.readable_scope(DataScope.SUBMITTED_AND_APPROVED)
    acts = loaders.activities(DataScope(scope))
    return loaders.remembered(_country_options, loaders.version(), scope, lang, acts)


# Keyed on the scope the caller may read, as the activities are: a viewer's options never
# come from unapproved versions. Shared by every session, so read-only (MappingProxyType).
@st.cache_resource(show_spinner=False, max_entries=8)
def _country_options(
    data_version: tuple[str, int], scope: str, lang: str, _acts: pl.DataFrame
) -> Mapping[str, str]:
    codes = _acts.select("countries").explode("countries").drop_nulls()["countries"].unique()
    return MappingProxyType({code: country_name(code, lang) for code in sorted(codes.to_list())})
