"""The plan's budget: its internal consistency and the actuals against it.

All amounts here are euros (the plan's table is in thousands; `plan.budget` keeps that unit
and this module converts once, at the edge).
"""

from __future__ import annotations

import pandas as pd

from levanalysis.definitions.plan import Plan, StatedAmount

THOUSAND = 1000


def _years(plan: Plan) -> list[int]:
    return list(plan.budget_meta["years"])


def line_amounts_eur(plan: Plan) -> pd.DataFrame:
    """Budget lines in euros: line_id, group, description, activity_ids and one column per year."""
    years = _years(plan)
    table = plan.budget[["line_id", "group", "description", "activity_ids", *years]].copy()
    table[years] = table[years] * THOUSAND
    return table


def implied_per_year(stated: StatedAmount | object, years: list[int]) -> dict[int, float] | None:
    """What a stated amount means per year: the yearly amount, plus a one-off in the first year."""
    per_year = getattr(stated, "per_year_eur", None)
    one_off = getattr(stated, "one_off_eur", None)
    if per_year is None and one_off is None:
        return None
    first_year = years[0]
    return {year: (per_year or 0.0) + ((one_off or 0.0) if year == first_year else 0.0) for year in years}


def stated_vs_budget(plan: Plan) -> pd.DataFrame:
    """Every amount the plan states outside its budget table, beside what the table says.

    One row per statement and year, with the difference; `circa` marks amounts the plan itself
    calls approximate, so a reader can weigh the difference.
    """
    years = _years(plan)
    lines = line_amounts_eur(plan)
    rows = []

    def add(scope: str, where: str, quote: str, approximate: bool, implied: dict[int, float], budget: dict[int, float]):
        for year in years:
            rows.append({
                "onderdeel": scope, "waar": where, "tekst": quote, "circa": approximate, "jaar": year,
                "volgens_tekst": implied[year], "volgens_begroting": budget[year],
                "verschil": implied[year] - budget[year],
            })

    for spearhead in plan.spearheads:
        for activity in spearhead.activities:
            implied = implied_per_year(activity.stated, years)
            if implied is None:
                continue
            covering = lines[lines["activity_ids"].map(lambda ids, a=activity.id: a in ids)]
            budget = {year: float(covering[year].sum()) for year in years}
            quote = "; ".join(item for item in activity.input if "€" in item)
            add(activity.name, f"activiteitentabel {spearhead.short_name}", quote, False, implied, budget)
        spearhead_lines = lines[lines["group"] == spearhead.id]
        spearhead_budget = {year: float(spearhead_lines[year].sum()) for year in years}
        for stated in spearhead.goal_tree.stated_amounts:
            add(spearhead.short_name, f"doelenboom {spearhead.short_name}", stated.quote, stated.approximate,
                implied_per_year(stated, years), spearhead_budget)

    total_budget = {year: float(lines[year].sum()) for year in years}
    for stated in plan.document.stated_amounts:
        if stated.kind != "budget":
            continue
        add("LEV totaal", stated.where or "plan", stated.quote, stated.approximate,
            implied_per_year(stated, years), total_budget)
    return pd.DataFrame(rows)


def inconsistencies(plan: Plan) -> pd.DataFrame:
    """The statements whose amount differs from the budget table in at least one year."""
    table = stated_vs_budget(plan)
    differing = table.loc[table["verschil"] != 0, ["onderdeel", "waar", "tekst"]].drop_duplicates()
    return table.merge(differing, on=["onderdeel", "waar", "tekst"]).reset_index(drop=True)


def available_funds(plan: Plan) -> dict[str, float] | None:
    """The funds the plan's explanation mentions (yearly budget times years plus the remainder
    of the previous period) against the total of the budget table; None if not stated.

    Keys: per_jaar, jaren, restant (the stated amounts), beschikbaar, begroot, verschil."""
    years = _years(plan)
    yearly = [s for s in plan.document.stated_amounts if s.kind == "budget" and s.where and "Begroting" in s.where]
    remainder = [s for s in plan.document.stated_amounts if s.kind == "available_funds"]
    if not yearly or not remainder:
        return None
    per_year, rest = yearly[0].per_year_eur, remainder[0].one_off_eur or 0.0
    available = per_year * len(years) + rest
    planned = float(line_amounts_eur(plan)[years].to_numpy().sum())
    return {"per_jaar": per_year, "jaren": len(years), "restant": rest,
            "beschikbaar": available, "begroot": planned, "verschil": available - planned}


def budget_line_for(plan: Plan) -> dict[str, str]:
    """Which budget line an actuals code belongs to: activity ids and line ids both map to a line."""
    mapping = {line_id: line_id for line_id in plan.budget["line_id"]}
    for line_id, activity_ids in zip(plan.budget["line_id"], plan.budget["activity_ids"], strict=True):
        for activity_id in activity_ids:
            mapping[activity_id] = line_id
    return mapping


