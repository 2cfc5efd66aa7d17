"""What was carried out: the ``uitvoering`` delivery per activity, and spend per budget line.

Spend comes from two deliveries: ``begroting_realisatie`` (the accounts, per budget line code)
and ``uitvoering`` (the execution report, per activity). The accounts count where they have a
figure for a line and year; the execution report fills the years the accounts do not cover yet.
Where both have a figure and they differ, :func:`spend_per_line` keeps both, so the book can show
the contradiction instead of choosing silently.
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.budget import budget_line_for, line_amounts_eur
from levanalysis.definitions.plan import Activity, Plan, Spearhead

SPEND_ACCOUNTS = "jaarrekening"  # the delivery begroting_realisatie
SPEND_REPORT = "uitvoering"
DONE_ORDER = ("ja", "deels", "nee", "nog niet")


def _ids(value) -> list[str]:
    return list(value) if isinstance(value, list) else []


def activity_rows(uitvoering: pd.DataFrame | None, activity_id: str) -> pd.DataFrame:
    """The execution rows of one activity, by year and part (empty frame when none)."""
    if uitvoering is None or uitvoering.empty:
        return pd.DataFrame(columns=["activiteit", "jaar", "onderdeel", "uitgevoerd", "aantal", "eenheid",
                                     "omschrijving", "bedrag_eur", "uren", "bron", "bewijs"])
    rows = uitvoering[uitvoering["activiteit"] == activity_id]
    return rows.sort_values(["jaar", "onderdeel"], na_position="first").reset_index(drop=True)


def output_text(count, unit, description) -> str:
    """'4 themabijeenkomsten: Vier bijeenkomsten ...', or the description alone, or ''."""
    parts = []
    if count is not None and not pd.isna(count):
        parts.append(f"{int(count)} {unit}".strip())
    if isinstance(description, str) and description:
        parts.append(description)
    return ": ".join(parts)


def activity_execution(activity: Activity, number: int, uitvoering: pd.DataFrame | None, years: list[int]) -> dict:
    """One activity of a goal tree, filled in with what happened per year.

    ``years`` lists a row for every plan year: a year without a row in the delivery says
    'niet gemeld' rather than disappearing, so a gap is visible.
    """
    rows = activity_rows(uitvoering, activity.id)
    per_year = []
    for year in years:
        sub = rows[rows["jaar"] == year]
        if sub.empty:
            per_year.append({"year": year, "reported": False, "parts": [], "spend": math.nan, "hours": math.nan,
                             "evidence": []})
            continue
        parts = [{
            "part": r["onderdeel"] if isinstance(r["onderdeel"], str) else "",
            "done": r["uitgevoerd"],
            "output": output_text(r["aantal"], r["eenheid"] if isinstance(r["eenheid"], str) else "", r["omschrijving"]),
            "source": r["bron"],
            "evidence": _ids(r["bewijs"]),
        } for r in sub.to_dict("records")]
        per_year.append({
            "year": year, "reported": True, "parts": parts,
            "spend": float(sub["bedrag_eur"].sum(min_count=1)) if sub["bedrag_eur"].notna().any() else math.nan,
            "hours": float(sub["uren"].sum(min_count=1)) if sub["uren"].notna().any() else math.nan,
            "evidence": sorted({i for p in parts for i in p["evidence"]}),
        })
    return {"id": activity.id, "number": number, "name": activity.name, "years": per_year}


def spearhead_execution(spearhead: Spearhead, plan: Plan, uitvoering: pd.DataFrame | None) -> list[dict]:
    """Every activity of a spearhead with its execution per plan year, in the plan's order."""
    return [activity_execution(a, n, uitvoering, plan.years) for n, a in enumerate(spearhead.activities, start=1)]


