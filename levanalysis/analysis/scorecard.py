"""The scorecard as plain data: one row per KPI of the plan (and one per pending spearhead).

Rows have Dutch field names (they are what the CSV, JSON and Excel exports carry) with numbers as
numbers and missing values as ``None``; :mod:`levanalysis.book.exports` renders them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from levanalysis.analysis.results import KpiResult
from levanalysis.sources.store import describe_provenance

FIELDS = (
    "kpi",
    "speerpunt",
    "doel",
    "indicator",
    "streefwaarde",
    "regeltype",
    "toetsregel",
    "eenheid",
    "gebied",
    "basisjaar",
    "basiswaarde",
    "laatste_jaar",
    "laatste_waarde",
    "verandering",
    "groei_nederland",
    "status",
    "toelichting",
    "bron",
    "gegevens",
    "voorlopig",
    "herkomst",
    "opmerkingen",
)


def _number(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def provenance_text(result: KpiResult) -> str:
    return "; ".join(describe_provenance(p) for p in result.provenances)


def scorecard_rows(results: Sequence[KpiResult]) -> list[dict]:
    """One dict per result with the fields of :data:`FIELDS`; numbers as numbers, missing as None."""
    rows = []
    for r in results:
        rows.append({
            "kpi": r.kpi_id,
            "speerpunt": r.spearhead_name,
            "doel": r.goal,
            "indicator": r.indicator,
            "streefwaarde": r.target,
            "regeltype": r.rule_type,
            "toetsregel": r.rule,
            "eenheid": r.unit,
            "gebied": r.region_label if r.rule_type else None,
            "basisjaar": r.baseline_year if r.rule_type and r.rule_type != "count_in_period" else None,
            "basiswaarde": _number(r.baseline_value),
            "laatste_jaar": r.latest_year,
            "laatste_waarde": _number(r.latest_value),
            "verandering": _number(r.change),
            "groei_nederland": _number(r.comparison),
            "status": r.status,
            "toelichting": r.reason,
            "bron": r.sources,
            "gegevens": r.data_kind,
            "voorlopig": r.provisional,
            "herkomst": provenance_text(r),
            "opmerkingen": " ".join(r.notes),
        })
    return rows
