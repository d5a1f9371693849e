"""Country names and codes as Dutch and English readers write them (numbers: test_formatting)."""

from __future__ import annotations

import pytest

from nap_data.countries import country_code, country_name, numeric_code


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
