"""The upload tab of the Returns page: the prefilled template, then the upload with its
preview (a dry run: nothing is stored) and the Import button."""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from nap_data.labels import md
from nap_data.returns.annotate import annotated_copy
from nap_data.returns.template import build_template
from nap_data.services import access, review
from nap_data.services.imports import ACCEPTED, REJECTED, UNCHANGED, import_return, record_rejection
from nap_data.services.version_diff import upload_diff
from nap_data.ui import loaders, tables, version_view, widgets
from nap_data.ui.widgets import XLSX

ORG_MISMATCH = "returns.validate.org_mismatch"
_MARKED_KEPT = 10  # marked copies kept per session
COUNTS = (
    "activities_new", "activities_changed", "activities_unchanged", "activities_removed",
    "indicator_values",
)  # fmt: skip


def _names() -> dict[str, str]:
    orgs = loaders.organisations()
    return dict(zip(orgs["organisation_code"], orgs["organisation_name"], strict=True))


def template_download(page, year: int) -> None:
    """The organisation select lists only the organisations whose template the user may
    have (a signatory's own); the service checks again when the file is made."""
    names = {code: name for code, name in _names().items() if page.may(access.TEMPLATE, code)}
    if not names:
        st.info(page.t("review.no_template_organisation"))
        return
    left, right = st.columns([3, 1])
    code = left.selectbox(
        page.t("returns.template_org"),
        list(names),
        format_func=lambda c: f"{names[c]} ({c})",
        key="tpl_org",
    )
    if code:
        with right:
            template_button(page, code, names[code], year, key="tpl_dl")


def template_button(page, code: str, name: str, year: int, key: str) -> None:
    """The template of `code` for `year`, started from what the store holds; made only when
    someone clicks (the workbook takes a moment to build)."""
    actor, plan = page.actor, page.plan.code

    def workbook() -> bytes:
        start = review.template_start(loaders.engine(), actor, code, year)
        return build_template(
            loaders.framework(plan),
            code,
            name,
            year,
            start.activities,
            page.lang,
            indicators=start.indicators,
            narratives=start.narratives,
        )

    st.download_button(
        page.t("review.template_for", code=code, year=year),
        workbook,
        mime=XLSX,
        file_name=f"NAP1325-{code}-{year}.xlsx",
        key=key,
        type="primary",
        on_click="ignore",
        icon=":material/download:",
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
        with st.container(border=True):
            _preview_one(page, f.name, f.getvalue(), n)
        progress.progress(n / len(files), text=page.t("returns.checked", n=n, total=len(files)))


def _preview_one(page, name: str, data: bytes, n: int) -> None:
    preview, changes = _preview(name, data, page.lang)
    mismatch = [f for f in preview.findings if f.code == ORG_MISMATCH]
    if mismatch:  # another organisation's file: say so, and show nothing of what it holds
        st.markdown(f"**{md(name)}** — {page.t('returns.status_rejected')}")
        reason = md(mismatch[0].message(page.lang))  # it quotes what the file says
        st.error(page.t("review.other_organisation", reason=reason))
        return
    st.markdown(f"**{md(name)}** — {page.t(f'returns.status_{preview.status}')}")
    if preview.status in (ACCEPTED, UNCHANGED):
        st.markdown(_target_line(page, preview))
    if preview.status != REJECTED:
        for col, key in zip(st.columns(len(COUNTS)), COUNTS, strict=True):
            col.metric(page.t(f"returns.count_{key}"), preview.counts[key])
        if preview.removed_titles:
            titles = "; ".join(md(title) for title in preview.removed_titles)
            st.warning(page.t("returns.removed_note", titles=titles))
        if changes is not None and changes.changed:
            st.markdown(f"**{page.t('review.upload_changed', n=len(changes.changed))}**")
            version_view.changed_table(page, changes, key=f"changes_{n}")
    if preview.findings:
        _findings(page, name, data, preview, n)
    if preview.status == ACCEPTED and st.button(
        page.t("returns.import"), key=f"import_{n}", type="primary"
    ):
        _import(page, name, data)


def _import(page, name: str, data: bytes) -> None:
    actor = widgets.acting_user()
    result = import_return(loaders.engine(), data, name, actor, lang=page.lang)
    if result.status == ACCEPTED:
        st.success(page.t("returns.imported", version=result.version), icon=":material/check:")
        return
    if result.status == REJECTED:  # e.g. the framework changed since the preview
        record_rejection(loaders.engine(), result, actor)
    st.error(page.t(f"returns.status_{result.status}"))


def _findings(page, name: str, data: bytes, preview, n: int) -> None:
    lang = page.lang
    table = pl.DataFrame(
        [f.as_dict(lang) for f in preview.findings],
        schema=["severity", "sheet", "cell", "column", "value", "message"],
        orient="row",
    ).with_columns(
        pl.col("severity").replace_strict(
            {"error": page.t("returns.error"), "warning": page.t("returns.warning")}
        )
    )
    columns = {c: f"col.{c}" for c in ("severity", "sheet", "cell", "column", "value", "message")}
    tables.table(table, columns, lang, key=f"findings_{n}")
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


def _target_line(page, preview) -> str:
    """Organisation, year and the version the import will create (from the dry run)."""
    names = _names()
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


def _preview(name: str, data: bytes, lang: str):
    """The dry run of one file and its changed activities, made again only when the store
    changed, not on every rerun.

    A dry run is rolled back, so it moves no data version. A rejected file is recorded in
    the audit trail once per session (what, by whom, why); that event does not move the
    version either (audit.NO_DATA_CHANGE). A file already received is not a rejection.
    """
    engine, actor = loaders.engine(), widgets.acting_user()
    sha = hashlib.sha256(data).hexdigest()
    previews = st.session_state.setdefault("_previews", {})
    recorded = st.session_state.setdefault("_rejections_recorded", set())
    cached = previews.get((sha, lang))
    if cached is not None and (cached[0] == loaders.version() or cached[1].status == REJECTED):
        return cached[1], cached[2]
    result = import_return(engine, data, name, actor, dry_run=True, lang=lang)
    if result.status == REJECTED and sha not in recorded:
        record_rejection(engine, result, actor)
        recorded.add(sha)
    changes = None
    if result.status == ACCEPTED and result.counts["activities_changed"]:
        changes = upload_diff(engine, actor, data, lang)
    previews[(sha, lang)] = (loaders.version(), result, changes)
    return result, changes
