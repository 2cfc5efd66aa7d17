"""The scorecard as plain data: one row per KPI of the plan (and one per pending spearhead).

Rows have Dutch field names (they are what the CSV, JSON and Excel exports carry) with numbers as
numbers and missing values as ``None``; :mod:`levanalysis.book.exports` renders them. Growth
figures (``verandering``, ``groei_nederland``, ``marge``) are fractions (0.045 = 4,5%);
``streefpad`` is in the KPI's own unit; dates are months ('2027-11') or days ('2026-01-15').
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from levanalysis.analysis.results import KpiResult
from levanalysis.analysis.targets import target_of
from levanalysis.sources.store import describe_provenance

FIELDS = (
    "kpi",
    "speerpunt",
    "doel",
    "indicator",
    "streefwaarde",
    "alternatief_voor",
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
    "streefpad_jaar",
    "streefpad",
    "marge",
    "binnen_meetmarge",
    "status",
    "berekende_status",
    "oordeel_evaluator",
    "oordeel_motivering",
    "oordeel_datum",
    "oordeel_rol",
    "oordeel_bewijs",
    "status_streefwaarde",
    "meting",
    "eindcijfer_verwacht",
    "definitief_verwacht",
    "ontbrekend",
    "toelichting",
    "bron",
    "gegevens",
    "voorlopig",
    "herkomst",
    "opmerkingen",
)
"""``status`` is the status the indicator stands at: the computed one (``berekende_status``), or
for a qualitative target the evaluator's (``oordeel_evaluator``) or 'oordeel evaluator
ontbreekt'. ``status_streefwaarde`` is the status of the plan target the row belongs to: for an
"Of:" pair (``alternatief_voor`` names the first indicator) met when either is met."""


def _number(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def provenance_text(result: KpiResult) -> str:
    return "; ".join(describe_provenance(p) for p in result.provenances)


def scorecard_rows(results: Sequence[KpiResult]) -> list[dict]:
    """One dict per result with the fields of :data:`FIELDS`; numbers as numbers, missing as None."""
    targets = target_of(results)
    rows = []
    for r in results:
        judgement = r.judgement
        rows.append({
            "kpi": r.kpi_id,
            "speerpunt": r.spearhead_name,
            "doel": r.goal,
            "indicator": r.indicator,
            "streefwaarde": r.target,
            "alternatief_voor": r.alternative_to,
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
            "streefpad_jaar": r.path_year if not math.isnan(r.path_value) else None,
            "streefpad": _number(r.path_value),
            "marge": _number(r.margin),
            "binnen_meetmarge": r.within_margin,
            "status": r.shown_status,
            "berekende_status": r.computed_status,
            "oordeel_evaluator": judgement.status if judgement else None,
            "oordeel_motivering": judgement.motivation if judgement else None,
            "oordeel_datum": judgement.date if judgement else None,
            "oordeel_rol": judgement.role if judgement else None,
            "oordeel_bewijs": ", ".join(judgement.evidence) if judgement and judgement.evidence else None,
            "status_streefwaarde": targets[r.kpi_id].status,
            "meting": r.measurement,
            "eindcijfer_verwacht": r.final_expected,
            "definitief_verwacht": r.final_definitive_expected,
            "ontbrekend": "; ".join(r.missing_parts) or None,
            "toelichting": r.reason,
            "bron": r.sources,
            "gegevens": r.data_kind,
            "voorlopig": r.provisional,
            "herkomst": provenance_text(r),
            "opmerkingen": " ".join(r.notes),
        })
    return rows
