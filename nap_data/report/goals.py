"""One section per strategic goal: activities, budget, focus, countries, progress, the goal's
indicators against baseline and target, and quotes from the returns."""

from __future__ import annotations

import polars as pl

from nap_data import charts, metrics
from nap_data.countries import country_name
from nap_data.formatting import format_int, format_percent
from nap_data.report.context import Context
from nap_data.report.model import Column, Figure, Paragraph, Quote, Section, Subheading, Table
from nap_data.report.numbers import Counted
from nap_data.report.summary import PROGRESS, activities_sentence
from nap_data.report.words import listing, plain, say

TOP_COUNTRIES = 10


def goal_section(number: int, c: Counted, quotes: pl.DataFrame, ctx: Context) -> Section:
    acts = c.activities.filter(pl.col("goal") == number)
    goal = ctx.plan.goal(number)
    blocks: list = []
    if goal is not None and goal.description(ctx.lang).strip():
        blocks.append(Paragraph(plain(goal.description(ctx.lang))))
    counted = c.figures["by_goal"][str(number)]
    blocks.append(Paragraph(activities_sentence("report.goal.activities", acts, counted, ctx)))
    countries = metrics.per_country(
        metrics.reports_of(c.reports, acts, c.filters), c.filters.places
    )
    if acts.height:
        blocks.append(Paragraph(_focus_sentence(acts, ctx)))
        blocks.append(Paragraph(_country_sentence(countries, ctx)))
        blocks.append(Paragraph(_progress_sentence(acts, ctx)))
        blocks.append(_focus_table(number, acts, ctx))
        blocks.append(_progress_table(number, acts, ctx))
    if countries.height:
        blocks.append(_country_table(number, countries, ctx))
        top = countries.head(TOP_COUNTRIES)
        names = {code: country_name(code, ctx.lang) for code in top["country"].to_list()}
        chart = charts.country_bar(top, ctx.lang, names)
        title = ctx.t("report.figure.countries", goal=ctx.plan.goal_label(number, ctx.lang))
        blocks.append(Figure(f"goal_{number}_countries", title, chart.properties(title=title)))
    blocks.extend(_indicator_blocks(number, c, ctx))
    blocks.extend(_quote_blocks(number, quotes, ctx))
    name = goal.name(ctx.lang) if goal is not None else str(number)
    title = ctx.t("report.section.goal", number=number, name=plain(name))
    return Section(f"goal_{number}", title, tuple(blocks))


def _focus_sentence(acts: pl.DataFrame, ctx: Context) -> str:
    n = {f: acts.filter(pl.col("focus") == f).height for f in metrics.FOCUSES}
    return say(
        "report.goal.focus",
        n["national"],
        ctx.lang,
        national=ctx.n("activity", n["national"]),
        foreign=format_int(n["foreign"], ctx.lang),
        both=format_int(n["both"], ctx.lang),
        share=format_percent(metrics.share_abroad(acts), ctx.lang),
    )


def _country_sentence(countries: pl.DataFrame, ctx: Context) -> str:
    top = [
        ctx.t(
            "report.country_count",
            country=country_name(row["country"], ctx.lang),
            n=format_int(row["activities"], ctx.lang),
        )
        for row in countries.head(3).iter_rows(named=True)
    ]
    return say(
        "report.goal.countries",
        countries.height,
        ctx.lang,
        countries=ctx.n("country", countries.height),
        top=listing(top, ctx.lang),
    )


def _progress_sentence(acts: pl.DataFrame, ctx: Context) -> str:
    stated = acts.filter(pl.col("progress").is_not_null())
    good = stated.filter(pl.col("progress").is_in(["met", "exceeded"])).height
    return say(
        "report.goal.progress",
        stated.height,
        ctx.lang,
        stated=ctx.n("activity", stated.height),
        share=format_percent(good / stated.height if stated.height else None, ctx.lang),
        good=format_int(good, ctx.lang),
    )


def _focus_table(number: int, acts: pl.DataFrame, ctx: Context) -> Table:
    rows = []
    for focus in metrics.FOCUSES:
        mine = acts.filter(pl.col("focus") == focus)
        budget = round(float(mine["budget_eur"].sum() or 0.0), 2)
        rows.append((ctx.t(f"focus.{focus}"), mine.height, mine.height / acts.height, budget))
    columns = (
        Column(ctx.t("report.col.focus")),
        Column(ctx.t("report.col.activities"), "int"),
        Column(ctx.t("report.col.share"), "percent"),
        Column(ctx.t("report.col.budget"), "eur"),
    )
    title = ctx.t("report.table.focus", goal=ctx.plan.goal_label(number, ctx.lang))
    return Table(f"goal_{number}_focus", title, columns, tuple(rows))


