"""Numbers and country names as Dutch and English readers expect them."""

from __future__ import annotations

import pytest

from nap_data.countries import country_code, country_name, numeric_code
from nap_data.formatting import format_eur, format_int, format_percent


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234567, "nl", "€ 1,2 mln"),
        (1234567, "en", "€ 1.2 m"),
        (950, "nl", "€ 950"),
        (None, "nl", "–"),
    ],
)
def test_format_eur(value, lang, expected):
    assert format_eur(value, lang) == expected


def test_format_int_and_percent():
    assert format_int(12345, "nl") == "12.345" and format_int(12345, "en") == "12,345"
    assert format_percent(0.625, "nl") == "62%" and format_percent(None, "en") == "–"


@pytest.mark.parametrize(
    ("text", "code"),
    [("SS", "SS"), ("SSD", "SS"), ("South Sudan", "SS"), ("Zuid-Soedan", "SS"), ("syrie", "SY"),
     ("Oekraïne", "UA"), (" mali ", "ML"), ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_country_code_accepts_codes_and_names_in_both_languages(text, code):
    assert country_code(text) == code


def test_country_names_and_numeric_codes():
    assert country_name("SY", "nl") == "Syrië" and country_name("UA", "en") == "Ukraine"
    assert numeric_code("AF") == 4


def test_regions_of_countries():
    from nap_data.countries import countries_in, region_of

    assert region_of("ML") == "western_africa" and region_of("UA") == "eastern_europe"
    assert {"ML", "NE", "BF"} <= set(countries_in(["western_africa"]))
    assert "UA" not in countries_in(["western_africa"])


def test_signed_puts_the_sign_in_front():
    from nap_data.formatting import signed

    assert signed(-12_200_000, lambda v: format_eur(v, "nl")) == "-€ 12,2 mln"
    assert signed(5, str) == "+5" and signed(None, str) is None
