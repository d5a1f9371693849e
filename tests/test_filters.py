"""The filter model and its query-string round trip."""

from __future__ import annotations

import pytest

from nap_data.filters import Filters
from nap_data.vocab import DataScope


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(year_from=2022, year_to=2024, goals=(1, 3), focus=("foreign",)),
        Filters(org_types=("cso", "ministry"), organisations=("BZ", "ORG001"), countries=("ML", "SS"),
                statuses=("ongoing",), progress=("met", "no_progress"), scope=DataScope.APPROVED_ONLY),
    ],
)  # fmt: skip
def test_query_string_round_trip(filters):
    assert Filters.from_query(filters.to_query()) == filters


def test_default_filters_give_an_empty_query():
    assert Filters().to_query() == {}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"goals": "3,9,x"}, Filters(goals=(3,))),
        ({"year_from": "1999", "year_to": "2023"}, Filters(year_to=2023)),
        ({"year_from": "2025", "year_to": "2022"}, Filters(year_from=2022, year_to=2025)),
        ({"focus": "foreign,abroad"}, Filters(focus=("foreign",))),
        ({"countries": "ml,XYZ"}, Filters(countries=("ML",))),
        ({"scope": "everything"}, Filters()),
    ],
)
def test_malformed_query_values_are_dropped(params, expected):
    assert Filters.from_query(params) == expected


def test_regions_round_trip_and_unknown_regions_are_dropped():
    f = Filters(regions=("eastern_africa", "western_africa"))
    assert Filters.from_query(f.to_query()) == f
    assert Filters.from_query({"regions": "atlantis,western_africa"}).regions == ("western_africa",)


def test_every_region_has_a_label_in_both_languages():
    from nap_data.countries import all_regions
    from nap_data.i18n import catalogue

    assert all(f"region.{r}" in catalogue() for r in all_regions())
