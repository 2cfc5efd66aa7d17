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
