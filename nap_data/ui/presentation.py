"""Presentation mode for the oversight board: `?present=1&slide=N`, one finding per screen.

Every slide fits the screen without scrolling, from a 1280 x 720 projector to a 1920 x 1080
screen: the page is one column of the viewport's height (title, cards, then the chart takes
what is left) above a fixed bar with the controls and the footer. Sizes follow the viewport
height, and the chart is a picture that CSS scales to the space it has, so nothing is
cut and no chart toolbar appears.

The keyboard and a presenter's clicker (which sends PageDown/PageUp, sometimes arrows or
Space) work through Streamlit's own button shortcuts: ArrowRight, PageDown and Space go
forward, ArrowLeft and PageUp back, Home and End to the first and last slide. A button has
one shortcut, so the second and third keys sit on hidden buttons with the same action. The
slide number is in the URL (`slide=`), so a link opens on that slide. Filters of the session
(or of the URL) apply, and the footer says which.
"""

from __future__ import annotations

import base64
import html

import streamlit as st
import vl_convert

from nap_data import deck, slides
from nap_data.filters import Filters
from nap_data.i18n import t
from nap_data.plan import Plan
from nap_data.ui import loaders

SCALE = 1.5  # the charts' design width of about 1800 px, drawn 2700 px wide: sharp on 1920
BAR = "clamp(112px, 13vh, 136px)"  # the fixed bottom bar: buttons and footer
CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] {{ display: none !important; }}
:root {{ --slide-bar: {BAR}; }}
[data-testid="stMain"] {{ overflow: hidden; }}
[data-testid="stMainBlockContainer"] {{
  padding: 2.2vh 2.6vw 0 2.6vw !important; max-width: none !important; }}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{
  height: calc(100vh - var(--slide-bar) - 2.2vh); gap: 1.8vh; overflow: hidden; }}
[data-testid="stElementContainer"]:has(.slide-chart) {{ flex: 1 1 0; min-height: 0; }}
[data-testid="stElementContainer"]:has(.slide-chart) > div {{ height: 100%; }}
[data-testid="stMarkdownContainer"]:has(> .slide-title, > .slide-count) {{
  margin-bottom: 0 !important; }}
