"""Turn stored codes in a frame into words for the reader (for tables and exports).

A reader never sees a raw code: goals by their plan names, vocabularies by their
translated labels, target groups and countries by their names.
"""

from __future__ import annotations

import re

import polars as pl

from nap_data.countries import country_name
from nap_data.i18n import t

# Every ASCII punctuation mark that Markdown, GFM, Streamlit's directives (`:red[..]`,
# `:material/..:`, emoji `:name:`), LaTeX (`$`) or HTML (`<`, `&`) can give a meaning.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=@/\"'^%])")
# Streamlit's GFM autolinks are found in the text *after* escapes are resolved
# (mdast-util-gfm-autolink-literal: "www.", "http(s)://" and "a@b.c"), so a backslash
# cannot stop them. A WORD JOINER (U+2060, invisible, no width) after "www", after "://"'s
# colon, after "@" and after a dot between letters (bare hosts such as evil.example/x)
# breaks every such pattern while the text reads the same. A joiner after ":" also keeps
# `:name:` shortcodes from turning into icons or emoji.
JOINER = "\u2060"
_LINKISH = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=\\:)|(?<=\\@)|(?<=\w\\\.)(?=\w)")
# Column -> vocabulary kind, for the columns whose name says what they hold.
VOCAB_COLUMNS = {
    "goal": "goal", "focus": "focus", "status": "status", "progress": "progress",
    "organisation_type": "org_type", "review_status": "return_state", "sex": "sex",
    "unit": "unit", "target_groups": "target_group", "countries": "country",
    "created_by": "actor", "reviewed_by": "actor", "actor": "actor",
}  # fmt: skip
# Who did something: people by their address, the app's own processes by a word.
MACHINE_ACTORS = ("system", "cli", "dashboard user")


def md(text: object) -> str:
    """Text that signatories (or an address) wrote, shown as itself inside Markdown.

    The one escaping function for every place where a return, the register or the URL
    reaches a Markdown element (st.markdown, st.info, st.caption, ...): no link, autolink,
    image, HTML, directive, icon, emoji or formula survives. What a reader sees is the
    text; only invisible word joiners (see JOINER) are added.
    """
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    return _LINKISH.sub(JOINER, escaped)


def unmd(markdown: str) -> str:
    """The text that `md` escaped, back (what a reader sees); for tests and checks."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(JOINER, ""))


def translate(
    frame: pl.DataFrame,
    columns: dict[str, str],
    lang: str,
    goals: dict[int, str] | None = None,
) -> pl.DataFrame:
    """Replace each code in `columns` (column -> vocabulary kind) by its label.

    Kind "goal" needs `goals` (number -> label, from the plan); "target_group" reads
    "women;girls"; "country" reads a list of ISO codes. Both become "a; b" text.
    """
    out = frame
    for column, kind in columns.items():
        if column not in out.columns:
            continue
        if kind == "country":
            out = country_names(out, lang, column)
            continue
        if kind == "target_group":
            out = _target_groups(out, column, lang)
            continue
        if kind == "actor":
            words = {a: t(f"actor.{a.replace(' ', '_')}", lang) for a in MACHINE_ACTORS}
            out = out.with_columns(pl.col(column).replace(words))
            continue
        values = [v for v in out[column].unique().to_list() if v is not None]
        if kind == "goal":
            mapping = {v: (goals or {}).get(v, str(v)) for v in values}
        else:
            mapping = {v: t(f"{kind}.{v}", lang) for v in values}
        out = out.with_columns(
            pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String)
        )
    return out


def readable(
    frame: pl.DataFrame,
    lang: str,
    goals: dict[int, str] | None = None,
    kinds: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Every known code column in words: VOCAB_COLUMNS, plus `kinds` for the others
    (e.g. {"state": "return_state"}), whose entries win."""
    return translate(frame, {**VOCAB_COLUMNS, **(kinds or {})}, lang, goals)


def _target_groups(frame: pl.DataFrame, column: str, lang: str) -> pl.DataFrame:
    groups = {g: t(f"target_group.{g}", lang) for g in ("women", "girls", "men", "boys")}
    split = pl.col(column).str.split(";").list.eval(pl.element().filter(pl.element() != ""))
    return frame.with_columns(split.list.eval(pl.element().replace(groups)).list.join("; "))


def country_names(frame: pl.DataFrame, lang: str, column: str = "countries") -> pl.DataFrame:
    """A list column of ISO codes as one readable text: "Mali; Niger"."""
    if column not in frame.columns or not isinstance(frame.schema[column], pl.List):
        return frame
    return frame.with_columns(
        pl.col(column)
        .list.eval(
            pl.element().map_elements(lambda c: country_name(c, lang), return_dtype=pl.String)
        )
        .list.join("; ")
    )
