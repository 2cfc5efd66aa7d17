"""The measuring margin from the sources' rounding (levanalysis.analysis.margins), the qualifier
'binnen de meetmarge', LISA against CBS, and the indicative municipal structure figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_kpi import judge
from test_kpi_inputs import LIEMERS, cbs_jobs_frame, kpi, write_cbs

from levanalysis.analysis import results as R
from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.analysis.margins import cell_sd, growth_margin, input_precision, sum_sd
from levanalysis.analysis.reconciliation import reconcile
from levanalysis.book import status
from levanalysis.book.structure_blocks import hundreds
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.region import load_region
from levanalysis.sources.store import open_store


def sd(value: float, years=(2023, 2025)) -> pd.Series:
    return pd.Series({y: value for y in years}, dtype=float)


# --------------------------------------------------------------------------- arithmetic


def test_one_value_rounded_to_tens_has_a_standard_deviation_of_ten_over_root_twelve():
    # uniform error on [-5, 5]: sd = 10 / sqrt(12) = 2.88675
    assert cell_sd(10) == pytest.approx(2.88675, abs=1e-5)


def test_a_sum_of_fifteen_rounded_cells_grows_with_the_root_of_fifteen():
    # 2.88675 x sqrt(15) = 11.1803
    assert sum_sd(10, 15) == pytest.approx(11.1803, abs=1e-4)


def test_growth_margin_by_hand():
    # 1000 -> 1001 with sd 5 in both years: 1.96 x 1.001 x sqrt((5/1001)^2 + (5/1000)^2)
    # = 1.96 x 1.001 x 0.0070675 = 0.013867
    series = pd.Series({2023: 1000.0, 2025: 1001.0})
    assert growth_margin(series, sd(5), 2023, 2025) == pytest.approx(0.013867, abs=1e-6)


# --------------------------------------------------------------------------- the qualifier


def test_a_tenth_of_a_point_above_nederland_is_within_the_margin():
    # region +0.1% (1000 -> 1001, sd 5) against NL 0% (exact): margin 1.39 points > 0.1
    result = judge("maak-banen", {2023: 1000, 2025: 1001}, {2023: 1000, 2025: 1000}, region_sd=sd(5))
    assert (result.status, result.within_margin) == (R.OP_KOERS, True)
    assert result.margin == pytest.approx(0.013867, abs=1e-6)
    assert "binnen de meetmarge" in result.reason


def test_ten_points_above_nederland_is_outside_the_margin():
    # 1000 -> 1100, sd 5: margin 1.96 x 1.1 x sqrt((5/1100)^2 + (5/1000)^2) = 0.01457 < 0.10
    result = judge("maak-banen", {2023: 1000, 2025: 1100}, {2023: 1000, 2025: 1000}, region_sd=sd(5))
    assert not result.within_margin


def test_exact_counts_have_no_margin_even_when_equal_to_nederland():
    result = judge("maak-banen", {2023: 1000, 2025: 1000}, {2023: 1000, 2025: 1000})
    assert (result.margin, result.within_margin) == (0.0, False)


def test_a_change_close_to_its_path_is_within_the_margin():
    # spanningsindicator 2.00 -> 1.96 (-2.00%) against the path 1.95980 (-2.01%): 0.01 points apart;
    # sd 0.005 in both years: 1.96 x 0.98 x sqrt((0.005/1.96)^2 + (0.005/2)^2) = 0.00686 > 0.0001
    result = judge("maak-spanning", {2023: 2.00, 2025: 1.96}, region_sd=sd(0.005))
    assert (result.status, result.within_margin) == (R.ACHTER_OP_KOERS, True)


def test_the_badge_says_binnen_de_meetmarge_after_the_status():
    result = judge("maak-banen", {2023: 1000, 2025: 1001}, {2023: 1000, 2025: 1000}, region_sd=sd(5))
    assert status.status_label(result) == "➚ op koers, binnen de meetmarge"


def test_the_legend_explains_the_qualifier():
    assert "binnen de meetmarge" in status.legend_html()


# --------------------------------------------------------------------------- from the data


def _lisa(directory, values_2023: int, values_2025: int) -> None:
    rows = "".join(f"{m};{y};C;{v}\n" for m in LIEMERS for y, v in ((2023, values_2023), (2025, values_2025)))
    (directory / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\n" + rows, encoding="utf-8")


def test_lisa_jobs_carry_the_rounding_of_five_municipal_cells(tmp_path):
    # five municipalities x SBI C, each rounded to tens: 10 / sqrt(12) x sqrt(5) = 6.4550
    _lisa(tmp_path, 100, 120)
    spearhead, jobs = kpi("maak-banen")
    data, _ = evaluate_kpi(jobs, spearhead, load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))
    region_sd, nation_sd = input_precision(jobs, data, open_store(tmp_path), spearhead.sector, load_region(), "banen")
    assert region_sd[2023] == pytest.approx(6.4550, abs=1e-4)
    assert nation_sd is None  # no CBS table in the directory


def test_lisa_and_cbs_growth_are_shown_side_by_side_with_the_one_used(tmp_path):
    # LISA 5 x 100 -> 5 x 120 (+20%); CBS 5 x 0.2 -> 5 x 0.2 thousand (0%); NL +5%
    _lisa(tmp_path, 100, 120)
    values = {(m, "C", y): 0.2 for m in LIEMERS for y in (2023, 2025)}
    values.update({("NL01", "C", 2023): 1000, ("NL01", "C", 2025): 1050})
    values.update({(m, "T001081", y): 1.0 for m in [*LIEMERS, "NL01"] for y in (2023, 2025)})
    write_cbs(tmp_path, "83582NED", cbs_jobs_frame(values))
    spearhead, jobs = kpi("maak-banen")
    store = open_store(tmp_path)
    data, result = evaluate_kpi(jobs, spearhead, load_plan(), store, load_config(data_dir=tmp_path))
    found = reconcile(jobs, result, store, spearhead.sector, load_region(), data.region_sd)
    lisa, cbs = found.figures
    assert (lisa.used, cbs.used) == (True, False)
    assert lisa.growth == pytest.approx(0.20) and cbs.growth == pytest.approx(0.0)
    assert "De status gebruikt LISA" in found.choice and "werknemers" in found.difference


def test_reconciliation_is_only_for_jobs_from_lisa():
    result = judge("maak-studenten", {2023: 640, 2025: 662})
    spearhead, students = kpi("maak-studenten")
    assert reconcile(students, result, open_store("/nonexistent"), spearhead.sector, load_region()) is None


# --------------------------------------------------------------------------- indicative structure


def test_shift_share_effects_are_shown_in_hundreds_without_a_negative_zero():
    # the inputs are CBS jobs rounded to hundreds: 1260 -> 1.300, -30 -> 0
    assert (hundreds(1260.0), hundreds(-30.0)) == ("1.300", "0")


def test_a_missing_margin_is_not_within():
    result = judge("maak-banen", {2023: 1000, 2025: 1001}, {2023: 1000, 2025: 1000},
                   region_sd=pd.Series({2023: math.nan, 2025: 5.0}))
    assert not result.within_margin
