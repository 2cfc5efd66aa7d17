"""The vocabulary of a KPI judgement and its result record.

A status is one of :data:`STATUSES`; the data a status rests on is one of :data:`DATA_KINDS`;
how final a measurement is, is one of :data:`MEASUREMENTS`. Every table, chapter and export reads
these, so the same figures give the same words everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from levanalysis.sources.cache import Provenance

BEHAALD = "behaald"
NIET_BEHAALD = "niet behaald"
OP_KOERS = "op koers"
ACHTER_OP_KOERS = "achter op koers"
GEEN_DATA = "geen data"
NOG_GEEN_STREEFWAARDE = "nog geen streefwaarde"
OORDEEL_ONTBREEKT = "oordeel evaluator ontbreekt"
STATUSES = (BEHAALD, NIET_BEHAALD, OP_KOERS, ACHTER_OP_KOERS, GEEN_DATA, OORDEEL_ONTBREEKT, NOG_GEEN_STREEFWAARDE)
JUDGEMENT_STATUSES = (BEHAALD, NIET_BEHAALD, OP_KOERS, ACHTER_OP_KOERS, GEEN_DATA)
"""The statuses an evaluator may give in the judgement file (``oordelen``)."""

WITHIN_MARGIN = "binnen de meetmarge"
"""Qualifier of a status whose comparison lies inside the uncertainty from the sources' rounding:
'op koers, binnen de meetmarge'. A qualifier, not a status: the plan's rule still decides."""

TUSSENSTAND = "tussenstand"
VOORLOPIGE_EINDMETING = "voorlopige eindmeting"
EINDMETING = "eindmeting"
MEASUREMENTS = (TUSSENSTAND, VOORLOPIGE_EINDMETING, EINDMETING)

DATA_REAL, DATA_EXAMPLE, DATA_NONE = "echt", "voorbeeld", "geen"
DATA_KINDS = (DATA_REAL, DATA_EXAMPLE, DATA_NONE)


@dataclass(frozen=True)
class Judgement:
    """The evaluator's judgement of one KPI, from the delivery ``oordelen``.

    ``role`` is the author's role, never a name; ``evidence`` are ids in the ``bewijs`` register.
    """

    kpi_id: str
    status: str
    motivation: str
    date: str
    """ISO date (YYYY-MM-DD)."""
    role: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class KpiResult:
    """The judgement of one KPI, with everything a scorecard row or a chapter shows.

    Numbers are floats with NaN for missing. ``change`` is the region's own movement in the
    rule's terms: growth (growth_vs_nl, change), average annual growth (annual_growth) or the
    difference of the diversity index (diversification_increase); NaN for counts.
    ``comparison`` is the national growth over the same years (growth_vs_nl only).
    ``latest_value`` of a count rule is the count in the plan period.

    ``status`` is what the monitor computes; for a qualitative target it is
    :data:`OORDEEL_ONTBREEKT` (the monitor gives no verdict of its own). ``judgement`` is the
    evaluator's, shown beside it (:attr:`shown_status`).

    ``path`` is the target path: per year the value the KPI needs to reach its streefwaarde at
    the end of the period (:mod:`levanalysis.analysis.paths`); ``path_value`` is its value in
    ``path_year`` (the year the status compares). ``margin`` is the 95% margin from the sources'
    rounding, in the compared terms (a growth fraction); ``within_margin`` says the comparison
    lies inside it. ``missing_parts`` says which parts (schools, municipalities) a year lacks.
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
    path: tuple[tuple[int, float], ...] = ()
    path_year: int | None = None
    path_value: float = math.nan
    path_text: str = ""
    measurement: str | None = None
    final_expected: str | None = None
    """When the figure for the last year of the period can be expected ('2027-11')."""
    final_definitive_expected: str | None = None
    """When that figure can be expected to be definitive, if the source revises it later."""
    margin: float = math.nan
    within_margin: bool = False
    missing_parts: tuple[str, ...] = ()
    incomplete_years: tuple[int, ...] = ()
    """Years left out because they lack a part the baseline had (charts leave them out too)."""
    alternative_to: str | None = None
    judgement: Judgement | None = None

    @property
    def computed_status(self) -> str | None:
        """The monitor's own status; None for a qualitative target (it gives none)."""
        return None if self.qualitative else self.status

    @property
    def shown_status(self) -> str:
        """The status this KPI stands at: computed, or for a qualitative target the evaluator's."""
        if self.qualitative:
            return self.judgement.status if self.judgement else OORDEEL_ONTBREEKT
        return self.status

    @property
    def judgement_differs(self) -> bool:
        """An evaluator's judgement that does not match the computed status (never silent)."""
        return self.judgement is not None and not self.qualitative and self.judgement.status != self.status

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
