"""The Reports page's parts: the period, data and language of the report, the quotes the
rule would choose (each can be left out), the Build button with its progress, and the
downloads.

The build itself is `report.build.build_report`, which checks the acting user again and
records the event; this module only asks and shows.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
import streamlit as st

from nap_data.filters import Filters
from nap_data.formatting import format_eur, format_int
from nap_data.i18n import LANGUAGES
from nap_data.report.annex import selection_text
from nap_data.report.build import ReportError, build_report
from nap_data.report.context import Context
from nap_data.report.quotes import candidates
from nap_data.report.words import count_of
from nap_data.services.access import Denied, readable_scope
from nap_data.ui import loaders, md
from nap_data.vocab import DataScope

SHOWN_PER_KIND = 5  # candidates listed per goal and kind; the rule picks the first not ticked
RESULT = "report_result"
MIMES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "charts": "application/zip",
}


@dataclass(frozen=True)
class Choice:
    filters: Filters  # the sidebar's, with the period and data scope chosen here
    lang: str


def choices(page) -> Choice:
    years = list(page.plan.years)
    f = page.filters
    first, last = st.select_slider(
        page.t("report.panel.period"),
        options=years,
        value=(page.plan.clamp_year(f.year_from), page.plan.clamp_year(f.year_to)),
        help=page.t("report.panel.period_help"),
        key="report_period",
    )
    left, right = st.columns(2)
    with left:
        scope = st.segmented_control(
            page.t("report.panel.scope"),
            [str(s) for s in DataScope],
            default=str(f.scope),
            format_func=lambda s: page.t(f"scope.{s}"),
            required=True,
            key="report_scope",
        )
    with right:
        lang = st.segmented_control(
            page.t("report.panel.language"),
            LANGUAGES,
            default=page.lang,
            format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
            required=True,
            key="report_lang",
        )
    scope = readable_scope(page.actor, DataScope(scope or f.scope))
    chosen = replace(f, year_from=first, year_to=last, scope=scope)
    selection = selection_text(Context(page.lang, page.plan, chosen))
    st.caption(page.t("report.panel.filters", selection=md(selection)))
    return Choice(chosen, lang or page.lang)


def quotes(page, choice: Choice) -> tuple[str, ...]:
    """The candidates per goal, best first, each with a box to leave it out; the ones ticked."""
    f = choice.filters
    found = candidates(
        loaders.narratives(f.scope),
        loaders.submissions(),
        range(f.year_from, f.year_to + 1),
        f.goals or page.plan.goal_numbers,
        f.organisations,
    )
    st.subheader(page.t("report.panel.quotes"))
    st.caption(page.t("report.panel.quotes_help"))
    excluded: list[str] = []
    for number, label in page.plan.goal_labels(page.lang, f.goals).items():
        mine = found.filter(pl.col("goal") == number)
        title = page.t(
            "report.panel.goal_quotes", goal=md(label), n=format_int(mine.height, page.lang)
        )
        with st.expander(title):
            if not mine.height:
                st.caption(page.t("report.panel.no_candidates"))
            for kind in ("highlights", "challenges", "lessons"):
                excluded += _kind(page, mine.filter(pl.col("kind") == kind), kind)
    if excluded:
        st.caption(page.t("report.panel.excluded_count", n=format_int(len(excluded), page.lang)))
    return tuple(excluded)


def _kind(page, entries: pl.DataFrame, kind: str) -> list[str]:
    if not entries.height:
        return []
    st.markdown(f"**{page.t(f'report.kind.{kind}')}**")
    excluded, quoted = [], False
    for row in entries.head(SHOWN_PER_KIND).iter_rows(named=True):
        box, text = st.columns([1, 5])
        with box:
            left_out = st.checkbox(page.t("report.panel.exclude"), key=f"quote_{row['key']}")
        with text:
            who = f"{md(row['organisation_name'])} · {row['year']}"
            if not left_out and not quoted:
                who += f" · **{page.t('report.panel.chosen')}**"
                quoted = True
            st.caption(who)
            st.text(row["text"])  # the signatory's words: no Markdown, no HTML
        if left_out:
            excluded.append(row["key"])
    if entries.height > SHOWN_PER_KIND:
        more = format_int(entries.height - SHOWN_PER_KIND, page.lang)
        st.caption(page.t("report.panel.more", n=more))
    return excluded


def build(page, choice: Choice, excluded: tuple[str, ...]) -> None:
    if st.button(page.t("report.panel.build"), type="primary", icon=":material/description:"):
        _run(page, choice, excluded)
    result = st.session_state.get(RESULT)
    if result:
        _downloads(page, result)


def _run(page, choice: Choice, excluded: tuple[str, ...]) -> None:
    f = choice.filters
    with st.status(page.t("report.panel.building"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            with tempfile.TemporaryDirectory(prefix="nap-report-") as folder:
                files = build_report(
                    loaders.engine(),
                    page.actor,
                    f.year_from,
                    f.year_to,
                    lang=choice.lang,
                    scope=f.scope,
                    filters=f,
                    excluded_quotes=excluded,
                    out_dir=Path(folder),
                    progress=lambda fraction, text: bar.progress(min(fraction, 1.0), text=text),
                    plan_code=page.plan.code,
                )
                st.session_state[RESULT] = _kept(files)
        except (Denied, ReportError) as exc:
            status.update(state="error")
            st.error(exc.message(page.lang), icon=":material/block:")
            return
        seconds = f"{files.seconds:.1f}"
        status.update(label=page.t("report.panel.built", seconds=seconds), state="complete")


def _kept(files) -> dict:
    """The bytes and names of the files, and the figures to check them by (the temporary
    folder is gone once the page has them)."""
    paths = {
        "docx": files.docx,
        "pdf": files.pdf,
        "html": files.html,
        "xlsx": files.xlsx,
        "charts": files.charts_zip,
    }
    fig = files.report.figures
    return {
        "files": {kind: (path.name, path.read_bytes()) for kind, path in paths.items()},
        "figures": {k: fig[k] for k in ("from", "to", "activities", "budget_eur")},
        "lang": files.report.lang,
    }


def _downloads(page, result: dict) -> None:
    st.subheader(page.t("report.panel.downloads"))
    fig = result["figures"]
    period = str(fig["from"]) if fig["from"] == fig["to"] else f"{fig['from']}–{fig['to']}"
    st.caption(
        page.t(
            "report.panel.check",
            activities=count_of("activity", fig["activities"], page.lang),
            budget=format_eur(fig["budget_eur"], page.lang),
            period=period,
        )
    )
    columns = st.columns(len(MIMES))
    for column, (kind, (name, data)) in zip(columns, result["files"].items(), strict=True):
        with column:
            st.download_button(
                page.t(f"report.panel.{kind}"),
                data,
                file_name=name,
                mime=MIMES[kind],
                key=f"report_download_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )


__all__ = ["choices", "quotes", "build", "Choice"]
