"""Rules on a yearly series: growth against Nederland, growth or change against a streefwaarde,
and the qualitative diversification (an aid for the evaluator, no verdict)."""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.indicators import (
    average_annual_growth,
    growth,
    growth_vs_reference,
)
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.margins import difference_margin, growth_margin
from levanalysis.analysis.paths import bound, is_decline, on_path, target_path
from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    GEEN_DATA,
    NIET_BEHAALD,
    OORDEEL_ONTBREEKT,
    OP_KOERS,
)
from levanalysis.analysis.rules.common import (
    Verdict,
    comparable_years,
    no_later_year,
    pct,
    pp,
    value_at,
    years_with_values,
)
from levanalysis.definitions.plan import Rule
from levanalysis.definitions.sectors import load_sectors
from levanalysis.formatting import format_number, format_percent, join_and

# Growth rates of region and Nederland come from different bases: two equal rates can differ in
# the last bits, and "gelijk of groter" must not fail on that (same size as indicators uses).
EQUAL_PP = 1e-9


def status_word(met: bool, final: bool) -> str:
    if final:
        return BEHAALD if met else NIET_BEHAALD
    return OP_KOERS if met else ACHTER_OP_KOERS


def _amount(value: float, data: KpiInput) -> str:
    text = format_number(value, data.decimals)
    return f"{text} {data.unit}" if data.unit else text


def _within(difference: float, margin: float) -> bool:
    """Inside a known, non-zero margin: rounding alone could turn the comparison around."""
    return not math.isnan(margin) and margin > 0 and abs(difference) <= margin + EQUAL_PP


def _margin_sentence(margin: float, what: str) -> str:
    return (f" Het verschil valt binnen de meetmarge van ±{pp(margin)} (afronding in de bronnen): de cijfers "
            f"laten niet met zekerheid zien {what}.")


# --------------------------------------------------------------------------- growth_vs_nl


def judge_growth_vs_nl(data: KpiInput, rule: Rule, baseline: int, evaluation: int) -> Verdict:
    region, nation = data.region, data.nation
    if region is None:
        return Verdict(GEEN_DATA, "Geen regionale cijfers.", input_missing=True)
    comparable = comparable_years(data, baseline, evaluation, also=nation)
    if isinstance(comparable, Verdict):
        return comparable
    baseline_value = comparable.baseline_value
    if nation is None:
        return Verdict(GEEN_DATA, "Geen landelijke cijfers om de groei mee te vergelijken.", baseline_value,
                       input_missing=True)
    if math.isnan(value_at(nation, baseline)):
        return Verdict(GEEN_DATA, f"Geen landelijk cijfer voor het basisjaar {baseline}.", baseline_value)
    if not comparable.years:
        if comparable.missing_parts:
            return no_later_year(comparable, baseline)
        return Verdict(GEEN_DATA, f"Nog geen jaar na {baseline} met cijfers voor zowel de regio als Nederland.",
                       baseline_value, notes=comparable.notes)
    latest = comparable.years[-1]
    notes = comparable.notes
    unused = [y for y in years_with_values(region) if latest < y <= evaluation and y not in comparable.incomplete_years]
    if unused:
        notes += (f"De regio heeft ook cijfers voor {', '.join(map(str, unused))}; vergeleken is tot en met "
                  f"{latest}, het laatste jaar met cijfers voor zowel de regio als Nederland.",)
    latest_value = value_at(region, latest)
    result = growth_vs_reference(region, nation, baseline, latest)
    met = result.meets_reference
    if met is None:
        return Verdict(GEEN_DATA, f"De groei {baseline}-{latest} is niet te berekenen (basiswaarde 0).",
                       baseline_value, latest, latest_value, notes=notes)
    path = target_path(rule, baseline_year=baseline, evaluation_year=evaluation, period=(baseline + 1, evaluation),
                       baseline_value=baseline_value, nation=nation)
    difference = result.region_growth - result.reference_growth
    margin = difference_margin(growth_margin(region, data.region_sd, baseline, latest),
                               growth_margin(nation, data.nation_sd, baseline, latest))
    within = _within(difference, margin)
    if abs(difference) * 100 <= EQUAL_PP:
        gap = "gelijk"
    else:
        gap = f"{pp(difference)} {'hoger' if difference > 0 else 'lager'}"
    label = data.region_label
    path_value = value_at(path, latest)
    path_text = (f"Streefpad {latest}: {_amount(path_value, data)}, de waarde van {baseline} "
                 f"({_amount(baseline_value, data)}) met de groei van Nederland ({pct(result.reference_growth)}).")
    reason = (f"Groei {baseline}-{latest}: {pct(result.region_growth)} in {label} tegen "
              f"{pct(result.reference_growth)} in Nederland ({gap}).")
    if not met:
        reason += " De streefwaarde vraagt minstens de landelijke groei."
    if within:
        reason += _margin_sentence(margin, f"of {label} sneller of langzamer groeide dan Nederland")
    final = latest >= evaluation
    return Verdict(
        status_word(met, final), reason, baseline_value, latest, latest_value, result.region_growth,
        result.reference_growth, notes, final=final, path=path, path_year=latest, path_value=path_value,
        path_text=path_text, margin=margin, within_margin=within, missing_parts=comparable.missing_parts,
        incomplete_years=comparable.incomplete_years,
    )


# --------------------------------------------------------------------------- annual_growth, change


