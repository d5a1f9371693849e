"""The filter model and its query-string round trip; the plan says which years and goals exist."""

from __future__ import annotations

import pytest

from nap_data.filters import Filters
from nap_data.vocab import DataScope
from tests.frames import FOUR_GOALS, PLAN


@pytest.mark.parametrize(
    "filters",
    [
        Filters.whole_plan(PLAN),
        Filters(year_from=2022, year_to=2024, goals=(1, 3), focus=("foreign",)),
        Filters(2021, 2027, org_types=("cso", "ministry"), organisations=("BZ", "ORG001"),
                countries=("ML", "SS"), statuses=("ongoing",), progress=("met", "no_progress"),
                scope=DataScope.APPROVED_ONLY),
    ],
)  # fmt: skip
def test_query_string_round_trip(filters):
    assert Filters.from_query(filters.to_query(), PLAN) == filters


def test_whole_plan_filters_give_only_the_years():
    assert Filters.whole_plan(PLAN) == Filters(2021, 2027)
    assert Filters.whole_plan(PLAN).to_query() == {"year_from": "2021", "year_to": "2027"}
    approved = Filters(2021, 2027, scope=DataScope.APPROVED_ONLY).to_query()
    assert approved == {"year_from": "2021", "year_to": "2027", "scope": "approved"}


def test_an_empty_query_is_the_whole_plan():
    assert Filters.from_query({}, PLAN) == Filters.whole_plan(PLAN)
    assert Filters.from_query({}, FOUR_GOALS) == Filters(2028, 2032)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"goals": "3,9,x"}, Filters(2021, 2027, goals=(3,))),
        ({"year_from": "1999", "year_to": "2023"}, Filters(2021, 2023)),
        ({"year_from": "2025", "year_to": "2022"}, Filters(2022, 2025)),
        ({"year_from": "20x5", "year_to": "2030"}, Filters(2021, 2027)),
        ({"focus": "foreign,abroad"}, Filters(2021, 2027, focus=("foreign",))),
        ({"countries": "ml,XYZ"}, Filters(2021, 2027, countries=("ML",))),
        ({"scope": "everything"}, Filters(2021, 2027)),
    ],
)
def test_malformed_query_values_are_dropped(params, expected):
    assert Filters.from_query(params, PLAN) == expected


def test_years_and_goals_outside_the_plan_are_dropped():
    link = Filters(2024, 2025, goals=(4, 5)).to_query()  # made under the five-goal plan
    assert Filters.from_query(link, FOUR_GOALS) == Filters(2028, 2032, goals=(4,))
    inside = {"year_from": "2029", "year_to": "2031", "goals": "1,2"}
    assert Filters.from_query(inside, FOUR_GOALS) == Filters(2029, 2031, goals=(1, 2))


def test_regions_round_trip_and_unknown_regions_are_dropped():
    f = Filters(2021, 2027, regions=("eastern_africa", "western_africa"))
    assert Filters.from_query(f.to_query(), PLAN) == f
    regions = Filters.from_query({"regions": "atlantis,western_africa"}, PLAN).regions
    assert regions == ("western_africa",)


def test_places_are_the_chosen_countries_with_those_of_the_chosen_regions():
    from nap_data.countries import countries_in

    assert Filters(2021, 2027).places == ()
    assert Filters(2021, 2027, countries=("UA", "ML")).places == ("ML", "UA")
    west = Filters(2021, 2027, regions=("western_africa",), countries=("UA", "ML"))
    assert west.places == tuple(sorted({"UA", *countries_in(("western_africa",))}))
    assert {"ML", "NE", "SN", "UA"} <= set(west.places)


def test_every_region_has_a_label_in_both_languages():
    from nap_data.countries import all_regions
    from nap_data.i18n import catalogue

    assert all(f"region.{r}" in catalogue() for r in all_regions())
