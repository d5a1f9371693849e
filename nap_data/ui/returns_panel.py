"""The Returns page's parts: template download, upload with preview and import, review."""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from nap_data import queries
from nap_data.i18n import t
from nap_data.models import Submission
from nap_data.returns.annotate import annotated_copy
from nap_data.returns.template import build_template
from nap_data.services.imports import ACCEPTED, UNCHANGED, import_return, record_rejection
from nap_data.services.review import (
    ReviewError,
    approve,
    content_of,
    prefill,
    restore,
    return_for_revision,
)
from nap_data.store import read_session, write_session
from nap_data.ui import loaders, md, widgets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MARKED_KEPT = 10  # marked copies kept per session


def template_download(page, year: int) -> None:
    orgs = loaders.organisations()
    names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
    left, right = st.columns([3, 1])
    code = left.selectbox(
        page.t("returns.template_org"),
        list(names),
        format_func=lambda c: f"{names[c]} ({c})",
        key="tpl_org",
    )
    if not code:
        return
    with read_session(loaders.engine()) as session:
        start = prefill(session, code, year)
    data = build_template(
        loaders.framework(page.plan.code),
        code,
        names[code],
        year,
        start.activities,
        page.lang,
        indicators=start.indicators,
        narratives=start.narratives,
    )
    right.download_button(
        page.t("returns.template_download"),
        data,
        mime=XLSX,
        file_name=f"NAP1325-{code}-{year}.xlsx",
        key="tpl_dl",
        type="primary",
    )


def upload_and_import(page) -> None:
    files = st.file_uploader(
        page.t("returns.upload"),
        type=["xlsx"],
        accept_multiple_files=True,
        key="upload",
        help=page.t("returns.upload_help"),
    )
    if not files:
        return
    progress = st.progress(0.0)
    for n, f in enumerate(files, start=1):
        _preview_one(page, f.name, f.getvalue(), n)
        progress.progress(n / len(files), text=page.t("returns.checked", n=n, total=len(files)))


def _preview_one(page, name: str, data: bytes, n: int) -> None:
    engine, lang = loaders.engine(), page.lang
    preview = _preview(engine, name, data, lang)
    with st.container(border=True):
        st.markdown(f"**{md(name)}** — {page.t(f'returns.status_{preview.status}')}")
        if preview.status != "rejected":
            c = preview.counts
            cols = st.columns(5)
            for col, key in zip(
                cols,
                (
                    "activities_new",
                    "activities_changed",
                    "activities_unchanged",
                    "activities_removed",
                    "indicator_values",
                ),
                strict=True,
            ):
                col.metric(page.t(f"returns.count_{key}"), c[key])
            if preview.removed_titles:
                titles = "; ".join(md(title) for title in preview.removed_titles)
                st.warning(page.t("returns.removed_note", titles=titles))
        if preview.findings:
            table = pl.DataFrame(
                [f.as_dict(lang) for f in preview.findings],
                schema=["severity", "sheet", "cell", "column", "value", "message"],
                orient="row",
            )
            table = table.with_columns(
                pl.col("severity").replace_strict(
                    {"error": page.t("returns.error"), "warning": page.t("returns.warning")}
                )
            )
            widgets.table(
                table,
                {
                    "severity": "col.severity",
                    "sheet": "col.sheet",
                    "cell": "col.cell",
                    "column": "col.column",
                    "value": "col.value",
                    "message": "col.message",
                },
                lang,
                key=f"findings_{n}",
            )
            marked = _marked_copy(data, preview, lang)
            if marked:
                st.download_button(
                    page.t("returns.download_marked"),
                    marked,
                    mime=XLSX,
                    file_name=f"checked-{name}",
                    key=f"marked_{n}",
                )
            elif any(f.sheet and f.cell for f in preview.findings):
                st.caption(page.t("returns.preview.no_marked_copy"))
        if preview.status in (ACCEPTED, UNCHANGED):
            st.markdown(_target_line(page, preview))
        if preview.status == ACCEPTED and st.button(
            page.t("returns.import"), key=f"import_{n}", type="primary"
        ):
            result = import_return(engine, data, name, widgets.acting_user(), lang=lang)
            if result.status == ACCEPTED:
                st.success(
                    page.t("returns.imported", version=result.version), icon=":material/check:"
                )
            else:
                record_rejection(engine, result, widgets.acting_user())
                st.error(page.t(f"returns.status_{result.status}"))


