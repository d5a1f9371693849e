"""The opening slide (what was reported, by how many) and the national and foreign slide."""

from __future__ import annotations

import polars as pl

from nap_data import metrics
from nap_data.charts import goal_colours
from nap_data.formatting import format_eur, format_int, format_percent
from nap_data.i18n import t
from nap_data.slides import charts
from nap_data.slides.model import Context, Figure, Slide
from nap_data.slides.words import (
    filters_in_words,
    has_selection,
    last_year,
    speaker_notes,
    trending,
)


def overview(c: Context) -> Slide:
    fig, lang, year = c.now.figures, c.lang, c.year
    by_goal = {g: fig["by_goal"][str(g)] for g in c.goals}
    numbers = {
        "activities": fig["activities"],
        "budget_eur": fig["budget_eur"],
        "returns_received": fig["returns_received"],
        "returns_expected": fig["returns_expected"],
        "by_goal": by_goal,
    }
    words = {
        "year": year,
        "activities": format_int(fig["activities"], lang),
        "budget": format_eur(fig["budget_eur"], lang),
        "received": format_int(fig["returns_received"], lang),
        "expected": format_int(fig["returns_expected"], lang),
    }
    if has_selection(c.f):
        chosen = ", ".join(filters_in_words(c.f, lang)).lower()
        title = t("slides.overview_selection", lang, selection=chosen, **words)
    else:
        title = t("slides.overview", lang, **words)
    before = c.before.figures if c.before else None
    figures = (
        Figure(
            t("metric.activities", lang),
            words["activities"],
            last_year(before, "activities", year, lang, format_int),
        ),
        Figure(
            t("metric.budget", lang),
            words["budget"],
            last_year(before, "budget_eur", year, lang, format_eur),
        ),
        Figure(
            t("metric.returns", lang),
            t("metric.of", lang, part=words["received"], whole=words["expected"]),
            t("slides.of_all_signatories", lang),
        ),
    )
    frame = pl.DataFrame(
        {
            "goal": list(by_goal),
            "activities": [v["activities"] for v in by_goal.values()],
            "budget_eur": [v["budget_eur"] for v in by_goal.values()],
            "activities_label": [format_int(v["activities"], lang) for v in by_goal.values()],
            "budget_label": [format_eur(v["budget_eur"], lang) for v in by_goal.values()],
        },
        schema_overrides={"goal": pl.Int64, "activities": pl.Int64, "budget_eur": pl.Float64},
    )
    colours = goal_colours(c.data.plan.goal_labels(lang))
    chart = charts.goal_totals(frame, c.goals, lang, colours) if fig["activities"] else None
    lines = [
        t(
            "slides.note_goal",
            lang,
            goal=c.goals[g],
            activities=format_int(v["activities"], lang),
            budget=format_eur(v["budget_eur"], lang),
        )
        for g, v in by_goal.items()
    ]
    notes = speaker_notes(
        c,
        t("slides.note_overview_head", lang, year=year),
        lines,
        ("slides.rule_1", "slides.rule_2"),
    )
    return Slide(
        "overview", title, figures, chart, t("slides.chart_overview", lang), notes, numbers=numbers
    )


def national_foreign(c: Context) -> Slide:
    fig, lang, year = c.now.figures, c.lang, c.year
    n = fig["by_focus"]
    abroad, home = n["foreign"] + n["both"], n["national"] + n["both"]
    share = metrics.share_abroad(c.now.activities)
    before = metrics.share_abroad(c.before.activities) if c.before else None
    numbers = {
        "activities": fig["activities"],
        "abroad": abroad,
        "home": home,
        "both": n["both"],
        "share_abroad": share,
        "share_abroad_before": before,
    }
    if not fig["activities"]:
        title = t("slides.nothing", lang, year=year)
    else:
        title = t(
            "slides.national_foreign",
            lang,
            year=year,
            share=format_percent(share, lang),
            trend=trending(share, before, year, lang),
            total=format_int(fig["activities"], lang),
            home=format_int(home, lang),
        )
    total = fig["activities"]
    figures = (
        Figure(t("slides.card_abroad", lang), format_int(abroad, lang), _of(share, total, lang)),
        Figure(
            t("slides.card_home", lang),
            format_int(home, lang),
            _of(home / total if total else None, total, lang),
        ),
        Figure(
            t("focus.both", lang), format_int(n["both"], lang), t("slides.both_counts_twice", lang)
        ),
    )
    per_goal = metrics.activities_per_goal(c.now.activities, tuple(c.goals))
    chart = charts.focus_per_goal(_focus_labels(per_goal, lang), c.goals, lang) if total else None
    lines = []
    for g, label in c.goals.items():
        rows = per_goal.filter(pl.col("goal") == g)
        parts = dict(zip(rows["focus"], rows["activities"], strict=True))
        lines.append(
            t(
                "slides.note_focus",
                lang,
                goal=label,
                **{f: format_int(parts.get(f, 0), lang) for f in metrics.FOCUSES},
            )
        )
    head = t("slides.note_focus_head", lang, year=year)
    notes = speaker_notes(c, head, lines, ("slides.rule_2", "slides.rule_abroad"))
    return Slide(
        "national_foreign",
        title,
        figures,
        chart,
        t("slides.chart_focus", lang),
        notes,
        numbers=numbers,
    )


def _focus_labels(per_goal: pl.DataFrame, lang: str) -> pl.DataFrame:
    totals = per_goal.group_by("goal").agg(total=pl.col("activities").sum())
    out = per_goal.join(totals, on="goal", how="left", maintain_order="left")
    return out.with_columns(
        label=pl.col("activities").map_elements(lambda v: format_int(v, lang), pl.String),
        total_label=pl.col("total").map_elements(lambda v: format_int(v, lang), pl.String),
    )


def _of(share: float | None, total: int, lang: str) -> str:
    return t(
        "slides.share_of", lang, share=format_percent(share, lang), total=format_int(total, lang)
    )
