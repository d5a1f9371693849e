"""The summary section: the period's key figures, per goal, progress and indicator status."""

from __future__ import annotations

import polars as pl

from nap_data import charts, metrics
from nap_data.charts.export import title_text
from nap_data.formatting import format_int, format_percent
from nap_data.report.context import Context
from nap_data.report.model import Column, Figure, Paragraph, Section, Table
from nap_data.report.numbers import Counted
from nap_data.report.words import money, say
from nap_data.vocab import Progress

PROGRESS = tuple(str(p) for p in Progress)


def summary_section(c: Counted, ctx: Context) -> Section:
    fig = c.figures
    blocks = [
        Paragraph(
            activities_sentence(
                "report.summary.activities",
                c.activities,
                fig,
                ctx,
                goals=ctx.n("goal", len(ctx.goals)),
            )
        ),
        *([Paragraph(_focus_sentence(fig, ctx))] if fig["activities"] else []),
        Paragraph(_indicator_sentence(c, ctx)),
        Paragraph(_returns_sentence(fig, ctx)),
        key_figures_table(fig, c, ctx),
        per_goal_table(c, ctx),
    ]
    if c.activities.height:
        per_goal = metrics.activities_per_goal(c.activities, tuple(ctx.goals))
        for measure, key in (("activities", "activities_per_goal"), ("budget_eur", "budget")):
            chart = charts.goal_focus_bar(per_goal, ctx.lang, ctx.goals, measure)
            blocks.append(Figure(key, _title(chart), chart))
    blocks.append(progress_table(c, ctx))
    if c.activities.filter(pl.col("progress").is_not_null()).height:
        dist = metrics.distribution(c.activities, "progress", PROGRESS, tuple(ctx.goals))
        title = ctx.t("report.figure.progress")
        chart = charts.distribution_bar(
            dist, "progress", "progress", title, ctx.lang, ctx.goals, ctx.t("filter.progress")
        )
        blocks.append(Figure("progress", title, chart))
    blocks.append(status_table(c, ctx))
    if c.status.height:
        counts = metrics.status_counts(c.status)
        title = ctx.t("chart.indicator_status", year=ctx.filters.year_to)
        chart = charts.state_bar(counts, "state", "indicators", "indicator_state", title, ctx.lang)
        blocks.append(Figure("indicator_status", title, chart))
    return Section("summary", ctx.t("report.section.summary"), tuple(blocks))


def _title(chart) -> str:
    return title_text(chart)  # one line: the screen's title may be broken over two


def activities_sentence(
    key: str, acts: pl.DataFrame, counted: dict, ctx: Context, **more: object
) -> str:
    """How many organisations have how many activities with what budget in the period, from
    the activities `acts` and their figures `counted` (the whole summary's or one goal's);
    `more` fills the rest of sentence `key`."""
    organisations = acts["organisation_code"].n_unique() if acts.height else 0
    return say(
        key,
        organisations,
        ctx.lang,
        period=ctx.in_period,
        organisations=ctx.n("organisation", organisations),
        activities=ctx.n("activity", counted["activities"]),
        budget=money(counted["budget_eur"], ctx.lang),
        **more,
    )


def _focus_sentence(fig: dict, ctx: Context) -> str:
    n = fig["by_focus"]
    abroad = (n["foreign"] + n["both"]) / fig["activities"]
    return say(
        "report.summary.focus",
        n["national"],
        ctx.lang,
        share=format_percent(abroad, ctx.lang),
        foreign=format_int(n["foreign"], ctx.lang),
        both=format_int(n["both"], ctx.lang),
        national=ctx.n("activity", n["national"]),
    )


def _indicator_sentence(c: Counted, ctx: Context) -> str:
    n = _status_numbers(c.status)
    total = c.status.height
    return say(
        "report.summary.indicators",
        total,
        ctx.lang,
        year=ctx.filters.year_to,
        indicators=ctx.n("indicator", total),
        good=format_int(n["achieved"] + n["on_track"], ctx.lang),
        achieved=format_int(n["achieved"], ctx.lang),
        off=format_int(n["off_track"], ctx.lang),
        nodata=format_int(n["no_data"], ctx.lang),
    )