def _target_line(page, preview) -> str:
    """Organisation, year and the version the import will create (from the dry run)."""
    orgs = loaders.organisations()
    names = dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))
    code = preview.organisation or ""
    key = (
        "returns.preview.target"
        if preview.status == ACCEPTED
        else "returns.preview.target_unchanged"
    )
    return page.t(
        key,
        organisation=md(names.get(code, code)),
        code=md(code),
        year=preview.year,
        version=preview.version,
    )


def _marked_copy(data: bytes, preview, lang: str) -> bytes | None:
    """The marked copy, made once per upload, language and set of findings (not per rerun)."""
    sha = hashlib.sha256(data).hexdigest()
    copies = st.session_state.setdefault("_marked_copies", {})
    key = (sha, lang, tuple((f.code, f.sheet, f.cell) for f in preview.findings))
    if key not in copies:
        while len(copies) >= _MARKED_KEPT:  # the oldest first: a session holds a few
            copies.pop(next(iter(copies)))
        copies[key] = annotated_copy(data, preview.findings, lang)
    return copies[key]


def _preview(engine, name: str, data: bytes, lang: str):
    """The dry run of one file, made again only when the store changed, not on every rerun.

    A rejected file is recorded in the audit trail once per session (what, by whom, why).
    """
    sha = hashlib.sha256(data).hexdigest()
    previews = st.session_state.setdefault("_previews", {})
    recorded = st.session_state.setdefault("_rejections_recorded", set())
    cached = previews.get((sha, lang))
    if cached is not None and (cached[0] == loaders.version() or cached[1].status == "rejected"):
        return cached[1]
    result = import_return(engine, data, name, widgets.acting_user(), dry_run=True, lang=lang)
    if result.status == "rejected" and sha not in recorded:
        record_rejection(engine, result, widgets.acting_user())
        recorded.add(sha)
    previews[(sha, lang)] = (loaders.version(), result)
    return result


def review(page, subs: pl.DataFrame) -> None:
    if subs.is_empty():
        st.info(page.t("common.no_data"))
        return

    def label(r: dict) -> str:
        state = page.t(f"return_state.{r['review_status']}")
        return f"{r['organisation_code']} {r['year']} v{r['version']} · {state}"

    labels = {r["submission_id"]: label(r) for r in subs.iter_rows(named=True)}
    chosen = st.selectbox(
        page.t("returns.pick_version"), list(labels), format_func=labels.get, key="review_pick"
    )
    row = subs.filter(pl.col("submission_id") == chosen).row(0, named=True)
    if row["review_comment"]:
        st.caption(f"{page.t('returns.comment')}: {md(row['review_comment'])}")
    comment = st.text_input(page.t("returns.comment"), key="review_comment")
    a, b, c, d = st.columns(4)
    if a.button(page.t("returns.approve"), key="approve", type="primary"):
        _act(page, lambda s: approve(s, widgets.acting_user(), chosen))
    if b.button(page.t("returns.send_back"), key="send_back"):
        _act(page, lambda s: return_for_revision(s, widgets.acting_user(), chosen, comment))
    if c.button(page.t("returns.restore"), key="restore"):
        _act(page, lambda s: restore(s, widgets.acting_user(), chosen))
    with st.expander(page.t("returns.view_version")):
        st.dataframe(_version_activities(chosen, page.lang), hide_index=True, key="version_view")
    original = queries.load_submission_file(loaders.engine(), chosen)
    if original:
        d.download_button(
            page.t("returns.download_original"),
            original,
            mime=XLSX,
            file_name=row["file_name"] or f"version-{chosen}.xlsx",
            key="orig",
        )


def _act(page, action) -> None:
    try:
        with write_session(loaders.engine()) as session:
            action(session)
    except ReviewError as exc:
        st.error(page.t(exc.code, **exc.params))
        return
    st.success(page.t("returns.done"))
    st.rerun()


def _version_activities(submission_id: int, lang: str) -> pl.DataFrame:
    """What one stored version says about activities, as a table for the reader."""
    with read_session(loaders.engine()) as session:
        content = content_of(session, session.get(Submission, submission_id))
    rows = [
        {
            t("col.reference", lang): a.reference,
            t("col.title", lang): a.title,
            t("col.goal", lang): a.goal_number,
            t("col.focus", lang): t(f"focus.{a.focus}", lang),
            t("col.countries", lang): "; ".join(a.countries),
            t("col.status", lang): t(f"status.{a.status}", lang),
            t("col.budget", lang): a.budget_eur,
        }
        for a in content.activities
    ]
    return pl.DataFrame(rows) if rows else pl.DataFrame()
