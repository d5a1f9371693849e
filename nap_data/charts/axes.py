"""Axes and legends of whole numbers, and long titles and axis labels over several lines."""

from __future__ import annotations

import json
import textwrap

import altair as alt
import polars as pl

from nap_data.charts.theme import TICKS, TITLE_CHARS


def title_lines(title: str, width: int = TITLE_CHARS) -> str:
    """The title, with a line break (see styled's lineBreak) before it passes `width`
    characters. It stays one string, so whoever reads the title reads all of it."""
    return "\n".join(textwrap.wrap(title, width)) if len(title) > width else title


def wrapped_labels(labels: list[str], width: int = 24) -> str:
    """A Vega expression that writes each long axis label on lines of about `width` characters
    (a narrow column keeps room for the bars, and no label is shortened or dropped)."""
    lines = {
        label: textwrap.wrap(label, width, break_on_hyphens=False)
        for label in labels
        if len(label) > width
    }
    return (
        f"{json.dumps(lines, ensure_ascii=False)}[datum.label] || datum.label"
        if lines
        else "datum.label"
    )


def count_axis(top: float | None, **kwargs) -> alt.Axis:
    """An axis of whole numbers (activities, organisations) up to `top`, the largest value
    drawn: about TICKS ticks and never one between two whole numbers.

    Vega's tickMinStep alone lets a range of 0-2 through as 0, 0.5 ... labelled "0, 1, 1,
    2, 2"; asking for no more ticks than there are whole numbers avoids that.
    """
    return alt.Axis(format="d", tickMinStep=1, tickCount=count_ticks(top), **kwargs)


def count_ticks(top: float | None) -> int:
    """How many ticks count_axis asks for on an axis up to `top`."""
    return max(1, min(TICKS, int(top or 1)))


def count_legend(values: pl.Series, **kwargs) -> alt.Legend:
    """A colour legend of whole numbers: like count_axis, over the span the colours cover."""
    span = (values.max() - values.min()) if values.len() else 1
    count = max(1, min(TICKS, int(span or 1)))
    return alt.Legend(format="d", tickMinStep=1, tickCount=count, **kwargs)


def axis_top(frame: pl.DataFrame, column: str, by: str | None = None) -> float | None:
    """The largest value a bar reaches: of `column`, or of its sums per `by` (stacks)."""
    if not frame.height:
        return None
    values = frame.group_by(by).agg(pl.col(column).sum())[column] if by else frame[column]
    return values.max()
