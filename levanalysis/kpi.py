"""KPI evaluation against the plan's streefwaarden.

Each rule type of the plan data (`data/plan/<spearhead>.yaml`, field `rule`) has one
description here, so the book states every rule in the same words.
"""

from __future__ import annotations

from levanalysis.formatting import format_percent, format_number
from levanalysis.plan import Rule


def describe_rule(rule: Rule, baseline_year: int, evaluation_year: int) -> str:
    """The rule in plain Dutch, as the book prints it next to each status."""
    period = f"{baseline_year}-{evaluation_year}"
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
        text = f"minstens {format_number(rule.min)} in de periode {baseline_year + 1}-{evaluation_year}"
    elif rule.type == "diversification_increase":
        text = f"de spreiding van banen over de subsectoren is in {period} toegenomen"
    else:  # pragma: no cover - the plan model only admits the types above
        raise ValueError(rule.type)
    if rule.qualitative:
        text += " (in het plan een kwalitatieve beoordeling; de maat is een hulpmiddel)"
    return text[0].upper() + text[1:] + "."
