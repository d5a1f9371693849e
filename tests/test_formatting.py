"""Numbers, money, dates, tables and chart locales as Dutch and English readers expect them.

"\xa0" is the no-break space CLDR puts between "€" and the amount and before a unit.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import altair as alt
import polars as pl
import pytest
import vl_convert

from nap_data.charts.locale import _d3_time_pattern, localized, number_locale, time_locale
from nap_data.formatting import (
    MISSING,
    display_frame,
    format_date,
    format_datetime,
    format_eur,
    format_eur_exact,
    format_int,
    format_number,
    format_percent,
    format_points,
    signed,
)


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (2.5, "3", "3"),  # half up; round() gives 2
        (-2.5, "-3", "-3"),  # half away from zero
        (3.5, "4", "4"),
        (1_234_567.5, "1.234.568", "1,234,568"),
        (-1_234_567, "-1.234.567", "-1,234,567"),
        (12345, "12.345", "12,345"),
        (10**15, "1.000.000.000.000.000", "1,000,000,000,000,000"),
        (0, "0", "0"),
        (-0.4, "0", "0"),  # no "-0"
    ],
)
def test_format_int(value, nl, en):
    assert (format_int(value, "nl"), format_int(value, "en")) == (nl, en)


@pytest.mark.parametrize(
    ("value", "decimals", "nl", "en"),
    [
        (1.25, 1, "1,3", "1.3"),
        (-1.25, 1, "-1,3", "-1.3"),
        (0.125, 2, "0,13", "0.13"),
        (1.005, 2, "1,01", "1.01"),  # the float's repr is rounded, not its binary value
        (1_234_567.45, 1, "1.234.567,5", "1,234,567.5"),
        (2.5, 0, "3", "3"),
        (-0.04, 1, "0,0", "0.0"),
        (3, 2, "3,00", "3.00"),
        (math.inf, 1, "∞", "∞"),
        (-math.inf, 1, "-∞", "-∞"),
    ],
)
def test_format_number(value, decimals, nl, en):
    assert format_number(value, "nl", decimals) == nl
    assert format_number(value, "en", decimals) == en


def test_format_number_defaults_to_one_decimal():
    assert format_number(1234.56, "nl") == "1.234,6" and format_number(1234.56, "en") == "1,234.6"


@pytest.mark.parametrize(
    ("share", "decimals", "nl", "en"),
    [
        (0.625, 0, "63%", "63%"),
        (0.125, 0, "13%", "13%"),
        (0.145, 0, "15%", "15%"),  # 0.145 * 100 is 14.499999999999998 in floats
        (-0.005, 0, "-1%", "-1%"),
        (0.12345, 1, "12,3%", "12.3%"),
        (0.00625, 2, "0,63%", "0.63%"),
        (1, 0, "100%", "100%"),
        (12.5, 0, "1.250%", "1,250%"),
    ],
)
def test_format_percent(share, decimals, nl, en):
    assert format_percent(share, "nl", decimals) == nl
    assert format_percent(share, "en", decimals) == en


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (950, "€\xa0950", "€950"),
        (0, "€\xa00", "€0"),
        (999_999.4, "€\xa0999.999", "€999,999"),
        (999_999.5, "€\xa01,0\xa0mln.", "€1.0m"),  # rounds to a million, so it is shown as one
        (1_234_567, "€\xa01,2\xa0mln.", "€1.2m"),
        (1_250_000, "€\xa01,3\xa0mln.", "€1.3m"),  # half up; half even gives 1,2
        (-12_250_000, "€\xa0-12,3\xa0mln.", "-€12.3m"),
        (2_500_000_000, "€\xa02.500,0\xa0mln.", "€2,500.0m"),  # board compares in millions
        (-950.5, "€\xa0-951", "-€951"),
    ],
)
def test_format_eur(value, nl, en):
    assert (format_eur(value, "nl"), format_eur(value, "en")) == (nl, en)


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (237_000, "€\xa0237.000", "€237,000"),
        (1_234_567.5, "€\xa01.234.568", "€1,234,568"),
        (-1_234.5, "€\xa0-1.235", "-€1,235"),
        (2.5, "€\xa03", "€3"),
        (0.4, "€\xa00", "€0"),
    ],
)
def test_format_eur_exact(value, nl, en):
    assert (format_eur_exact(value, "nl"), format_eur_exact(value, "en")) == (nl, en)


@pytest.mark.parametrize(
    ("points", "decimals", "nl", "en"),
    [
        (3, 0, "+3\xa0pp", "+3\xa0pp"),
        (2.5, 0, "+3\xa0pp", "+3\xa0pp"),
        (-1.5, 0, "-2\xa0pp", "-2\xa0pp"),
        (0.4, 0, "0\xa0pp", "0\xa0pp"),  # rounds to no change: no sign
        (0, 0, "0\xa0pp", "0\xa0pp"),
        (-1.25, 1, "-1,3\xa0pp", "-1.3\xa0pp"),
        (1234.5, 1, "+1.234,5\xa0pp", "+1,234.5\xa0pp"),
    ],
)
def test_format_points(points, decimals, nl, en):
    assert format_points(points, "nl", decimals) == nl
    assert format_points(points, "en", decimals) == en


def test_signed_puts_the_sign_in_front_for_st_metric():
    assert signed(-12_200_000, lambda v: format_eur(v, "nl")) == "-€\xa012,2\xa0mln."
    assert signed(-12_200_000, lambda v: format_eur(v, "en")) == "-€12.2m"
    assert signed(1500, lambda v: format_int(v, "nl")) == "+1.500"
    assert signed(-0.3, lambda v: format_int(v, "en")) == "0"  # rounds to zero: no direction
    assert signed(5, str) == "+5"
    # None and NaN stay None: st.metric then draws no delta ("—" would get a green arrow).
    assert signed(None, str) is None and signed(math.nan, str) is None


@pytest.mark.parametrize(
    "fmt",
    [
        format_int,
        format_number,
        format_eur,
        format_eur_exact,
        format_percent,
        format_points,
        format_date,
        format_datetime,
    ],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("value", [None, math.nan])
def test_missing_values_show_an_em_dash(fmt, lang, value):
    assert MISSING == "\u2014"
    assert fmt(value, lang) == MISSING


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (dt.date(2020, 8, 1), "1 aug 2020", "1 Aug 2020"),
        (dt.date(2024, 3, 15), "15 mrt 2024", "15 Mar 2024"),
        (dt.date(2024, 9, 30), "30 sep 2024", "30 Sept 2024"),  # CLDR en_GB abbreviates Sept
        (dt.datetime(2020, 8, 1, 23, 59, 59), "1 aug 2020", "1 Aug 2020"),  # date only
    ],
)
def test_format_date(value, nl, en):
    assert (format_date(value, "nl"), format_date(value, "en")) == (nl, en)


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (dt.datetime(2020, 8, 1, 14, 5, 59), "1 aug 2020, 14:05", "1 Aug 2020, 14:05"),
        (dt.datetime(2025, 12, 31, 0, 0), "31 dec 2025, 00:00", "31 Dec 2025, 00:00"),
        (  # an aware value keeps its own wall-clock time
            dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "1 jun 2024, 09:30",
            "1 Jun 2024, 09:30",
        ),
        (dt.date(2020, 1, 1), "1 jan 2020", "1 Jan 2020"),  # a date has no time to show
    ],
)
def test_format_datetime(value, nl, en):
    assert (format_datetime(value, "nl"), format_datetime(value, "en")) == (nl, en)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        format_int(1, "de")


def _literal_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "count": [1_234_567, -2, None],
            "score": [1.25, 3.0, math.nan],
            "budget": [237_000.0, 1_234_567.5, None],
            "share": [0.625, 0.125, None],
            "day": [dt.date(2020, 8, 1), None, dt.date(2024, 3, 15)],
            "at": [dt.datetime(2025, 2, 3, 14, 5, 59), None, dt.datetime(2021, 1, 1)],
            "countries": [["ML", "SS"], [], None],
            "approved": [True, False, None],
            "title": ["Vrouwen, vrede", None, "nan"],
        }
    )


# One row per line, cells split on " | ".
SHOWN = {
    "nl": [
        "1.234.567 | 1,25 | €\xa0237.000 | 63% | 1 aug 2020 | 3 feb 2025, 14:05 | ML; SS | ja"
        " | Vrouwen, vrede",
        "-2 | 3,00 | €\xa01.234.568 | 13% | — | — | — | nee | —",
        "— | — | — | — | 15 mrt 2024 | 1 jan 2021, 00:00 | — | — | nan",
    ],
    "en": [
        "1,234,567 | 1.25 | €237,000 | 63% | 1 Aug 2020 | 3 Feb 2025, 14:05 | ML; SS | yes"
        " | Vrouwen, vrede",
        "-2 | 3.00 | €1,234,568 | 13% | — | — | — | no | —",
        "— | — | — | — | 15 Mar 2024 | 1 Jan 2021, 00:00 | — | — | nan",
    ],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_display_frame_formats_every_kind_of_cell(lang):
    # "nan" in a text column is what someone typed, not a missing number: it stays.
    shown = display_frame(_literal_frame(), lang, money=["budget"], percent=["share"])
    assert shown.columns == _literal_frame().columns
    assert shown.schema == dict.fromkeys(shown.columns, pl.String)
    assert shown.rows() == [tuple(row.split(" | ")) for row in SHOWN[lang]]


def test_display_frame_decimals_and_auto_decimals():
    frame = pl.DataFrame(
        {
            "whole": [1.0, 20.0],
            "third": [1 / 3, 2.0],
            "share": [0.12345, 0.5],
            "count": [3, 4],
            "value": [1.25, 2.0],
        }
    )
    shown = display_frame(frame, "nl", percent=["share"], decimals={"share": 1, "count": 1})
    assert shown.to_dict(as_series=False) == {
        "whole": ["1", "20"],  # floats that are whole need no decimals
        "third": ["0,33", "2,00"],  # at most two decimals when none are given
        "share": ["12,3%", "50,0%"],
        "count": ["3,0", "4,0"],
        "value": ["1,25", "2,00"],
    }
    assert display_frame(frame, "en", decimals={"value": 0})["value"].to_list() == ["1", "2"]


def test_display_frame_formats_list_elements_by_their_kind():
    frame = pl.DataFrame(
        {"budgets": [[1000.0, None], [2.5], None], "days": [[dt.date(2020, 8, 1)], [], None]}
    )
    shown = display_frame(frame, "nl", money=["budgets"])
    assert shown.rows() == [
        ("€\xa01.000; —", "1 aug 2020"),
        ("€\xa03", MISSING),
        (MISSING, MISSING),
    ]


def test_display_frame_never_shows_none_nan_or_null():
    frame = pl.DataFrame(
        {
            "i": pl.Series([None, None], dtype=pl.Int32),
            "f": [math.nan, None],
            "d": pl.Series([None, None], dtype=pl.Decimal(10, 2)),
            "s": pl.Series([None, None], dtype=pl.String),
            "c": pl.Series([None, None], dtype=pl.Categorical),
            "n": [None, None],
            "l": pl.Series([None, [None]], dtype=pl.List(pl.Float64)),
            "t": pl.Series([None, None], dtype=pl.Datetime("us", "UTC")),
        }
    )
    for lang in ("nl", "en"):
        assert set(display_frame(frame, lang).to_numpy().ravel()) == {MISSING}


def test_display_frame_refuses_unknown_columns():
    with pytest.raises(ValueError, match=r"no such columns \['budgte'\]"):
        display_frame(_literal_frame(), "nl", money=["budgte"])


def test_number_locale_from_cldr():
    assert number_locale("nl") == {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["€\xa0", ""],
        "minus": "-",
        "percent": "%",
    }
    assert number_locale("en") == {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["€", ""],
        "minus": "-",
        "percent": "%",
    }


@pytest.mark.parametrize(
    ("lang", "key", "expected"),
    [
        (
            "nl",
            "months",
            "januari februari maart april mei juni juli augustus september oktober november"
            " december",
        ),
        ("nl", "shortMonths", "jan feb mrt apr mei jun jul aug sep okt nov dec"),
        ("nl", "days", "zondag maandag dinsdag woensdag donderdag vrijdag zaterdag"),
        ("nl", "shortDays", "zo ma di wo do vr za"),
        ("nl", "date", "%d-%m-%Y"),
        ("nl", "time", "%H:%M:%S"),
        ("nl", "dateTime", "%-d %b %Y, %H:%M:%S"),
        ("nl", "periods", "a.m. p.m."),
        (
            "en",
            "months",
            "January February March April May June July August September October November December",
        ),
        ("en", "shortMonths", "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec"),
        ("en", "days", "Sunday Monday Tuesday Wednesday Thursday Friday Saturday"),
        ("en", "shortDays", "Sun Mon Tue Wed Thu Fri Sat"),
        ("en", "date", "%d/%m/%Y"),
        ("en", "dateTime", "%-d %b %Y, %H:%M:%S"),
        ("en", "periods", "am pm"),
    ],
)
def test_time_locale_from_cldr(lang, key, expected):
    value = time_locale(lang)[key]
    assert (" ".join(value) if isinstance(value, list) else value) == expected


@pytest.mark.parametrize(
    ("cldr", "d3"),
    [
        ("d MMM y", "%-d %b %Y"),
        ("dd-MM-y", "%d-%m-%Y"),
        ("EEEE d MMMM y", "%A %-d %B %Y"),
        ("h:mm a", "%-I:%M %p"),
        ("d 'de' MMMM", "%-d de %B"),  # quoted literal
        ("HH'h' 'o''clock' '%'", "%Hh o'clock %%"),  # escaped quote and a literal percent
    ],
)
def test_cldr_patterns_become_d3_time_formats(cldr, d3):
    assert _d3_time_pattern(cldr) == d3


def _bar() -> alt.Chart:
    data = pl.DataFrame({"k": ["a", "b"], "v": [3500.0, 0.5]})
    y = alt.Y("v:Q", axis=alt.Axis(format=",.1f"))
    return alt.Chart(data).mark_bar().encode(x="k:N", y=y).configure_axis(labelFontSize=17)


def test_localized_sets_the_locale_and_keeps_the_rest_of_the_config():
    chart = _bar()
    config = localized(chart, "nl").to_dict()["config"]
    assert config["locale"] == {"number": number_locale("nl"), "time": time_locale("nl")}
    assert config["axis"] == {"labelFontSize": 17}  # chart.configure(locale=) would drop it
    assert "locale" not in chart.to_dict()["config"]  # the chart passed in is not changed


def test_localized_works_on_layered_charts():
    data = pl.DataFrame({"v": [1.0]})
    layer = alt.layer(alt.Chart(data).mark_bar().encode(y="v:Q"), alt.Chart(data).mark_rule())
    assert localized(layer, "en").to_dict()["config"]["locale"]["number"]["decimal"] == "."


def _svg_labels(spec) -> set[str]:
    return set(re.findall(r"<text[^>]*>([^<]+)</text>", vl_convert.vegalite_to_svg(spec)))


@pytest.mark.parametrize(
    ("lang", "labels"),
    [("nl", {"0,0", "500,0", "3.500,0"}), ("en", {"0.0", "500.0", "3,500.0"})],
)
def test_vl_convert_export_honours_the_locale(lang, labels):
    assert labels <= _svg_labels(localized(_bar(), lang).to_dict())


def test_vl_convert_export_without_locale_is_english():
    assert "3,500.0" in _svg_labels(_bar().to_dict())  # the control: the locale makes the change


def test_vl_convert_export_uses_dutch_month_names():
    data = pl.DataFrame({"d": [dt.date(2020, 8, 1), dt.date(2021, 3, 1)], "v": [1, 2]})
    x = alt.X("d:T", axis=alt.Axis(format="%B %Y"))
    chart = alt.Chart(data).mark_line().encode(x=x, y="v:Q")
    assert "augustus 2020" in _svg_labels(localized(chart, "nl").to_dict())
    assert "August 2020" in _svg_labels(localized(chart, "en").to_dict())
