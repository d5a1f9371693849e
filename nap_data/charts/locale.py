"""Vega-Lite locales from CLDR, so chart axes and tooltips read 3.500,0 and "aug" in Dutch.

Vega formats numbers and dates with d3-format / d3-time-format; `config.locale` gives it the
symbols and names. Both places the app draws charts honour it: Streamlit's st.altair_chart
(whatever the browser's language) and vl-convert's PNG/SVG export.
"""

from __future__ import annotations

import re

import altair as alt

from nap_data.formatting import locale_of

# CLDR date field -> d3-time-format directive ("-" means: no padding).
_D3_FIELDS = {
    "d": "%-d",
    "dd": "%d",
    "M": "%-m",
    "MM": "%m",
    "MMM": "%b",
    "MMMM": "%B",
    "y": "%Y",
    "yy": "%y",
    "yyyy": "%Y",
    "H": "%-H",
    "HH": "%H",
    "h": "%-I",
    "hh": "%I",
    "m": "%-M",
    "mm": "%M",
    "s": "%-S",
    "ss": "%S",
    "a": "%p",
    "E": "%a",
    "EE": "%a",
    "EEE": "%a",
    "EEEE": "%A",
}
_CLDR_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


def _d3_time_pattern(cldr: str) -> str:
    """A CLDR date pattern ("d MMM y") as a d3 time format ("%-d %b %Y")."""
    out = []
    for match in _CLDR_TOKEN.finditer(cldr):
        token = match.group(0)
        if match.group(1):
            out.append(_D3_FIELDS[token])  # KeyError: a field this table does not know yet
        else:
            literal = token[1:-1].replace("''", "'") if token.startswith("'") else token
            out.append(literal.replace("%", "%%"))
    return "".join(out)


def number_locale(lang: str) -> dict:
    """d3-format locale: separators, grouping, currency affixes, minus and percent signs."""
    loc = locale_of(lang)
    symbols = loc.number_symbols["latn"]
    currency = loc.currency_formats["standard"]
    primary, secondary = currency.grouping
    euro = loc.currency_symbols["EUR"]
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [primary] if primary == secondary else [primary, secondary],
        "currency": [currency.prefix[0].replace("¤", euro), currency.suffix[0].replace("¤", euro)],
        "minus": symbols["minusSign"],  # CLDR's "-", as in the tables (d3 would use "−")
        "percent": symbols["percentSign"],
    }


def time_locale(lang: str) -> dict:
    """d3-time-format locale: CLDR patterns for %c %x %X, day and month names (Sunday first)."""
    loc = locale_of(lang)
    date = loc.date_formats["medium"].pattern
    time = loc.time_formats["medium"].pattern
    days, months = loc.days["format"], loc.months["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR numbers Monday 0; d3 starts on Sunday
    return {
        "dateTime": _d3_time_pattern(loc.datetime_formats["medium"].format(time, date)),
        "date": _d3_time_pattern(loc.date_formats["short"].pattern),
        "time": _d3_time_pattern(time),
        "periods": [loc.day_periods["format"]["abbreviated"][p] for p in ("am", "pm")],
        "days": [days["wide"][d] for d in sunday_first],
        "shortDays": [days["abbreviated"][d] for d in sunday_first],
        "months": [months["wide"][m] for m in range(1, 13)],
        "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
    }


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with `config.locale` for `lang`, keeping the rest of its config.

    Altair's `chart.configure(locale=...)` would replace the whole config (axis and legend
    font sizes included), so only the locale key is set here, as the configure_* methods do.
    """
    copy = chart.copy(deep=["config"])
    if copy.config is alt.Undefined:
        copy.config = alt.Config()
    copy.config["locale"] = alt.Locale(
        number=alt.NumberLocale(**number_locale(lang)), time=alt.TimeLocale(**time_locale(lang))
    )
    return copy
