"""The previous LEV period as plan data, growth 2020-2023 beside growth since the baseline, and
the shading of the previous period in KPI charts. Expected values by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.periods import period_comparison, yearly_growth
from levanalysis.analysis.results import KpiResult
from levanalysis.book import kpi_blocks
from levanalysis.book.period_table import period_table, period_year
from levanalysis.book.tables import cell_texts
from levanalysis.definitions.plan_extras import load_previous_period


def test_previous_period_is_2020_to_2023():
    assert load_previous_period().span == (2020, 2023)


def test_the_plan_lists_six_recommendations_of_the_2023_evaluation():
    previous = load_previous_period()
    assert [r.id for r in previous.recommendations] == ["a1", "a2", "a3", "a4", "a5", "a6"]


def test_every_follow_up_names_parts_of_the_plan():
    assert all(f.concerns for r in load_previous_period().recommendations for f in r.follow_up)


def test_yearly_growth_is_compound():
    # 100 -> 121 over two years is 10 % a year.
    assert yearly_growth(pd.Series({2020: 100.0, 2022: 121.0}), 2020, 2022) == pytest.approx(0.10)


def test_yearly_growth_needs_both_years():
    assert math.isnan(yearly_growth(pd.Series({2021: 100.0, 2023: 121.0}), 2020, 2023))


def evaluation(region, nation=None, rule_type="growth_vs_nl", kpi="k"):
    data = SimpleNamespace(region=region, nation=nation)
    result = SimpleNamespace(rule_type=rule_type, kpi_id=kpi, spearhead_name="S", indicator="I", data_kind="echt")
    return data, result


def test_comparison_sets_both_periods_side_by_side_with_nederland():
    region = pd.Series({2020: 100.0, 2023: 133.1, 2025: 146.41})
    nation = pd.Series({2020: 100.0, 2023: 100.0, 2025: 104.04})
    (row,) = period_comparison([evaluation(region, nation)], (2020, 2023), 2023, 2026).to_dict("records")
    # 100 -> 133,1 in 3 years: +10 %/yr; 133,1 -> 146,41 in 2 years: +4,88 %/yr; NL 0 % and +2 %/yr.
    assert row["vorige"] == pytest.approx(0.10) and row["huidige"] == pytest.approx(0.04881, abs=1e-5)
    assert (row["nl_vorige"], round(row["nl_huidige"], 4), row["tot"]) == (0.0, 0.02, 2025)


def test_kpis_without_figures_in_both_periods_or_without_levels_are_left_out():
    short = evaluation(pd.Series({2023: 1.0, 2024: 2.0}))
    count = evaluation(pd.Series({2020: 1.0, 2023: 2.0, 2024: 3.0}), rule_type="count_in_period")
    assert period_comparison([short, count], (2020, 2023), 2023, 2026).empty


def test_period_table_drops_nederland_columns_when_no_kpi_has_them():
    region = pd.Series({2020: 100.0, 2023: 133.1, 2025: 146.41})
    comparison = period_comparison([evaluation(region, rule_type="annual_growth")], (2020, 2023), 2023, 2026)
    context = period_table(comparison, (2020, 2023), 2023)
    assert [c["label"] for c in context["columns"]] == ["Indicator", "2020-2023 per jaar", "Sinds basisjaar per jaar",
                                                        "Tot en met"]
    assert cell_texts(context) == [["I", "+10,0%", "+4,9%", "2025"]]


def test_year_formatter_marks_the_previous_period():
    text = period_year((2020, 2023))
    assert (text(2021), text(2024)) == ("2021 (vorige LEV)", "2024")


def test_kpi_chart_shades_the_previous_period_only_when_figures_reach_back_to_it(monkeypatch):
    calls = []
    monkeypatch.setattr(kpi_blocks.charts, "line_chart", lambda series, **kw: calls.append(kw) or None)
    monkeypatch.setattr(kpi_blocks.charts, "figure_context", lambda *a, **kw: {})
    result = KpiResult(
        kpi_id="k", spearhead="s", spearhead_name="S", goal="g", indicator="I", target="t", rule="r",
        rule_type="annual_growth", baseline_year=2023, baseline_value=100.0, latest_year=2025, latest_value=2.0,
        change=0.1, comparison=float("nan"), status="op koers", reason="", sources="", data_kind="echt",
    )
    kpi_blocks.kpi_figure(result, KpiInput(region=pd.Series({2020: 1.0, 2025: 2.0})))
    kpi_blocks.kpi_figure(result, KpiInput(region=pd.Series({2022: 1.0, 2025: 2.0})))
    assert [c["shaded_period"] for c in calls] == [(2020, 2023), None]
    assert calls[0]["shaded_label"] == "vorige LEV 2020-2023"
