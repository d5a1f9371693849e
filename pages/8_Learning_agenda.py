"""Learning agenda: highlights, challenges and lessons from the returns, filtered and searchable."""

import polars as pl
import streamlit as st

from nap_data import ui
from nap_data.charts import narrative_bar
from nap_data.formatting import format_int
from nap_data.metrics.narratives import KINDS, kind_groups, narrative_counts, search_narratives
from nap_data.ui import chart_widgets, loaders, tables

PER_PAGE = 20  # cards on one page: a screen or two to read, not 400 cards on 8,000 px


def _go(number: int) -> None:
    st.query_params["page"] = str(number)


def _typed(key: str) -> None:
    _go(st.session_state[key])


def page_number(pages: int, selection: tuple) -> int:
    """The page the address asks for (?page=N), within 1..pages; another search word, kind
    or filter starts again at page 1."""
    if st.session_state.get("_learning_selection", selection) != selection:
        ui.page_param("page", "")
    st.session_state["_learning_selection"] = selection
    try:
        number = int(st.query_params.get("page", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), pages)


def pager(p: ui.Page, number: int, pages: int) -> None:
    back, jump, forward = st.columns([1, 1, 1], vertical_alignment="bottom")
    back.button(
        p.t("paging.previous"),
        icon=":material/arrow_back:",
        key="learning_previous",
        disabled=number == 1,
        on_click=_go,
        args=(number - 1,),
        width="stretch",
    )
    key = f"learning_page_{number}"  # a new widget per page: its value follows the address
    jump.number_input(
        p.t("paging.page"),
        min_value=1,
        max_value=pages,
        value=number,
        key=key,
        on_change=_typed,
        args=(key,),
    )
    forward.button(
        p.t("paging.next"),
        icon=":material/arrow_forward:",
        key="learning_next",
        disabled=number == pages,
        on_click=_go,
        args=(number + 1,),
        type="primary",
        width="stretch",
    )


page = ui.page_setup("learning")
f, lang = page.filters, page.lang
ui.title(page, "learning.caption")
if "learning_word" not in st.session_state:  # a shared link brings its search word
    st.session_state["learning_word"] = st.query_params.get("q", "")
if "learning_kinds" not in st.session_state:  # ... and the kinds it shows
    asked = str(st.query_params.get("kind", "")).split(",")
    st.session_state["learning_kinds"] = [k for k in KINDS if k in asked]
word = st.text_input(
    page.t("learning.search"),
    key="learning_word",
    placeholder=page.t("learning.search_placeholder"),
    help=page.t("learning.search_help"),
)
kinds = st.pills(
    page.t("paging.kinds"),
    KINDS,
    selection_mode="multi",
    format_func=lambda k: page.t(f"narrative.{k}"),
    key="learning_kinds",
    help=page.t("paging.kinds_help"),
)
ui.page_param("q", word.strip())
ui.page_param("kind", ",".join(kinds))
entries = search_narratives(
    loaders.narratives(f.scope),
    goals=f.goals,
    organisations=f.organisations,
    years=range(f.year_from, f.year_to + 1),
    word=word,
)
if kinds:
    entries = entries.filter(pl.col("kind").is_in(kinds))
if not entries.height:
    hint = (
        page.t("learning.no_match", word=ui.md(word.strip()))  # the address: text, never Markdown
        if word.strip()
        else page.t("learning.no_entries")
    )
    st.info(hint, icon=":material/search_off:")
    st.stop()

st.caption(page.t("learning.found", n=format_int(entries.height, lang)))
with st.columns([3, 2])[0]:  # a small chart: the cards below are the point
    chart_widgets.chart(
        narrative_bar(narrative_counts(entries, tuple(page.goals)), lang, page.goals),
        key="learning_counts",
    )

# Kind by kind (highlights, challenges, lessons), each in the search's order, a page at a time.
groups = kind_groups(entries, entries.height)
totals = {kind: total for kind, _shown, total in groups}
ordered = pl.concat([shown for _kind, shown, _total in groups])
pages = -(-ordered.height // PER_PAGE)
number = page_number(pages, (word.strip(), tuple(kinds), f))
first = (number - 1) * PER_PAGE
shown = ordered.slice(first, PER_PAGE)
status = page.t(
    "paging.status",
    first=format_int(first + 1, lang),
    last=format_int(first + shown.height, lang),
    total=format_int(ordered.height, lang),
    page=format_int(number, lang),
    pages=format_int(pages, lang),
)
st.markdown(f"**{status}**")
kind = None
for row in shown.iter_rows(named=True):
    if row["kind"] != kind:
        kind = row["kind"]
        n = format_int(totals[kind], lang)
        st.subheader(page.t("learning.group", kind=page.t(f"narrative.{kind}"), n=n))
    with st.container(border=True):
        st.markdown(
            f"**{ui.md(row['organisation_name'])}** · {row['year']} · {page.goal_name(row['goal'])}"
        )
        st.text(row["text"], width="stretch")  # the signatory's words: no Markdown/HTML
if pages > 1:
    pager(page, number, pages)

with st.expander(page.t("learning.table", n=format_int(entries.height, lang))):
    tables.table(
        entries,
        {
            "year": "col.year",
            "organisation_name": "col.organisation",
            "goal": "col.goal",
            "kind": "learning.col_kind",
            "text": "learning.col_text",
        },
        lang,
        key="learning_table",
        goals=page.all_goals,
        kinds={"kind": "narrative"},
    )