def outputs_table(spearhead: Spearhead, uitvoering: pd.DataFrame | None) -> pd.DataFrame:
    """Counted outputs of a spearhead: activity, part, unit and one column per year (raw numbers)."""
    columns = ["Activiteit", "Onderdeel", "Eenheid"]
    if uitvoering is None or uitvoering.empty:
        return pd.DataFrame(columns=columns)
    names = {a.id: f"{n}. {a.name}" for n, a in enumerate(spearhead.activities, start=1)}
    rows = uitvoering[uitvoering["activiteit"].isin(list(names)) & uitvoering["aantal"].notna()].copy()
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["Activiteit"] = rows["activiteit"].map(names)
    rows["Onderdeel"] = rows["onderdeel"].fillna("")
    rows["Eenheid"] = rows["eenheid"]
    order = {a: i for i, a in enumerate(names)}
    wide = rows.pivot_table(index=["activiteit", "Activiteit", "Onderdeel", "Eenheid"], columns="jaar",
                            values="aantal", aggfunc="sum").reset_index()
    wide = wide.sort_values(["activiteit", "Onderdeel"], key=lambda s: s.map(order) if s.name == "activiteit" else s)
    wide.columns = [str(c) for c in wide.columns]
    return wide.drop(columns="activiteit").reset_index(drop=True)


def _reported_per_line(plan: Plan, uitvoering: pd.DataFrame | None) -> pd.Series:
    if uitvoering is None or uitvoering.empty:
        return pd.Series(dtype=float)
    mapping = budget_line_for(plan)
    rows = uitvoering.assign(line_id=uitvoering["activiteit"].map(mapping)).dropna(subset=["line_id"])
    rows = rows[rows["bedrag_eur"].notna()]
    return rows.groupby(["line_id", "jaar"])["bedrag_eur"].sum()


def _accounts_per_line(plan: Plan, actuals: pd.DataFrame | None) -> pd.Series:
    if actuals is None or actuals.empty:
        return pd.Series(dtype=float)
    mapping = budget_line_for(plan)
    rows = actuals.assign(line_id=actuals["activiteit"].astype(str).map(mapping)).dropna(subset=["line_id"])
    return rows.groupby(["line_id", "jaar"])["bedrag_eur"].sum()


def spend_per_line(plan: Plan, actuals: pd.DataFrame | None, uitvoering: pd.DataFrame | None) -> pd.DataFrame:
    """Per budget line and plan year: begroot, uitgegeven (accounts first, else the execution
    report), where that figure comes from, and what the execution report says where it differs.

    A line and year without any spend figure has ``uitgegeven`` NaN (unknown, not zero).
    """
    accounts = _accounts_per_line(plan, actuals)
    reported = _reported_per_line(plan, uitvoering)
    lines = line_amounts_eur(plan)
    rows = []
    for line in lines.to_dict("records"):
        for year in plan.years:
            key = (line["line_id"], year)
            in_accounts, in_report = accounts.get(key, math.nan), reported.get(key, math.nan)
            spent, source = (in_accounts, SPEND_ACCOUNTS) if not pd.isna(in_accounts) else (in_report, SPEND_REPORT)
            rows.append({
                "line_id": line["line_id"], "group": line["group"], "description": line["description"],
                "jaar": year, "begroot": float(line[year]), "uitgegeven": float(spent),
                "bron": source if not pd.isna(spent) else "",
                "volgens_uitvoering": float(in_report),
                "afwijking_uitvoering": (float(in_report) - float(in_accounts))
                if not (pd.isna(in_report) or pd.isna(in_accounts)) and abs(in_report - in_accounts) >= 0.005 else math.nan,
            })
    return pd.DataFrame(rows)


def contradictions(spend: pd.DataFrame) -> list[dict]:
    """Lines and years where the execution report names another amount than the accounts."""
    rows = spend[spend["afwijking_uitvoering"].notna()]
    return [{"line": r["description"], "year": int(r["jaar"]), "accounts": r["uitgegeven"],
             "report": r["volgens_uitvoering"], "difference": r["afwijking_uitvoering"]}
            for r in rows.to_dict("records")]
