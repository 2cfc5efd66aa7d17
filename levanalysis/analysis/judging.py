"""KPI evaluation against the plan's streefwaarden.

Each rule type of the plan data (`data/plan/<spearhead>.yaml`, field `rule`) has one
description here, so the book states every rule in the same words, and one judgement
(:mod:`levanalysis.analysis.rules`), so every table and chapter gives the same status for the
same figures.

Every rule compares the latest year with figures against one target path
(:mod:`levanalysis.analysis.paths`): 'op koers' is on or beyond the path. With figures for the
evaluation year the status is 'behaald' or 'niet behaald' (an *eindmeting*, *voorlopig* when a
figure used is provisional); before that it is a *tussenstand*. A count is final only when the
peildatum lies after the end of the period. A missing baseline or latest figure, or a latest
year lacking a part the baseline had, gives 'geen data' with the reason; another year is never
silently used as the baseline. A qualitative target gets no computed verdict
('oordeel evaluator ontbreekt'); its figures are aids. A spearhead whose monitoring is still
'pending' (Logistiek) gets one row 'nog geen streefwaarde'
(:mod:`levanalysis.analysis.evaluation`).
"""

from __future__ import annotations

from datetime import date

from levanalysis.analysis.calendar import expected, has_passed, month_text
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.paths import describe_path
from levanalysis.analysis.results import (
    EINDMETING,
    GEEN_DATA,
    TUSSENSTAND,
    VOORLOPIGE_EINDMETING,
    KpiResult,
    data_kind,
)
from levanalysis.analysis.rules.common import Verdict
from levanalysis.analysis.rules.counts import judge_count
from levanalysis.analysis.rules.series_rules import (
    judge_diversification,
    judge_growth_vs_nl,
    judge_relative,
)
from levanalysis.definitions.plan import Kpi, Rule, Spearhead
from levanalysis.formatting import format_number, format_percent


def describe_rule(rule: Rule, baseline_year: int, evaluation_year: int, period: tuple[int, int]) -> str:
    """The rule in plain Dutch, as the book prints it next to each status.

    ``period`` is the plan period (start, end): counts are made over it, whatever years the
    configuration compares.
    """
    compared_years = f"{baseline_year}-{evaluation_year}"
    if rule.type == "annual_growth":
        text = f"gemiddelde groei per jaar sinds {baseline_year} is minstens {format_percent(rule.min, 0)}"
    elif rule.type == "growth_vs_nl":
        text = f"groei sinds {baseline_year} is gelijk aan of groter dan de groei in Nederland"
    elif rule.type == "change":
        if rule.max is not None:
            text = f"verandering sinds {baseline_year} is {format_percent(rule.max, 0)} of sterker (daling)"
        else:
            text = f"verandering sinds {baseline_year} is minstens {format_percent(rule.min, 0, signed=True)}"
    elif rule.type == "count_in_period":
        text = f"minstens {format_number(rule.min)} in de periode {period[0]}-{period[1]}"
    elif rule.type == "diversification_increase":
        text = (f"de evaluator beoordeelt of de spreiding van de banen over de subsectoren in {compared_years} "
                "is toegenomen")
    else:  # pragma: no cover - the plan model only admits the types above
        raise ValueError(rule.type)
    if rule.qualitative:
        text += " (in het plan een kwalitatieve beoordeling; de cijfers zijn een hulpmiddel, geen oordeel)"
    return text[0].upper() + text[1:] + "."


def measurement_kind(verdict: Verdict, provisional: bool) -> str | None:
    """tussenstand, voorlopige eindmeting or eindmeting; None without figures."""
    if verdict.status == GEEN_DATA or verdict.latest_year is None:
        return None
    if verdict.final:
        return VOORLOPIGE_EINDMETING if provisional else EINDMETING
    return TUSSENSTAND


def _verdict(kpi: Kpi, data: KpiInput, baseline_year: int, evaluation_year: int, period: tuple[int, int],
             peildatum: date) -> Verdict:
    rule = kpi.rule
    if rule.type == "growth_vs_nl":
        return judge_growth_vs_nl(data, rule, baseline_year, evaluation_year)
    if rule.type in ("annual_growth", "change"):
        return judge_relative(data, rule, baseline_year, evaluation_year)
    if rule.type == "count_in_period":
        return judge_count(data, rule, period, peildatum)
    if rule.type == "diversification_increase":
        return judge_diversification(data, rule, baseline_year, evaluation_year)
    raise ValueError(rule.type)  # pragma: no cover - the plan model only admits the types above


def judge_kpi(
    kpi: Kpi,
    spearhead: Spearhead,
    data: KpiInput,
    *,
    baseline_year: int,
    evaluation_year: int,
    period: tuple[int, int],
    peildatum: date | None = None,
) -> KpiResult:
    """Judge one KPI on its input. ``period`` is the plan period (start, end), inclusive;
    ``peildatum`` the reference date of the evaluation (default: today)."""
    peildatum = peildatum or date.today()
    rule = kpi.rule
    verdict = _verdict(kpi, data, baseline_year, evaluation_year, period, peildatum)

    reason = verdict.reason
    if verdict.input_missing and (data.missing or data.problems):
        parts = [f"Gegevens ontbreken in de gegevensmap: {', '.join(data.missing)}."] if data.missing else []
        parts += [problem if problem.endswith(".") else problem + "." for problem in data.problems]
        reason = " ".join(parts)
    goals = {goal.id: goal.text for goal in spearhead.monitoring.goals}
    provisional = verdict.latest_year is not None and verdict.latest_year in data.provisional_years
    final_year = period[1] if rule.type == "count_in_period" else evaluation_year
    when = expected(kpi.data, final_year)
    notes = list(verdict.notes)
    measurement = measurement_kind(verdict, provisional)
    if when.first and has_passed(when.first, peildatum) and measurement != EINDMETING \
            and (verdict.latest_year or 0) < final_year:
        notes.append(f"Volgens de datakalender is het cijfer over {final_year} er gewoonlijk sinds "
                     f"{month_text(when.first)}; het ontbreekt nog in de gegevensmap.")
    path = verdict.path
    return KpiResult(
        kpi_id=kpi.id,
        spearhead=spearhead.id,
        spearhead_name=spearhead.short_name,
        goal=goals.get(kpi.goal, kpi.goal),
        indicator=kpi.indicator,
        target=kpi.target,
        rule=describe_rule(rule, baseline_year, evaluation_year, period),
        rule_type=rule.type,
        baseline_year=baseline_year,
        baseline_value=verdict.baseline_value,
        latest_year=verdict.latest_year,
        latest_value=verdict.latest_value,
        change=verdict.change,
        comparison=verdict.comparison,
        status=verdict.status,
        reason=reason,
        sources=kpi.source,
        provenances=data.provenances,
        data_kind=data_kind(data.provenances, data.missing),
        provisional=provisional,
        notes=tuple(dict.fromkeys([*notes, *data.notes])),
        unit=data.unit,
        decimals=data.decimals,
        region_label=data.region_label,
        qualitative=rule.qualitative,
        path=tuple((int(y), float(v)) for y, v in path.items()) if path is not None else (),
        path_year=verdict.path_year,
        path_value=verdict.path_value,
        path_text=verdict.path_text or describe_path(rule, baseline_year, evaluation_year, period),
        measurement=measurement,
        final_expected=when.first,
        final_definitive_expected=when.definitive if when.definitive != when.first else None,
        margin=verdict.margin,
        within_margin=verdict.within_margin,
        missing_parts=verdict.missing_parts,
        incomplete_years=verdict.incomplete_years,
        alternative_to=kpi.alternative_to,
    )
