"""Numbers, money and dates as a Dutch or English reader expects them (1.234,5 versus 1,234.5).

Symbols, patterns, month names and the "mln." / "m" unit come from CLDR through Babel, so no
rule is written by hand here. Rounding is half up everywhere (0.625 -> 63%, -2.5 -> -3), as a
reader rounds; Python's round() and Babel round half to even, so every value is quantized here
first and Babel only lays out the digits.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

import polars as pl
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import NumberPattern, parse_pattern

MISSING = "—"  # em dash: what every function shows for None or NaN
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
POINTS = {"nl": "pp", "en": "pp"}  # procentpunt / percentage point; CLDR has no unit for it
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
AUTO_DECIMALS = 2  # most decimals display_frame picks for a float column by itself
_CONTEXT = Context(prec=60)  # room for 30-digit amounts: quantize fails past the precision


@lru_cache
def locale_of(lang: str) -> Locale:
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; expected one of {sorted(LOCALES)}")
    return Locale.parse(LOCALES[lang])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float | Decimal) and math.isnan(value))


def _decimal(value) -> Decimal:
    # str() of a float is its shortest repr, so 1.005 rounds as the 1.005 a reader sees
    # (Decimal(1.005) would be 1.00499999...).
    return Decimal(str(value))


def _half_up(value: Decimal, decimals: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, _CONTEXT)
    return rounded if rounded else abs(rounded)  # no "-0"


@lru_cache
def _pattern(lang: str, kind: str, decimals: int) -> NumberPattern:
    loc = locale_of(lang)
    base = {
        "decimal": loc.decimal_formats[None],
        "percent": loc.percent_formats[None],
        "currency": loc.currency_formats["standard"],
    }[kind]
    pattern = copy.copy(base)
    pattern.frac_prec = (decimals, decimals)
    return pattern


@lru_cache
def _million_pattern(lang: str) -> NumberPattern:
    """The standard currency pattern (sign placement) with CLDR's short unit for a million."""
    loc = locale_of(lang)
    compact = loc.compact_currency_formats["short"]["other"]["1000000"].pattern  # "¤ 0 mln'.'"
    unit = compact[compact.rindex("0") + 1 :]
    standard = loc.currency_formats["standard"]
    return parse_pattern(standard.pattern.replace(standard.number_pattern, "#,##0.0" + unit))


def _apply(pattern: NumberPattern, value: Decimal, lang: str) -> str:
    return pattern.apply(value, locale_of(lang), currency="EUR", currency_digits=False)


def _number(value, lang: str, kind: str, decimals: int) -> str:
    if _missing(value):
        return MISSING
    if math.isinf(value):
        sign = "-" if value < 0 else ""
        return sign + locale_of(lang).number_symbols["latn"]["infinity"]
    scale = 100 if kind == "percent" else 1  # the pattern multiplies by 100 itself
    rounded = _half_up(_decimal(value) * scale, decimals) / scale
    return _apply(_pattern(lang, kind, decimals), rounded, lang)


def format_int(value: float | int | None, lang: str) -> str:
    return _number(value, lang, "decimal", 0)


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    return _number(value, lang, "decimal", decimals)


def format_eur_exact(value: float | None, lang: str) -> str:
    """Whole euros with grouping: "€ 237.000" / "€237,000"."""
    return _number(value, lang, "currency", 0)


def format_eur(value: float | None, lang: str) -> str:
    """Board style: whole euros below a million, millions with one decimal from a million on."""
    if _missing(value) or abs(_half_up(_decimal(value), 0)) < 1_000_000:
        return format_eur_exact(value, lang)
    millions = _half_up(_decimal(value) / 1_000_000, 1)
    return _apply(_million_pattern(lang), millions, lang)


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """`share` is a fraction (0.25 -> 25%)."""
    return _number(share, lang, "percent", decimals)


def signed(value: float | None, fmt: Callable[[float], str]) -> str | None:
    """A change with "+" or "-" in front ("-€ 1,2 mln."), for st.metric's delta.

    Streamlit reads the direction from a leading "-", so the sign goes first even where CLDR
    would put it after the currency symbol. A change that rounds to zero gets no sign. None
    stays None (not MISSING): st.metric then shows no delta, where "—" would get a green arrow.
    """
    if _missing(value):
        return None
    text = fmt(abs(value))
    if text == fmt(0):
        return text
    return ("-" if value < 0 else "+") + text


