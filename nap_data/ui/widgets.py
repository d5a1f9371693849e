"""Small Streamlit building blocks the pages share: metrics, charts and tables with downloads."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import types
from collections.abc import Callable
from contextlib import nullcontext

import altair as alt
import polars as pl
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from nap_data import exports, labels
from nap_data.charts import SPECS
from nap_data.charts.export import for_export, to_png, to_svg
from nap_data.charts.locale import localized, number_locale, time_locale
from nap_data.filters import Filters
from nap_data.formatting import display_frame, format_int
from nap_data.i18n import t
from nap_data.services import Actor, access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# st.dataframe's toolbar (and a chart's data view) has its own "Download as CSV", which
# writes the shown text as it is: no formula neutralisation and no check of who may export.
# Streamlit 1.67 can switch it off only for the whole app (client.disableDataExport, sent
# when a session starts); no argument of st.dataframe does it, so this rule hides that one
# button wherever a table or chart is drawn, and our own downloads stay the only ones.
NO_TOOLBAR_EXPORT = (
    "<style>[data-testid='stElementToolbarButton']:has(button[aria-label^='Download as CSV'])"
    "{display:none !important}</style>"
)


def acting_user() -> Actor:
    """Who acts on a page (ui.identity); the services take this actor and check it."""
    from nap_data.ui.identity import current_actor

    return current_actor()


def _lang() -> str:
    return st.session_state.get("_lang", "nl")


def view_caption(lang: str | None = None, year: int | None = None) -> str:
    """Period and data scope of what a chart or table shows, for the screen and exports:
    the filters' period, or the one `year` that a chart of a single year shows."""
    lang = lang or _lang()
    f: Filters | None = st.session_state.get("_filters")
    if f is None:
        return ""
    first, last = (year, year) if year is not None else (f.year_from, f.year_to)
    period = str(last) if first == last else f"{first}–{last}"
    return t("export.caption", lang, period=period, scope=t(f"scope.{f.scope}", lang))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "export"


def metric_row(items: list[tuple]) -> None:
    """(label, value, help[, delta]) per metric, side by side with a border."""
    for column, item in zip(st.columns(len(items)), items, strict=True):
        label, value, help_text, *delta = item
        column.metric(label, value, delta=delta[0] if delta else None, help=help_text, border=True)


class Prepared:
    """A chart prepared once for its inputs (see `figure`): its screen spec as JSON and its
    datasets (Arrow IPC, as st.altair_chart sends a frame), and the Altair chart, built
    only when something asks for it (an export)."""

    def __init__(
        self,
        spec: str,
        make: Callable[[], alt.TopLevelMixin],
        title: str = "",
        datasets: dict[str, bytes] | None = None,
    ):
        self.spec, self.title, self.datasets = spec, title, datasets or {}
        self._make = make
        self._chart: alt.TopLevelMixin | None = None

    @property
    def chart(self) -> alt.TopLevelMixin:
        # Never changed once built (chart() copies it for the locale and the exports), so
        # sessions may share it; two threads building it at once build the same chart.
        if self._chart is None:
            self._chart = self._make()
        return self._chart

    def screen_spec(self) -> dict:
        """A fresh dict of the spec (Streamlit edits the one it is given)."""
        spec = json.loads(self.spec)
        if self.datasets:
            spec["datasets"] = dict(self.datasets)
        return spec


def figure(builder: Callable[..., alt.TopLevelMixin], *args, **kwargs) -> Prepared:
    """`builder(*args, **kwargs)` (a nap_data.charts function) prepared once per inputs and
    language, and shared by every session. Pass it to `chart`.

    A builder with a spec function (charts.SPECS) has its spec written directly (a
    millisecond or two) and its Altair chart built only for an export; any other builder
    is built and converted (an Altair chart takes 25-80 ms to build and as long again to
    convert). The inputs are keyed by content: frames (small: the figures a chart shows)
    by their Arrow IPC bytes, other values by their repr.
    """
    lang = _lang()
    return _prepared(_inputs_key(builder, args, kwargs), lang, builder, args, kwargs)


# Shared between sessions: the spec is a string, the datasets bytes, the chart is never
# changed once built. Only the key is hashed by Streamlit (its hashing of a frame, a dict
# and strings took longer than writing the spec).
@st.cache_resource(show_spinner=False, max_entries=256)
def _prepared(key: str, lang: str, _builder, _args: tuple, _kwargs: dict) -> Prepared:
    return prepare(_builder, _args, _kwargs, lang)


