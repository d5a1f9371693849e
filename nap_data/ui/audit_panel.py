"""The Audit page's parts: filters, the list of events with its downloads, and "where does
this come from" for one organisation's return of one year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from nap_data.i18n import catalogue, t
from nap_data.labels import translate
from nap_data.services import audit_log
from nap_data.ui import loaders, tables

EVENT_COLUMNS = {
    "when": "audit.col.when", "who": "audit.col.who", "action": "audit.col.action",
    "entity": "audit.col.entity", "organisation_code": "audit.col.organisation",
    "year": "audit.col.year", "version": "audit.col.version", "file_name": "audit.col.file",
    "sha256": "audit.col.sha256", "detail": "audit.col.detail",
}  # fmt: skip
PROVENANCE_COLUMNS = {
    "version": "audit.col.version", "when": "audit.col.when", "who": "audit.col.who",
    "source": "audit.col.source", "file_name": "audit.col.file", "sha256": "audit.col.sha256",
    "review_status": "audit.col.status", "reviewed_by": "audit.col.reviewed_by",
    "reviewed_at": "audit.col.reviewed_at", "review_comment": "audit.col.comment",
    "restored_from": "audit.col.restored_from",
}  # fmt: skip
# identity.LOCAL_USER's name, which labels.MACHINE_ACTORS does not word (yet).
LOCAL_USER = "local user"


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo(audit_log.LOCAL)).date()


def events(page) -> None:
    """The filters and the list, newest first, with CSV and XLSX of what is listed."""
    engine = loaders.engine()
    facts = audit_log.trail_facts(engine, page.actor)
    with st.container(border=True):
        st.markdown(f"**{page.t('audit.filters')}**")
        since, until, kinds, people, organisation, text = _filters(page, facts)
    actions = [code for kind in kinds for code in audit_log.KINDS[kind]]
    frame = audit_log.audit_events(
        engine,
        page.actor,
        since=since,
        until=until,
        actions=actions,
        actors=people,
        organisation=organisation,
        text=text,
        lang=page.lang,
    )
    if frame.is_empty():
        st.info(page.t("audit.none_found"), icon=":material/search_off:")
        return
    caption = f"{page.t('audit.shown')} {page.t('audit.times')}"
    words = _in_words(frame, page.lang)
    tables.table(
        words, EVENT_COLUMNS, page.lang, key="audit_events", kinds={"who": "actor"}, caption=caption
    )
    if frame.height >= audit_log.LIMIT:
        st.caption(page.t("audit.limited", n=audit_log.LIMIT))


def _filters(page, facts: audit_log.TrailFacts):
    today = _today()
    first = min(facts.first_day or today, today)
    period_col, kind_col, person_col, org_col = st.columns([2, 3, 3, 2])
    period = period_col.date_input(
        page.t("audit.period"),
        (first, today),
        max_value=today,
        format="DD-MM-YYYY" if page.lang == "nl" else "YYYY-MM-DD",
        key="audit_period",
    )
    kinds = kind_col.multiselect(
        page.t("audit.kinds"),
        list(audit_log.KINDS),
        format_func=lambda kind: page.t(f"audit.kind.{kind}"),
        placeholder=page.t("audit.kinds_placeholder"),
        key="audit_kinds",
    )
    people = person_col.multiselect(
        page.t("audit.people"),
        facts.people,
        format_func=lambda who: person(who, page.lang),
        placeholder=page.t("audit.people_placeholder"),
        key="audit_people",
    )
    names = _organisation_names()
    organisation = org_col.selectbox(
        page.t("audit.organisation"),
        [None, *names],
        format_func=lambda code: page.t("audit.all_organisations") if code is None else names[code],
        key="audit_organisation",
    )
    text = st.text_input(page.t("audit.text"), key="audit_text", max_chars=200)
    # While a range is being picked the widget holds only its first day.
    since, until = (period[0], period[-1]) if period else (None, None)
    return since, until, kinds, people, organisation, text


def person(name: str, lang: str) -> str:
    """A person as the list shows them: their address, or a word for the app's own."""
    shown = _local_user(pl.DataFrame({"who": [name]}), ("who",), lang)
    return translate(shown, {"who": "actor"}, lang)["who"].item()


def _local_user(frame: pl.DataFrame, columns: tuple[str, ...], lang: str) -> pl.DataFrame:
    word = t("actor.local_user", lang)
    return frame.with_columns(pl.col(c).replace({LOCAL_USER: word}) for c in columns)


def _word(prefix: str, code: str | None, lang: str) -> str | None:
    """The label of a code, or the prefix's word for "other" (never the raw code)."""
    if code is None:
        return None
    key = f"{prefix}.{code}" if f"{prefix}.{code}" in catalogue() else f"{prefix}.other"
    return t(key, lang)


def _in_words(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    def mapped(column: str, prefix: str) -> pl.Expr:
        codes = [c for c in frame[column].unique().to_list() if c is not None]
        words = {c: _word(prefix, c, lang) for c in codes}
        return pl.col(column).replace_strict(words, default=None, return_dtype=pl.String)

    words = frame.with_columns(mapped("action", "audit.action"), mapped("entity", "audit.entity"))
    return _local_user(words, ("who",), lang)


def _organisation_names() -> dict[str, str]:
    orgs = loaders.organisations().sort("organisation_code")
    return {
        code: f"{name} ({code})"
        for code, name in zip(orgs["organisation_code"], orgs["organisation_name"], strict=True)
    }


def provenance(page) -> None:
    """Pick an organisation and a year: every version of that return, its file and review."""
    st.subheader(page.t("audit.provenance"))
    st.caption(page.t("audit.provenance_help"))
    names = _organisation_names()
    org_col, year_col = st.columns([3, 1])
    code = org_col.selectbox(
        page.t("audit.provenance_org"),
        list(names),
        index=None,
        format_func=names.get,
        placeholder=page.t("audit.provenance_pick"),
        key="audit_provenance_org",
    )
    years = _years(page)
    year = year_col.selectbox(
        page.t("audit.provenance_year"),
        years,
        index=years.index(page.filters.year_to) if page.filters.year_to in years else 0,
        key="audit_provenance_year",
    )
    if code is None:
        return
    frame = audit_log.provenance(loaders.engine(), page.actor, code, year)
    if frame.is_empty():
        st.info(page.t("audit.provenance_none", organisation=names[code], year=year))
        return
    words = _local_user(frame, ("who", "reviewed_by"), page.lang)
    tables.table(
        words,
        PROVENANCE_COLUMNS,
        page.lang,
        key=f"audit_provenance_{code}_{year}",
        kinds={"who": "actor", "source": "audit.source"},
        caption=page.t("audit.times"),
    )


def _years(page) -> list[int]:
    subs = loaders.submissions()
    plan_years = range(page.plan.start_year, page.plan.end_year + 1)
    return sorted({*plan_years, *subs["year"].to_list()}, reverse=True)
