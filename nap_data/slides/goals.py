"""One slide per goal: how its activities progress against last year, and where its
indicators stand between baseline and target."""

from __future__ import annotations

import polars as pl

from nap_data import metrics
from nap_data.formatting import MISSING, format_eur, format_int, format_number, format_percent
from nap_data.i18n import t
from nap_data.slides import charts
from nap_data.slides.charts import PROGRESS_LEVELS
from nap_data.slides.model import Context, Figure, Slide
from nap_data.slides.words import speaker_notes, trending

GOOD_PROGRESS = ("exceeded", "met")
GOOD_STATES = ("achieved", "on_track")


def progress_counts(acts: pl.DataFrame, goal: int) -> dict[str, int]:
    """Activities of `goal` per progress level (activities without progress left out)."""
    dist = metrics.distribution(acts, "progress", PROGRESS_LEVELS, (goal,))
    return dict(zip(dist["progress"], dist["activities"], strict=True))


def good_share(counts: dict[str, int]) -> float | None:
    """Met or exceeded, of the activities that report a progress level."""
    reported = sum(counts.values())
    return sum(counts[p] for p in GOOD_PROGRESS) / reported if reported else None


def goal(c: Context, number: int) -> Slide:
    lang, year = c.lang, c.year
    label = c.data.plan.goal_label(number, lang)
    totals = c.now.figures["by_goal"][str(number)]
    now = progress_counts(c.now.activities, number)
    before = progress_counts(c.before.activities, number) if c.before else None
    share_now = good_share(now)
    share_before = good_share(before) if before else None
    status = c.status.filter(pl.col("goal") == number)
    good = status.filter(pl.col("state").is_in(GOOD_STATES)).height
    numbers = {
        "activities": totals["activities"],
        "budget_eur": totals["budget_eur"],
        "progress": now,
        "progress_before": before,
        "share_good": share_now,
        "share_good_before": share_before,
        "indicators_good": good,
        "indicators": status.height,
    }
    title = _title(label, share_now, share_before, good, status.height, year, lang)
    figures = (
        Figure(
            t("slides.card_good_progress", lang),
            format_percent(share_now, lang),
            ""
            if share_before is None
            else t(
                "slides.last_year", lang, year=year - 1, value=format_percent(share_before, lang)
            ),
        ),
        Figure(
            t("metric.activities", lang),
            format_int(totals["activities"], lang),
            t("slides.with_progress", lang, n=format_int(sum(now.values()), lang)),
        ),
        Figure(
            t("slides.card_indicators_good", lang),
            t("metric.of", lang, part=format_int(good, lang), whole=format_int(status.height, lang))
            if status.height
            else MISSING,
            t("slides.no_indicators", lang) if not status.height else "",
        ),
    )
    progress = _progress_frame({year: now, **({year - 1: before} if before else {})}, lang)
    bullets = indicator_positions(status, lang)
    chart = (
        charts.progress_and_indicators(progress, bullets, lang)
        if progress.height or bullets.height
        else None
    )
    notes = _notes(c, label, now, before, status)
    return Slide(
        f"goal_{number}",
        title,
        figures,
        chart,
        t("slides.chart_goal", lang),
        notes,
        numbers=numbers,
    )


def _title(label, share_now, share_before, good, indicators, year, lang) -> str:
    if share_now is None:
        head = t("slides.goal_no_progress", lang, goal=label, year=year)
    else:
        head = t(
            "slides.goal",
            lang,
            goal=label,
            share=format_percent(share_now, lang),
            trend=trending(share_now, share_before, year, lang),
        )
    if indicators:
        head += t("slides.goal_indicators", lang, good=good, total=indicators)
    return head


