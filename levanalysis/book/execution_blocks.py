"""The "Uitvoering" section of a spearhead chapter: the goal tree filled in with what happened per
activity, spend against the budget lines, the counted outputs, and for Logistiek the targets of
Logistics Valley. Builders return plain context; :func:`execution_html` renders it."""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.budget import line_position
from levanalysis.analysis.execution import (
    SPEND_ACCOUNTS,
    contradictions,
    outputs_table,
    spearhead_execution,
)
from levanalysis.analysis.results import KpiResult
from levanalysis.book import tables
from levanalysis.book.plan_pages import goal_tree
from levanalysis.book.render import render
from levanalysis.definitions.plan import Plan, Spearhead
from levanalysis.formatting import format_euro, format_number

EVIDENCE_PAGE = "bewijs.html"
DONE_TEXT = {"ja": "uitgevoerd", "deels": "deels uitgevoerd", "nee": "niet uitgevoerd", "nog niet": "nog niet uitgevoerd"}


def evidence_links(ids, known: set[str] | None) -> list[dict]:
    """Evidence ids as links to the annex; an id the register lacks is shown without a link."""
    return [{"id": i, "href": f"{EVIDENCE_PAGE}#bewijs-{i}" if known is None or i in known else None} for i in ids]


def activity_cards(spearhead: Spearhead, plan: Plan, uitvoering: pd.DataFrame | None, known_evidence=None) -> list[dict]:
    """Per activity and plan year: done or not, outputs, spend, hours and evidence, as text."""
    cards = []
    for activity in spearhead_execution(spearhead, plan, uitvoering):
        years = []
        for year in activity["years"]:
            if not year["reported"]:
                years.append({"year": year["year"], "summary": "nog niet gemeld", "parts": [], "evidence": []})
                continue
            facts = []
            if not math.isnan(year["spend"]):
                facts.append(f"uitgaven {format_euro(year['spend'])}")
            if not math.isnan(year["hours"]):
                facts.append(f"{format_number(year['hours'])} uur")
            parts = [{
                "label": (f"{p['part']}: " if p["part"] else "") + DONE_TEXT.get(p["done"], p["done"]),
                "output": p["output"], "source": p["source"],
            } for p in year["parts"]]
            years.append({"year": year["year"], "summary": "; ".join(facts), "parts": parts,
                          "evidence": evidence_links(year["evidence"], known_evidence)})
        cards.append({"number": activity["number"], "name": activity["name"], "id": activity["id"], "years": years})
    return cards


def spend_table(spearhead: Spearhead, spend: pd.DataFrame) -> pd.DataFrame:
    """The spearhead's budget lines over the plan period: begroot, uitgegeven, resterend (euros)."""
    position = line_position(spend[spend["group"] == spearhead.id])
    if position.empty:
        return pd.DataFrame()
    sources = spend[spend["group"] == spearhead.id].groupby("line_id")["bron"].agg(
        lambda s: ", ".join(sorted({v for v in s if v})) or "geen gegevens")
    return pd.DataFrame({
        "Begrotingsregel": position["description"],
        "Begroot (periode)": position["begroot"],
        "Uitgegeven tot nu": position["uitgegeven"],
        "Resterend": position["resterend"],
        "Jaren met uitgaven": position["jaren_met_uitgaven"],
        "Bron": position["line_id"].map(sources),
    })


def target_rows(results: list[KpiResult]) -> pd.DataFrame:
    return pd.DataFrame([{"Doel": r.goal, "Indicator": r.indicator, "Streefwaarde": r.target,
                          "Stand": r.reason, "Status": r.status} for r in results])


def execution_context(spearhead: Spearhead, plan: Plan, uitvoering: pd.DataFrame | None, spend: pd.DataFrame,
                      known_evidence=None, targets: list[KpiResult] | None = None) -> dict:
    """Everything the Uitvoering section shows, as plain data."""
    tree = goal_tree(spearhead.goal_tree)
    keep = {"Input", "Output", "Resultaat", "Impact"}
    spent = spend_table(spearhead, spend)
    outputs = outputs_table(spearhead, uitvoering)
    year_columns = [c for c in outputs.columns if c.isdigit()]
    own_lines = set(spend.loc[spend["group"] == spearhead.id, "description"])
    notes = [f"{c['line']} {c['year']}: de uitvoering meldt {format_euro(c['report'])}, de jaarrekening "
             f"{format_euro(c['accounts'])}; de jaarrekening telt." for c in contradictions(spend) if c["line"] in own_lines]
    pending = spearhead.monitoring.status == "pending"
    return {
        "reported": uitvoering is not None,
        "tree": [column for column in tree["columns"] if column["label"] in keep],
        "activities": activity_cards(spearhead, plan, uitvoering, known_evidence),
        "spend": tables.table(spent, "Uitgaven per begrotingsregel in de planperiode, in euro's.", {
            "Begroot (periode)": tables.euro(), "Uitgegeven tot nu": tables.euro(), "Resterend": tables.euro(),
        }) if not spent.empty else None,
        "spend_note": f"Uitgaven komen uit de {SPEND_ACCOUNTS} (bestand begroting_realisatie); waar die een jaar "
                      "nog niet heeft, uit de uitvoering.",
        "contradictions": notes,
        "outputs": tables.table(outputs, "Getelde output per activiteit en jaar.",
                                {c: tables.number(0) for c in year_columns}, missing="–")
        if not outputs.empty else None,
        "targets": tables.table(target_rows(targets), "Doelen van Logistics Valley en de stand.") if targets else None,
        "targets_pending": pending and not targets,
    }


def execution_html(spearhead: Spearhead, plan: Plan, uitvoering: pd.DataFrame | None, spend: pd.DataFrame,
                   known_evidence=None, targets: list[KpiResult] | None = None) -> str:
    return render("execution.html.j2",
                  section=execution_context(spearhead, plan, uitvoering, spend, known_evidence, targets))


def delivery(store, name: str) -> pd.DataFrame | None:
    dataset = store.local(name)
    return dataset.data if dataset is not None else None


def execution_section(spearhead: Spearhead, plan: Plan, store, baseline_year: int) -> str:
    """The whole Uitvoering section of a chapter from the data directory (for the notebook)."""
    from levanalysis.analysis.execution import spend_per_line
    from levanalysis.analysis.logistics import SPEARHEAD as LOGISTICS
    from levanalysis.analysis.logistics import logistics_results

    work = delivery(store, "uitvoering")
    register = delivery(store, "bewijs")
    spend = spend_per_line(plan, delivery(store, "begroting_realisatie"), work)
    targets = logistics_results(plan, work, baseline_year) if spearhead.id == LOGISTICS else None
    known = set(register["id"]) if register is not None else set()
    return execution_html(spearhead, plan, work, spend, known, targets)