def _bounds_text(rule: Rule) -> str:
    bounds = []
    per_year = " per jaar" if rule.type == "annual_growth" else ""
    if rule.min is not None:
        bounds.append(f"minstens {pct(rule.min, 0)}{per_year}")
    if rule.max is not None:
        # "-3% of sterker" reads as a decline target, as the plan puts it ("3% afname").
        bounds.append(f"een daling van minstens {format_percent(-rule.max, 0)}" if rule.max < 0
                      else f"hoogstens {pct(rule.max, 0)}")
    return " en ".join(bounds)


def judge_relative(data: KpiInput, rule: Rule, baseline: int, evaluation: int) -> Verdict:
    """annual_growth (CAGR) and change (latest / baseline - 1), each against its target path."""
    region = data.region
    if region is None:
        return Verdict(GEEN_DATA, "Geen cijfers.", input_missing=True)
    comparable = comparable_years(data, baseline, evaluation)
    if isinstance(comparable, Verdict):
        return comparable
    if not comparable.years:
        return no_later_year(comparable, baseline)
    baseline_value, latest = comparable.baseline_value, comparable.years[-1]
    latest_value = value_at(region, latest)
    if rule.type == "annual_growth":
        value = average_annual_growth(region, baseline, latest)
        measured = f"Gemiddelde groei per jaar {baseline}-{latest}: {pct(value)}"
    else:
        value = growth(region, baseline, latest)
        measured = f"Verandering {baseline}-{latest}: {pct(value)}"
    if math.isnan(value):
        return Verdict(GEEN_DATA, f"De groei {baseline}-{latest} is niet te berekenen (basiswaarde 0).",
                       baseline_value, latest, latest_value, notes=comparable.notes)
    path = target_path(rule, baseline_year=baseline, evaluation_year=evaluation, period=(baseline + 1, evaluation),
                       baseline_value=baseline_value)
    path_value = value_at(path, latest)
    met = on_path(latest_value, path_value, rule)
    if rule.min is not None and rule.max is not None:  # both bounds: the path is the binding one
        met = met and latest_value <= baseline_value * (1 + rule.max) * (1 + 1e-9)
    final = latest >= evaluation
    margin = growth_margin(region, data.region_sd, baseline, latest)
    within = _within(latest_value / baseline_value - path_value / baseline_value, margin)
    verdict = "gehaald" if met else ("niet gehaald" if final else "nog niet gehaald")
    if final:
        reason = f"{measured}; streefwaarde {_bounds_text(rule)}: {verdict}."
    else:
        side = ("op of onder" if met else "boven") if is_decline(rule) else ("op of boven" if met else "onder")
        reason = (f"{measured}. Het streefpad vraagt in {latest} {_amount(path_value, data)} "
                  f"({pct(path_value / baseline_value - 1)} ten opzichte van {baseline}); "
                  f"met {_amount(latest_value, data)} ligt de waarde {side} het pad.")
    if within:
        reason += _margin_sentence(margin, "of de waarde op of naast het streefpad ligt")
    target = bound(rule)
    path_text = (f"Streefpad {latest}: {_amount(path_value, data)} ({pct(path_value / baseline_value - 1)} ten "
                 f"opzichte van {baseline}, op weg naar {pct(target, 0)}"
                 f"{' per jaar' if rule.type == 'annual_growth' else ''}).")
    return Verdict(
        status_word(met, final), reason, baseline_value, latest, latest_value, value, notes=comparable.notes,
        final=final, path=path, path_year=latest, path_value=path_value, path_text=path_text, margin=margin,
        within_margin=within, missing_parts=comparable.missing_parts, incomplete_years=comparable.incomplete_years,
    )


# --------------------------------------------------------------------------- diversification


def _subsector_changes(detail: pd.DataFrame | None, baseline: int, latest: int) -> str:
    if detail is None or baseline not in detail.index or latest not in detail.index:
        return ""
    names = {sub.code: sub.phrase for sector in load_sectors().values() for sub in sector.subsectors}
    parts = []
    for code in detail.columns:
        change = growth(detail[code].astype(float), baseline, latest)
        if not math.isnan(change):
            parts.append(f"{names.get(str(code), str(code))} {pct(change)}")
    return f" Banen per subsector {baseline}-{latest}: {join_and(parts)}." if parts else ""


def judge_diversification(data: KpiInput, rule: Rule, baseline: int, evaluation: int) -> Verdict:
    """No verdict: the plan asks the evaluator to judge; the spread and the subsectors are aids."""
    region = data.region
    if region is None:
        return Verdict(GEEN_DATA, "Geen cijfers.", input_missing=True)
    comparable = comparable_years(data, baseline, evaluation)
    if isinstance(comparable, Verdict):
        return comparable
    if not comparable.years:
        return no_later_year(comparable, baseline, " (banen in elke subsector)")
    baseline_value, latest = comparable.baseline_value, comparable.years[-1]
    latest_value = value_at(region, latest)
    word = "toegenomen" if latest_value > baseline_value else (
        "gelijk gebleven" if latest_value == baseline_value else "afgenomen")
    reason = (
        "Het plan vraagt een kwalitatieve beoordeling van het aantal banen per subsector; de monitor geeft "
        "daarom geen eigen oordeel. Hulpmiddel: de spreiding (genormaliseerde Shannon-index) is "
        f"{word}: van {format_number(baseline_value, 3)} in {baseline} naar {format_number(latest_value, 3)} in "
        f"{latest}.{_subsector_changes(data.detail, baseline, latest)} Een grotere spreiding kan ook komen "
        "doordat een grote subsector krimpt; dat weegt de evaluator."
    )
    return Verdict(
        OORDEEL_ONTBREEKT, reason, baseline_value, latest, latest_value, latest_value - baseline_value,
        notes=comparable.notes, final=latest >= evaluation, missing_parts=comparable.missing_parts,
        incomplete_years=comparable.incomplete_years,
    )