def _progress_frame(years: dict[int, dict[str, int]], lang: str) -> pl.DataFrame:
    rows = []
    for year, counts in sorted(years.items()):
        reported = sum(counts.values())
        for level in PROGRESS_LEVELS:
            share = counts[level] / reported if reported else 0.0
            rows.append(
                (
                    year,
                    level,
                    counts[level],
                    share,
                    format_percent(share, lang),
                )
            )
    schema = {
        "year": pl.Int64,
        "progress": pl.String,
        "activities": pl.Int64,
        "share": pl.Float64,
        "label": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    # A year without any progress reported has no bar: an empty bar would read as 0 %.
    reported = frame.group_by("year").agg(n=pl.col("activities").sum())
    keep = reported.filter(pl.col("n") > 0)["year"].to_list()
    return frame.filter(pl.col("year").is_in(keep))


def value_text(value: float | None, unit: str, lang: str) -> str:
    """An indicator value as its unit reads: 1.900, 42,5%, 3,1 per 100.000, € 2,1 mln."""
    if value is None:
        return MISSING
    if unit == "percent":
        return format_percent(value / 100, lang, 1)
    if unit == "eur":
        return format_eur(value, lang)
    if unit == "count":
        return format_int(value, lang)
    return format_number(value, lang, 1)


def indicator_positions(status: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Where each indicator stands on its way from baseline (0) to target (1), and where the
    on-track line is (metrics.indicator_status's `expected`), with the value and the target
    written out. Works for indicators where lower is better: the way runs downwards then."""
    span = pl.col("target") - pl.col("baseline")
    ok = span.is_not_null() & (span != 0)
    rows = status.with_columns(
        position=pl.when(ok).then((pl.col("latest_value") - pl.col("baseline")) / span),
        expected_position=pl.when(ok).then((pl.col("expected") - pl.col("baseline")) / span),
    )
    labels = [_bullet_label(r, lang) for r in rows.iter_rows(named=True)]
    return rows.select(
        "code",
        pl.col("position").clip(-0.25, 1.5),
        pl.col("expected_position").clip(-0.25, 1.5),
        "state",
        pl.Series("label", labels, dtype=pl.String),
    )


def _bullet_label(row: dict, lang: str) -> str:
    value = value_text(row["latest_value"], row["unit"], lang)
    if row["latest_value"] is None:
        return t("indicator_state.no_data", lang)
    if row["target"] is None:
        return t("slides.indicator_no_target", lang, value=value)
    target = value_text(row["target"], row["unit"], lang)
    return t("slides.indicator_value", lang, value=value, target=target, year=row["target_year"])


def _notes(c: Context, label: str, now: dict, before: dict | None, status: pl.DataFrame) -> str:
    lang, year = c.lang, c.year
    lines = [_progress_line(year, now, lang)]
    if before:
        lines.append(_progress_line(year - 1, before, lang))
    for r in status.iter_rows(named=True):
        lines.append(
            t(
                "slides.note_indicator",
                lang,
                code=r["code"],
                name=r[f"name_{lang}"],
                value=value_text(r["latest_value"], r["unit"], lang),
                year=r["latest_year"] or "—",
                baseline=value_text(r["baseline"], r["unit"], lang),
                baseline_year=r["baseline_year"] or "—",
                target=value_text(r["target"], r["unit"], lang),
                target_year=r["target_year"] or "—",
                state=t(f"indicator_state.{r['state']}", lang),
                organisations=format_int(r["organisations"] or 0, lang),
            )
        )
    head = t("slides.note_goal_head", lang, goal=label, year=year)
    return speaker_notes(c, head, lines, ("slides.rule_2", "slides.rule_progress", "slides.rule_4"))


def _progress_line(year: int, counts: dict[str, int], lang: str) -> str:
    parts = ", ".join(
        f"{t(f'progress.{p}', lang).lower()} {format_int(counts[p], lang)}" for p in PROGRESS_LEVELS
    )
    return t(
        "slides.note_progress",
        lang,
        year=year,
        parts=parts,
        share=format_percent(good_share(counts), lang),
    )
