"""The target path of every rule type, at its boundaries (levanalysis.analysis.paths and the rules).

Convention (analysis/paths.py): growth rules follow a geometric path from the baseline year
2023 to the evaluation year 2026, with the same growth in each of the 3 years; growth_vs_nl
follows Nederland's growth to the same year; a count follows a linear path over the plan period
2024-2026, one third of the streefwaarde per complete year. 'Op koers' is on or beyond the path.
Every expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from test_kpi import judge

from levanalysis.analysis import results as R
from levanalysis.analysis.paths import change_factor, target_path
from levanalysis.definitions.plan import Rule

DURING = date(2026, 3, 1)  # 2024 and 2025 have ended
EARLY = date(2025, 6, 30)  # only 2024 has ended


# --------------------------------------------------------------------------- change: +5% over 2023-2026


def test_change_path_after_two_of_three_years_is_five_percent_to_the_power_two_thirds():
    # ln(1.05) = 0.0487902; x 2/3 = 0.0325268; e^0.0325268 = 1.0330616: +3.31% after 2 of 3 years
    assert change_factor(0.05, 2, 3) == pytest.approx(1.0330616, abs=1e-7)


def test_techniekstudenten_plus_three_point_four_percent_after_two_years_is_on_course():
    # 640 -> 662 is +3.44%; the path asks 640 x 1.0330616 = 661.16 in 2025: on the path
    result = judge("maak-studenten", {2023: 640, 2025: 662})
    assert result.status == R.OP_KOERS
    assert (result.path_year, result.path_value) == (2025, pytest.approx(661.159, abs=1e-3))


def test_techniekstudenten_just_below_the_path_is_behind():
    # 661 < 661.16: achter op koers, although +3.3% rounds to the same as the path
    assert judge("maak-studenten", {2023: 640, 2025: 661}).status == R.ACHTER_OP_KOERS


def test_change_path_after_one_year_is_the_cube_root():
    # 1.05^(1/3) = 1.0163964: 1000 -> 1016.40 needed in 2024
    assert judge("maak-studenten", {2023: 1000, 2024: 1016.4}).status == R.OP_KOERS
    assert judge("maak-studenten", {2023: 1000, 2024: 1016.3}).status == R.ACHTER_OP_KOERS


def test_change_path_ends_at_the_streefwaarde_in_the_evaluation_year():
    # 200 -> 210 is exactly +5% in 2026: behaald; 209.9 is not
    assert judge("maak-studenten", {2023: 200, 2026: 210}).status == R.BEHAALD
    assert judge("maak-studenten", {2023: 200, 2026: 209.9}).status == R.NIET_BEHAALD


# --------------------------------------------------------------------------- change: -3% (a decline)


def test_decline_path_after_two_years_is_minus_two_percent():
    # 0.97^(2/3): ln(0.97) = -0.0304592; x 2/3 = -0.0203061; e^.. = 0.9798986; 2.00 -> 1.95980
    result = judge("maak-spanning", {2023: 2.00, 2025: 1.95})
    assert result.status == R.OP_KOERS  # 1.95 is below the path: a larger decline
    assert result.path_value == pytest.approx(1.959797, abs=1e-6)


def test_decline_above_the_path_is_behind():
    # 1.96 > 1.95980: the indicator did not fall enough yet
    assert judge("maak-spanning", {2023: 2.00, 2025: 1.96}).status == R.ACHTER_OP_KOERS


# --------------------------------------------------------------------------- annual_growth: 5% per year


def test_annual_growth_path_compounds_five_percent_a_year():
    # 1000 x 1.05^2 = 1102.5 in 2025: exactly on the path
    result = judge("vte-website", {2023: 1000, 2025: 1102.5})
    assert (result.status, result.path_value) == (R.OP_KOERS, pytest.approx(1102.5))


def test_annual_growth_a_visitor_below_the_path_is_behind():
    assert judge("vte-website", {2023: 1000, 2025: 1102.4}).status == R.ACHTER_OP_KOERS


# --------------------------------------------------------------------------- growth_vs_nl


def test_growth_vs_nl_path_is_the_region_baseline_with_the_growth_of_nederland():
    # NL 1000 -> 1050 (+5%) by 2025: the region needs 200 x 1.05 = 210
    result = judge("maak-banen", {2023: 200, 2025: 210}, {2023: 1000, 2025: 1050})
    assert (result.status, result.path_value) == (R.OP_KOERS, pytest.approx(210.0))


def test_growth_vs_nl_below_the_path_is_behind():
    assert judge("maak-banen", {2023: 200, 2025: 209.9}, {2023: 1000, 2025: 1050}).status == R.ACHTER_OP_KOERS


def test_growth_vs_nl_path_follows_nederland_in_every_year():
    path = target_path(Rule(type="growth_vs_nl"), baseline_year=2023, evaluation_year=2026, period=(2024, 2026),
                       baseline_value=200.0, nation=pd.Series({2023: 1000.0, 2024: 990.0, 2025: 1050.0}))
    # 200 x 0.99 = 198 in 2024; 200 x 1.05 = 210 in 2025; no NL figure for 2026 yet
    assert path.to_dict() == {2023: 200.0, 2024: pytest.approx(198.0), 2025: pytest.approx(210.0)}


# --------------------------------------------------------------------------- count_in_period: linear


def test_count_path_after_two_complete_years_is_two_thirds_of_the_streefwaarde():
    # 3 projects in 2024-2026: 3 x 2/3 = 2 needed after 2025; counted 1 + 1 = 2
    result = judge("maak-projecten", {2024: 1, 2025: 1}, peildatum=DURING)
    assert (result.status, result.path_year, result.path_value) == (R.OP_KOERS, 2025, pytest.approx(2.0))


def test_count_one_below_the_path_is_behind():
    assert judge("maak-projecten", {2024: 1, 2025: 0}, peildatum=DURING).status == R.ACHTER_OP_KOERS


def test_count_path_counts_only_years_that_have_ended():
    # On 30 June 2025 only 2024 has ended: 3 x 1/3 = 1 needed, and 1 project is on course
    result = judge("maak-projecten", {2024: 1, 2025: 0}, peildatum=EARLY)
    assert (result.status, result.path_value) == (R.OP_KOERS, pytest.approx(1.0))


def test_collaborations_path_is_five_times_two_thirds():
    # 5 x 2/3 = 3.33 after 2025: 3 is behind, 4 is on course
    assert judge("maak-samenwerkingen", {2024: 1, 2025: 2}, peildatum=DURING).status == R.ACHTER_OP_KOERS
    assert judge("maak-samenwerkingen", {2024: 2, 2025: 2}, peildatum=DURING).status == R.OP_KOERS


def test_count_path_is_linear_and_cumulative_over_the_period():
    path = target_path(Rule(type="count_in_period", min=3), baseline_year=2023, evaluation_year=2026,
                       period=(2024, 2026))
    # 0 before the period, then 1, 2, 3 after each complete year
    assert path.to_dict() == {2023: 0.0, 2024: 1.0, 2025: 2.0, 2026: 3.0}


# --------------------------------------------------------------------------- qualitative and text


def test_the_qualitative_target_has_no_path():
    result = judge("vte-diversificatie", {2023: 0.80, 2025: 0.81})
    assert result.path == () and math.isnan(result.path_value)
    assert "kwalitatieve beoordeling" in result.path_text


def test_the_path_is_stated_in_words_with_its_value():
    result = judge("maak-studenten", {2023: 640, 2025: 662}, unit="studenten")
    # 661.16 shown without decimals, as the students are counted
    assert result.path_text.startswith("Streefpad 2025: 661 studenten (+3,3% ten opzichte van 2023")
