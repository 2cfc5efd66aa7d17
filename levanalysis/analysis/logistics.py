"""The Logistics Valley targets the plan takes over once agreed (``data/plan/logistiek_doelen.yaml``),
judged against what Logistics Valley reports in ``uitvoering``.

While no target is agreed, :func:`logistics_results` returns nothing and the book keeps saying
"nog geen streefwaarde" (the pending row of :mod:`levanalysis.analysis.evaluation`). Each agreed
target becomes a :class:`KpiResult`, so the scorecard, the summary and the annual report show it
like any other indicator.

Judging, per target:

- ``per_jaar``: the latest plan year with a report is compared with the streefwaarde; with a
  report for the last plan year the status is final (behaald / niet behaald), before that it is
  op koers / achter op koers.
- ``planperiode``: the reports are added up; final with a report for the last plan year; before
  that op koers when the sum is at least the share of the streefwaarde that the elapsed years
  represent (a straight path from zero), achter op koers otherwise.
- ``maximaal`` reverses the comparison. No report at all: geen data.
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_NONE,
    GEEN_DATA,
    NIET_BEHAALD,
    OP_KOERS,
    KpiResult,
)
from levanalysis.definitions.plan import Plan
from levanalysis.definitions.plan_extras import (
    LogisticsTarget,
    load_logistics_targets,
    theme_name,
)
from levanalysis.formatting import format_number

SPEARHEAD = "logistiek"


def reported_values(target: LogisticsTarget, uitvoering: pd.DataFrame | None) -> pd.Series:
    """The reported count per year for a target: the sum of ``aantal`` of the matching rows."""
    if uitvoering is None or uitvoering.empty:
        return pd.Series(dtype=float)
    measure = target.gemeten_als
    rows = uitvoering[(uitvoering["activiteit"] == measure.activiteit)
                      & (uitvoering["eenheid"].fillna("").str.casefold() == measure.eenheid.casefold())
                      & uitvoering["aantal"].notna()]
    if measure.onderdeel:
        rows = rows[rows["onderdeel"].fillna("").str.casefold() == measure.onderdeel.casefold()]
    return rows.groupby("jaar")["aantal"].sum().astype(float).sort_index()


def _meets(value: float, target: LogisticsTarget, bound: float) -> bool:
    return value >= bound if target.richting == "minimaal" else value <= bound


def judge_target(target: LogisticsTarget, values: pd.Series, period: tuple[int, int]) -> tuple[str, float, int | None, str]:
    """(status, value judged, its year, reason in Dutch) for one target."""
    start, end = period
    values = values[(values.index >= start) & (values.index <= end)]
    if values.empty:
        return GEEN_DATA, math.nan, None, "Logistics Valley heeft hierover nog niets gemeld in 'uitvoering'."
    latest = int(values.index.max())
    final = latest == end
    word = "ten minste" if target.richting == "minimaal" else "ten hoogste"
    if target.periode == "per_jaar":
        value = float(values.loc[latest])
        met = _meets(value, target, target.streefwaarde)
        reason = f"{latest}: {format_number(value)}, streefwaarde {word} {format_number(target.streefwaarde)} per jaar."
    else:
        value = float(values.sum())
        share = (latest - start + 1) / (end - start + 1)
        met = _meets(value, target, target.streefwaarde if final else target.streefwaarde * share)
        reason = (f"{start}-{latest} samen: {format_number(value)}, streefwaarde {word} "
                  f"{format_number(target.streefwaarde)} in {start}-{end}"
                  + ("." if final else f"; naar rato van de verstreken jaren {format_number(target.streefwaarde * share, 1)}."))
    if final:
        return (BEHAALD if met else NIET_BEHAALD), value, latest, reason
    return (OP_KOERS if met else ACHTER_OP_KOERS), value, latest, reason


def logistics_results(plan: Plan, uitvoering: pd.DataFrame | None, baseline_year: int, provenances=(),
                      data_kind: str = DATA_NONE, targets: tuple[LogisticsTarget, ...] | None = None) -> list[KpiResult]:
    """One result per agreed Logistics Valley target (default: data/plan/logistiek_doelen.yaml);
    empty while none is agreed."""
    spearhead = plan.spearhead(SPEARHEAD)
    results = []
    for target in load_logistics_targets() if targets is None else targets:
        status, value, year, reason = judge_target(target, reported_values(target, uitvoering), plan.period)
        unit = target.gemeten_als.eenheid
        per = "per jaar" if target.periode == "per_jaar" else f"in {plan.period[0]}-{plan.period[1]}"
        word = "ten minste" if target.richting == "minimaal" else "ten hoogste"
        results.append(KpiResult(
            kpi_id=target.id, spearhead=spearhead.id, spearhead_name=spearhead.short_name,
            goal=f"Logistics Valley: {theme_name(target.thema)}", indicator=target.indicator,
            target=f"{word} {format_number(target.streefwaarde)} {unit} {per}",
            rule=f"Som van de door Logistics Valley gemelde {unit} (activiteit {target.gemeten_als.activiteit}); "
                 f"afgesproken: {target.akkoord}.",
            rule_type="lv_target", baseline_year=baseline_year, baseline_value=math.nan,
            latest_year=year, latest_value=value, change=math.nan, comparison=math.nan,
            status=status, reason=reason, sources="Logistics Valley (uitvoering)",
            provenances=tuple(provenances), data_kind=data_kind if year is not None else DATA_NONE, unit=unit,
        ))
    return results
