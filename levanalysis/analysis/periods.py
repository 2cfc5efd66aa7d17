"""The longer view: growth in the previous LEV period (2020-2023) beside growth since the
baseline, for every KPI whose figures reach back to the previous period.

Growth is the average per year (compound), so a period of three years and one of two compare
fairly: (last / first) ** (1 / years) - 1. A period needs figures for its first and last year.
"""

from __future__ import annotations

import math

import pandas as pd

# Rules whose figures are levels that grow; counts in a period and a diversity index do not.
GROWTH_RULES = ("annual_growth", "growth_vs_nl", "change")


def yearly_growth(series: pd.Series | None, start: int, end: int) -> float:
    """Average growth per year from ``start`` to ``end``; NaN when either year is missing."""
    if series is None or end <= start:
        return math.nan
    values = series.dropna()
    if start not in values.index or end not in values.index or values.loc[start] <= 0:
        return math.nan
    return float((values.loc[end] / values.loc[start]) ** (1 / (end - start)) - 1)


def latest_year(series: pd.Series | None, after: int, until: int) -> int | None:
    if series is None:
        return None
    years = [int(y) for y in series.dropna().index if after < int(y) <= until]
    return max(years) if years else None


def period_comparison(evaluations, previous: tuple[int, int], baseline_year: int, evaluation_year: int) -> pd.DataFrame:
    """One row per KPI with growth in both periods (rows where either is missing are left out).

    ``evaluations`` are :class:`levanalysis.analysis.evaluation.KpiEvaluation` (input and result).
    Columns: kpi, speerpunt, indicator, vorige (growth per year in the previous period), huidige
    (growth per year from the baseline to the latest year), tot (that latest year), and the same
    two for Nederland where the KPI compares with it (NaN otherwise).
    """
    start, end = previous
    rows = []
    for data, result in evaluations:
        if data is None or result.rule_type not in GROWTH_RULES:
            continue
        last = latest_year(data.region, baseline_year, evaluation_year)
        before = yearly_growth(data.region, start, end)
        since = yearly_growth(data.region, baseline_year, last) if last is not None else math.nan
        if math.isnan(before) or math.isnan(since):
            continue
        nation = data.nation if result.rule_type == "growth_vs_nl" else None
        rows.append({
            "kpi": result.kpi_id, "speerpunt": result.spearhead_name, "indicator": result.indicator,
            "vorige": before, "huidige": since, "tot": last,
            "nl_vorige": yearly_growth(nation, start, end),
            "nl_huidige": yearly_growth(nation, baseline_year, last) if nation is not None else math.nan,
            "voorbeeld": result.data_kind == "voorbeeld",
        })
    return pd.DataFrame(rows, columns=["kpi", "speerpunt", "indicator", "vorige", "huidige", "tot", "nl_vorige",
                                       "nl_huidige", "voorbeeld"])
