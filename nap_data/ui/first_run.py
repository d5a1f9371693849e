"""A store without signatories or returns: say what to do next instead of drawing empty charts.

Home shows the steps as a checklist with what is done; the analysis pages show the
next step with a link, until there is something to analyse.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from nap_data.i18n import t
from nap_data.ui import loaders

# Pages that are part of getting started themselves, so they always open.
SETUP_PAGES = ("home", "returns", "register", "framework")


@dataclass(frozen=True)
class Step:
    key: str
    done: bool
    page: str  # the script of the page where the step is done


def _register_page() -> str:
    from nap_data.ui import PAGES

    paths = {key: path for key, path, _icon in PAGES}
    return paths.get("register", paths["organisations"])


def steps() -> list[Step]:
    subs = loaders.submissions()
    received = subs.filter(subs["review_status"] != "returned").height if subs.height else 0
    approved = subs.filter(subs["review_status"] == "approved").height if subs.height else 0
    return [
        Step("framework", bool(loaders.plans()), "pages/10_Framework.py"),
        Step("register", loaders.organisations().height > 0, _register_page()),
        Step("templates", subs.height > 0, "pages/5_Returns.py"),
        Step("returns", received > 0, "pages/5_Returns.py"),
        Step("review", approved > 0, "pages/5_Returns.py"),
    ]


def started() -> bool:
    """There is something to analyse: signatories and at least one return."""
    return loaders.organisations().height > 0 and loaders.submissions().height > 0


def checklist(lang: str) -> None:
    """Home's getting-started list: every step with whether it is done and where to do it."""
    todo = steps()
    if all(s.done for s in todo):
        return
    st.subheader(t("first_run.heading", lang))
    for step in todo:
        mark = ":material/check_circle:" if step.done else ":material/radio_button_unchecked:"
        state = t("first_run.done" if step.done else "first_run.todo", lang)
        st.page_link(
            step.page,
            label=f"{t(f'first_run.{step.key}', lang)} — {state}",
            icon=mark,
        )


def notice(key: str, lang: str) -> bool:
    """On an analysis page of a store that has not started: the next step; True when shown."""
    if key in SETUP_PAGES or started():
        return False
    step = next(s for s in steps() if not s.done)
    st.title(t(f"page.{key}", lang))
    st.info(t("first_run.nothing_yet", lang), icon=":material/info:")
    st.page_link(step.page, label=t(f"first_run.{step.key}", lang), icon=":material/arrow_forward:")
    return True
