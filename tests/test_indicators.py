"""Tests for levanalysis.analysis.indicators.

Expected values are worked out by hand in the comments next to each assertion.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levanalysis.analysis import indicators as ind

COLUMNS = ["region", "sector", "year", "value"]


def long_frame(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def years(values: dict) -> pd.Series:
    return pd.Series(values, dtype=float)


# --------------------------------------------------------------------------- growth


def test_growth_is_end_over_start_minus_one():
    # 110 / 100 - 1 = 0.10
    assert ind.growth(years({2020: 100, 2023: 110}), 2020, 2023) == pytest.approx(0.10)


def test_growth_can_be_negative():
    # 80 / 100 - 1 = -0.20
    assert ind.growth(years({2020: 100, 2023: 80}), 2020, 2023) == pytest.approx(-0.20)


@given(st.floats(min_value=1e-6, max_value=1e9))
def test_growth_of_constant_series_is_zero(level):
    series = years({2020: level, 2021: level, 2022: level})
    assert ind.growth(series, 2020, 2022) == 0


def test_growth_with_missing_end_value_is_nan_not_zero():
    series = pd.Series({2020: 100.0, 2023: None})
    assert math.isnan(ind.growth(series, 2020, 2023))


def test_growth_with_missing_start_value_is_nan():
    assert math.isnan(ind.growth(years({2020: np.nan, 2023: 110}), 2020, 2023))


def test_growth_with_absent_year_is_nan():
    assert math.isnan(ind.growth(years({2020: 100}), 2020, 2023))


def test_growth_from_zero_is_nan_not_inf():
    assert math.isnan(ind.growth(years({2020: 0, 2023: 10}), 2020, 2023))


def test_growth_rejects_duplicate_years():
    series = pd.Series([100.0, 110.0], index=[2020, 2020])
    with pytest.raises(ValueError):
        ind.growth(series, 2020, 2020)


def test_cagr_of_100_to_121_over_two_years_is_ten_percent():
    # (121 / 100) ** (1 / 2) - 1 = 1.1 - 1 = 0.10
    series = years({2020: 100, 2021: 110, 2022: 121})
    assert ind.average_annual_growth(series, 2020, 2022) == pytest.approx(0.10)


def test_cagr_over_one_year_equals_growth():
    # (105 / 100) ** 1 - 1 = 0.05
    assert ind.average_annual_growth(years({2020: 100, 2021: 105}), 2020, 2021) == pytest.approx(0.05)


def test_cagr_with_missing_value_is_nan():
    assert math.isnan(ind.average_annual_growth(years({2020: 100, 2022: np.nan}), 2020, 2022))


def test_cagr_rejects_end_year_not_after_start_year():
    with pytest.raises(ValueError):
        ind.average_annual_growth(years({2020: 100, 2022: 121}), 2022, 2020)


def test_index_series_base_year_is_100():
    indexed = ind.index_series(years({2020: 80, 2021: 40, 2022: 100}), 2020)
    assert indexed[2020] == 100
    # 40 / 80 * 100 = 50 ; 100 / 80 * 100 = 125
    assert indexed[2021] == pytest.approx(50)
    assert indexed[2022] == pytest.approx(125)


def test_index_series_keeps_missing_values_missing():
    indexed = ind.index_series(years({2020: 80, 2021: np.nan}), 2020)
    assert math.isnan(indexed[2021])


def test_index_series_with_missing_base_is_all_nan():
    indexed = ind.index_series(years({2020: np.nan, 2021: 40}), 2020)
    assert indexed.isna().all()


def test_index_series_with_zero_base_is_all_nan():
    indexed = ind.index_series(years({2020: 0, 2021: 40}), 2020)
    assert indexed.isna().all()


# ------------------------------------------------------------- growth vs reference


def test_growth_vs_reference_equal_growth_gives_zero_difference_and_meets_rule():
    # region 110 / 100 - 1 = 0.10 ; NL 1100 / 1000 - 1 = 0.10 ; difference 0 pp
    result = ind.growth_vs_reference(
        years({2020: 100, 2023: 110}), years({2020: 1000, 2023: 1100}), 2020, 2023
    )
    assert result.region_growth == pytest.approx(0.10)
    assert result.reference_growth == pytest.approx(0.10)
    assert result.difference_pp == 0
    assert result.meets_reference is True


def test_growth_vs_reference_difference_is_in_percentage_points():
    # region 105 / 100 - 1 = 0.05 ; NL 110 / 100 - 1 = 0.10 ; (0.05 - 0.10) * 100 = -5 pp
    result = ind.growth_vs_reference(
        years({2020: 100, 2023: 105}), years({2020: 100, 2023: 110}), 2020, 2023
    )
    assert result.difference_pp == pytest.approx(-5)
    assert result.meets_reference is False


def test_growth_vs_reference_with_missing_data_is_undecided():
    result = ind.growth_vs_reference(
        years({2020: 100, 2023: np.nan}), years({2020: 100, 2023: 110}), 2020, 2023
    )
    assert math.isnan(result.difference_pp)
    assert result.meets_reference is None


def test_growth_comparison_is_immutable():
    result = ind.growth_vs_reference(years({2020: 1, 2021: 1}), years({2020: 1, 2021: 1}), 2020, 2021)
    with pytest.raises(AttributeError):
        result.region_growth = 1.0


# ------------------------------------------------------------------------- share

VTE = ["I", "R", "47"]


def test_share_sums_parts_over_total():
    df = long_frame(
        [
            ("GM0299", "I", 2023, 10.0),
            ("GM0299", "R", 2023, 5.0),
            ("GM0299", "47", 2023, 15.0),
            ("GM0299", "TOTAL", 2023, 100.0),
        ]
    )
    # (10 + 5 + 15) / 100 = 0.30
    assert ind.share(df, VTE, "TOTAL").loc[("GM0299", 2023)] == pytest.approx(0.30)


def test_share_with_suppressed_subsector_is_nan():
    df = long_frame(
        [
            ("GM0221", "I", 2023, 10.0),
            ("GM0221", "R", 2023, None),
            ("GM0221", "47", 2023, 15.0),
            ("GM0221", "TOTAL", 2023, 100.0),
        ]
    )
    assert math.isnan(ind.share(df, VTE, "TOTAL").loc[("GM0221", 2023)])


def test_share_with_absent_subsector_row_is_nan():
    df = long_frame(
        [
            ("GM0221", "I", 2023, 10.0),
            ("GM0221", "47", 2023, 15.0),
            ("GM0221", "TOTAL", 2023, 100.0),
            ("GM0226", "R", 2023, 1.0),
        ]
    )
    assert math.isnan(ind.share(df, VTE, "TOTAL").loc[("GM0221", 2023)])


def test_share_of_zero_total_is_nan_not_inf():
    df = long_frame([("GM0221", "I", 2023, 0.0), ("GM0221", "TOTAL", 2023, 0.0)])
    assert math.isnan(ind.share(df, "I", "TOTAL").loc[("GM0221", 2023)])


def test_share_rejects_unknown_sector_code():
    df = long_frame([("GM0221", "47", 2023, 1.0), ("GM0221", "TOTAL", 2023, 2.0)])
    with pytest.raises(ValueError):
        ind.share(df, ["46"], "TOTAL")


def test_long_frame_with_duplicate_rows_is_rejected():
    df = long_frame([("GM0221", "I", 2023, 1.0), ("GM0221", "I", 2023, 2.0), ("GM0221", "TOTAL", 2023, 9.0)])
    with pytest.raises(ValueError):
        ind.share(df, "I", "TOTAL")


# ------------------------------------------------------------- location quotient


def lq_frame(region_c=30.0, region_total=100.0, nation_c=200.0, nation_total=1000.0):
    return long_frame(
        [
            ("liemers", "C", 2023, region_c),
            ("liemers", "TOTAL", 2023, region_total),
            ("NL01", "C", 2023, nation_c),
            ("NL01", "TOTAL", 2023, nation_total),
        ]
    )


def test_location_quotient_compares_sector_shares():
    # (30 / 100) / (200 / 1000) = 0.30 / 0.20 = 1.5
    lq = ind.location_quotient(lq_frame(), "C", "TOTAL", "liemers", "NL01")
    assert lq.loc[2023] == pytest.approx(1.5)


def test_location_quotient_with_missing_region_value_is_nan():
    lq = ind.location_quotient(lq_frame(region_c=np.nan), "C", "TOTAL", "liemers", "NL01")
    assert math.isnan(lq.loc[2023])


def test_location_quotient_with_missing_nation_total_is_nan():
    lq = ind.location_quotient(lq_frame(nation_total=np.nan), "C", "TOTAL", "liemers", "NL01")
    assert math.isnan(lq.loc[2023])


def test_location_quotient_with_zero_nation_sector_is_nan_not_inf():
    lq = ind.location_quotient(lq_frame(nation_c=0.0), "C", "TOTAL", "liemers", "NL01")
    assert math.isnan(lq.loc[2023])


def test_location_quotient_for_year_without_national_data_is_nan():
    df = pd.concat([lq_frame(), long_frame([("liemers", "C", 2024, 31.0), ("liemers", "TOTAL", 2024, 101.0)])])
    lq = ind.location_quotient(df, "C", "TOTAL", "liemers", "NL01")
    assert math.isnan(lq.loc[2024])


def test_location_quotient_rejects_unknown_region():
    with pytest.raises(ValueError):
        ind.location_quotient(lq_frame(), "C", "TOTAL", "GM9999", "NL01")


@settings(deadline=None)
@given(
    nation=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=5),
    rest=st.integers(min_value=0, max_value=10**6),
    scale=st.floats(min_value=1e-3, max_value=1e3),
)
def test_location_quotient_is_one_when_region_mirrors_nation(nation, rest, scale):
    sectors = [f"S{i}" for i in range(len(nation))]
    nation_total = sum(nation) + rest
    rows = [("NL01", "TOTAL", 2023, float(nation_total)), ("liemers", "TOTAL", 2023, nation_total * scale)]
    for code, value in zip(sectors, nation):
        rows += [("NL01", code, 2023, float(value)), ("liemers", code, 2023, value * scale)]
    lq = ind.location_quotients(long_frame(rows), "TOTAL", "NL01")
    assert np.isclose(lq.xs("liemers", level="region"), 1.0).all()


def test_location_quotients_cover_every_region_sector_and_year_but_not_the_total():
    lq = ind.location_quotients(lq_frame(), "TOTAL", "NL01")
    assert set(lq.index) == {("liemers", "C", 2023), ("NL01", "C", 2023)}
    # (30/100) / (200/1000) = 1.5 ; the nation against itself: 1
    assert lq.loc[("liemers", "C", 2023)] == pytest.approx(1.5)
    assert lq.loc[("NL01", "C", 2023)] == pytest.approx(1.0)


# ------------------------------------------------------------------ shift-share


def shift_share_frame(region_h_end=45.0):
    return long_frame(
        [
            ("liemers", "C", 2020, 100.0),
            ("liemers", "C", 2023, 120.0),
            ("liemers", "H", 2020, 50.0),
            ("liemers", "H", 2023, region_h_end),
            ("NL01", "C", 2020, 200.0),
            ("NL01", "C", 2023, 210.0),
            ("NL01", "H", 2020, 100.0),
            ("NL01", "H", 2023, 130.0),
            ("NL01", "TOTAL", 2020, 1000.0),
            ("NL01", "TOTAL", 2023, 1100.0),
        ]
    )


def test_shift_share_matches_hand_calculation():
    # G_total = 1100/1000 - 1 = 0.10 ; G_C = 210/200 - 1 = 0.05 ; G_H = 130/100 - 1 = 0.30
    # g_C = 120/100 - 1 = 0.20 ; g_H = 45/50 - 1 = -0.10
    result = ind.shift_share(shift_share_frame(), "liemers", "NL01", ["C", "H"], 2020, 2023)
    c, h = result.loc["C"], result.loc["H"]
    assert c["national_growth_effect"] == pytest.approx(10)  # 100 * 0.10
    assert c["industry_mix_effect"] == pytest.approx(-5)  # 100 * (0.05 - 0.10)
    assert c["regional_effect"] == pytest.approx(15)  # 100 * (0.20 - 0.05)
    assert c["actual_change"] == pytest.approx(20)  # 120 - 100
    assert h["national_growth_effect"] == pytest.approx(5)  # 50 * 0.10
    assert h["industry_mix_effect"] == pytest.approx(10)  # 50 * (0.30 - 0.10)
    assert h["regional_effect"] == pytest.approx(-20)  # 50 * (-0.10 - 0.30)
    assert h["actual_change"] == pytest.approx(-5)  # 45 - 50


def test_shift_share_total_row_sums_the_sectors():
    result = ind.shift_share(shift_share_frame(), "liemers", "NL01", ["C", "H"], 2020, 2023)
    total = result.loc["total"]
    assert total["national_growth_effect"] == pytest.approx(15)  # 10 + 5
    assert total["industry_mix_effect"] == pytest.approx(5)  # -5 + 10
    assert total["regional_effect"] == pytest.approx(-5)  # 15 - 20
    assert total["actual_change"] == pytest.approx(15)  # 20 - 5


def test_shift_share_with_missing_value_is_nan_in_sector_and_total_only():
    result = ind.shift_share(shift_share_frame(region_h_end=np.nan), "liemers", "NL01", ["C", "H"], 2020, 2023)
    assert result.loc["H", ["regional_effect", "actual_change"]].isna().all()
    assert result.loc["total", ["regional_effect", "actual_change"]].isna().all()
    assert result.loc["C", "regional_effect"] == pytest.approx(15)


def test_shift_share_with_absent_year_is_nan():
    result = ind.shift_share(shift_share_frame(), "liemers", "NL01", ["C", "H"], 2020, 2024)
    assert result[["national_growth_effect", "regional_effect", "actual_change"]].isna().all().all()


def test_shift_share_with_zero_regional_start_leaves_effects_undefined_but_reports_change():
    df = shift_share_frame()
    df.loc[(df["region"] == "liemers") & (df["sector"] == "H") & (df["year"] == 2020), "value"] = 0.0
    result = ind.shift_share(df, "liemers", "NL01", ["C", "H"], 2020, 2023)
    # g_H = 45 / 0 - 1 is undefined, so the regional effect is NaN, not inf
    assert math.isnan(result.loc["H", "regional_effect"])
    assert result.loc["H", "actual_change"] == pytest.approx(45)  # 45 - 0


def test_shift_share_rejects_total_label_equal_to_a_sector():
    with pytest.raises(ValueError):
        ind.shift_share(shift_share_frame(), "liemers", "NL01", ["C", "H"], 2020, 2023, total_label="C")


employment = st.integers(min_value=1, max_value=10**6)


@settings(deadline=None)
@given(
    region=st.lists(st.tuples(employment, employment), min_size=1, max_size=4),
    nation=st.lists(st.tuples(employment, employment), min_size=4, max_size=4),
    nation_total=st.tuples(employment, employment),
)
def test_shift_share_parts_add_up_to_actual_change(region, nation, nation_total):
    sectors = [f"S{i}" for i in range(len(region))]
    rows = [("NL01", "TOTAL", 2020, float(nation_total[0])), ("NL01", "TOTAL", 2023, float(nation_total[1]))]
    for code, (start, end), (nat_start, nat_end) in zip(sectors, region, nation):
        rows += [
            ("R", code, 2020, float(start)),
            ("R", code, 2023, float(end)),
            ("NL01", code, 2020, float(nat_start)),
            ("NL01", code, 2023, float(nat_end)),
        ]
    result = ind.shift_share(long_frame(rows), "R", "NL01", sectors, 2020, 2023)
    parts = result[["national_growth_effect", "industry_mix_effect", "regional_effect"]]
    # The parts may be large and of opposite sign; allow rounding relative to their size.
    scale = parts.abs().to_numpy().max()
    assert np.isclose(parts.sum(axis=1), result["actual_change"], rtol=1e-9, atol=1e-9 * scale).all()


# --------------------------------------------------------------- diversification


@given(st.integers(min_value=1, max_value=50))
def test_entropy_of_equal_shares_is_ln_n(n):
    assert ind.shannon_entropy([1 / n] * n) == pytest.approx(math.log(n))


@given(st.integers(min_value=2, max_value=50))
def test_normalised_entropy_of_equal_shares_is_one(n):
    assert ind.normalised_shannon_entropy([1 / n] * n) == pytest.approx(1.0)


def test_entropy_accepts_raw_amounts():
    # 30 and 30 jobs -> shares 0.5, 0.5 -> -(2 * 0.5 ln 0.5) = ln 2
    assert ind.shannon_entropy([30, 30]) == pytest.approx(math.log(2))


def test_single_sector_economy_has_zero_diversity():
    assert ind.shannon_entropy([120, 0, 0]) == 0
    assert ind.normalised_shannon_entropy([120, 0, 0]) == 0
    assert ind.herfindahl_diversity([120, 0, 0]) == 0


def test_economy_with_one_category_has_zero_diversity_and_undefined_normalised_entropy():
    assert ind.shannon_entropy([1.0]) == 0
    assert ind.herfindahl_diversity([1.0]) == 0
    # ln(1) = 0, so no scale to normalise on
    assert math.isnan(ind.normalised_shannon_entropy([1.0]))


def test_herfindahl_diversity_is_one_minus_sum_of_squared_shares():
    # 1 - (0.2^2 + 0.3^2 + 0.5^2) = 1 - (0.04 + 0.09 + 0.25) = 0.62
    assert ind.herfindahl_diversity([0.2, 0.3, 0.5]) == pytest.approx(0.62)


def test_diversity_with_missing_share_is_nan():
    assert math.isnan(ind.shannon_entropy([0.5, None, 0.5]))
    assert math.isnan(ind.herfindahl_diversity([0.5, np.nan]))


def test_diversity_of_all_zero_amounts_is_nan():
    assert math.isnan(ind.shannon_entropy([0, 0]))


def test_diversity_rejects_negative_shares():
    with pytest.raises(ValueError):
        ind.herfindahl_diversity([1.0, -0.5])


def test_diversification_per_region_and_year():
    df = long_frame(
        [
            ("GM0226", "I", 2023, 10.0),
            ("GM0226", "R", 2023, 10.0),
            ("GM0226", "47", 2023, 10.0),
            ("GM0293", "I", 2023, 0.0),
            ("GM0293", "R", 2023, 0.0),
            ("GM0293", "47", 2023, 40.0),
            ("GM1955", "I", 2023, 10.0),
            ("GM1955", "R", 2023, None),
            ("GM1955", "47", 2023, 10.0),
        ]
    )
    result = ind.diversification(df, VTE)
    even = result.loc[("GM0226", 2023)]
    assert even["shannon_entropy"] == pytest.approx(math.log(3))  # three equal shares
    assert even["normalised_shannon_entropy"] == pytest.approx(1.0)
    assert even["herfindahl_diversity"] == pytest.approx(2 / 3)  # 1 - 3 * (1/3)^2
    assert (result.loc[("GM0293", 2023)] == 0).all()  # only retail
    assert result.loc[("GM1955", 2023)].isna().all()  # R suppressed


def test_diversification_increase_is_visible_over_years():
    df = long_frame(
        [
            ("liemers", "I", 2020, 10.0),
            ("liemers", "R", 2020, 10.0),
            ("liemers", "47", 2020, 80.0),
            ("liemers", "I", 2023, 20.0),
            ("liemers", "R", 2023, 20.0),
            ("liemers", "47", 2023, 60.0),
        ]
    )
    result = ind.diversification(df, VTE)
    # 2020: 1 - (0.01 + 0.01 + 0.64) = 0.34 ; 2023: 1 - (0.04 + 0.04 + 0.36) = 0.56
    assert result.loc[("liemers", 2020), "herfindahl_diversity"] == pytest.approx(0.34)
    assert result.loc[("liemers", 2023), "herfindahl_diversity"] == pytest.approx(0.56)


# ------------------------------------------------------------------ aggregation

LIEMERS = ["GM0299", "GM0221", "GM0226", "GM0293", "GM1955"]


def member_rows(values, sector="C", year=2023):
    return [(code, sector, year, value) for code, value in zip(LIEMERS, values)]


def test_aggregate_region_sums_members():
    df = long_frame(member_rows([100.0, 20.0, 50.0, 30.0, 80.0]) + [("NL01", "C", 2023, 9999.0)])
    result = ind.aggregate_region(df, LIEMERS, "liemers")
    # 100 + 20 + 50 + 30 + 80 = 280 ; NL01 is not a member
    assert result.to_dict("records") == [{"region": "liemers", "sector": "C", "year": 2023, "value": 280.0}]


def test_aggregate_region_with_suppressed_member_is_nan():
    df = long_frame(member_rows([100.0, None, 50.0, 30.0, 80.0]))
    assert math.isnan(ind.aggregate_region(df, LIEMERS, "liemers")["value"].iloc[0])


def test_aggregate_region_with_absent_member_row_is_nan():
    df = long_frame(member_rows([100.0, 20.0, 50.0, 30.0, 80.0])[:-1] + [("GM1955", "H", 2023, 5.0)])
    result = ind.aggregate_region(df, LIEMERS, "liemers").set_index("sector")["value"]
    assert math.isnan(result["C"])


def test_aggregate_region_can_sum_available_members_when_asked():
    df = long_frame(member_rows([100.0, None, 50.0, 30.0, 80.0]))
    result = ind.aggregate_region(df, LIEMERS, "liemers", require_all_members=False)
    # 100 + 50 + 30 + 80 = 260
    assert result["value"].iloc[0] == pytest.approx(260)


def test_aggregate_region_with_all_members_missing_is_nan_even_when_partial_allowed():
    df = long_frame(member_rows([None] * 5))
    result = ind.aggregate_region(df, LIEMERS, "liemers", require_all_members=False)
    assert math.isnan(result["value"].iloc[0])


def test_aggregate_region_keeps_sectors_and_years_apart():
    df = long_frame(member_rows([1.0] * 5, "C", 2020) + member_rows([2.0] * 5, "C", 2023) + member_rows([3.0] * 5, "H", 2023))
    result = ind.aggregate_region(df, LIEMERS, "liemers").set_index(["sector", "year"])["value"]
    # 5 * 1 = 5 ; 5 * 2 = 10 ; 5 * 3 = 15
    assert result.to_dict() == {("C", 2020): 5.0, ("C", 2023): 10.0, ("H", 2023): 15.0}


def test_aggregate_region_rejects_unknown_member():
    df = long_frame(member_rows([1.0] * 5))
    with pytest.raises(ValueError):
        ind.aggregate_region(df, [*LIEMERS, "GM0196"], "liemers")


def test_aggregate_region_does_not_modify_input():
    df = long_frame(member_rows([100.0, None, 50.0, 30.0, 80.0]))
    before = df.copy()
    ind.aggregate_region(df, LIEMERS, "liemers", require_all_members=False)
    pd.testing.assert_frame_equal(df, before)
