"""The key figures of a period as a plain-text table, for the terminal and for minutes."""

from __future__ import annotations

from nap_data.formatting import format_eur_exact, format_int, format_number
from nap_data.i18n import t
from nap_data.plan import Plan


def figures_table(result: dict, plan: Plan, lang: str) -> str:
    """`result` from metrics.figures, in the reader's language and number formats."""
    rows: list[tuple[str, str]] = [
        (t("figures.period", lang), f"{result['from']}–{result['to']}"),
        (t("filter.scope", lang), t(f"scope.{result['scope']}", lang)),
        (t("metric.activities", lang), format_int(result["activities"], lang)),
        (t("metric.budget", lang), format_eur_exact(result["budget_eur"], lang)),
    ]
    for number, goal in result["by_goal"].items():
        label = plan.goal_label(int(number), lang)
        value = t(
            "figures.goal_value",
            lang,
            activities=format_int(goal["activities"], lang),
            budget=format_eur_exact(goal["budget_eur"], lang),
        )
        rows.append((f"  {label}", value))
    for focus, n in result["by_focus"].items():
        rows.append((f"  {t(f'focus.{focus}', lang)}", format_int(n, lang)))
    year = result["to"]
    rows.append(
        (t("metric.signatories_in", lang, year=year), format_int(result["signatories"], lang))
    )
    received = t(
        "metric.of",
        lang,
        part=format_int(result["returns_received"], lang),
        whole=format_int(result["returns_expected"], lang),
    )
    rows.append((f"{t('metric.returns', lang)} {year}", received))
    for code, years in result["indicators"].items():
        values = ", ".join(f"{y}: {format_number(v, lang)}" for y, v in years.items())
        rows.append((code, values))
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)
