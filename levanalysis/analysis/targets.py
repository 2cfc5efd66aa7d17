"""The plan's targets as the plan counts them: one per row of a monitoring table.

A row with "Of:" gives one target two alternative indicators (maakindustrie: 3 projects *or* 5
collaborations; ``alternative_to`` in the plan data). The target is met when either indicator
is met; both figures stay visible. A pending spearhead (Logistiek) is one target without a
streefwaarde yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    GEEN_DATA,
    MEASUREMENTS,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OORDEEL_ONTBREEKT,
    OP_KOERS,
    KpiResult,
)
from levanalysis.formatting import join_and


@dataclass(frozen=True)
class Target:
    """One target of the plan: its indicator and any alternatives ("Of:"), with one status."""

    results: tuple[KpiResult, ...]
    status: str
    reason: str = ""

    @property
    def primary(self) -> KpiResult:
        return self.results[0]

    @property
    def id(self) -> str:
        return self.primary.kpi_id

    @property
    def alternatives(self) -> tuple[KpiResult, ...]:
        return self.results[1:]

    @property
    def pending(self) -> bool:
        return self.status == NOG_GEEN_STREEFWAARDE

    @property
    def within_margin(self) -> bool:
        return any(r.within_margin and r.shown_status == self.status for r in self.results)

    @property
    def measurement(self) -> str | None:
        """The least final measurement of its indicators (a target is final when all are)."""
        kinds = [r.measurement for r in self.results if r.measurement]
        return min(kinds, key=MEASUREMENTS.index) if kinds else None

    @property
    def final_expected(self) -> str | None:
        dates = [r.final_expected for r in self.results if r.final_expected]
        return max(dates) if dates else None


def combined_status(statuses: Sequence[str]) -> str:
    """The status of a target with alternative indicators: met when either is met.

    A met or on-course alternative decides; otherwise an alternative without figures leaves the
    target open ('geen data'); otherwise one still running keeps it 'achter op koers'.
    """
    for status in (BEHAALD, OP_KOERS, GEEN_DATA, OORDEEL_ONTBREEKT, ACHTER_OP_KOERS, NIET_BEHAALD):
        if status in statuses:
            return status
    return statuses[0]


def _reason(results: Sequence[KpiResult], status: str) -> str:
    if len(results) == 1:
        return ""
    parts = [f"{r.indicator.removeprefix('Of: ')} {r.shown_status}" for r in results]
    return (f"Eén streefwaarde met {len(results)} indicatoren naar keuze (\"Of:\" in het plan), gehaald als één ervan "
            f"gehaald is: {join_and(parts)}.")


def plan_targets(results: Sequence[KpiResult]) -> list[Target]:
    """The targets in the plan's order; an alternative joins the target it is an alternative to."""
    groups: dict[str, list[KpiResult]] = {}
    for result in results:
        key = result.alternative_to if result.alternative_to in groups else result.kpi_id
        groups.setdefault(key, []).append(result)
    targets = []
    for members in groups.values():
        status = combined_status([r.shown_status for r in members])
        targets.append(Target(tuple(members), status, _reason(members, status)))
    return targets


def target_of(results: Sequence[KpiResult]) -> dict[str, Target]:
    """KPI id -> the target it belongs to."""
    return {r.kpi_id: target for target in plan_targets(results) for r in target.results}

