"""Learning agenda: highlights, challenges and lessons from the returns, filtered and searchable."""

import streamlit as st

from nap_data import ui
from nap_data.charts import narrative_bar
from nap_data.formatting import format_int
from nap_data.metrics.narratives import kind_groups, narrative_counts, search_narratives
from nap_data.ui import loaders

CARDS_PER_KIND = 20  # at most 60 cards; the count of the rest is said, the table holds all

page = ui.page_setup("learning")
f, lang = page.filters, page.lang
ui.title(page, "learning.caption")
if "learning_word" not in st.session_state:  # a shared link brings its search word
    st.session_state["learning_word"] = st.query_params.get("q", "")
word = st.text_input(
    page.t("learning.search"),
    key="learning_word",
    placeholder=page.t("learning.search_placeholder"),
    help=page.t("learning.search_help"),
)
ui.page_param("q", word.strip())
entries = search_narratives(
    loaders.narratives(f.scope),
    goals=f.goals,
    organisations=f.organisations,
    years=range(f.year_from, f.year_to + 1),
    word=word,
)
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
    ui.widgets.chart(
        narrative_bar(narrative_counts(entries, tuple(page.goals)), lang, page.goals),
        key="learning_counts",
    )

for kind, shown, total in kind_groups(entries, CARDS_PER_KIND):
    st.subheader(
        page.t("learning.group", kind=page.t(f"narrative.{kind}"), n=format_int(total, lang))
    )
    for row in shown.iter_rows(named=True):
        with st.container(border=True):
            st.markdown(
                f"**{ui.md(row['organisation_name'])}** · {row['year']} · "
                f"{page.goal_name(row['goal'])}"
            )
            st.text(row["text"], width="stretch")  # the signatory's words: no Markdown/HTML
    if total > shown.height:
        st.caption(
            page.t(
                "learning.more",
                shown=shown.height,
                total=format_int(total, lang),
                hidden=format_int(total - shown.height, lang),
            )
        )

with st.expander(page.t("learning.table", n=format_int(entries.height, lang))):
    ui.widgets.table(
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
