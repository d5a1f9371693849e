"""Countries as ISO 3166-1 alpha-2 codes, with names in Dutch and English (pycountry)."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().replace(",", " ").split())


@cache
def _dutch() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


@cache
def _lookup() -> dict[str, str]:
    """Every accepted spelling (codes, English and Dutch names) -> alpha-2."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        names = {c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", c.name)}
        names |= {getattr(c, "official_name", c.name), _dutch().gettext(c.name)}
        for name in names:
            out.setdefault(_key(name), c.alpha_2)
    return out


def country_code(text: str) -> str | None:
    """The alpha-2 code that `text` names (code or English/Dutch name), else None."""
    return _lookup().get(_key(text)) if str(text).strip() else None


# Shorter names where the ISO name reads badly on a chart.
SHORT_NAMES = {
    "CD": {"nl": "DR Congo", "en": "DR Congo"},
    "PS": {"nl": "Palestijnse Gebieden", "en": "Palestinian Territories"},
    "CF": {"nl": "Centraal-Afrikaanse Republiek", "en": "Central African Republic"},
    "SY": {"nl": "Syrië", "en": "Syria"},
}


def country_name(code: str, lang: str = "nl") -> str:
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]["nl" if lang == "nl" else "en"]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", country.name)
    return _dutch().gettext(country.name) if lang == "nl" else english


def numeric_code(code: str) -> int | None:
    """ISO numeric code, the id of the world map's shapes."""
    country = pycountry.countries.get(alpha_2=code)
    return int(country.numeric) if country else None


def all_countries(lang: str = "nl") -> list[tuple[str, str]]:
    """(code, name) for every country, sorted by name in that language."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries]
    return sorted(pairs, key=lambda p: _key(p[1]))


def _slug(text: str) -> str:
    return "_".join(_key(text).replace("-", " ").split())


@cache
def _regions() -> dict[str, str]:
    """alpha-2 -> sub-region slug (e.g. "western_africa"), from geo/regions.csv (ODbL)."""
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "geo" / "regions.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["alpha2"]: _slug(row["subregion"]) for row in csv.DictReader(fh)}


def region_of(code: str) -> str | None:
    return _regions().get(code)


def all_regions() -> list[str]:
    return sorted(set(_regions().values()))


def countries_in(regions: tuple[str, ...] | list[str]) -> list[str]:
    wanted = set(regions)
    return sorted(code for code, region in _regions().items() if region in wanted)
