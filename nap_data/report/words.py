"""Sentences of the report: catalogue templates with the right plural and number formats.

A sentence key holds the general (plural) form; `<key>_one` holds the form for CLDR's
plural category "one" (Babel decides it for the language), and `<key>_zero` a sentence
for nothing at all that reads differently rather than with a 0. The sentence's governing
count picks the variant, so a verb agrees with its subject ("1 organisatie rapporteerde",
"3 organisaties rapporteerden").
"""

from __future__ import annotations

import datetime as dt
import re

from nap_data.formatting import (
    MISSING,
    format_date,
    format_eur,
    format_eur_exact,
    format_int,
    format_number,
    format_percent,
    locale_of,
)
from nap_data.i18n import catalogue, t

# Characters XML 1.0 cannot hold (Word refuses the file, lxml raises): C0 controls
# except tab, line feed and carriage return, and the non-characters FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(text: object) -> str:
    """User text as it will be printed: itself, minus what no document format can hold."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def plural_key(key: str, count: int | float, lang: str) -> str:
    """`key_zero` for 0 and `key_one` for the "one" category where the catalogue has them,
    else `key` itself."""
    if count == 0 and f"{key}_zero" in catalogue():
        return f"{key}_zero"
    if locale_of(lang).plural_form(abs(count)) == "one" and f"{key}_one" in catalogue():
        return f"{key}_one"
    return key


def say(key: str, count: int | float, lang: str, **params: object) -> str:
    """The sentence `key` in the variant that `count` calls for, with `params` filled in;
    its first letter a capital (a sentence may open with "in de jaren ...")."""
    text = t(plural_key(key, count, lang), lang, **params)
    return text[:1].upper() + text[1:]


def count_of(noun: str, n: int, lang: str) -> str:
    """ "1 activiteit", "1.025 activiteiten": a number with its noun (report.n.<noun>)."""
    return t(plural_key(f"report.n.{noun}", n, lang), lang, n=format_int(n, lang))


def period_text(first: int, last: int, lang: str) -> str:
    """ "2021" or "2022–2023", as the dashboard writes a period."""
    return str(first) if first == last else f"{first}–{last}"


def in_period(first: int, last: int, lang: str) -> str:
    """ "in 2021" / "in de jaren 2022–2023": a period inside a sentence."""
    if first == last:
        return t("report.in_year", lang, year=first)
    return t("report.in_years", lang, first=first, last=last)


def listing(items: list[str], lang: str) -> str:
    """ "a, b en c" / "a, b and c" (CLDR's list pattern for the language)."""
    from babel.lists import format_list

    return format_list(items, locale=locale_of(lang)) if items else MISSING


def money(value: float | None, lang: str) -> str:
    """Board style in sentences (€ 1,2 mln.), exact euros in tables."""
    return format_eur(value, lang)


def cell_text(value: object, kind: str, lang: str) -> str:
    """One table cell as a reader sees it, in every format that shows text."""
    if value is None:
        return MISSING
    if kind == "int":
        return format_int(value, lang)
    if kind == "eur":
        return format_eur_exact(value, lang)
    if kind == "number":  # counts stay whole, shares and rates get their one decimal
        return format_number(value, lang, 0 if float(value).is_integer() else 1)
    if kind == "percent":
        return format_percent(value, lang)
    if kind == "year":
        return str(value)
    if kind == "date":
        return format_date(value, lang) if isinstance(value, dt.date) else plain(value)
    return plain(value)


__all__ = [
    "plain",
    "plural_key",
    "say",
    "count_of",
    "period_text",
    "in_period",
    "listing",
    "money",
    "cell_text",
]