def actuals_vs_budget(plan: Plan, actuals: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Actuals (columns jaar, activiteit, bedrag_eur) per budget line and year beside the budget.

    Returns the comparison and the actuals codes that match no budget line (shown, not
    dropped silently). A line or year without actuals has a missing realisation, not zero.
    """
    years = _years(plan)
    mapping = budget_line_for(plan)
    codes = actuals["activiteit"].astype(str)
    unmatched = sorted(set(codes) - set(mapping))
    matched = actuals.assign(line_id=codes.map(mapping)).dropna(subset=["line_id"])
    realised = matched.groupby(["line_id", "jaar"])["bedrag_eur"].sum(min_count=1)

    lines = line_amounts_eur(plan)
    rows = []
    for line in lines.to_dict("records"):
        for year in years:
            actual = realised.get((line["line_id"], year), float("nan"))
            budget = line[year]
            rows.append({
                "line_id": line["line_id"], "group": line["group"], "description": line["description"],
                "jaar": year, "begroot": budget, "gerealiseerd": float(actual),
                "verschil": float(actual) - budget,
                "realisatiegraad": float(actual) / budget if budget else float("nan"),
            })
    table = pd.DataFrame(rows)
    years_with_actuals = sorted(int(y) for y in matched["jaar"].unique())
    return table[table["jaar"].isin(years_with_actuals)].reset_index(drop=True), unmatched


def budget_with_totals(plan: Plan) -> pd.DataFrame:
    """The budget table with a computed row total and a computed total row (thousands of euros)."""
    years = plan.budget_meta["years"]
    table = plan.budget[["group", "description", *years]].copy()
    table["totaal"] = table[years].sum(axis=1)
    total_row = {"group": "totaal", "description": "Totaal", **table[[*years, "totaal"]].sum()}
    return pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)


def budget_total_discrepancies(plan: Plan, tolerance: float = 1e-9) -> pd.DataFrame:
    """Where the totals printed in the plan differ from the sums of its own budget lines."""
    years = plan.budget_meta["years"]
    computed = budget_with_totals(plan)
    lines = computed.iloc[:-1]
    rows = [
        ("regel", description, float(stated), float(line_sum))
        for description, stated, line_sum in zip(
            lines["description"], plan.budget["stated_total"], lines["totaal"], strict=True
        )
    ]
    stated = plan.budget_meta["stated_totals"]
    total_row = computed.iloc[-1]
    for key in [*years, "total"]:
        column = "totaal" if key == "total" else key
        rows.append(("kolomtotaal", str(key), float(stated[key]), float(total_row[column])))
    table = pd.DataFrame(rows, columns=["soort", "omschrijving", "volgens_plan", "berekend"])
    return table[(table["volgens_plan"] - table["berekend"]).abs() > tolerance].reset_index(drop=True)


def carried_over(plan: Plan) -> float:
    """The remainder of the previous period the plan names (lev.yaml, kind available_funds); 0 if none."""
    return float(sum(s.one_off_eur or 0.0 for s in plan.document.stated_amounts if s.kind == "available_funds"))


def line_position(spend: pd.DataFrame) -> pd.DataFrame:
    """Per budget line over the plan period: begroot, uitgegeven (years with a figure), and
    resterend = begroot - uitgegeven. ``spend`` is :func:`levanalysis.analysis.execution.spend_per_line`.

    ``jaren_met_uitgaven`` counts the years with a spend figure, so a reader sees how much of the
    period the remainder covers; a line without any spend figure has uitgegeven NaN.
    """
    rows = []
    for (line_id, group, description), sub in spend.groupby(["line_id", "group", "description"], sort=False):
        known = sub["uitgegeven"].notna()
        spent = float(sub.loc[known, "uitgegeven"].sum()) if known.any() else float("nan")
        planned = float(sub["begroot"].sum())
        rows.append({"line_id": line_id, "group": group, "description": description, "begroot": planned,
                     "uitgegeven": spent, "resterend": planned - (0.0 if pd.isna(spent) else spent),
                     "jaren_met_uitgaven": int(known.sum())})
    return pd.DataFrame(rows)


def cumulative_position(plan: Plan, spend: pd.DataFrame) -> pd.DataFrame:
    """Per plan year, cumulatively: begroot, uitgegeven and what is left of the budget plus the
    remainder carried over from the previous period (:func:`carried_over`).

    Spending stops counting at the first year with no figure for any line: a later year cannot
    be cumulated over an unknown one. ``restant`` = carried over + cumulative budget - cumulative
    spend: the money left if the budget table is what comes in each year.
    """
    carry = carried_over(plan)
    rows, spent_total, planned_total, known = [], 0.0, 0.0, True
    for year in plan.years:
        sub = spend[spend["jaar"] == year]
        planned = float(sub["begroot"].sum())
        planned_total += planned
        has_spend = sub["uitgegeven"].notna().any()
        known = known and has_spend
        spent = float(sub["uitgegeven"].sum()) if has_spend else float("nan")
        if known:
            spent_total += spent
        rows.append({
            "jaar": year, "begroot": planned, "uitgegeven": spent,
            "begroot_cumulatief": planned_total,
            "uitgegeven_cumulatief": spent_total if known else float("nan"),
            "meegenomen": carry,
            "restant": carry + planned_total - spent_total if known else float("nan"),
        })
    return pd.DataFrame(rows)
