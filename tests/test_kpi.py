"""levanalysis.analysis.judging: each status rule at and around its boundary, before and after the period end.

KPIs come from the real plan; their inputs are small hand-made series (baseline year 2023,
evaluation year 2026, plan period 2024-2026 as in _config.yml and lev.yaml). The target path
of each rule type at its boundaries is tested in test_status_paths.py.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_kpi_inputs import LIEMERS, kpi

from levanalysis.analysis import results as R
from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.analysis.inputs import KpiInput, load_kpi_input
from levanalysis.analysis.judging import judge_kpi
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.cache import Provenance
from levanalysis.sources.store import open_store

BASELINE, EVALUATION, PERIOD = 2023, 2026, (2024, 2026)
LOCAL = Provenance(kind="local", source="gemeente")
CBS = Provenance(kind="cbs", source="CBS")
EXAMPLE = Provenance(kind="example", source="voorbeeld")


def series(values: dict[int, float | None]) -> pd.Series:
    return pd.Series({y: math.nan if v is None else float(v) for y, v in values.items()}, dtype=float)


# Within the period: 2024 and 2025 have ended, 2026 has not.
DURING = date(2026, 3, 1)
AFTER = date(2027, 1, 15)


def judge(kpi_id: str, region, nation=None, provenances=(LOCAL, CBS), peildatum=DURING, **extra):
    spearhead, the_kpi = kpi(kpi_id)
    data = KpiInput(
        region=None if region is None else series(region),
        nation=None if nation is None else series(nation),
        provenances=provenances,
        **extra,
    )
    return judge_kpi(the_kpi, spearhead, data, baseline_year=BASELINE, evaluation_year=EVALUATION, period=PERIOD,
                     peildatum=peildatum)


# --------------------------------------------------------------------------- growth_vs_nl


def test_growth_exactly_equal_to_nl_is_met():
    # region 200 -> 230 (+15%), NL 1000 -> 1150 (+15%)
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150})
    assert result.status == R.BEHAALD


def test_growth_exactly_equal_to_nl_with_rounding_noise_is_met():
    # region 3 -> 3.45 and NL 7 -> 8.05 are both +15%, but the floats differ in the last bits
    result = judge("maak-banen", {2023: 3, 2026: 3.45}, {2023: 7, 2026: 8.05})
    assert result.status == R.BEHAALD


def test_growth_a_hair_below_nl_is_not_met():
    # region 200 -> 229.99 (+14.995%) against NL +15%
    result = judge("maak-banen", {2023: 200, 2026: 229.99}, {2023: 1000, 2026: 1150})
    assert result.status == R.NIET_BEHAALD


def test_growth_vs_nl_reports_both_growth_rates():
    # region 200 -> 220: +10%; NL 1000 -> 1050: +5%
    result = judge("maak-banen", {2023: 200, 2026: 220}, {2023: 1000, 2026: 1050})
    assert result.change == pytest.approx(0.10) and result.comparison == pytest.approx(0.05)
    assert "5,0 procentpunt hoger" in result.reason


def test_growth_vs_nl_before_the_period_end_is_on_course():
    result = judge("maak-banen", {2023: 200, 2025: 230}, {2023: 1000, 2025: 1150})
    assert (result.status, result.latest_year) == (R.OP_KOERS, 2025)


def test_growth_vs_nl_below_nl_before_the_period_end_is_behind():
    result = judge("maak-banen", {2023: 200, 2025: 210}, {2023: 1000, 2025: 1150})
    assert result.status == R.ACHTER_OP_KOERS


def test_growth_vs_nl_compares_up_to_the_last_year_both_have():
    # the region has 2026, NL only up to 2025: compared over 2023-2025, so not yet final
    result = judge("maak-banen", {2023: 200, 2025: 230, 2026: 240}, {2023: 1000, 2025: 1150})
    assert (result.latest_year, result.latest_value, result.status) == (2025, 230.0, R.OP_KOERS)
    assert any("2026" in note for note in result.notes)


def test_missing_nl_series_is_no_data():
    result = judge("maak-banen", {2023: 200, 2026: 230}, None)
    assert result.status == R.GEEN_DATA


def test_missing_baseline_is_no_data_and_no_other_year_is_used():
    result = judge("maak-banen", {2022: 190, 2024: 210, 2026: 230}, {2022: 900, 2023: 1000, 2026: 1150})
    assert result.status == R.GEEN_DATA and math.isnan(result.baseline_value)
    assert "basisjaar 2023" in result.reason


def test_no_year_after_the_baseline_is_no_data():
    result = judge("maak-banen", {2023: 200}, {2023: 1000})
    assert result.status == R.GEEN_DATA and result.latest_year is None


@settings(max_examples=60, deadline=None)
@given(
    # up to 1e5: two different ratios then differ by at least 1/(1e5*1e5) = 1e-10, more than the
    # tolerance for rounding noise (1e-11), so the exact integer comparison is the right oracle
    st.integers(1, 10**5), st.integers(0, 10**5), st.integers(1, 10**5), st.integers(0, 10**5),
    st.integers(1, 1000),
)
def test_growth_vs_nl_is_met_exactly_when_the_region_grows_at_least_as_fast(r0, r1, n0, n1, scale):
    result = judge("maak-banen", {2023: r0, 2026: r1}, {2023: n0, 2026: n1})
    # r1/r0 >= n1/n0  <=>  r1*n0 >= n1*r0 (integers: exact)
    assert (result.status == R.BEHAALD) == (r1 * n0 >= n1 * r0)
    # the rule judges growth, so the size of the region does not matter
    scaled = judge("maak-banen", {2023: r0 * scale, 2026: r1 * scale}, {2023: n0, 2026: n1})
    assert scaled.status == result.status


# --------------------------------------------------------------------------- annual_growth


def test_exactly_five_percent_average_annual_growth_is_met():
    # 1000 * 1.05**3 = 1157.625 in 2026
    result = judge("vte-website", {2023: 1000, 2026: 1157.625})
    assert result.status == R.BEHAALD and result.change == pytest.approx(0.05)


def test_a_hair_below_five_percent_average_annual_growth_is_not_met():
    # 1157.6 < 1157.625
    result = judge("vte-website", {2023: 1000, 2026: 1157.6})
    assert result.status == R.NIET_BEHAALD


def test_annual_growth_after_two_years_is_on_course_at_five_percent():
    # 1000 * 1.05**2 = 1102.5 in 2025: CAGR exactly 5%, period not complete
    result = judge("vte-website", {2023: 1000, 2025: 1102.5})
    assert result.status == R.OP_KOERS


def test_annual_growth_after_two_years_below_five_percent_is_behind():
    # 1000 -> 1100 in two years: sqrt(1.1) - 1 = 4.88% per year
    result = judge("vte-website", {2023: 1000, 2025: 1100})
    assert result.status == R.ACHTER_OP_KOERS


def test_an_incomplete_latest_year_is_skipped_and_said():
    # 2026 is NaN (e.g. an incomplete year): the latest year with data is 2025
    result = judge("vte-website", {2023: 1000, 2025: 1102.5, 2026: None})
    assert result.latest_year == 2025 and any("2026" in note for note in result.notes)


# --------------------------------------------------------------------------- change


def test_exactly_minus_three_percent_change_is_met():
    # 2.00 -> 1.94: 1.94 / 2.00 - 1 = -3%
    result = judge("maak-spanning", {2023: 2.00, 2026: 1.94})
    assert result.status == R.BEHAALD


def test_minus_two_point_nine_percent_change_is_not_met():
    # 2.00 -> 1.942: -2.9%, a smaller decline than the required 3%
    result = judge("maak-spanning", {2023: 2.00, 2026: 1.942})
    assert result.status == R.NIET_BEHAALD


def test_exactly_plus_five_percent_students_is_met():
    # 200 -> 210: +5%
    result = judge("maak-studenten", {2023: 200, 2026: 210})
    assert result.status == R.BEHAALD


def test_change_before_the_period_end_is_on_course_or_behind():
    assert judge("maak-spanning", {2023: 2.00, 2024: 1.90}).status == R.OP_KOERS
    assert judge("maak-spanning", {2023: 2.00, 2024: 2.10}).status == R.ACHTER_OP_KOERS


# --------------------------------------------------------------------------- count_in_period


def test_exactly_three_projects_is_met_even_before_the_end():
    result = judge("maak-projecten", {2024: 3})
    assert (result.status, result.latest_value) == (R.BEHAALD, 3.0)


def test_two_of_three_projects_after_two_of_three_years_is_on_course():
    # needed pro rata: 3 * (2025 - 2024 + 1) / 3 = 2; counted 1 + 1 = 2
    result = judge("maak-projecten", {2024: 1, 2025: 1})
    assert result.status == R.OP_KOERS


def test_one_of_three_projects_after_two_of_three_years_is_behind():
    # needed pro rata: 2; counted 1 + 0 = 1
    result = judge("maak-projecten", {2024: 1, 2025: 0})
    assert result.status == R.ACHTER_OP_KOERS


def test_two_of_three_projects_after_the_period_end_is_not_met():
    result = judge("maak-projecten", {2024: 1, 2025: 1, 2026: 0}, peildatum=AFTER)
    assert result.status == R.NIET_BEHAALD


def test_a_2026_row_in_the_register_does_not_end_the_period_before_the_year_has_ended():
    # The register holds 2026, but on 1 March 2026 two of three years have ended: path 2, count 2
    result = judge("maak-projecten", {2024: 1, 2025: 1, 2026: 0}, peildatum=DURING)
    assert result.status == R.OP_KOERS


def test_projects_before_the_period_do_not_count():
    # 2023 lies before 2024-2026: counted 0 + 2 = 2 < 3, and the period has ended
    result = judge("maak-projecten", {2023: 5, 2024: 2, 2025: 0, 2026: 0}, peildatum=AFTER)
    assert (result.status, result.latest_value) == (R.NIET_BEHAALD, 2.0)


def test_five_collaborations_are_met():
    assert judge("maak-samenwerkingen", {2024: 2, 2025: 3}).status == R.BEHAALD


# --------------------------------------------------------------------------- diversification


def test_a_higher_diversity_index_gets_no_computed_verdict():
    # The plan asks for a qualitative judgement: the index rising is an aid, not "behaald"
    result = judge("vte-diversificatie", {2023: 0.80, 2026: 0.85})
    assert result.status == R.OORDEEL_ONTBREEKT and result.qualitative
    assert result.computed_status is None


def test_the_diversity_aid_is_named_as_an_aid_with_both_index_values():
    result = judge("vte-diversificatie", {2023: 0.80, 2025: 0.81})
    assert "Hulpmiddel" in result.reason and "0,800" in result.reason and "0,810" in result.reason


def test_the_aid_shows_each_subsector_so_a_shrinking_one_is_visible():
    # Retail 600 -> 540 (-10%) makes the jobs more even; the aid must show that decline
    detail = pd.DataFrame({"I": [200.0, 200.0], "R": [200.0, 200.0], "47": [600.0, 540.0]},
                          index=pd.Index([2023, 2025], name="year"))
    result = judge("vte-diversificatie", {2023: 0.86, 2025: 0.89}, detail=detail)
    assert "de detailhandel -10,0%" in result.reason


# --------------------------------------------------------------------------- data kind, provisional


def test_example_provenance_makes_the_data_kind_voorbeeld():
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150}, provenances=(EXAMPLE, CBS))
    assert result.data_kind == "voorbeeld"


def test_cbs_and_local_provenance_make_the_data_kind_echt():
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150}, provenances=(LOCAL, CBS))
    assert result.data_kind == "echt"


def test_a_missing_dataset_makes_the_data_kind_geen():
    result = judge("maak-banen", {2023: 200, 2026: 230}, None, provenances=(LOCAL,), missing=("cbs:83582NED",))
    assert (result.data_kind, result.status) == ("geen", R.GEEN_DATA)
    assert "cbs:83582NED" in result.reason


def test_a_provisional_latest_year_is_flagged():
    result = judge("maak-banen", {2023: 200, 2025: 230}, {2023: 1000, 2025: 1150}, provisional_years=frozenset({2025}))
    assert result.provisional


def test_a_provisional_earlier_year_does_not_flag_the_latest():
    result = judge("maak-banen", {2023: 200, 2025: 230}, {2023: 1000, 2025: 1150}, provisional_years=frozenset({2024}))
    assert not result.provisional


def test_the_result_carries_the_plan_texts_and_the_rule_description():
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150})
    assert result.goal == "Versterking van de maakindustrie"
    assert result.target == "Groeipercentage is gelijk of groter dan NL-gemiddelde"
    assert result.rule == "Groei sinds 2023 is gelijk aan of groter dan de groei in Nederland."
    assert result.sources == "LISA / PWE"


# --------------------------------------------------------------------------- plan and store


def test_evaluate_plan_gives_every_kpi_and_one_pending_row_for_logistiek(tmp_path):
    plan = load_plan()
    results = [e.result for e in evaluate_plan(plan, open_store(tmp_path), load_config(data_dir=tmp_path))]
    expected = [k.id for s in plan.spearheads for k in s.monitoring.kpis]
    assert [r.kpi_id for r in results if r.status != R.NOG_GEEN_STREEFWAARDE] == expected
    pending = [r for r in results if r.status == R.NOG_GEEN_STREEFWAARDE]
    assert [r.spearhead for r in pending] == ["logistiek"] and len(results) == 10 + 1


def test_without_any_data_every_kpi_is_no_data(tmp_path):
    results = [e.result for e in evaluate_plan(load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))]
    assert {r.status for r in results} == {R.GEEN_DATA, R.NOG_GEEN_STREEFWAARDE}
    assert {r.data_kind for r in results} == {"geen"}


def test_a_partial_municipality_sum_in_the_baseline_is_no_data(tmp_path):
    # 2023 lacks Montferland: the 2023 sum is NaN, not the sum of four municipalities
    rows = [f"{m};2023;1000;definitief\n" for m in LIEMERS[:4]] + [f"{m};2026;1100;definitief\n" for m in LIEMERS]
    (tmp_path / "toeristenbelasting.csv").write_text("gemeente;jaar;overnachtingen;status\n" + "".join(rows),
                                                     encoding="utf-8")
    spearhead, nights = kpi("vte-overnachtingen")
    data = load_kpi_input(nights, open_store(tmp_path), spearhead.sector)
    assert math.isnan(data.region.loc[2023])
    result = judge_kpi(nights, spearhead, data, baseline_year=BASELINE, evaluation_year=EVALUATION, period=PERIOD)
    assert result.status == R.GEEN_DATA


def test_statuses_are_the_fixed_vocabulary():
    assert R.STATUSES == ("behaald", "niet behaald", "op koers", "achter op koers", "geen data",
                          "oordeel evaluator ontbreekt", "nog geen streefwaarde")
