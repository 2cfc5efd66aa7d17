"""The target path: per year, the value a KPI needs to reach its streefwaarde at the end of the period.

One convention for every rule type, so 'op koers' means the same everywhere: on or beyond the
path in the latest year with figures (above it for a rise, below it for a decline).

* ``annual_growth`` (x% per jaar): geometric from the baseline value, ``V0 * (1 + x) ** t``
  after ``t`` years.
* ``change`` (x% over the period): geometric as well, with the same growth in every year of
  the ``T`` years from the baseline year to the evaluation year: ``V0 * (1 + x) ** (t / T)``.
  +5% over 2023-2026 needs ``1.05 ** (2/3) - 1 = +3.31%`` in 2025, -3% needs -2.01%.
* ``growth_vs_nl``: the growth of Nederland from the baseline year to the same year, applied to
  the region's baseline value: ``V0 * N(y) / N(y0)``.
* ``count_in_period`` (n in the plan period of ``L`` years): linear and cumulative,
  ``n * k / L`` after the ``k``-th complete year of the period (3 in 2024-2026: 1, 2, 3).
* ``diversification_increase``: no path; the plan asks for a qualitative judgement.
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.definitions.plan import Rule
from levanalysis.formatting import format_number, format_percent


def bound(rule: Rule) -> float | None:
    """The streefwaarde of a relative rule: its maximum for a decline target, else its minimum."""
    return rule.max if rule.max is not None else rule.min


def is_decline(rule: Rule) -> bool:
    """A target met by staying on or *below* the path ('3% afname')."""
    return rule.min is None and rule.max is not None


def change_factor(target: float, elapsed: float, total: float) -> float:
    """The geometric path factor after ``elapsed`` of ``total`` years towards ``1 + target``."""
    return (1 + target) ** (elapsed / total)


def count_needed(target: float, complete_years: int, period_years: int) -> float:
    """The linear path of a count after ``complete_years`` of the period's ``period_years``."""
    return target * complete_years / period_years


def target_path(
    rule: Rule,
    *,
    baseline_year: int,
    evaluation_year: int,
    period: tuple[int, int],
    baseline_value: float = math.nan,
    nation: pd.Series | None = None,
) -> pd.Series:
    """The path per year (index: year) in the KPI's own unit; empty where no path exists.

    Growth rules run from the baseline year to the evaluation year; a count runs over the plan
    period, starting at 0 the year before it.
    """
    years = range(baseline_year, evaluation_year + 1)
    if rule.type == "annual_growth" and rule.min is not None and not math.isnan(baseline_value):
        return pd.Series({y: baseline_value * (1 + rule.min) ** (y - baseline_year) for y in years}, dtype=float)
    if rule.type == "change" and bound(rule) is not None and not math.isnan(baseline_value):
        total = evaluation_year - baseline_year
        return pd.Series({y: baseline_value * change_factor(bound(rule), y - baseline_year, total) for y in years},
                         dtype=float)
    if rule.type == "growth_vs_nl" and nation is not None and not math.isnan(baseline_value):
        base = nation.get(baseline_year, math.nan)
        if pd.isna(base) or base == 0:
            return pd.Series(dtype=float)
        later = nation[(nation.index >= baseline_year) & (nation.index <= evaluation_year)].dropna()
        return (baseline_value * later / base).astype(float)
    if rule.type == "count_in_period" and rule.min is not None:
        start, end = period
        length = end - start + 1
        return pd.Series({y: count_needed(rule.min, y - start + 1, length) for y in range(start - 1, end + 1)},
                         dtype=float)
    return pd.Series(dtype=float)


def on_path(value: float, path_value: float, rule: Rule, tolerance: float = 1e-9) -> bool:
    """On or beyond the path: at least the path value, or at most it for a decline target.

    The tolerance is relative: powers and divisions can land a few ulps off an exact value."""
    slack = tolerance * max(1.0, abs(path_value))
    if is_decline(rule):
        return value <= path_value + slack
    return value >= path_value - slack


def describe_path(rule: Rule, baseline_year: int, evaluation_year: int, period: tuple[int, int]) -> str:
    """The path convention of a rule in one Dutch sentence (the book prints it beside the chart)."""
    total = evaluation_year - baseline_year
    if rule.type == "annual_growth" and rule.min is not None:
        return (f"Streefpad: vanaf {baseline_year} elk jaar {format_percent(rule.min, 0)} groei, samengesteld "
                f"(na t jaar de basiswaarde × {format_number(1 + rule.min, 2)}^t).")
    if rule.type == "change" and bound(rule) is not None:
        target = bound(rule)
        direction = "daling" if target < 0 else "groei"
        return (f"Streefpad: van {baseline_year} naar {format_percent(target, 0, signed=True)} in {evaluation_year}, "
                f"met elk jaar dezelfde {direction} (meetkundig): na t van de {total} jaar de basiswaarde × "
                f"{format_number(1 + target, 2)}^(t/{total}).")
    if rule.type == "growth_vs_nl":
        return (f"Streefpad: de groei van Nederland vanaf {baseline_year} tot hetzelfde jaar, toegepast op de "
                f"regionale waarde in {baseline_year}.")
    if rule.type == "count_in_period" and rule.min is not None:
        start, end = period
        length = end - start + 1
        steps = ", ".join(f"{format_number(count_needed(rule.min, k, length), 1)} na {start + k - 1}"
                          for k in range(1, length + 1))
        return (f"Streefpad: lineair naar {format_number(rule.min)} in {start}-{end}, opgeteld per volledig jaar "
                f"({steps}).")
    return "Geen streefpad: het plan vraagt hier een kwalitatieve beoordeling door de evaluator."
