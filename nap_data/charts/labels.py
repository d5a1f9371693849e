"""Codes in words: the column beside a code column that a chart shows and its legend sorts."""

from __future__ import annotations

import polars as pl

from nap_data.i18n import t


def labelled(frame: pl.DataFrame, column: str, kind: str, lang: str) -> pl.DataFrame:
    return frame.with_columns(label_column(frame, column, kind, lang))


def label_column(frame: pl.DataFrame, column: str, kind: str, lang: str) -> pl.Expr:
    """`<column>_label`: the column's values in words (`<kind>.<value>` in the catalogue)."""
    values = frame[column].unique().to_list()
    mapping = {v: t(f"{kind}.{v}", lang) for v in values if v is not None}
    return pl.col(column).replace_strict(mapping, default=None).alias(f"{column}_label")


def goal_labelled(frame: pl.DataFrame, goals: dict[int, str]) -> pl.DataFrame:
    return frame.with_columns(goal_label_column(goals))


def goal_label_column(goals: dict[int, str]) -> pl.Expr:
    """`goal_label`: the goal's label in the plan (none for a goal the plan lacks)."""
    mapping = {g: label for g, label in goals.items()}
    return pl.col("goal").replace_strict(mapping, default=None).alias("goal_label")
