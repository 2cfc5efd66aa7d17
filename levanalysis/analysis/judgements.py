"""The evaluator's judgements (delivery ``oordelen``): read, and attached beside the computed status.

A judgement never replaces a computed status: :class:`~levanalysis.analysis.results.KpiResult`
keeps both, and the book and the exports show both. Only for a qualitative target, where the
monitor computes no status, is the judgement the status the target stands at.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from levanalysis.analysis.results import Judgement, KpiResult
from levanalysis.sources.local.rules import parse_date
from levanalysis.sources.store import DataStore

SOURCE = "oordelen"


def judgements_from_frame(frame: pd.DataFrame) -> dict[str, Judgement]:
    """KPI id -> its newest judgement (a validated ``oordelen`` frame; one row per KPI and date)."""
    newest: dict[str, Judgement] = {}
    for row in frame.to_dict("records"):
        when = parse_date(row["datum"])
        if when is None:  # validation refuses such a file; a frame built by hand is skipped
            continue
        evidence = row.get("bewijs")
        judgement = Judgement(
            kpi_id=str(row["kpi_id"]).strip().casefold(),
            status=str(row["status"]),
            motivation=str(row["motivering"]),
            date=when.date().isoformat(),
            role=str(row["rol"]),
            evidence=tuple(evidence) if isinstance(evidence, (list, tuple)) else (),
        )
        current = newest.get(judgement.kpi_id)
        if current is None or judgement.date >= current.date:
            newest[judgement.kpi_id] = judgement
    return newest


def load_judgements(store: DataStore) -> dict[str, Judgement]:
    """The judgements in the data directory; empty without an ``oordelen`` delivery."""
    dataset = store.get(SOURCE)
    return {} if dataset is None else judgements_from_frame(dataset.data)


def with_judgement(result: KpiResult, judgements: dict[str, Judgement]) -> KpiResult:
    """The result with the evaluator's judgement of its KPI beside the computed status."""
    judgement = judgements.get(result.kpi_id)
    return result if judgement is None else replace(result, judgement=judgement)
