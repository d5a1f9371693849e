"""AppTest of the analysis pages (national versus foreign, learning agenda) on the demo store."""

from __future__ import annotations

import json
import tomllib

import pytest

from nap_data.i18n import LANGUAGES
from nap_data.labels import unmd
from nap_data.ui import PAGES, first_run
from tests.conftest import REPO
from tests.test_app_pages import run_page

NATIONAL_FOREIGN = "pages/6_National_foreign.py"
LEARNING = "pages/8_Learning_agenda.py"
TITLES = {
    "nl": ("Nationaal en buitenland", "Leeragenda"),
    "en": ("National and foreign", "Learning agenda"),
}


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["title"]["text"] for c in at.get("vega_lite_chart")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_national_foreign_shows_shares_and_six_grouped_charts(demo_db, lang):
    at = run_page(NATIONAL_FOREIGN, lang, year_to="2024")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == TITLES[lang][0]
    # Share abroad (one definition everywhere), then the share of each focus, twice.
    assert len(at.metric) == 7 and all(m.value.endswith("%") for m in at.metric)
    assert at.metric[0].label == {"nl": "Aandeel buitenland", "en": "Share abroad"}[lang]
    titles = chart_titles(at)
    assert len(titles) == 6
    per = {
        "nl": ("per doel", "per soort organisatie", "per jaar"),
        "en": ("per goal", "per organisation type", "per year"),
    }[lang]
    assert all(any(p in title for title in titles) for p in per)


@pytest.mark.parametrize("path", [p for _k, p, _i in PAGES if _k not in first_run.SETUP_PAGES])
def test_an_empty_store_says_what_to_do_next_instead_of_empty_charts(empty_engine, path):
    at = run_page(path, "en")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("vega_lite_chart")
    assert "There is nothing to show yet" in at.info[0].value
    assert at.main.get("page_link"), "a link to the next step"


def test_home_on_an_empty_store_lists_the_steps_with_what_is_done(empty_engine):
    at = run_page("app.py", "en")
    assert not at.exception
    labels = [link.proto.label for link in at.main.get("page_link")]
    assert "1. Load the plan's results framework — done" in labels
    assert "2. Load the register of signatories — to do" in labels


def test_home_on_a_store_in_use_shows_no_checklist(demo_db):
    at = run_page("app.py", "en")
    assert "Getting started" not in [s.value for s in at.subheader]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_learning_agenda_shows_counts_and_cards_grouped_by_kind(demo_db, lang):
    at = run_page(LEARNING, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == TITLES[lang][1]
    assert len(chart_titles(at)) == 1
    heads = [h.value for h in at.subheader]
    kinds = {
        "nl": ("Hoogtepunten", "Uitdagingen", "Geleerde lessen"),
        "en": ("Highlights", "Challenges", "Lessons learned"),
    }[lang]
    # 20 entries a page, kind by kind: the first page holds the first kind only ...
    assert [h.split(" (")[0] for h in heads] == [kinds[0]]
    assert len(at.text) == 20
    # ... and says which entries of how many it shows; the table below holds all of them.
    assert any("1–20" in c.value for c in at.caption)
    assert at.dataframe[0].value.shape[0] > 20


def test_learning_search_that_matches(demo_db):
    at = run_page(LEARNING, "en", goals="2")
    at.text_input(key="learning_word").set_value("FUNDING").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert texts and all("funding" in t.lower() for t in texts)
    assert [h.value.split(" (")[0] for h in at.subheader] == ["Challenges"]


@pytest.mark.parametrize("word", ["zzqx", "(a", ".*"])
def test_learning_search_that_matches_nothing_gives_a_hint(demo_db, word):
    at = run_page(LEARNING, "nl")
    at.text_input(key="learning_word").set_value(word).run()
    assert not at.exception
    assert not at.text and not at.get("vega_lite_chart")
    assert f"'{word}'" in unmd(at.info[0].value)  # shown as text (Markdown escaped)


def test_analysis_catalogue_does_not_override_other_catalogues():
    path = REPO / "nap_data" / "i18n" / "analysis.toml"
    ours = _keys(tomllib.loads(path.read_text(encoding="utf-8")))
    others = set()
    for other in path.parent.glob("*.toml"):
        if other != path:
            others |= _keys(tomllib.loads(other.read_text(encoding="utf-8")))
    assert not ours & others


def _keys(node: dict, prefix: str = "") -> set[str]:
    if set(node) & set(LANGUAGES):
        return {prefix}
    return {k for key, child in node.items() for k in _keys(child, f"{prefix}{key}.")}


def test_the_search_word_is_kept_in_the_address(demo_db):
    from tests.test_app_pages import run_page

    at = run_page("pages/8_Learning_agenda.py", "en", q="funding")
    assert at.text_input(key="learning_word").value == "funding"
    at.text_input(key="learning_word").set_value("network").run()
    assert at.query_params["q"] == "network"
    assert at.query_params["lang"] == "en"
