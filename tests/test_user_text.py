"""User text is always text: signatories' words, the register and the address are shown as
themselves on every page, never as Markdown, links, images, HTML, icons, colours or LaTeX."""

from __future__ import annotations

import re
import sqlite3

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from nap_data.labels import JOINER, md, unmd
from nap_data.ui import PAGES
from tests.test_app_pages import run_page

PIECES = [
    "![x](http://127.0.0.1:9/p.png)",
    "[link](http://127.0.0.1:9/l)",
    "<https://127.0.0.1:9/a>",
    "www.evil.example/x",
    "mail@evil.example",
    "evil.example/x",
    "<img src=http://127.0.0.1:9/i.png>",
    ":material/home:",
    ":red[x]",
    ":smile:",
    "$x^2$",
    "=1+1",
    "**b** _i_ `c` # h",
]
PAYLOAD = " ".join(PIECES)
MARK = "127.0.0.1"  # every element showing the payload holds this
# Streamlit's frontend finds these in the text after escapes are resolved (GFM autolink
# literals, copied from its bundle), so the escaped text must not match them.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I)
GFM_EMAIL = re.compile(r"(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title")
MARKDOWN_KINDS += ("subheader", "header", "expander", "tab")


def _live(source: str) -> str:
    """What Markdown still reads as syntax: every backslash-escaped character removed."""
    return re.sub(r"\\.", "", source)


def assert_inert(source: str) -> None:
    live = _live(source)
    for token in ("![", "](", "<", "$", "`", "**b**", "_i_"):
        assert token not in live, (token, source)
    assert not re.search(r":\w", live), source  # directives, icons, emoji
    resolved = re.sub(r"\\(.)", r"\1", source)  # joiners stay, as in the browser
    assert not GFM_URL.search(resolved), source
    assert not GFM_EMAIL.search(resolved), source


@pytest.mark.parametrize("piece", PIECES + [PAYLOAD, "a\\$b$", "x\n===\n", "1. item"])
def test_md_gives_inert_markdown_that_reads_as_the_text(piece):
    assert_inert(md(piece))
    assert unmd(md(piece)) == piece
    assert md(piece).replace(JOINER, "").count("\\") <= 2 * len(piece)


@pytest.fixture
def hostile_store(demo_db):
    """The demo store with the payload in every organisation name and pledge, every
    activity title and every narrative."""
    with sqlite3.connect(demo_db) as db:
        db.execute("UPDATE organisation SET name = ? || ' ' || code, pledge = ?", (PAYLOAD,) * 2)
        db.execute("UPDATE activity_report SET title = ?", (PAYLOAD,))
        db.execute(
            "UPDATE narrative SET highlights = ?, challenges = ?, lessons = ?", (PAYLOAD,) * 3
        )
    st.cache_data.clear()  # frames are cached per data version, not per file
    yield demo_db
    st.cache_data.clear()


def _markdown_values(at: AppTest) -> list[str]:
    values = []
    for kind in MARKDOWN_KINDS:
        values += [getattr(e, "label", None) or e.value for e in at.get(kind)]
    values += [m.label for m in at.metric]
    return [v for v in values if isinstance(v, str)]


def _plain_values(at: AppTest) -> list[str]:
    values = [e.value for e in at.get("text")]
    for frame in at.dataframe:
        values += [str(v) for v in frame.value.to_numpy().ravel()]
    return values


def _check_page(at: AppTest) -> list[str]:
    """Every Markdown element showing the payload is inert; what the reader sees, back."""
    assert not at.exception, [e.value for e in at.exception]
    seen = []
    for source in _markdown_values(at):
        if MARK in unmd(source) or "evil" in unmd(source):
            assert_inert(source)
            seen.append(unmd(source))
    return seen + _plain_values(at)


# Pages where signatories' text is shown; the payload must come back in full there.
SHOWS_PAYLOAD = {
    "pages/1_Overview.py",
    "pages/2_Goals.py",
    "pages/3_Organisations.py",
    "pages/4_Indicators.py",
    "pages/5_Returns.py",
    "pages/7_Map.py",
    "pages/8_Learning_agenda.py",
}


@pytest.mark.parametrize("path", [path for _key, path, _icon in PAGES] + ["pages/9_Register.py"])
def test_every_page_shows_the_payload_as_text(hostile_store, path):
    at = run_page(path, "en")
    shown = _check_page(at)
    if path in SHOWS_PAYLOAD:
        assert any(PAYLOAD in text for text in shown), path


def test_the_search_word_in_the_address_is_text(hostile_store):
    word = "![q](http://127.0.0.1:9/q.png) www.q.example :red[q] $q$ <b>q</b>"
    at = run_page("pages/8_Learning_agenda.py", "en", q=word)
    _check_page(at)
    [hint] = [i.value for i in at.main.info]  # the sidebar's own note says sign-in is off
    assert word in unmd(hint)
    assert_inert(hint)


def test_the_search_word_finds_the_payload_and_shows_it_as_text(hostile_store):
    at = run_page("pages/8_Learning_agenda.py", "en", q="evil.example")
    shown = _check_page(at)
    assert any(PAYLOAD in text for text in shown)


def test_presentation_slides_show_the_payload_as_text(hostile_store):
    at = run_page("app.py", "en", present="1", year_to="2024")
    while True:
        _check_page(at)
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()


def _drill_down_script():
    """The activity table with its first row picked (AppTest cannot click a table row)."""
    import types

    from nap_data.ui import activity_drill, loaders, tables

    frame = loaders.activities("submitted").head(1)
    real = tables.table
    tables.table = lambda *a, **k: types.SimpleNamespace(selection=types.SimpleNamespace(rows=[0]))
    try:
        activity_drill.activity_table(frame, "en", key="drill", goals={})
    finally:
        tables.table = real


def test_the_drill_down_source_line_is_text(hostile_store):
    at = AppTest.from_function(_drill_down_script, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    [line] = [m.value for m in at.markdown if MARK in unmd(m.value)]
    assert_inert(line)
    assert PAYLOAD in unmd(line)


def test_the_sidebar_names_organisations_as_text(hostile_store):
    at = run_page("pages/2_Goals.py", "en")
    options = at.multiselect(key="organisation").options if _has(at, "organisation") else []
    assert all(isinstance(o, str) for o in options)
    for source in _markdown_values(at.sidebar):
        if MARK in unmd(source):
            assert_inert(source)


def _has(at: AppTest, key: str) -> bool:
    try:
        at.multiselect(key=key)
    except KeyError:
        return False
    return True