def _progress_table(number: int, acts: pl.DataFrame, ctx: Context) -> Table:
    levels = [(p, acts.filter(pl.col("progress") == p).height) for p in PROGRESS]
    levels.append((None, acts.filter(pl.col("progress").is_null()).height))
    rows = tuple(
        (
            ctx.t(f"progress.{p}") if p else ctx.t("report.col.no_level"),
            n,
            n / acts.height,
        )
        for p, n in levels
    )
    columns = (
        Column(ctx.t("report.col.progress")),
        Column(ctx.t("report.col.activities"), "int"),
        Column(ctx.t("report.col.share"), "percent"),
    )
    title = ctx.t("report.table.goal_progress", goal=ctx.plan.goal_label(number, ctx.lang))
    return Table(f"goal_{number}_progress", title, columns, rows)


def _country_table(number: int, countries: pl.DataFrame, ctx: Context) -> Table:
    top = countries.head(TOP_COUNTRIES)
    rows = tuple(
        (country_name(r["country"], ctx.lang), r["country"], r["activities"], r["budget_eur"])
        for r in top.iter_rows(named=True)
    )
    columns = (
        Column(ctx.t("report.col.country")),
        Column(ctx.t("report.col.iso")),
        Column(ctx.t("report.col.activities"), "int"),
        Column(ctx.t("report.col.budget_attributed"), "eur"),
    )
    title = ctx.t("report.table.countries", goal=ctx.plan.goal_label(number, ctx.lang))
    note = say(
        "report.note.countries",
        countries.height,
        ctx.lang,
        shown=format_int(top.height, ctx.lang),
        countries=ctx.n("country", countries.height),
    )
    return Table(f"goal_{number}_countries", title, columns, rows, note=note)


def _indicator_blocks(number: int, c: Counted, ctx: Context) -> list:
    status = c.status.filter(pl.col("goal") == number).sort("code")
    if not status.height:
        return []
    n = {s: status.filter(pl.col("state") == s).height for s in metrics.INDICATOR_STATES}
    sentence = say(
        "report.goal.indicators",
        status.height,
        ctx.lang,
        indicators=ctx.n("indicator", status.height),
        year=ctx.filters.year_to,
        good=format_int(n["achieved"] + n["on_track"], ctx.lang),
        off=format_int(n["off_track"], ctx.lang),
        nodata=format_int(n["no_data"], ctx.lang),
    )
    rows = tuple(
        (
            r["code"],
            plain(r[f"name_{ctx.lang}"]),
            ctx.t(f"unit.{r['unit']}"),
            r["baseline"],
            r["baseline_year"],
            r["target"],
            r["target_year"],
            r["latest_value"],
            r["latest_year"],
            r["expected"],
            ctx.t(f"indicator_state.{r['state']}"),
        )
        for r in status.iter_rows(named=True)
    )
    columns = (
        Column(ctx.t("report.col.code")),
        Column(ctx.t("report.col.indicator")),
        Column(ctx.t("report.col.unit")),
        Column(ctx.t("report.col.baseline"), "number"),
        Column(ctx.t("report.col.baseline_year"), "year"),
        Column(ctx.t("report.col.target"), "number"),
        Column(ctx.t("report.col.target_year"), "year"),
        Column(ctx.t("report.col.latest"), "number"),
        Column(ctx.t("report.col.latest_year"), "year"),
        Column(ctx.t("report.col.expected"), "number"),
        Column(ctx.t("report.col.state")),
    )
    title = ctx.t("report.table.indicators", goal=ctx.plan.goal_label(number, ctx.lang))
    table = Table(
        f"goal_{number}_indicators", title, columns, rows, note=ctx.t("report.note.indicators")
    )
    return [Subheading(ctx.t("report.sub.indicators")), Paragraph(sentence), table]


def _quote_blocks(number: int, quotes: pl.DataFrame, ctx: Context) -> list:
    mine = quotes.filter(pl.col("goal") == number)
    blocks: list = [Subheading(ctx.t("report.sub.quotes"))]
    if not mine.height:
        return [*blocks, Paragraph(ctx.t("report.no_quotes"))]
    for row in mine.iter_rows(named=True):
        blocks.append(
            Quote(
                key=row["key"],
                kind=row["kind"],
                label=ctx.t(f"report.kind.{row['kind']}"),
                text=plain(row["text"]),
                organisation=plain(row["organisation_name"]),
                year=row["year"],
                attribution=ctx.t(
                    "report.attribution",
                    organisation=plain(row["organisation_name"]),
                    year=row["year"],
                ),
            )
        )
    return blocks


__all__ = ["goal_section", "TOP_COUNTRIES"]
