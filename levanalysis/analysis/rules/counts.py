"""Counts in the plan period (projects, collaborations) against a linear path.

A register lists what started in each year; a year counts as elapsed once it has ended before the
stand of the register: the peildatum, or the register's own date when that is earlier (a register
from January 2026 says nothing about later months). The count is final only when the whole period
has ended by then, whatever years the register already holds.
"""

from __future__ import annotations

from datetime import date

from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.paths import count_needed, target_path
from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    GEEN_DATA,
    NIET_BEHAALD,
    OP_KOERS,
)
from levanalysis.analysis.rules.common import (
    TOLERANCE,
    Verdict,
    value_at,
    years_with_values,
)
from levanalysis.definitions.plan import Rule
from levanalysis.formatting import format_number


def register_date(data: KpiInput) -> date | None:
    """The date of the register the counts come from (its file date or provenance), if known."""
    dates = []
    for provenance in data.provenances:
        try:
            dates.append(date.fromisoformat(str(provenance.modified or "")[:10]))
        except ValueError:
            continue
    return min(dates) if dates else None


def stand(data: KpiInput, peildatum: date) -> tuple[date, bool]:
    """(the date the count stands at, whether that is the register's own date)."""
    own = register_date(data)
    if own is not None and own < peildatum:
        return own, True
    return peildatum, False


def judge_count(data: KpiInput, rule: Rule, period: tuple[int, int], peildatum: date) -> Verdict:
    counts = data.region
    start, end = period
    if counts is None or counts.dropna().empty:
        return Verdict(GEEN_DATA, "Geen register met tellingen.", input_missing=True)
    if rule.min is None:
        raise ValueError("count_in_period needs 'min'")
    latest = max(years_with_values(counts))
    in_period = counts[(counts.index >= start) & (counts.index <= end)]
    count = float(in_period.sum(min_count=1)) if in_period.notna().any() else 0.0
    if latest < start:
        return Verdict(GEEN_DATA, f"Het register loopt tot {latest}: nog geen jaar van de periode {start}-{end}.",
                       latest_year=latest, latest_value=count)
    at, own_date = stand(data, peildatum)
    elapsed = [y for y in range(start, end + 1) if date(y, 12, 31) < at]
    length = end - start + 1
    path_year = elapsed[-1] if elapsed else start - 1
    needed = count_needed(rule.min, len(elapsed), length)
    path = target_path(rule, baseline_year=start - 1, evaluation_year=end, period=period)
    final = len(elapsed) == length
    shown = min(max(latest, path_year), end)
    years = str(start) if shown == start else f"{start}-{shown}"
    unit = f" {data.unit}" if data.unit else ""
    when = f"stand van het register op {at.strftime('%d-%m-%Y')}" if own_date else f"peildatum {at.strftime('%d-%m-%Y')}"
    counted = f"{format_number(count)}{unit} in {years} ({when})"
    target = f"{format_number(rule.min)} in {start}-{end}"
    if count >= rule.min - TOLERANCE:
        status, reason = BEHAALD, f"{counted}; de streefwaarde ({target}) is gehaald."
    elif final:
        status, reason = NIET_BEHAALD, f"{counted}; de streefwaarde is {target}."
    else:
        status = OP_KOERS if count >= needed - TOLERANCE else ACHTER_OP_KOERS
        reason = (f"{counted}. Het streefpad vraagt na {len(elapsed)} van de {length} jaar "
                  f"{format_number(needed, 1)} (streefwaarde {target}, lineair).")
        if latest > path_year:
            reason += f" {latest} loopt nog; wat al in het register staat, telt mee."
    path_text = (f"Streefpad na {path_year}: {format_number(needed, 1)}{unit} "
                 f"({format_number(rule.min)} in {start}-{end}, lineair per volledig jaar).")
    return Verdict(status, reason, latest_year=shown, latest_value=count, final=final, path=path,
                   path_year=path_year, path_value=value_at(path, path_year), path_text=path_text)
