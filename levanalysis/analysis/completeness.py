"""Completeness per KPI: the parts a regional figure is made of (schools, municipalities, quarters).

A year that lacks a part the baseline had is not comparable with the baseline: the techniek
students of four schools against those of five would read as a decline. Such a year is not
scored as a change; the result names what is missing. For municipal sources every municipality
of the region is expected in every year, so a municipality missing from the baseline is named
as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from levanalysis.analysis.series import uwv_weights
from levanalysis.definitions.plan import Kpi
from levanalysis.definitions.region import (
    Region,
    apply_reorganisations,
    municipality_name,
)
from levanalysis.definitions.sectors import sector_sbi_codes
from levanalysis.formatting import join_and
from levanalysis.sources.local.rules import techniek_group
from levanalysis.sources.store import DataStore

SBI_SEPARATOR = ", SBI "


@dataclass(frozen=True)
class Parts:
    """Year x part table of a regional figure's parts (NaN: the part is missing that year)."""

    values: pd.DataFrame
    kind: str
    """What a part is, in Dutch plural ('scholen', 'gemeenten')."""
    expected: tuple[str, ...] = ()
    """Parts every year must have (all municipalities); empty: those of the baseline year."""


def present(parts: Parts, year: int) -> set[str]:
    if year not in parts.values.index:
        return set()
    row = parts.values.loc[year]
    return {str(name) for name, value in row.items() if not pd.isna(value)}


def reference_parts(parts: Parts, baseline_year: int) -> set[str]:
    return set(parts.expected) if parts.expected else present(parts, baseline_year)


def missing_in(parts: Parts | None, year: int, reference: set[str]) -> list[str]:
    """The reference parts that ``year`` lacks, in the table's column order."""
    if parts is None:
        return []
    have = present(parts, year)
    return [str(c) for c in parts.values.columns if str(c) in reference and str(c) not in have] + sorted(
        reference - have - {str(c) for c in parts.values.columns})


def describe(names: Sequence[str]) -> str:
    """'Doesburg', or grouped cells: 'Doesburg (SBI I en R)'."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        head, _, code = name.partition(SBI_SEPARATOR)
        grouped.setdefault(head, [])
        if code:
            grouped[head].append(code)
    return join_and(f"{head} (SBI {join_and(codes)})" if codes else head for head, codes in grouped.items())


def missing_sentence(year: int, missing: Sequence[str], baseline_year: int, kind: str) -> str:
    verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
    return f"In {year} {verb} {describe(missing)} ({kind}, wel in {baseline_year})"


# --------------------------------------------------------------------------- per source


def _municipal(frame: pd.DataFrame, value: str, region: Region, sbi_codes=None) -> Parts:
    columns = {"gemeente": "region", "jaar": "year", value: "value"}
    if sbi_codes is not None:
        frame = frame[frame["sbi"].isin(list(sbi_codes))]
        columns["sbi"] = "sector"
    long = frame[list(columns)].rename(columns=columns).copy()
    long["year"] = long["year"].astype(int)
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype(float)
    if sbi_codes is None:
        long["sector"] = "-"
    long = apply_reorganisations(long[["region", "sector", "year", "value"]], region.reorganisations)
    long = long[long["region"].isin(region.codes)]
    names = {code: municipality_name(code, region=region) for code in region.codes}
    if sbi_codes is None:
        long["part"] = long["region"].map(names)
        expected = [names[c] for c in region.codes]
    else:
        long["part"] = long["region"].map(names) + SBI_SEPARATOR + long["sector"].astype(str)
        expected = [f"{names[c]}{SBI_SEPARATOR}{s}" for c in region.codes for s in sbi_codes]
    wide = long.pivot_table(index="year", columns="part", values="value", aggfunc="first", dropna=False)
    return Parts(wide.reindex(columns=expected), "gemeenten" if sbi_codes is None else "gemeenten en sectoren",
                 tuple(expected))


def _schools(frame: pd.DataFrame) -> Parts:
    values = pd.to_numeric(frame["studenten"], errors="coerce").astype(float)
    table = pd.DataFrame({"school": frame["school"].astype(str), "year": frame["jaar"].astype(int), "value": values})
    wide = table.groupby(["year", "school"], sort=False)["value"].sum(min_count=1).unstack("school")
    return Parts(wide.sort_index(), "scholen")


def _uwv_quarters(frame: pd.DataFrame, region: Region) -> Parts | None:
    group = techniek_group(frame)
    if group is None:
        return None
    rows = frame[frame["beroepsgroep"].astype(str) == group]
    table = pd.DataFrame({
        "part": rows["uwv_regio"].astype(str) + " kwartaal " + rows["kwartaal"].astype(int).astype(str),
        "year": rows["jaar"].astype(int),
        "value": pd.to_numeric(rows["spanningsindicator"], errors="coerce").astype(float),
    })
    expected = [f"{name} kwartaal {q}" for name in uwv_weights(region) for q in range(1, 5)]
    wide = table.pivot_table(index="year", columns="part", values="value", aggfunc="first", dropna=False)
    return Parts(wide.reindex(columns=expected), "UWV-regio's en kwartalen", tuple(expected))


PartsBuilder = Callable[[pd.DataFrame, Kpi, str, Region], "Parts | None"]

PARTS: dict[tuple[str, str], PartsBuilder] = {
    ("toeristenbelasting", "overnachtingen"): lambda frame, kpi, sector, region: _municipal(
        frame, "overnachtingen", region),
    ("lisa_banen", "banen"): lambda frame, kpi, sector, region: _municipal(
        frame, "banen", region, sector_sbi_codes(sector)),
    ("lisa_banen", "spreiding"): lambda frame, kpi, sector, region: _municipal(
        frame, "banen", region, sector_sbi_codes(sector)),
    ("techniekstudenten", "studenten"): lambda frame, kpi, sector, region: _schools(frame),
    ("uwv_spanning", "spanningsindicator"): lambda frame, kpi, sector, region: _uwv_quarters(frame, region),
}
"""(regional source, indicator) -> the parts of its figure. Other sources have no parts the
monitor can check (a register, a website total, CBS tables)."""


def input_parts(kpi: Kpi, store: DataStore, sector: str, region: Region, indicator: str) -> Parts | None:
    builder = PARTS.get((kpi.data.region, indicator))
    if builder is None:
        return None
    dataset = store.get(kpi.data.region)
    if dataset is None or dataset.data.empty:
        return None
    return builder(dataset.data, kpi, sector, region)


def complete_years(parts: Parts | None, years: Sequence[int], reference: set[str]) -> list[int]:
    """The ``years`` that have every reference part (all of them without parts)."""
    return [y for y in years if not missing_in(parts, y, reference)]
