"""The annual-report table councils use, one per spearhead: indicator | nulmeting | streefwaarde |
realisatie per plan year | status | bron. Raw values (numbers as numbers, missing as NaN); the
book and the command line write them as Excel and CSV.

Realisatie per year is the regional figure of that year in the KPI's own unit; for a count in the
plan period it is the count of that year (the status judges the sum over the period).
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.results import KpiResult
from levanalysis.definitions.plan import Plan

INDICATOR, TARGET, STATUS, SOURCE = "Indicator", "Streefwaarde", "Status", "Bron"


def nulmeting_column(baseline_year: int) -> str:
    return f"Nulmeting ({baseline_year})"


def realisation_column(year: int) -> str:
    return f"Realisatie {year}"


def columns(plan: Plan, baseline_year: int) -> list[str]:
    return [INDICATOR, nulmeting_column(baseline_year), TARGET,
            *[realisation_column(y) for y in plan.years], STATUS, SOURCE]


def _indicator(result: KpiResult) -> str:
    return f"{result.indicator} ({result.unit})" if result.unit and result.indicator != "-" else result.indicator


def kpi_row(result: KpiResult, values: pd.Series | None, plan: Plan, baseline_year: int) -> dict:
    # Rounded to the KPI's published precision: the workbook shows what the book shows.
    values = values.dropna().round(result.decimals) if values is not None else pd.Series(dtype=float)
    counted = result.rule_type in ("count_in_period", "lv_target")
    row = {
        INDICATOR: _indicator(result),
        nulmeting_column(baseline_year): math.nan if counted else float(values.get(baseline_year, math.nan)),
        TARGET: result.target,
    }
    for year in plan.years:
        row[realisation_column(year)] = float(values.get(year, math.nan))
    row[STATUS] = result.status
    row[SOURCE] = result.sources
    return row


def annual_report(plan: Plan, evaluations, baseline_year: int, extra: dict[str, list[tuple[KpiResult, pd.Series]]] | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Spearhead short name -> its table. ``evaluations`` are (input, result) pairs in the plan's
    order (a pending spearhead's row has no input); ``extra`` adds rows per spearhead id, such as
    the Logistics Valley targets with their reported values."""
    tables: dict[str, list[dict]] = {s.short_name: [] for s in plan.spearheads}
    names = {s.id: s.short_name for s in plan.spearheads}
    extra = extra or {}
    for data, result in evaluations:
        if data is None and extra.get(result.spearhead):
            continue  # agreed targets replace the 'nog geen streefwaarde' row
        values = data.region if data is not None else None
        tables[names[result.spearhead]].append(kpi_row(result, values, plan, baseline_year))
    for spearhead_id, rows in extra.items():
        for result, values in rows:
            tables[names[spearhead_id]].append(kpi_row(result, values, plan, baseline_year))
    return {name: pd.DataFrame(rows, columns=columns(plan, baseline_year)) for name, rows in tables.items()}
