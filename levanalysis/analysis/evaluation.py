"""Evaluating the plan: load each KPI's input from the data directory and judge it.

:func:`evaluate_kpi` and :func:`evaluate_plan` are the only functions that combine loading and
judging; chapters need both halves (the series for the chart, the result for the status).
Loading adds what the pure judgement needs besides the series: the parts of the regional figure
(:mod:`~levanalysis.analysis.completeness`), the rounding of both sides
(:mod:`~levanalysis.analysis.margins`) and the evaluator's judgement
(:mod:`~levanalysis.analysis.judgements`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from levanalysis.analysis.completeness import input_parts
from levanalysis.analysis.inputs import KpiInput, indicator_spec, load_kpi_input
from levanalysis.analysis.judgements import load_judgements, with_judgement
from levanalysis.analysis.judging import judge_kpi
from levanalysis.analysis.logistics import SPEARHEAD as LOGISTICS
from levanalysis.analysis.logistics import logistics_results
from levanalysis.analysis.margins import input_precision
from levanalysis.analysis.results import (
    NOG_GEEN_STREEFWAARDE,
    Judgement,
    KpiResult,
    data_kind,
)
from levanalysis.definitions.config import Config
from levanalysis.definitions.plan import Kpi, Plan, Spearhead
from levanalysis.definitions.region import Region, load_region
from levanalysis.sources.store import DataStore


class KpiEvaluation(NamedTuple):
    """A KPI's input (None for a spearhead without KPIs yet) and its judgement."""

    input: KpiInput | None
    result: KpiResult


def pending_result(spearhead: Spearhead, baseline_year: int) -> KpiResult:
    """The one row of a spearhead without measurable goals yet (Logistiek)."""
    monitoring = spearhead.monitoring
    reason = " ".join(str(monitoring.reason or "").split())
    if monitoring.awaiting:
        reason += f" Verwacht uit: {monitoring.awaiting}."
    return KpiResult(
        kpi_id=spearhead.id,
        spearhead=spearhead.id,
        spearhead_name=spearhead.short_name,
        goal="Nog geen meetbare doelen",
        indicator="-",
        target=f"Volgt uit: {monitoring.awaiting}" if monitoring.awaiting else "-",
        rule="",
        rule_type=None,
        baseline_year=baseline_year,
        baseline_value=math.nan,
        latest_year=None,
        latest_value=math.nan,
        change=math.nan,
        comparison=math.nan,
        status=NOG_GEEN_STREEFWAARDE,
        reason=reason,
        sources="-",
    )


def complete_input(data: KpiInput, kpi: Kpi, store: DataStore, sector: str, region: Region) -> KpiInput:
    """The input with the parts of its regional figure and the rounding of both sides."""
    indicator = indicator_spec(kpi.data.region, kpi.data.indicator).name
    region_sd, nation_sd = input_precision(kpi, data, store, sector, region, indicator)
    return replace(data, parts=input_parts(kpi, store, sector, region, indicator), region_sd=region_sd,
                   nation_sd=nation_sd)


def evaluate_kpi(
    kpi: Kpi, spearhead: Spearhead, plan: Plan, store: DataStore, config: Config, region: Region | None = None,
    judgements: dict[str, Judgement] | None = None,
) -> KpiEvaluation:
    """Load a KPI's input from ``store`` and judge it against the plan; the evaluator's judgement
    (from ``judgements``, else from the store) goes beside the computed status."""
    region = region or load_region()
    data = complete_input(load_kpi_input(kpi, store, spearhead.sector, region), kpi, store, spearhead.sector, region)
    result = judge_kpi(
        kpi, spearhead, data,
        baseline_year=config.baseline_year,
        evaluation_year=config.evaluation_year,
        period=plan.period,
        peildatum=config.peildatum,
    )
    judgements = load_judgements(store) if judgements is None else judgements
    return KpiEvaluation(data, with_judgement(result, judgements))


def evaluate_plan(plan: Plan, store: DataStore, config: Config, region: Region | None = None) -> list[KpiEvaluation]:
    """Every KPI of the plan in the plan's order; a pending spearhead gives one row without input."""
    judgements = load_judgements(store)
    evaluations: list[KpiEvaluation] = []
    for spearhead in plan.spearheads:
        if spearhead.monitoring.status == "pending":
            # Logistiek takes over Logistics Valley's targets once agreed (plan data); until then
            # it has one row 'nog geen streefwaarde'.
            agreed = _logistics_valley(plan, store, config) if spearhead.id == LOGISTICS else []
            if agreed:
                evaluations += [KpiEvaluation(None, result) for result in agreed]
            else:
                evaluations.append(KpiEvaluation(None, pending_result(spearhead, config.baseline_year)))
            continue
        for kpi in spearhead.monitoring.kpis:
            evaluations.append(evaluate_kpi(kpi, spearhead, plan, store, config, region, judgements))
    return evaluations


def _logistics_valley(plan: Plan, store: DataStore, config: Config) -> list[KpiResult]:
    work = store.local("uitvoering")
    provenances = (work.provenance,) if work is not None else ()
    return logistics_results(plan, work.data if work is not None else None, config.baseline_year, provenances,
                             data_kind(provenances))
