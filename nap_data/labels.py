"""Turn stored codes in a frame into words for the reader (for tables and exports)."""

from __future__ import annotations

import re

import polars as pl

from nap_data.countries import country_name
from nap_data.i18n import t

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md(text: object) -> str:
    """Text that signatories wrote, safe inside Markdown (no links, images or HTML)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def translate(frame: pl.DataFrame, columns: dict[str, str], lang: str) -> pl.DataFrame:
    """Replace each code in `columns` (column -> vocabulary kind) by its label."""
    out = frame
    for column, kind in columns.items():
        if column not in out.columns:
            continue
        values = [v for v in out[column].unique().to_list() if v is not None]
        if kind == "goal":
            mapping = {v: f"{v}. {t(f'goal.{v}', lang)}" for v in values}
        else:
            mapping = {v: t(f"{kind}.{v}", lang) for v in values}
        out = out.with_columns(
            pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String)
        )
    return out


def country_names(frame: pl.DataFrame, lang: str, column: str = "countries") -> pl.DataFrame:
    """A list column of ISO codes as one readable text: "Mali; Niger"."""
    if column not in frame.columns:
        return frame
    return frame.with_columns(
        pl.col(column)
        .list.eval(
            pl.element().map_elements(lambda c: country_name(c, lang), return_dtype=pl.String)
        )
        .list.join("; ")
    )
