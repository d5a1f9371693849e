"""Numbers as a Dutch or English reader expects them (1.234,5 versus 1,234.5)."""

from __future__ import annotations


def _group(value: float, decimals: int, lang: str) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_int(value: float | int | None, lang: str) -> str:
    return "–" if value is None else _group(round(value), 0, lang)


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    return "–" if value is None else _group(value, decimals, lang)


def format_eur(value: float | None, lang: str) -> str:
    """Whole euros below a million; millions with one decimal above (board screens)."""
    if value is None:
        return "–"
    if abs(value) >= 1_000_000:
        unit = "mln" if lang == "nl" else "m"
        return f"€ {_group(value / 1_000_000, 1, lang)} {unit}"
    return f"€ {_group(value, 0, lang)}"


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """`share` is a fraction (0.25 -> 25 %)."""
    if share is None:
        return "–"
    return f"{_group(100 * share, decimals, lang)}%"


def signed(value: float | None, fmt) -> str | None:
    """A change with its sign in front ("-€ 1,2 mln"), so a reader and Streamlit see the direction."""
    if value is None:
        return None
    return ("-" if value < 0 else "+") + fmt(abs(value))
