"""What every rule shares: the verdict record, reading values from series, and the search for
the years a rule may compare (with a baseline, complete, within the period)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from levanalysis.analysis.completeness import (
    describe,
    missing_in,
    missing_sentence,
    reference_parts,
)
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.results import GEEN_DATA
from levanalysis.formatting import format_number, format_percent

# Rates are computed by division and powers, so a value that is exactly on the streefwaarde in
# decimal arithmetic can land a few ulps below it; "minstens 5%" must not fail on that noise.
TOLERANCE = 1e-11


@dataclass(frozen=True)
class Verdict:
    """What one rule concludes; :func:`levanalysis.analysis.judging.judge_kpi` makes the result."""

    status: str
    reason: str
    baseline_value: float = math.nan
    latest_year: int | None = None
    latest_value: float = math.nan
    change: float = math.nan
    comparison: float = math.nan
    notes: tuple[str, ...] = ()
    input_missing: bool = False
    """True when the judgement failed for want of a whole series (not of one year)."""
    final: bool = False
    """The figures cover the whole period: the status uses 'behaald' / 'niet behaald'."""
    path: pd.Series | None = None
    path_year: int | None = None
    path_value: float = math.nan
    path_text: str = ""
    margin: float = math.nan
    within_margin: bool = False
    missing_parts: tuple[str, ...] = ()
    incomplete_years: tuple[int, ...] = ()


def value_at(series: pd.Series | None, year: int) -> float:
    if series is None or year not in series.index:
        return math.nan
    value = series.loc[year]
    return math.nan if pd.isna(value) else float(value)


def years_with_values(series: pd.Series | None) -> list[int]:
    if series is None:
        return []
    return sorted(int(y) for y, v in series.items() if not pd.isna(v))


def pct(value: float, decimals: int = 1) -> str:
    return format_percent(value, decimals, signed=True)


def pp(value: float) -> str:
    """A growth fraction as percentage points: 0.004 -> '0,4 procentpunt'."""
    amount = format_number(abs(value) * 100, 1)
    return ("minder dan 0,1" if amount == "0,0" else amount) + " procentpunt"


@dataclass(frozen=True)
class Comparable:
    """The baseline and the later years a series rule may use, and what was left out and why."""

    baseline_value: float
    years: list[int]
    notes: tuple[str, ...] = ()
    missing_parts: tuple[str, ...] = ()
    incomplete_years: tuple[int, ...] = ()


def comparable_years(data: KpiInput, baseline: int, evaluation: int, also=None) -> Comparable | Verdict:
    """The baseline value and the complete later years up to the evaluation year.

    A year lacking a part the baseline had (a school, a municipality) is left out and named; so
    is a year without a figure. ``also`` (the national series) must have the year as well.
    Returns a 'geen data' verdict when there is no usable baseline.
    """
    region = data.region
    parts = data.parts
    reference = reference_parts(parts, baseline) if parts is not None else set()
    base_missing = missing_in(parts, baseline, reference) if parts is not None and parts.expected else []
    if base_missing:
        verb = "ontbreekt" if len(base_missing) == 1 else "ontbreken"
        return Verdict(
            GEEN_DATA,
            f"Geen volledig cijfer voor het basisjaar {baseline}: {describe(base_missing)} {verb} in de levering "
            f"({parts.kind}). Een ander jaar wordt niet als basis gebruikt.",
            missing_parts=(f"In {baseline} {verb} {describe(base_missing)}",),
        )
    baseline_value = value_at(region, baseline)
    if math.isnan(baseline_value):
        return Verdict(GEEN_DATA, f"Geen cijfer voor het basisjaar {baseline}; een ander jaar wordt niet als basis gebruikt.")
    candidates = [int(y) for y in (region.index if region is not None else []) if baseline < int(y) <= evaluation]
    usable, notes, missing, incomplete = [], [], [], []
    for year in sorted(candidates):
        lacking = missing_in(parts, year, reference) if parts is not None else []
        if lacking:
            incomplete.append(year)
            missing.append(missing_sentence(year, lacking, baseline, parts.kind))
        elif not math.isnan(value_at(region, year)) and (also is None or not math.isnan(value_at(also, year))):
            usable.append(year)
    latest = usable[-1] if usable else None
    for year, sentence in zip(incomplete, missing, strict=True):
        if latest is None or year > latest:
            tail = f"; dat jaar telt niet mee, vergeleken is met {latest}." if latest else "; dat jaar telt niet mee."
            notes.append(sentence + tail)
    if latest is not None and region is not None:
        gaps = [int(y) for y in region.index if latest < int(y) <= evaluation
                and math.isnan(value_at(region, int(y))) and int(y) not in incomplete]
        if gaps:
            notes.append(f"Voor {', '.join(map(str, gaps))} is het cijfer onvolledig of ontbreekt het; "
                         f"vergeleken is met {latest}.")
    if region is not None and any(int(y) > evaluation for y in region.index):
        notes.append(f"Cijfers na {evaluation} vallen buiten de planperiode en tellen niet mee.")
    return Comparable(baseline_value, usable, tuple(notes), tuple(missing), tuple(incomplete))


def no_later_year(comparable: Comparable, baseline: int, what: str = "") -> Verdict:
    """'geen data' for a rule without a usable later year; names a missing part if that is why."""
    if comparable.missing_parts:
        reason = (f"{comparable.missing_parts[-1]}. Zonder dat deel is de verandering geen echte verandering, "
                  f"dus wordt ze niet berekend; er is geen volledig jaar na {baseline}.")
    else:
        reason = f"Nog geen cijfer{what} voor een jaar na {baseline}."
    return Verdict(GEEN_DATA, reason, comparable.baseline_value, notes=comparable.notes,
                   missing_parts=comparable.missing_parts, incomplete_years=comparable.incomplete_years)
