"""Which units (municipalities, schools, regions, activities) and years a delivery holds, and
which of them only partly: the facts behind `levanalysis coverage` and validate's comparison
of sources. What a source should hold is in ``data/definitions/coverage.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd
import yaml

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import SourceSpec
from levanalysis.paths import DATA_ROOT

COVERAGE_YAML = DATA_ROOT / "definitions" / "coverage.yaml"
COMPLETE, PARTIAL = "volledig", "deels"
# A unit-year with fewer than this share of the rows of its fullest year is partial: a LISA
# delivery that lost most sectors of one municipality, a school that sent one programme.
PARTIAL_ROW_SHARE = 0.5
DEFAULT_LAG_MONTHS = 3


@dataclass(frozen=True)
class CoverageSpec:
    """What the evaluation needs from one source (one entry of coverage.yaml)."""

    unit: str | None = None
    expect: str | None = None
    years: str = "register"
    subperiod_column: str | None = None
    subperiod_count: int | None = None
    compare: bool = False
    lag_months: int = DEFAULT_LAG_MONTHS


@cache
def coverage_specs() -> dict[str, CoverageSpec]:
    raw = yaml.safe_load(COVERAGE_YAML.read_text(encoding="utf-8")) or {}
    specs = {}
    for name, entry in (raw.get("sources") or {}).items():
        sub = entry.get("subperiod") or {}
        specs[str(name)] = CoverageSpec(
            unit=entry.get("unit"), expect=entry.get("expect"), years=entry.get("years", "register"),
            subperiod_column=sub.get("column"), subperiod_count=sub.get("count"),
            compare=bool(entry.get("compare", False)), lag_months=int(entry.get("lag_months", DEFAULT_LAG_MONTHS)),
        )
    return specs


def coverage_spec(name: str) -> CoverageSpec:
    """The entry for ``name``; a source coverage.yaml does not list is a register without units."""
    return coverage_specs().get(name, CoverageSpec())


@dataclass
class Presence:
    """What one delivery holds. ``cells`` maps (unit, year) to COMPLETE or PARTIAL; the unit is
    '' for a source without units. ``reasons`` says why a cell is partial (Dutch)."""

    source: str
    unit_column: str | None
    rows: int
    years: list[int] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    cells: dict[tuple[str, int], str] = field(default_factory=dict)
    reasons: dict[tuple[str, int], str] = field(default_factory=dict)


def unit_label(value, column: str | None, region: _region.Region) -> str:
    """How people read a unit: municipality names instead of CBS codes."""
    if column == "gemeente":
        try:
            return _region.municipality_name(str(value), region=region)
        except ValueError:
            return str(value)
    return str(value)


def presence(frame: pd.DataFrame, spec: SourceSpec, region: _region.Region | None = None) -> Presence:
    """The (unit, year) cells a clean frame of ``spec`` holds, complete or partial."""
    region = region or _region.load_region()
    cover = coverage_spec(spec.name)
    year_column = spec.first_of_type("year", "school_year")
    unit_column = cover.unit if cover.unit in spec.column_names else None
    result = Presence(spec.name, unit_column, len(frame))
    if year_column is None or frame.empty:
        return result
    data = frame[frame[year_column].notna()].copy()
    data["_unit"] = data[unit_column].map(lambda v: unit_label(v, unit_column, region)) if unit_column else ""
    data["_year"] = data[year_column].astype(int)
    result.years = sorted(data["_year"].unique().tolist())
    result.units = sorted(u for u in data["_unit"].unique().tolist() if u) if unit_column else []
    row_counts = data.groupby(["_unit", "_year"]).size()
    fullest = row_counts.groupby(level=0).max()
    for (unit, year), n in row_counts.items():
        reason = None
        if cover.subperiod_column and cover.subperiod_column in data.columns:
            group = data[(data["_unit"] == unit) & (data["_year"] == year)][cover.subperiod_column]
            has_total = group.isna().any() and cover.subperiod_column == "maand"
            present = group.dropna().nunique()
            if not has_total and present < (cover.subperiod_count or 0):
                word = "maanden" if cover.subperiod_column == "maand" else "kwartalen"
                reason = f"{present} van {cover.subperiod_count} {word}"
        # Row counts only compare years of sources without sub-periods: a year total is one row
        # where twelve months are twelve.
        if reason is None and not cover.subperiod_column and cover.years != "register" \
                and n < PARTIAL_ROW_SHARE * fullest[unit]:
            reason = f"{n} rijen, tegen {fullest[unit]} in het volledigste jaar"
        result.cells[(unit, int(year))] = PARTIAL if reason else COMPLETE
        if reason:
            result.reasons[(unit, int(year))] = reason
    return result