def prepare(builder, args: tuple, kwargs: dict, lang: str) -> Prepared:
    """`figure` without the cache."""
    written = SPECS.get(builder)
    if written is None:
        built = builder(*args, **kwargs)
        return Prepared(json.dumps(_spec(built, lang)), lambda: built, _title(built))
    spec = written(*args, **kwargs, frames=True)
    spec.setdefault("config", {})["locale"] = json.loads(_locale(lang))
    # The frames as st.altair_chart sends them: Arrow IPC, made here once per inputs.
    datasets = {
        name: dataframe_util.convert_anything_to_arrow_bytes(frame)
        for name, frame in spec.pop("datasets", {}).items()
    }
    make = functools.partial(builder, *args, **kwargs)
    title = spec.get("title", {}).get("text", "")
    return Prepared(json.dumps(spec), make, title, datasets)


def _inputs_key(builder: Callable, args: tuple, kwargs: dict) -> str:
    digest = hashlib.sha256(f"{builder.__module__}.{builder.__qualname__}".encode())
    for value in (args, kwargs):
        _digest(value, digest)
    return digest.hexdigest()


def _arrow_bytes(frame: pl.DataFrame) -> bytes:
    """Schema and values, every row, as an Arrow IPC stream written by pyarrow.

    Not `frame.write_ipc_stream(BytesIO())`: Polars 2.1 holds the frame's lock while it
    calls back into Python to write, and a second session reading the same shared frame
    (holding the GIL) then waits for that lock forever (tests/test_widgets_chart.py)."""
    table = frame.to_arrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _digest(value: object, digest) -> None:
    """Feed `value` into `digest` by content; refuse a type whose repr may not show it all."""
    if isinstance(value, pl.DataFrame | pl.Series):
        frame = value.to_frame() if isinstance(value, pl.Series) else value
        digest.update(b"frame" + _arrow_bytes(frame))
    elif isinstance(value, tuple | list):
        digest.update(f"{type(value).__name__}{len(value)}(".encode())
        for item in value:
            _digest(item, digest)
        digest.update(b")")
    elif isinstance(value, dict):
        digest.update(f"dict{len(value)}(".encode())
        for item in value.items():
            _digest(item, digest)
        digest.update(b")")
    elif value is None or isinstance(value, str | int | float | bool):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    else:
        raise TypeError(f"figure() cannot key a chart input of type {type(value).__name__}")


def _title(chart: alt.TopLevelMixin) -> str:
    return str(getattr(chart.title, "text", "") or "")


_CONVERTING = threading.Lock()  # Altair's theme and data transformer are process-wide


def _spec(figure: alt.TopLevelMixin, lang: str) -> dict:
    """The Vega-Lite spec of `figure` as st.altair_chart would send it (no default theme,
    every row), with the locale of `lang` (axes and tooltips in the reader's number format).

    Made without Altair's jsonschema validation of the whole spec, which took 40-60 ms a
    chart, most of a rerun: the parts are validated as they are built (Altair's debug
    mode), every chart builder's spec is validated in the chart tests, and the browser's
    Vega-Lite reports what it cannot draw.
    """
    with _CONVERTING:
        theme = alt.theme.enable("none") if alt.theme.active == "default" else nullcontext()
        with theme, alt.data_transformers.disable_max_rows():
            spec = figure.to_dict(validate=False)
    spec.setdefault("config", {})["locale"] = json.loads(_locale(lang))  # a dict of its own
    return spec


@functools.cache
def _locale(lang: str) -> str:
    number, time = alt.NumberLocale(**number_locale(lang)), alt.TimeLocale(**time_locale(lang))
    return json.dumps(alt.Locale(number=number, time=time).to_dict())


