"""A chart on a page: prepared once per inputs and shared by the sessions, drawn with its
PNG/SVG downloads, and the values a click on it selected."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable
from contextlib import nullcontext

import altair as alt
import polars as pl
import streamlit as st
from streamlit import dataframe_util

from nap_data.charts import SPECS
from nap_data.charts.export import for_export, to_png, to_svg
from nap_data.charts.locale import localized, number_locale, time_locale
from nap_data.i18n import t
from nap_data.ui.widgets import NO_TOOLBAR_EXPORT, file_slug, page_lang, view_caption


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
    lang = page_lang()
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


def _digest(value: object, digest) -> None:
    """Feed `value` into `digest` by content; refuse a type whose repr may not show it all."""
    if isinstance(value, pl.DataFrame | pl.Series):
        frame = value.to_frame() if isinstance(value, pl.Series) else value
        # Schema and values, every row, as the chart sends them (to_arrow, then pyarrow's
        # writer). Not `frame.write_ipc_stream(BytesIO())`: Polars 2.1 holds the frame's lock
        # while it calls back into Python to write, and a second session reading the same
        # shared frame (holding the GIL) then waits for that lock forever
        # (tests/test_chart_widgets.py).
        digest.update(b"frame" + dataframe_util.convert_anything_to_arrow_bytes(frame))
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
    lang = page_lang()
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
    name = file_slug(prepared.title or key or "chart")

    def captioned():  # the export (and a written spec's Altair chart) only on a click
        return for_export(localized(prepared.chart, lang), caption, lang, filters)

    with st.popover(t("export.download_chart", lang), icon=":material/download:"):
        for ext, render, mime in (("png", to_png, "image/png"), ("svg", to_svg, "image/svg+xml")):
            st.download_button(
                ext.upper(),
                # bound per button: a plain lambda would see the loop's last renderer
                functools.partial(lambda draw: draw(captioned()), render),
                file_name=f"{name}.{ext}",
                mime=mime,
                key=f"{ext}_{key or name}",
                on_click="ignore",
            )
    return event if select else None


def picked(event, param: str, field: str) -> list:
    """The values of `field` that a click on a chart selected through its named `param`."""
    if event is None:
        return []
    return [point[field] for point in event.selection.get(param, []) if field in point]
