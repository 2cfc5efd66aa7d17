"""The vocabulary of a KPI judgement and its result record.

A status is one of :data:`STATUSES`; the data a status rests on is one of :data:`DATA_KINDS`.
Every table, chapter and export reads these, so the same figures give the same words everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from levanalysis.sources.cache import Provenance

BEHAALD = "behaald"
NIET_BEHAALD = "niet behaald"
OP_KOERS = "op koers"
ACHTER_OP_KOERS = "achter op koers"
GEEN_DATA = "geen data"
NOG_GEEN_STREEFWAARDE = "nog geen streefwaarde"
STATUSES = (BEHAALD, NIET_BEHAALD, OP_KOERS, ACHTER_OP_KOERS, GEEN_DATA, NOG_GEEN_STREEFWAARDE)

DATA_REAL, DATA_EXAMPLE, DATA_NONE = "echt", "voorbeeld", "geen"
DATA_KINDS = (DATA_REAL, DATA_EXAMPLE, DATA_NONE)


@dataclass(frozen=True)
class KpiResult:
    """The judgement of one KPI, with everything a scorecard row or a chapter shows.

    Numbers are floats with NaN for missing. ``change`` is the region's own movement in the
    rule's terms: growth (growth_vs_nl, change), average annual growth (annual_growth) or the
    difference of the diversity index (diversification_increase); NaN for counts.
    ``comparison`` is the national growth over the same years (growth_vs_nl only).
    ``latest_value`` of a count rule is the count in the plan period up to ``latest_year``.
    """

    kpi_id: str
    spearhead: str
    spearhead_name: str
    goal: str
    indicator: str
    target: str
    rule: str
    rule_type: str | None
    baseline_year: int
    baseline_value: float
    latest_year: int | None
    latest_value: float
    change: float
    comparison: float
    status: str
    reason: str
    sources: str
    provenances: tuple[Provenance, ...] = ()
    data_kind: str = DATA_NONE
    provisional: bool = False
    notes: tuple[str, ...] = ()
    unit: str = ""
    decimals: int = 0
    region_label: str = "de Liemers"
    qualitative: bool = False

    @property
    def complete(self) -> bool | None:
        """Whether the status is final (period complete); None without a status from data."""
        if self.status in (BEHAALD, NIET_BEHAALD):
            return True
        if self.status in (OP_KOERS, ACHTER_OP_KOERS):
            return False
        return None


def data_kind(provenances, missing=()) -> str:
    """'voorbeeld' if any dataset used is example data, 'geen' if a bound dataset is absent
    (or none was used), else 'echt'. Example data win: their figures must always be marked."""
    kinds = {p.kind for p in provenances}
    if "example" in kinds:
        return DATA_EXAMPLE
    if missing or not kinds:
        return DATA_NONE
    return DATA_REAL