def chart(
    figure: alt.TopLevelMixin | Prepared,
    key: str | None = None,
    select: bool = False,
    caption: str | None = None,
):
    """Draw a chart with PNG/SVG downloads; with `select`, return the selection event.

    `figure` is an Altair chart or, cheaper on a rerun, `figure(builder, ...)`.
    `caption` (period and scope the chart shows; default: the filters') goes under the
    chart and into the exported images.
    """
    lang = _lang()
    st.html(NO_TOOLBAR_EXPORT)
    if isinstance(figure, Prepared):
        prepared, spec = figure, figure.screen_spec()
    else:
        prepared = Prepared("", lambda: figure, _title(figure))
        spec = _spec(figure, lang)
    event = st.vega_lite_chart(
        spec=spec, key=key, on_select="rerun" if select else "ignore", width="stretch"
    )
    caption = caption or view_caption(lang)
    filters = st.session_state.get("_filters")
    name = _slug(prepared.title or key or "chart")

    def captioned():  # the export (and a written spec's Altair chart) only on a click
        return for_export(localized(prepared.chart, lang), caption, lang, filters)

    with st.popover(t("export.download_chart", lang), icon=":material/download:"):
        st.download_button(
            "PNG",
            lambda: to_png(captioned()),
            file_name=f"{name}.png",
            mime="image/png",
            key=f"png_{key or name}",
            on_click="ignore",
        )
        st.download_button(
            "SVG",
            lambda: to_svg(captioned()),
            file_name=f"{name}.svg",
            mime="image/svg+xml",
            key=f"svg_{key or name}",
            on_click="ignore",
        )
    return event if select else None


def picked(event, param: str, field: str) -> list:
    """The values of `field` that a click on a chart selected through its named `param`."""
    if event is None:
        return []
    return [point[field] for point in event.selection.get(param, []) if field in point]


PAGE_ROWS = 200  # rows a table sends to the browser at a time


def table(
    frame: pl.DataFrame,
    columns: dict[str, str],
    lang: str,
    key: str | None = None,
    height: int | str = "auto",
    select: bool = False,
    *,
    goals: dict[int, str] | None = None,
    kinds: dict[str, str] | None = None,
    percent: tuple[str, ...] = (),
    caption: str | None = None,
):
    """Show `frame` in the reader's words and formats, and offer all of it as CSV and XLSX
    to those who may export data (services.access.EXPORT); everyone sees the table.

    `columns` maps column -> label key for what is shown. Codes become words (goals by
    the plan's names, `kinds` for columns such as "state"); numbers, money
    ("budget_eur" columns), `percent` shares and dates are shown in the language's
    format and a missing value as a dash. The downloads hold every column and row as
    typed values (numbers stay numbers), with formula injection neutralised.

    A frame of more than PAGE_ROWS rows is shown a page at a time, with a page chooser
    and "Rows 1–200 of 12,345": only that page is put into words, formatted and sent.
    With `select`, the event's selected rows are positions in the whole `frame`.
    """
    name = _slug(key or "-".join(columns))
    first = _page_start(frame.height, lang, f"{key or name}_page")
    part = frame if frame.height <= PAGE_ROWS else frame.slice(first, PAGE_ROWS)
    words = labels.readable(part, lang, goals, kinds)
    shown = words.select([c for c in columns if c in words.columns])
    money = tuple(c for c in shown.columns if c.startswith("budget"))
    display = display_frame(_plain_numbers(shown), lang, money=money, percent=percent)
    config = {
        c: st.column_config.Column(t(k, lang)) for c, k in columns.items() if c in shown.columns
    }
    st.html(NO_TOOLBAR_EXPORT)
    event = st.dataframe(
        display,
        hide_index=True,
        column_config=config,
        # A page of its own key: a row picked on one page is not taken for a row of another.
        key=key if part is frame or key is None else f"{key}_{first}",
        height=height,
        on_select="rerun" if select else "ignore",
        selection_mode="single-row",
    )
    if part is frame:
        downloads(words, lang, name, caption)
    else:  # every row, put into words only when someone downloads
        _downloads(
            frame.height, lambda: labels.readable(frame, lang, goals, kinds), lang, name, caption
        )
    if not select:
        return None
    return _shifted(event, first, frame.height)


