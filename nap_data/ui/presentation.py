"""Presentation mode for the oversight board: `?present=1`, one message per screen.

No sidebar, large type, previous/next, a fixed sequence (see nap_data.slides);
filters given in the URL apply.
"""

from __future__ import annotations

import html

import streamlit as st

from nap_data import slides
from nap_data.charts.export import for_screen
from nap_data.charts.locale import localized
from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.plan import Plan
from nap_data.ui import loaders

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 1.5rem; max-width: 1800px; }
.slide-title { font-size: 3.1rem; font-weight: 700; line-height: 1.15; color: #111;
               margin: 0.2rem 0 1.2rem 0; }
.chart-title { font-size: 1.8rem; color: #222; margin: 0.4rem 0 0.2rem 0; }
.slide-count { font-size: 1.4rem; color: #333; text-align: center; padding-top: 0.6rem; }
[data-testid="stMetricValue"] { font-size: 3.6rem !important; color: #000; }
[data-testid="stMetricLabel"] p { font-size: 1.6rem !important; color: #222; }
.stButton button p { font-size: 1.4rem; }
</style>
"""


def is_on() -> bool:
    return st.query_params.get("present") == "1"


def slide_number(count: int) -> int:
    try:
        number = int(st.query_params.get("slide", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), count)


def run(lang: str, plan: Plan, filters: Filters) -> None:
    st.html(CSS)
    sequence = slides.sequence(plan)
    number = slide_number(len(sequence))
    data = slides.Data(
        plan,
        loaders.activities(filters.scope),
        loaders.organisations(),
        loaders.submissions(),
        loaders.indicators(plan.code),
        loaders.indicator_values(filters.scope),
    )
    slide = slides.build(sequence[number - 1], data, filters, lang)
    st.markdown(
        f"<div class='slide-title'>{html.escape(slide.title)}</div>", unsafe_allow_html=True
    )
    for column, (label, value) in zip(st.columns(len(slide.figures)), slide.figures, strict=True):
        column.metric(label, value, border=True)
    if slide.chart is not None:
        if slide.chart_title:
            st.markdown(
                f"<div class='chart-title'>{html.escape(slide.chart_title)}</div>",
                unsafe_allow_html=True,
            )
        st.altair_chart(
            localized(for_screen(slide.chart), lang),
            width="stretch",
            theme=None,
            key=f"slide_{slide.key}",
        )
    else:
        st.info(t("common.no_data", lang))
    _controls(number, len(sequence), lang)
    if loaders.is_demo():
        st.caption(t("demo.banner", lang))


def _go(number: int) -> None:
    st.query_params["slide"] = str(number)


def _controls(number: int, count: int, lang: str) -> None:
    back, counter, forward, leave = st.columns([2, 3, 2, 2])
    back.button(
        t("present.previous", lang),
        icon=":material/arrow_back:",
        key="prev",
        disabled=number == 1,
        on_click=_go,
        args=(number - 1,),
        width="stretch",
    )
    counter.markdown(f"<div class='slide-count'>{number} / {count}</div>", unsafe_allow_html=True)
    forward.button(
        t("present.next", lang),
        icon=":material/arrow_forward:",
        key="next",
        disabled=number == count,
        on_click=_go,
        args=(number + 1,),
        type="primary",
        width="stretch",
    )
    leave.button(
        t("present.leave", lang),
        icon=":material/close:",
        key="leave",
        on_click=_leave,
        width="stretch",
    )


def _leave() -> None:
    for key in ("present", "slide"):
        if key in st.query_params:
            del st.query_params[key]
