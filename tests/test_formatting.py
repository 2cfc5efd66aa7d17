import math

import pytest

from levanalysis.formatting import format_euro, format_number, format_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.25, 2, "0,25"), (-1500, 0, "-1.500")],
)
def test_numbers_use_dutch_separators(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan])
def test_missing_numbers_say_geen_data(missing):
    assert format_number(missing) == "geen data"
    assert format_percent(missing) == "geen data"


def test_percent_with_sign():
    assert format_percent(0.052, 1, signed=True) == "+5,2%"
    assert format_percent(-0.03, 0) == "-3%"


def test_euro():
    assert format_euro(17500) == "€ 17.500"


@pytest.mark.parametrize("value", [-0.0004, 0.0004, -0.00001])
def test_a_percentage_that_rounds_to_zero_has_no_sign(value):
    # -0,04% shown with one decimal is 0,0%: a sign would suggest a direction
    assert format_percent(value, 1, signed=True) == "0,0%"


def test_a_number_that_rounds_to_zero_is_not_negative():
    assert format_number(-0.4) == "0"
    assert format_number(-0.04, 1) == "0,0"