def _page_start(rows: int, lang: str, key: str) -> int:
    """The first row of the page to show (0 for a frame that fits one page), with the page
    chooser and what the page holds."""
    if rows <= PAGE_ROWS:
        return 0
    pages = -(-rows // PAGE_ROWS)
    if st.session_state.get(key, 1) > pages:  # the frame shrank (another filter): page 1
        del st.session_state[key]
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input(
        t("table.page", lang),
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key=key,
        help=t("table.page_help", lang, rows=format_int(PAGE_ROWS, lang)),
    )
    first = (int(page) - 1) * PAGE_ROWS
    right.caption(
        t(
            "table.rows_shown",
            lang,
            first=format_int(first + 1, lang),
            last=format_int(min(first + PAGE_ROWS, rows), lang),
            total=format_int(rows, lang),
            page=format_int(page, lang),
            pages=format_int(pages, lang),
        )
    )
    return first


def _shifted(event, first: int, height: int):
    """The table's selection event with its rows counted in the whole frame. A keyed table
    keeps its selection when its data changes, so a row picked before a filter shrank the
    frame may lie past its end: such rows are dropped, not handed on."""
    rows = [first + r for r in event.selection.rows] if event else []
    rows = [r for r in rows if r < height]
    columns = list(event.selection.columns) if event else []
    return types.SimpleNamespace(selection=types.SimpleNamespace(rows=rows, columns=columns))


# Whole numbers that are names, not amounts: a year reads 2025, never 2.025.
PLAIN = ("year", "years", "version", "versions", "goal")


def _plain_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    plain = [
        c
        for c, dtype in frame.schema.items()
        if dtype.is_integer() and (c in PLAIN or c.endswith("_year"))
    ]
    return frame.with_columns(pl.col(plain).cast(pl.String)) if plain else frame


def downloads(frame: pl.DataFrame, lang: str, name: str, caption: str | None = None) -> None:
    """CSV and XLSX of every row and column of `frame`, with the row count and what it shows;
    without the buttons for those who may not export."""
    _downloads(frame.height, lambda: frame, lang, name, caption)


def _downloads(
    rows: int,
    make: Callable[[], pl.DataFrame],
    lang: str,
    name: str,
    caption: str | None = None,
) -> None:
    """`downloads` of the frame `make()` returns (`rows` long), made only on a click."""
    count = t("export.rows", lang, n=format_int(rows, lang))
    note_text = count + " · " + (caption or view_caption(lang))
    if not access.allowed(acting_user(), access.EXPORT):
        st.caption(note_text)
        return
    left, right, note = st.columns([2, 1, 5])
    left.download_button(
        t("export.csv_label", lang),
        lambda: exports.to_csv_bytes(make(), lang),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        icon=":material/download:",
        on_click="ignore",
        help=t("export.csv_help", lang),
    )
    right.download_button(
        "XLSX",
        lambda: exports.to_xlsx_bytes(make(), lang),
        file_name=f"{name}.xlsx",
        mime=XLSX,
        key=f"xlsx_{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    note.caption(note_text)


def activity_table(frame: pl.DataFrame, lang: str, key: str, goals: dict[int, str]) -> None:
    """Activities (one row each, counted by the rules) with their source: pick a row to see
    the return version and file its latest report came from."""
    from nap_data.ui import ACTIVITY_COLUMNS, md

    event = table(frame, ACTIVITY_COLUMNS, lang, key=key, select=True, goals=goals)
    rows = event.selection.rows if event else []
    if not rows:
        st.caption(t("drill.hint", lang))
        return
    row = frame.row(rows[0], named=True)
    with st.container(border=True):
        st.markdown(
            t(
                "drill.source",
                lang,
                title=md(row["title"]),
                org=md(row["organisation_name"]),
                year=row["year"],
                version=row["version"],
                status=t(f"return_state.{row['review_status']}", lang),
            )
        )
        original_download(row, lang, key)


def original_download(row: dict, lang: str, key: str) -> None:
    """The workbook as received, for a reviewer or the organisation's own signatory."""
    from nap_data.services.review import original_file
    from nap_data.ui import loaders

    actor = acting_user()
    # Asked first, so that merely selecting a row never writes a refusal to the audit trail.
    if not access.allowed(actor, access.DOWNLOAD_ORIGINAL, row["organisation_code"]):
        st.caption(t("permissions.original_who", lang))
        return
    original = original_file(loaders.engine(), actor, row["submission_id"])
    if original is None:
        st.caption(t("drill.no_file", lang))
        return
    st.download_button(
        t("drill.download", lang),
        original[1],
        key=f"src_{key}",
        file_name=f"{row['organisation_code']}-{row['year']}-v{row['version']}.xlsx",
        mime=XLSX,
        on_click="ignore",
    )