def _returns_sentence(fig: dict, ctx: Context) -> str:
    return say(
        "report.summary.returns",
        fig["returns_received"],
        ctx.lang,
        year=fig["to"],
        received=format_int(fig["returns_received"], ctx.lang),
        expected=ctx.n("signatory", fig["returns_expected"]),
    )


def _status_numbers(status: pl.DataFrame) -> dict[str, int]:
    counts = metrics.status_counts(status)
    return dict(zip(counts["state"].to_list(), counts["indicators"].to_list(), strict=True))


def key_figures_table(fig: dict, c: Counted, ctx: Context) -> Table:
    year = fig["to"]
    organisations = c.activities["organisation_code"].n_unique() if c.activities.height else 0
    share = metrics.share_abroad(c.activities)
    columns = (
        Column(ctx.t("report.col.activities"), "int"),
        Column(ctx.t("report.col.budget"), "eur"),
        Column(ctx.t("report.col.share_abroad"), "percent"),
        Column(ctx.t("report.col.organisations_active"), "int"),
        Column(ctx.t("report.col.signatories_in", year=year), "int"),
        Column(ctx.t("report.col.returns_in", year=year), "int"),
    )
    row = (
        fig["activities"],
        fig["budget_eur"],
        share,
        organisations,
        fig["signatories"],
        fig["returns_received"],
    )
    return Table(
        "key_figures",
        ctx.t("report.table.key_figures", period=ctx.period),
        columns,
        (row,),
        note=ctx.t("report.note.key_figures"),
    )


def per_goal_table(c: Counted, ctx: Context) -> Table:
    """Activities and budget per goal from `figures`, with the focus split and organisations."""
    fig = c.figures
    rows = []
    for number, label in ctx.goals.items():
        mine = c.activities.filter(pl.col("goal") == number)
        focus = {f: mine.filter(pl.col("focus") == f).height for f in metrics.FOCUSES}
        counted = fig["by_goal"][str(number)]
        orgs = mine["organisation_code"].n_unique() if mine.height else 0
        rows.append((label, counted["activities"], counted["budget_eur"], *focus.values(), orgs))
    totals = (
        ctx.t("report.total"),
        fig["activities"],
        fig["budget_eur"],
        *(fig["by_focus"][f] for f in metrics.FOCUSES),
        c.activities["organisation_code"].n_unique() if c.activities.height else 0,
    )
    columns = (
        Column(ctx.t("report.col.goal")),
        Column(ctx.t("report.col.activities"), "int"),
        Column(ctx.t("report.col.budget"), "eur"),
        *(Column(ctx.t(f"focus.{f}"), "int") for f in metrics.FOCUSES),
        Column(ctx.t("report.col.organisations"), "int"),
    )
    return Table(
        "per_goal",
        ctx.t("report.table.per_goal", period=ctx.period),
        columns,
        (*rows, totals),
        note=ctx.t("report.note.per_goal"),
    )


def progress_table(c: Counted, ctx: Context) -> Table:
    rows = []
    for number, label in ctx.goals.items():
        mine = c.activities.filter(pl.col("goal") == number)
        levels = [mine.filter(pl.col("progress") == p).height for p in PROGRESS]
        rows.append((label, *levels, mine.filter(pl.col("progress").is_null()).height))
    columns = (
        Column(ctx.t("report.col.goal")),
        *(Column(ctx.t(f"progress.{p}"), "int") for p in PROGRESS),
        Column(ctx.t("report.col.no_level"), "int"),
    )
    return Table(
        "progress",
        ctx.t("report.table.progress", period=ctx.period),
        columns,
        tuple(rows),
        note=ctx.t("report.note.progress"),
    )


def status_table(c: Counted, ctx: Context) -> Table:
    n = _status_numbers(c.status)
    columns = (Column(ctx.t("report.col.state")), Column(ctx.t("report.col.indicators"), "int"))
    rows = tuple((ctx.t(f"indicator_state.{s}"), n[s]) for s in metrics.INDICATOR_STATES)
    return Table(
        "indicator_status",
        ctx.t("report.table.indicator_status", year=ctx.filters.year_to),
        columns,
        rows,
        note=ctx.t("report.note.indicator_status"),
    )


__all__ = ["activities_sentence", "summary_section", "per_goal_table", "key_figures_table"]
