"""The only part of the package that imports Streamlit: page setup, sidebar, loaders.

Every page starts with `page = page_setup("goals")`; it sets the page config,
draws the translated navigation, the language switch and the shared filters,
and returns what the page needs to read data and words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from nap_data.filters import Filters
from nap_data.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from nap_data.labels import md  # noqa: F401  (pages use ui.md)
from nap_data.plan import Plan, choose
from nap_data.services import Actor, access
from nap_data.services.access import allowed
from nap_data.ui import errors, first_run, identity, loaders, presentation, startup_checks, widgets  # noqa: F401
from nap_data.ui.sidebar import choose_plan, draw_filters, first_filters, page_param, url_changed  # noqa: F401

# (key, script path relative to app.py, icon); the order is the navigation order.
PAGES = (
    ("home", "app.py", ":material/home:"),
    ("overview", "pages/1_Overview.py", ":material/dashboard:"),
    ("goals", "pages/2_Goals.py", ":material/flag:"),
    ("organisations", "pages/3_Organisations.py", ":material/groups:"),
    ("register", "pages/9_Register.py", ":material/how_to_reg:"),
    ("indicators", "pages/4_Indicators.py", ":material/monitoring:"),
    ("returns", "pages/5_Returns.py", ":material/upload_file:"),
    ("national_foreign", "pages/6_National_foreign.py", ":material/compare_arrows:"),
    ("map", "pages/7_Map.py", ":material/public:"),
    ("learning", "pages/8_Learning_agenda.py", ":material/lightbulb:"),
    ("framework", "pages/10_Framework.py", ":material/account_tree:"),
    ("admin", "pages/11_Admin.py", ":material/admin_panel_settings:"),
    ("audit", "pages/12_Audit.py", ":material/history:"),
    ("reports", "pages/13_Reports.py", ":material/description:"),
)
# What a page needs (services.access); every other page needs VIEW_DASHBOARDS. A page
# that the user may not use is left out of the navigation and refuses when opened.
PAGE_ACTION = {
    "returns": access.UPLOAD,
    "admin": access.MANAGE_USERS,
    "audit": access.VIEW_AUDIT,
    "reports": access.REPORTS,
}
# A ":material/...:" page icon makes the browser fetch it from fonts.gstatic.com; a local
# SVG goes to the browser as a data: URL, so no page asks another host for anything (T14).
FAVICON = str(Path(__file__).resolve().parents[2] / "static" / "favicon.svg")
CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
h1 { font-size: 2.3rem; }
/* A laptop (1366 px) with the sidebar open: five cards must still show their figures. */
@media (max-width: 1600px) {
  [data-testid="stMetricValue"] { font-size: 1.7rem; }
  [data-testid="stMetricLabel"] p { font-size: 0.9rem; }
}
/* Streamlit writes a card's label and figure on one line and cuts them ("EUR 41,8...",
   "Aandeel buite..."); a narrow card wraps them instead. */
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}
[data-testid="stMetricValue"] { line-height: 1.15; }

/* Streamlit has no Dutch for its own words (1.67 has no locale setting; the strings are in
   its JavaScript). In a Dutch view, Dutch is drawn over the ones people read: the upload
   button, the hint under a text field, the skip link and the Stop button. The language is
   that of the sidebar switch (its first option is Nederlands). The English stays in the
   page at size 0, so a screen reader reads both; tooltips, menus and labels meant for
   screen readers only stay English: CSS cannot reach them. */
body:has(.st-key-lang [role="radio"]:first-child[aria-checked="true"]) {
  & [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
  & [data-testid="stStatusWidget"] button,
  & [data-testid="stSkipToContent"],
  & [data-testid="InputInstructions"] > span:first-child:not(:only-child),
  & :not(.st-key-audit_text) > [data-testid="stTextInput"]
    [data-testid="InputInstructions"] > span:only-child {
    font-size: 0;
  }
  & [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
    content: " Bestand kiezen"; font-size: 1rem;
  }
  /* "10MB per file - XLSX": the pages say the limit and the kind of file in Dutch. */
  & [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
  /* The hint comes first; a second part is the character count (n/max). A field with a
     maximum (a text area, the audit search) may show the count alone, so there only a hint
     beside a count is replaced. */
  & [data-testid="InputInstructions"] > span:first-child::after {
    content: "Enter om toe te passen"; font-size: 0.75rem;
  }
  & [data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child::after {
    content: "Ctrl+Enter om toe te passen";
  }
  & [data-testid="stForm"] [data-testid="InputInstructions"] > span:first-child::after {
    content: "Enter om het formulier te versturen";
  }
  & [data-testid="stForm"] [data-testid="stTextArea"]
    [data-testid="InputInstructions"] > span:first-child::after {
    content: "Ctrl+Enter om het formulier te versturen";
  }
  & [data-testid="stStatusWidget"] button::after { content: "Stoppen"; font-size: 0.875rem; }
  & [data-testid="stSkipToContent"]::after { content: "Naar de inhoud"; font-size: 1rem; }
}

/* Printing a page (Overview, Goals, Indicators ...): the content only, every chart whole. */
@media print {
  @page { size: A4 portrait; margin: 14mm 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stSkipToContent"],
  [data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stElementToolbar"],
  [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
  [data-testid="stPageLink"] { display: none !important; }
  /* The app scrolls inside its main area; on paper all of it goes on the pages. */
  .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important;
  }
  [data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; }
  /* Charts scale down to the paper's width instead of running off its edge. */
  [data-testid="stVegaLiteChart"], [data-testid="stVegaLiteChart"] svg {
    max-width: 100% !important; height: auto !important;
  }
  [data-testid="stVegaLiteChart"], [data-testid="stMetric"], [data-testid="stExpander"],
  [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stHorizontalBlock"] {
    break-inside: avoid;
  }
  h1, h2, h3 { break-after: avoid; }
}
</style>
"""