.slide-title {{ font-size: clamp(28px, 4.6vh, 52px); font-weight: 700; line-height: 1.15;
  color: #111; margin: 0; }}
.slide-cards {{ display: flex; gap: 1.6vw; }}
.slide-card {{ flex: 1 1 0; border: 2px solid #c8c8c8; border-radius: 0.6rem;
  padding: 0.9vh 1.1vw; min-width: 0; }}
.slide-card .label {{ font-size: clamp(16px, 2.4vh, 27px); color: #333; line-height: 1.2; }}
.slide-card .value {{ font-size: clamp(30px, 5.4vh, 60px); font-weight: 700; color: #000;
  line-height: 1.1; }}
.slide-card .note {{ font-size: clamp(15px, 2.3vh, 25px); color: #444; line-height: 1.2;
  min-height: 1.2em; }}
.slide-chart {{ height: 100%; margin: 0; }}
.slide-chart img {{ width: 100%; height: 100%; object-fit: contain; object-position: left top; }}
.slide-empty {{ font-size: clamp(20px, 3vh, 32px); color: #333; }}
.st-key-slide_bar {{ position: fixed; left: 0; right: 0; bottom: 0; height: var(--slide-bar);
  background: #fff; border-top: 2px solid #ddd; padding: 1vh 2.6vw 0.8vh 2.6vw;
  z-index: 1000; gap: 0.8vh; justify-content: flex-start; }}
.st-key-slide_bar button p {{ font-size: clamp(16px, 2.2vh, 22px); }}
.st-key-slide_keys {{ display: none !important; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.slide-count {{ font-size: clamp(18px, 2.6vh, 28px); color: #222; font-weight: 600;
  white-space: nowrap; padding: 0 0.6vw; }}
.slide-footer {{ font-size: clamp(15px, 2.3vh, 25px); color: #333; line-height: 1.25;
  overflow: hidden; max-height: 2.5em; }}
.slide-footer .demo {{ background: #fff1d6; color: #7a2e00; font-weight: 700; font-size: 1.1em;
  padding: 0.1em 0.5em; border-radius: 0.3em; }}
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
    data = slides.Data(
        plan,
        loaders.activities(filters.scope),
        loaders.organisations(),
        loaders.submissions(),
        loaders.indicators(plan.code),
        loaders.indicator_values(filters.scope),
        demo=loaders.is_demo(),
    )
    sequence = slides.sequence(plan, filters.goals)
    number = slide_number(len(sequence))
    if st.query_params.get("slide") != str(number):
        st.query_params["slide"] = str(number)  # an address always names the slide shown
    slide = slides.build(sequence[number - 1], data, filters, lang)
    # The title and the counter are markdown (the app tests read them there); a div with the
    # heading role, since Streamlit would give a markdown <h1> its own size and anchor link.
    st.markdown(
        f"<div class='slide-title' role='heading' aria-level='1'>{html.escape(slide.title)}</div>",
        unsafe_allow_html=True,
    )
    st.html(_cards(slide))
    st.html(_chart(slide, lang))
    _bar(number, len(sequence), slide, data, filters, lang)


def _cards(slide: slides.Slide) -> str:
    cards = "".join(
        "<div class='slide-card'>"
        f"<div class='label'>{html.escape(f.label)}</div>"
        f"<div class='value'>{html.escape(f.value)}</div>"
        f"<div class='note'>{html.escape(f.note)}</div></div>"
        for f in slide.figures
    )
    return f"<div class='slide-cards'>{cards}</div>"


@st.cache_data(show_spinner=False, max_entries=64)
def _png(spec: str) -> str:
    """The chart drawn once per spec (paging back is instant; the spec holds the data, so new
    data draws anew). A PNG and not an SVG: an SVG's text is laid out by vl-convert's font
    but drawn with the browser's, and where those differ (DejaVu on Debian) labels get cut."""
    return base64.b64encode(vl_convert.vegalite_to_png(spec, scale=SCALE)).decode("ascii")


def _chart(slide: slides.Slide, lang: str) -> str:
    if slide.chart is None:
        empty = html.escape(t("common.no_data", lang))
        return f"<figure class='slide-chart slide-empty'>{empty}</figure>"
    picture = _png(slide.chart.to_json(validate=False))  # tests validate; this is per click
    alt_text = html.escape(f"{slide.chart_title}. {slide.notes}", quote=True)
    return (
        f"<figure class='slide-chart'><img alt=\"{alt_text}\" "
        f"src='data:image/png;base64,{picture}'></figure>"
    )


def _go(number: int) -> None:
    st.query_params["slide"] = str(number)


def _bar(number: int, count: int, slide, data, filters: Filters, lang: str) -> None:
    with st.container(key="slide_bar"):
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            _button(
                "first", t("slides.first", lang), 1, number == 1, "Home", ":material/first_page:"
            )
            _button(
                "prev",
                t("present.previous", lang),
                number - 1,
                number == 1,
                "Left",
                ":material/arrow_back:",
            )
            position = html.escape(t("slides.position", lang, n=number, count=count))
            st.markdown(
                f"<div class='slide-count' role='status' aria-live='polite' "
                f"aria-label='{position}'>{number} / {count}</div>",
                unsafe_allow_html=True,
                width="content",
            )
            _button(
                "next",
                t("present.next", lang),
                number + 1,
                number == count,
                "Right",
                ":material/arrow_forward:",
                primary=True,
            )
            _button(
                "last",
                t("slides.last", lang),
                count,
                number == count,
                "End",
                ":material/last_page:",
            )
            _downloads(data, filters, lang)
            st.button(
                t("present.leave", lang), icon=":material/close:", key="leave", on_click=_leave
            )
        st.html(_footer(slide, lang))
    with st.container(key="slide_keys"):  # hidden: the clicker's other keys
        _button("next_page", "PageDown", number + 1, number == count, "PageDown")
        _button("next_space", "Space", number + 1, number == count, "Space")
        _button("prev_page", "PageUp", number - 1, number == 1, "PageUp")


def _button(key, label, to, disabled, shortcut, icon=None, primary=False) -> None:
    st.button(
        label,
        key=key,
        icon=icon,
        disabled=disabled,
        on_click=_go,
        args=(to,),
        shortcut=shortcut,
        type="primary" if primary else "secondary",
    )


def _downloads(data, filters: Filters, lang: str) -> None:
    # The deck is made when a button is pressed (a callable), not on every slide change.
    for fmt, label_key, icon in (
        ("pptx", "slides.download_pptx", ":material/download:"),
        ("pdf", "slides.download_pdf", ":material/picture_as_pdf:"),
    ):
        st.download_button(
            t(label_key, lang),
            data=lambda fmt=fmt: deck.build(data, filters, lang, fmt),
            file_name=deck.file_name(filters, lang, fmt),
            mime=deck.MIME[fmt],
            key=f"deck_{fmt}",
            icon=icon,
            on_click="ignore",
        )


def _footer(slide: slides.Slide, lang: str) -> str:
    words = html.escape(" · ".join(slide.footer))
    demo = f" · <span class='demo'>{html.escape(slide.demo)}</span>" if slide.demo else ""
    keys = f"<span class='sr-only'>{html.escape(t('slides.keys', lang))}</span>"  # for readers
    return f"<div class='slide-footer'>{words}{demo}{keys}</div>"


def _leave() -> None:
    for key in ("present", "slide"):
        if key in st.query_params:
            del st.query_params[key]
