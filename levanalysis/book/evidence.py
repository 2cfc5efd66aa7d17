"""The evidence register as a book annex, and the follow-up of the six recommendations of 2023.

Every piece of evidence gets an anchor (``bewijs-<id>``) that chapters link to, and lists who
cites it: execution rows, assessments of recommendations and the evaluator's judgements (any
delivery with a ``bewijs`` column). Builders return plain context for the templates.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from levanalysis.book.render import render
from levanalysis.definitions.local_sources import load_definitions
from levanalysis.definitions.plan import Plan
from levanalysis.definitions.plan_extras import PreviousPeriod, citable_ids

CITATION_COLUMN = "bewijs"
NOT_ASSESSED = "nog niet beoordeeld"
SOURCE_LABELS = {"uitvoering": "uitvoering", "opvolging_aanbevelingen": "oordeel aanbeveling", "oordelen": "oordeel"}


def _key_text(name: str, record: dict) -> str:
    key = load_definitions().sources[name].key
    return " ".join(str(record[k]) for k in key if k in record and isinstance(record[k], (str, int)) and record[k] != "")


def citations(store) -> dict[str, list[str]]:
    """Evidence id -> what cites it ('uitvoering vte-1 2024', 'oordeel aanbeveling a5 2025')."""
    cited: dict[str, list[str]] = defaultdict(list)
    for name, spec in load_definitions().sources.items():
        if CITATION_COLUMN not in spec.column_names or spec.column(CITATION_COLUMN).type != "list":
            continue
        dataset = store.local(name)
        if dataset is None:
            continue
        for record in dataset.data.to_dict("records"):
            for evidence_id in record[CITATION_COLUMN] if isinstance(record[CITATION_COLUMN], list) else []:
                cited[evidence_id].append(f"{SOURCE_LABELS.get(name, name)} {_key_text(name, record)}".strip())
    return dict(cited)


def evidence_entries(register: pd.DataFrame | None, cited: dict[str, list[str]]) -> list[dict]:
    """One entry per piece of evidence, by id, with what it concerns (named) and who cites it."""
    if register is None or register.empty:
        return []
    names = citable_ids()
    entries = []
    for record in register.sort_values("id").to_dict("records"):
        entries.append({
            "id": record["id"], "anchor": f"bewijs-{record['id']}", "kind": record["soort"], "date": record["datum"],
            "organisation": record["organisatie"], "role": record["rol"], "summary": record["samenvatting"],
            "concerns": [f"{c} ({names.get(c, 'onbekend')})" for c in record["betreft"]],
            "cited_by": sorted(cited.get(record["id"], [])),
        })
    return entries


def evidence_html(register: pd.DataFrame | None, cited: dict[str, list[str]]) -> str:
    return render("evidence.html.j2", entries=evidence_entries(register, cited))


# --------------------------------------------------------------------------- recommendations 2023


def _concern_text(concern: str, plan: Plan) -> str:
    activities = plan.activities()
    if concern in activities:
        return f"activiteit {concern}: {activities[concern].name}"
    spearheads = {s.id: s.short_name for s in plan.spearheads}
    if concern in spearheads:
        return f"speerpunt {spearheads[concern]}"
    lines = dict(zip(plan.budget["line_id"], plan.budget["description"], strict=True))
    if concern in lines:
        return f"begrotingsregel {lines[concern]}"
    return concern


def recommendation_entries(previous: PreviousPeriod, plan: Plan, assessments: pd.DataFrame | None,
                           known_evidence: set[str] | None = None) -> list[dict]:
    """Per recommendation: the plan's text, what the action plan did with it, and the evaluator's
    latest assessment ('nog niet beoordeeld' without one)."""
    entries = []
    for number, rec in enumerate(previous.recommendations, start=1):
        assessment = None
        if assessments is not None and not assessments.empty:
            rows = assessments[assessments["aanbeveling"] == rec.id].sort_values("jaar")
            if not rows.empty:
                last = rows.iloc[-1]
                evidence = list(last["bewijs"]) if isinstance(last["bewijs"], list) else []
                assessment = {
                    "verdict": last["oordeel"], "year": int(last["jaar"]), "text": last["toelichting"],
                    "evidence": [{"id": e, "href": f"bewijs.html#bewijs-{e}"
                                  if known_evidence is None or e in known_evidence else None} for e in evidence],
                    "earlier": [f"{int(r['jaar'])}: {r['oordeel']}" for r in rows.iloc[:-1].to_dict("records")],
                }
        entries.append({
            "id": rec.id, "number": number, "short": rec.short, "text": " ".join(rec.text.split()),
            "follow_up": [{"text": " ".join(f.text.split()), "quote": " ".join(f.quote.split()),
                           "concerns": [_concern_text(c, plan) for c in f.concerns]} for f in rec.follow_up],
            "assessment": assessment, "not_assessed": NOT_ASSESSED,
        })
    return entries


def recommendations_html(previous: PreviousPeriod, plan: Plan, assessments: pd.DataFrame | None,
                         known_evidence: set[str] | None = None) -> str:
    return render("recommendations.html.j2",
                  entries=recommendation_entries(previous, plan, assessments, known_evidence),
                  by=plan.document.previous_evaluation.by, year=plan.document.previous_evaluation.year)