@dataclass(frozen=True)
class Page:
    key: str
    lang: str
    filters: Filters
    plan: Plan
    actor: Actor = identity.LOCAL_USER

    def may(self, action: str, organisation: str | None = None) -> bool:
        """Whether to offer a control; the service checks again when it is used."""
        return allowed(self.actor, action, organisation)

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    @property
    def goals(self) -> dict[int, str]:
        """Goal number -> label of the chosen goals (all of the plan's when none is chosen)."""
        return self.plan.goal_labels(self.lang, self.filters.goals)

    @property
    def all_goals(self) -> dict[int, str]:
        return self.plan.goal_labels(self.lang)

    def goal_name(self, number: int | None) -> str:
        return self.plan.goal_label(number, self.lang)


def page_setup(key: str) -> Page:
    errors.install()  # an uncaught exception from here on: a message and an error id
    st.set_page_config(
        page_title=f"{t(f'page.{key}', current_language())} · NAP 1325",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state="expanded",
    )
    startup_checks.refuse_if_unsafe(current_language())  # once per process: T11
    st.html(CSS)
    plans = loaders.plans() if loaders.store_ready() else ()
    plan = choose(plans, st.query_params.get("plan") or st.session_state.get("_plan"))
    if presentation.is_on() and plan is not None:
        lang = current_language()
        st.session_state["_lang"] = lang
        identity.resolve(lang)  # slides show figures too: nobody unsigned gets them
        presentation.run(lang, plan, st.session_state.get("_filters") or first_filters(plan))
        st.stop()
    # Streamlit gives widgets on a newly opened page their defaults, even with the same
    # key; so on a page switch every shared widget gets its kept value again.
    new_page = st.session_state.get("_page") != key
    st.session_state["_page"] = key
    if url_changed():  # a followed link brings its own view and language
        if st.query_params.get("lang") in LANGUAGES:
            st.session_state["_lang"] = st.query_params.get("lang")
        new_page = True
    lang = _language_switch(new_page)
    actor = identity.resolve(lang)
    nav = st.sidebar.container()  # filled last, so its links carry the current filters
    if plan is None:
        _navigation(nav, lang, actor)
        st.error(t("store.not_ready", lang))
        st.stop()
    needed = PAGE_ACTION.get(key, access.VIEW_DASHBOARDS)
    if not allowed(actor, needed):
        _navigation(nav, lang, actor)
        st.warning(t("access.page_refused", lang), icon=":material/lock:")
        st.stop()
    plan = choose_plan(lang, plans, new_page)
    filters = draw_filters(lang, plan, new_page, several_plans=len(plans) > 1, actor=actor)
    _navigation(nav, lang, actor)
    st.sidebar.button(
        t("present.start", lang),
        icon=":material/slideshow:",
        key="present_btn",
        on_click=_start_presentation,
        width="stretch",
    )
    if loaders.is_demo():
        st.sidebar.warning(t("demo.banner", lang), icon=":material/science:")
    help_how_we_count(lang)
    if first_run.notice(key, lang):
        st.stop()
    return Page(key, lang, filters, plan, actor)


def _start_presentation() -> None:
    st.query_params["present"] = "1"
    st.query_params["slide"] = "1"


def current_language() -> str:
    lang = st.session_state.get("_lang") or st.query_params.get("lang") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _language_switch(new_page: bool) -> str:
    if new_page or "lang" not in st.session_state:
        st.session_state["lang"] = st.session_state.get("_lang") or current_language()
    with st.sidebar:
        lang = st.segmented_control(
            "Taal / Language",
            LANGUAGES,
            format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
            required=True,
            key="lang",
        )
    st.session_state["_lang"] = lang or DEFAULT_LANGUAGE
    return st.session_state["_lang"]


def _navigation(box, lang: str, actor: Actor) -> None:
    # Links carry the query string: the view (filters, language) goes along to the next page.
    params = st.query_params.to_dict()
    with box:
        st.markdown(f"### {t('app.short_title', lang)}")
        for key, path, icon in PAGES:
            if not allowed(actor, PAGE_ACTION.get(key, access.VIEW_DASHBOARDS)):
                continue
            st.page_link(path, label=t(f"page.{key}", lang), icon=icon, query_params=params)
        st.divider()


def link_with_filters(path: str, label: str, **changes: str) -> None:
    """A link to another page that keeps the current view and changes some filters."""
    params = {**st.query_params.to_dict(), **changes}
    st.page_link(path, label=label, icon=":material/arrow_forward:", query_params=params)


def help_how_we_count(lang: str) -> None:
    """The counting rules, one click away on every page (docs/definitions.md says the same)."""
    with st.sidebar.popover(t("count.title", lang), icon=":material/calculate:", width="stretch"):
        st.markdown(t("count.rules", lang))


def title(page: Page, subtitle_key: str | None = None) -> None:
    st.title(page.t(f"page.{page.key}"))
    if subtitle_key:
        st.caption(page.t(subtitle_key))


def empty_notice(page: Page, frame_height: int) -> bool:
    """Show a helpful message instead of an empty chart; True when there is nothing to show."""
    if frame_height:
        return False
    st.info(page.t("common.no_data"), icon=":material/filter_alt_off:")
    return True
