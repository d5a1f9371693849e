"""The indicators slide (how many are achieved or on track, which goal lags) and the returns
slide (who has reported)."""

from __future__ import annotations

import polars as pl

from nap_data import metrics
from nap_data.formatting import format_int
from nap_data.i18n import t
from nap_data.slides import charts
from nap_data.slides.goals import GOOD_STATES
from nap_data.slides.model import Context, Figure, Slide
from nap_data.slides.words import lagging_goal, speaker_notes


def states_per_goal(status: pl.DataFrame, goals: dict[int, str]) -> pl.DataFrame:
    """Per goal and state, how many indicators (zeros kept, states in their fixed order)."""
    frames = [
        metrics.status_counts(status.filter(pl.col("goal") == g)).with_columns(
            goal=pl.lit(g, pl.Int64)
        )
        for g in goals
    ]
    schema = {"state": pl.String, "indicators": pl.Int64, "goal": pl.Int64}
    return pl.concat(frames) if frames else pl.DataFrame(schema=schema)


def indicators(c: Context) -> Slide:
    lang, year = c.lang, c.year
    counts = metrics.status_counts(c.status)
    n = dict(zip(counts["state"], counts["indicators"], strict=True))
    good, total = n["achieved"] + n["on_track"], c.status.height
    per_goal = states_per_goal(c.status, c.goals)
    rated = per_goal.group_by("goal").agg(
        good=pl.col("indicators").filter(pl.col("state").is_in(GOOD_STATES)).sum(),
        known=pl.col("indicators").filter(pl.col("state") != "no_data").sum(),
    )
    lagging = lagging_goal(rated)
    numbers = {"states": n, "good": good, "total": total, "lagging": lagging}
    title = t("slides.indicators", lang, good=good, total=total, year=year)
    if lagging is not None:
        title += t("slides.lags_behind", lang, goal=c.data.plan.goal_label(lagging, lang))
    if not total:
        title = t("slides.no_indicator_plan", lang, year=year)
    figures = tuple(Figure(t(f"indicator_state.{s}", lang), format_int(n[s], lang)) for s in n)
    frame = per_goal.with_columns(label=pl.col("indicators").cast(pl.String))
    chart = charts.states_per_goal(frame, c.goals, lang) if total else None
    lines = [
        t(
            "slides.note_states",
            lang,
            goal=label,
            **{s: format_int(_count(per_goal, g, s), lang) for s in metrics.INDICATOR_STATES},
        )
        for g, label in c.goals.items()
    ]
    head = t("slides.note_indicators_head", lang, year=year)
    notes = speaker_notes(c, head, lines, ("slides.rule_4", "slides.rule_status"))
    return Slide(
        "indicators",
        title,
        figures,
        chart,
        t("slides.chart_indicators", lang),
        notes,
        numbers=numbers,
    )


def _count(per_goal: pl.DataFrame, goal: int, state: str) -> int:
    rows = per_goal.filter((pl.col("goal") == goal) & (pl.col("state") == state))
    return int(rows["indicators"].sum())


def returns(c: Context) -> Slide:
    lang, year = c.lang, c.year
    status = metrics.returns_status(c.data.organisations, c.data.submissions, year)
    summary = metrics.returns_summary(status)
    n = dict(zip(summary["state"], summary["organisations"], strict=True))
    expected = status.height
    numbers = {"states": n, "expected": expected}
    key = "slides.returns_all_in" if not n["missing"] else "slides.returns"
    title = t(
        key,
        lang,
        year=year,
        missing=format_int(n["missing"], lang),
        expected=format_int(expected, lang),
        approved=format_int(n["approved"], lang),
    )
    figures = tuple(
        Figure(t(f"return_state.{s}", lang), format_int(n[s], lang)) for s in metrics.RETURN_STATES
    )
    frame = summary.with_columns(label=pl.col("organisations").cast(pl.String))
    chart = charts.returns_states(frame, lang) if expected else None
    missing = status.filter(pl.col("state") == "missing")["organisation_name"].to_list()
    lines = [
        t(
            "slides.note_return_state",
            lang,
            state=t(f"return_state.{s}", lang),
            n=format_int(n[s], lang),
        )
        for s in metrics.RETURN_STATES
    ]
    if missing:
        lines.append(t("slides.note_missing", lang, names="; ".join(missing)))
    head = t("slides.note_returns_head", lang, year=year)
    notes = speaker_notes(c, head, lines, ("slides.rule_1", "slides.rule_5"))
    return Slide(
        "returns", title, figures, chart, t("slides.chart_returns", lang), notes, numbers=numbers
    )