def format_points(points: float | None, lang: str, decimals: int = 0) -> str:
    """A change in percentage points with its sign: "+3 pp", "-1,5 pp", "0 pp"."""
    text = signed(points, lambda v: f"{format_number(v, lang, decimals)}\u00a0{POINTS[lang]}")
    return MISSING if text is None else text


def format_date(value: dt.date | None, lang: str) -> str:
    """CLDR's medium date ("1 aug 2020" / "1 Aug 2020"): the month name keeps 1/8 and 8/1 apart
    for a reader of the other language. A datetime shows its date only."""
    if _missing(value):
        return MISSING
    day = value.date() if isinstance(value, dt.datetime) else value
    return _babel_date(day, "medium", locale=locale_of(lang))


def format_datetime(value: dt.datetime | None, lang: str) -> str:
    """Medium date and short time, joined as CLDR says: "1 aug 2020, 14:05" (no seconds).

    Shows the value's own wall-clock time; convert UTC timestamps to local time before."""
    if not isinstance(value, dt.datetime):
        return format_date(value, lang)
    loc = locale_of(lang)
    time = _babel_time(value.time(), "short", locale=loc)
    return loc.datetime_formats["medium"].format(time, format_date(value, lang))


def _auto_decimals(values: Iterable) -> int:
    """Fewest decimals (up to AUTO_DECIMALS) that show every value of a column as it is."""
    places = [
        -_decimal(v).normalize().as_tuple().exponent
        for v in values
        if not _missing(v) and math.isfinite(v)
    ]
    return min(AUTO_DECIMALS, max([0, *places]))


def _cell_format(
    series: pl.Series, lang: str, kind: str | None, decimals: int | None
) -> Callable[[object], str]:
    """How one cell of `series` is shown; `kind` is "money", "percent" or None."""
    shown = _present_format(series, lang, kind, decimals)
    return lambda v: MISSING if _missing(v) else shown(v)


def _present_format(series: pl.Series, lang: str, kind: str | None, decimals: int | None):
    """The formatter for cells that are not null or NaN."""
    dtype = series.dtype
    if isinstance(dtype, pl.List | pl.Array):
        inner = _cell_format(series.explode(), lang, kind, decimals)
        return lambda cells: "; ".join(map(inner, cells)) if len(cells) else MISSING
    if kind == "money":
        return lambda v: format_eur_exact(v, lang)
    if kind == "percent":
        return lambda v: format_percent(v, lang, decimals or 0)
    if dtype.is_integer() and decimals is None:
        return lambda v: format_int(v, lang)
    if dtype.is_numeric():
        places = _auto_decimals(series) if decimals is None else decimals
        return lambda v: format_number(v, lang, places)
    if dtype == pl.Date:
        return lambda v: format_date(v, lang)
    if isinstance(dtype, pl.Datetime):
        return lambda v: format_datetime(v, lang)
    if dtype == pl.Boolean:
        return lambda v: YES_NO[lang][0 if v else 1]
    return str


def display_frame(
    frame: pl.DataFrame,
    lang: str,
    *,
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    decimals: dict[str, int] | None = None,
) -> pl.DataFrame:
    """The frame as a table on screen shows it: every cell as text in `lang`, nulls as "—".

    `money` columns are whole euros, `percent` columns are shares (0.25 -> 25%); `decimals`
    fixes the decimals of a float or percent column (floats otherwise get what they need, up
    to AUTO_DECIMALS). Lists are joined with "; ".
    """
    money, percent, decimals = set(money), set(percent), decimals or {}
    unknown = (money | percent | set(decimals)) - set(frame.columns)
    if unknown:
        raise ValueError(f"display_frame: no such columns {sorted(unknown)}")
    shown = {}
    for name in frame.columns:
        kind = "money" if name in money else "percent" if name in percent else None
        cell = _cell_format(frame[name], lang, kind, decimals.get(name))
        if not isinstance(frame[name].dtype, pl.List | pl.Array):  # lists are not hashable
            cell = lru_cache(maxsize=None)(cell)  # columns repeat values: years, dates, codes
        shown[name] = pl.Series(name, [cell(v) for v in frame[name].to_list()], pl.String)
    return pl.DataFrame(shown, schema={name: pl.String for name in frame.columns})
