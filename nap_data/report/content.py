"""Frames in, report out: the whole text of the progress report for one period (pure).

The sections follow the letters sent so far: a summary, one section per strategic goal,
the returns received per year, and a methods annex. Tables and figures are numbered in
reading order here, so every format numbers them alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from nap_data.filters import Filters
from nap_data.formatting import format_date
from nap_data.metrics.figures import Frames
from nap_data.report import quotes as quote_rule
from nap_data.report.annex import methods_section, returns_section, selection_text
from nap_data.report.context import Context
from nap_data.report.goals import goal_section
from nap_data.report.model import Figure, Report, Section, Table
from nap_data.report.numbers import count
from nap_data.report.summary import summary_section
from nap_data.report.words import plain


def quote_candidates(frames: Frames, narratives: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The entries the quote rule may choose from (the Reports page lists them)."""
    goals = f.goals or frames.plan.goal_numbers
    years = range(f.year_from, f.year_to + 1)
    return quote_rule.candidates(narratives, frames.submissions, years, goals, f.organisations)


def build_model(
    frames: Frames,
    narratives: pl.DataFrame,
    f: Filters,
    lang: str,
    *,
    excluded_quotes: tuple[str, ...] = (),
    generated_at: dt.datetime | None = None,
    data_version: int | None = None,
) -> Report:
    ctx = Context(lang, frames.plan, f)
    generated_at = generated_at or dt.datetime.now()
    counted = count(frames, f)
    candidates = quote_candidates(frames, narratives, f)
    picked = quote_rule.chosen(candidates, excluded_quotes)
    sections = [
        summary_section(counted, ctx),
        *(goal_section(number, counted, picked, ctx) for number in ctx.goals),
        returns_section(counted, ctx),
        methods_section(counted, ctx, candidates, excluded_quotes, generated_at, data_version),
    ]
    return Report(
        lang=lang,
        title=ctx.t("report.title"),
        subtitle=ctx.t("report.subtitle", plan=plain(frames.plan.name(lang)), period=ctx.period),
        meta=(
            ctx.t("report.meta.period", period=ctx.period),
            ctx.t("report.meta.scope", scope=ctx.scope_label),
            selection_text(ctx),
            ctx.t("report.meta.made", date=format_date(generated_at, lang)),
        ),
        sections=tuple(_numbered(sections)),
        figures=counted.figures,
        generated_at=generated_at,
        file_stem=ctx.t("report.file_stem", first=f.year_from, last=f.year_to, lang=lang),
        contents_title=ctx.t("report.contents"),
        labels={
            "table": ctx.t("report.label.table"),
            "figure": ctx.t("report.label.figure"),
            "page": ctx.t("report.label.page"),
            "of": ctx.t("report.label.of"),
            "annex": ctx.t("report.label.annex"),
            "toc_hint": ctx.t("report.toc_hint"),
        },
    )


def _numbered(sections: list[Section]) -> list[Section]:
    tables = figures = 0
    out = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, Table):
                tables += 1
                block = replace(block, number=tables)
            elif isinstance(block, Figure):
                figures += 1
                block = replace(block, number=figures)
            blocks.append(block)
        out.append(replace(section, blocks=tuple(blocks)))
    return out


__all__ = ["build_model", "quote_candidates"]
