"""Make the progress report: check who asks, read the store, build the text once, render it
in every format, write the files and record the event.

The one entry point for the Reports page and `python -m nap_data report`. Every file is
written whole or not at all (exports.write_file); the audit event "report_made" names the
period, the data scope and each file's SHA-256, so a sent annex can be matched to its run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from nap_data import queries, store
from nap_data.exports import write_file
from nap_data.filters import Filters
from nap_data.i18n import normalise_language, t
from nap_data.report.charts import Images, for_print, render
from nap_data.report.content import build_model
from nap_data.report.context import Context
from nap_data.report.docx import to_docx
from nap_data.report.html import to_html
from nap_data.report.model import Report
from nap_data.report.xlsx import to_xlsx
from nap_data.services import Actor, access
from nap_data.vocab import DataScope

Progress = Callable[[float, str], None]


class ReportError(Exception):
    """A period the plan does not have; `message(lang)` says so to a person."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class ReportFiles:
    docx: Path
    pdf: Path
    html: Path
    xlsx: Path
    charts_zip: Path
    charts: tuple[Path, ...]
    report: Report
    seconds: float
    sha256: dict[str, str] = field(default_factory=dict)

    @property
    def documents(self) -> tuple[Path, ...]:
        return (self.docx, self.pdf, self.html, self.xlsx, self.charts_zip)


def _silent(_fraction: float, _text: str) -> None:
    return None


def build_report(
    engine,
    actor: Actor,
    year_from: int,
    year_to: int,
    lang: str = "nl",
    scope: DataScope | str = DataScope.SUBMITTED_AND_APPROVED,
    filters: Filters | None = None,
    excluded_quotes: tuple[str, ...] = (),
    out_dir: Path | str = ".",
    progress: Progress = _silent,
    plan_code: str | None = None,
) -> ReportFiles:
    """Write the report for `year_from`-`year_to` in `lang` to `out_dir`; needs REPORTS."""
    access.require(engine, actor, access.REPORTS)
    started, lang = time.perf_counter(), normalise_language(lang)
    scope = DataScope(scope)
    progress(0.02, t("report.step.load", lang))
    plan = _plan(engine, plan_code, year_from, year_to)
    f = replace(filters or Filters(year_from, year_to), year_from=year_from, year_to=year_to)
    f = replace(f, scope=access.readable_scope(actor, scope))
    frames = queries.load_figure_frames(engine, f.scope, plan)
    narratives = queries.load_narratives(engine, f.scope)
    progress(0.1, t("report.step.count", lang))
    report = build_model(
        frames,
        narratives,
        f,
        lang,
        excluded_quotes=tuple(excluded_quotes),
        generated_at=dt.datetime.now().replace(microsecond=0),
        data_version=store.data_version(engine),
    )
    images = _images(report, Context(lang, plan, f), progress)
    files = _render(report, images, progress)
    progress(0.97, t("report.step.write", lang))
    paths = _write(Path(out_dir), report, images, files)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths.values()}
    _record(engine, actor, f, lang, excluded_quotes, digests)
    seconds = time.perf_counter() - started
    progress(1.0, t("report.step.done", lang, seconds=f"{seconds:.1f}"))
    return ReportFiles(
        docx=paths["docx"],
        pdf=paths["pdf"],
        html=paths["html"],
        xlsx=paths["xlsx"],
        charts_zip=paths["zip"],
        charts=tuple(p for k, p in paths.items() if k.startswith("chart:")),
        report=report,
        seconds=seconds,
        sha256=digests,
    )


def _plan(engine, code: str | None, year_from: int, year_to: int):
    plan = queries.load_plan(engine, code, year=year_from)
    if plan is None:
        raise store.StoreError("the store has no plan; run `python -m nap_data init` first")
    if year_from > year_to:
        raise ReportError("report.error.order")
    for year in (year_from, year_to):
        if not plan.start_year <= year <= plan.end_year:
            raise ReportError(
                "report.error.outside_plan", year=year, start=plan.start_year, end=plan.end_year
            )
    return plan


def _images(report: Report, ctx: Context, progress: Progress) -> dict[str, Images]:
    figures = report.charts()
    images = {}
    for n, figure in enumerate(figures, start=1):
        progress(
            0.1 + 0.5 * n / max(len(figures), 1),
            ctx.t("report.step.chart", n=n, total=len(figures)),
        )
        images[figure.key] = render(for_print(figure.chart, ctx.caption, ctx.lang, ctx.filters))
    return images


def _render(report: Report, images: dict[str, Images], progress: Progress) -> dict[str, bytes]:
    from nap_data.report.pdf import to_pdf  # loads WeasyPrint and Pango only now

    lang = report.lang
    progress(0.62, t("report.step.docx", lang))
    docx = to_docx(report, images)
    progress(0.7, t("report.step.html", lang))
    html = to_html(report, images).encode("utf-8")
    progress(0.75, t("report.step.pdf", lang))
    pdf = to_pdf(report, images)
    progress(0.93, t("report.step.xlsx", lang))
    return {"docx": docx, "html": html, "pdf": pdf, "xlsx": to_xlsx(report)}


def chart_names(report: Report) -> dict[str, str]:
    """Figure key -> file name without extension: "01-activities_per_goal"."""
    return {fig.key: f"{fig.number:02d}-{fig.key}" for fig in report.charts()}


def charts_zip(report: Report, images: dict[str, Images]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, name in chart_names(report).items():
            archive.writestr(f"{name}.svg", images[key].svg)
            archive.writestr(f"{name}.png", images[key].png)
    return buffer.getvalue()


def _write(
    out: Path, report: Report, images: dict[str, Images], files: dict[str, bytes]
) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = report.file_stem
    paths = {kind: out / f"{stem}.{kind}" for kind in files}
    paths["zip"] = out / f"{stem}-charts.zip"
    for kind, data in files.items():
        write_file(paths[kind], data)
    write_file(paths["zip"], charts_zip(report, images))
    folder = out / f"{stem}-charts"
    folder.mkdir(exist_ok=True)
    for key, name in chart_names(report).items():
        for ext in ("svg", "png"):
            path = folder / f"{name}.{ext}"
            write_file(path, getattr(images[key], ext))
            paths[f"chart:{name}.{ext}"] = path
    return paths


def _record(engine, actor, f: Filters, lang, excluded, digests: dict[str, str]) -> None:
    from nap_data.services.audit import record

    with store.write_session(engine) as session:
        record(
            session,
            actor,
            "report_made",
            "report",
            None,
            period=f"{f.year_from}-{f.year_to}",
            scope=str(f.scope),
            lang=lang,
            filters=f.to_query(),
            excluded_quotes=list(excluded),
            files=digests,
        )


__all__ = ["build_report", "ReportFiles", "ReportError", "charts_zip", "chart_names"]
