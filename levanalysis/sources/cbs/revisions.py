"""Revisions: figures that changed between two fetches of the same CBS table.

CBS revises figures: a provisional year becomes 'Nader voorlopig' and then 'Definitief', usually
with another value, and now and then a definitive year is corrected (accommodation figures after
March 2022 were, in November 2023). A refetch compares every cell it shares with the cache
(same dimension codes and measure) and records each changed value, with the old and new period
status, in ``provenance.extra["revisions"]``: cumulative over fetches, each entry stamped with
the fetch that saw it (``retrieved_at``) and the fetch it differs from (``previous_retrieved_at``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from levanalysis.formatting import format_number
from levanalysis.sources.cache import Dataset, Provenance
from levanalysis.sources.cbs.resolve import PERIOD_KEY

REVISIONS_KEY = "revisions"
LATEST_KEY = "revisions_latest"
"""How many of the history's last entries the last fetch found (two fetches may share a second)."""
MAX_KEPT = 5000
"""The history keeps at most this many revisions (the newest)."""
REVISION_COLUMNS = [
    "table_id", "region", "region_title", "period", "year", "categories", "category_titles", "measure",
    "measure_title", "unit", "old", "new", "old_status", "new_status", "previous_retrieved_at", "retrieved_at",
]


def _dimensions(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if f"{c}_title" in frame.columns and c != "measure"]


def _time_dimension(frame: pd.DataFrame) -> str | None:
    return next((d for d in _dimensions(frame) if f"{d}_status" in frame.columns), None)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def find_revisions(previous: Dataset | None, frame: pd.DataFrame, table_id: str, retrieved_at: str) -> list[dict[str, Any]]:
    """Every cell present in both the cached and the new frame whose value differs."""
    if previous is None or frame.empty or previous.data.empty:
        return []
    old = previous.data
    dims = _dimensions(frame)
    if set(dims) - set(old.columns):
        return []  # another layout (an older cache format): nothing comparable
    measure = "measure" if set(old["measure"]) & set(frame["measure"]) else "measure_title"
    keys = [*dims, measure]
    time_dim = _time_dimension(frame)
    status_col = f"{time_dim}_status" if time_dim else None
    merged = frame.merge(old, on=keys, how="inner", suffixes=("", "__old"))
    region_dim = "RegioS" if "RegioS" in dims else next((d for d in dims if "regio" in d.casefold()), None)
    category_dims = [d for d in dims if d not in (time_dim, region_dim)]
    out = []
    for row in merged.to_dict("records"):
        new_value, old_value = _number(row["value"]), _number(row["value__old"])
        if _same(new_value, old_value):
            continue
        period = str(row[time_dim]) if time_dim else None
        match = PERIOD_KEY.match(period or "")
        out.append({
            "table_id": table_id,
            "region": str(row[region_dim]) if region_dim else "NL01",
            "region_title": str(row[f"{region_dim}_title"]) if region_dim else "Nederland",
            "period": period,
            "year": int(match.group(1)) if match and match.group(2) == "JJ" else None,
            "categories": {d: str(row[f"{d}_code"] if f"{d}_code" in row and row[f"{d}_code"] else row[d])
                           for d in category_dims},
            "category_titles": ", ".join(str(row[f"{d}_title"]) for d in category_dims),
            "measure": str(row["measure"]),
            "measure_title": str(row["measure_title"]),
            "unit": row.get("unit"),
            "old": old_value,
            "new": new_value,
            "old_status": row.get(f"{status_col}__old") if status_col else None,
            "new_status": row.get(status_col) if status_col else None,
            "previous_retrieved_at": previous.provenance.retrieved_at,
            "retrieved_at": retrieved_at,
        })
    return out


def history(provenance: Provenance | None) -> list[dict[str, Any]]:
    """The revisions recorded so far in a table's provenance, oldest first."""
    if provenance is None:
        return []
    recorded = provenance.extra.get(REVISIONS_KEY)
    return list(recorded) if isinstance(recorded, list) else []


def with_history(extra: Mapping[str, Any], previous: Provenance | None, new: list[dict[str, Any]]) -> dict[str, Any]:
    """``extra`` with the previous history plus ``new`` under 'revisions' (newest kept), and
    under 'revisions_latest' how many of them are new."""
    return {**extra, REVISIONS_KEY: (history(previous) + new)[-MAX_KEPT:], LATEST_KEY: min(len(new), MAX_KEPT)}


def latest(provenance: Provenance) -> list[dict[str, Any]]:
    """The revisions the last fetch of this table found."""
    entries = history(provenance)
    count = provenance.extra.get(LATEST_KEY)
    if isinstance(count, int):
        return entries[len(entries) - count:] if count else []
    return [e for e in entries if e.get("retrieved_at") == provenance.retrieved_at]


def revision_table(provenances: Mapping[str, Provenance] | Iterable[Provenance], latest_only: bool = True) -> pd.DataFrame:
    """The revisions of CBS tables as one frame (columns :data:`REVISION_COLUMNS`).

    With ``latest_only`` only those the last fetch of each table found (its ``retrieved_at``):
    what changed since the previous fetch. For the book's Methode page.
    """
    items = provenances.values() if isinstance(provenances, Mapping) else provenances
    rows = []
    for provenance in items:
        for entry in latest(provenance) if latest_only else history(provenance):
            rows.append({column: entry.get(column) for column in REVISION_COLUMNS})
    frame = pd.DataFrame(rows, columns=REVISION_COLUMNS)
    frame["old"] = frame["old"].astype("float64")
    frame["new"] = frame["new"].astype("float64")
    return frame.sort_values(["table_id", "region", "period", "measure"], kind="stable").reset_index(drop=True)


def revisions_for(
    provenance: Provenance,
    years: Iterable[int] | None = None,
    regions: Iterable[str] | None = None,
    sbi_codes: Iterable[str] | None = None,
    latest_only: bool = True,
) -> pd.DataFrame:
    """The revisions of one table that touch these years, regions and SBI codes (None: any).

    The SBI filter applies to rows with an SBI category only (82059NED has none).
    """
    table = revision_table([provenance], latest_only)
    if years is not None:
        table = table[table["year"].isin(list(years))]
    if regions is not None:
        table = table[table["region"].isin(list(regions))]
    if sbi_codes is not None:
        wanted = set(sbi_codes)

        def touches(categories: Mapping[str, str]) -> bool:
            sbi = {code for dim, code in (categories or {}).items() if "sbi" in dim.casefold()}
            return not sbi or bool(wanted & sbi)

        table = table[[touches(c) for c in table["categories"]]]
    return table.reset_index(drop=True)


def report_lines(table: pd.DataFrame) -> list[str]:
    """Dutch lines for a terminal: one per revised figure, e.g. '83582NED Nederland, C Industrie,
    2024: 919,9 → 913,0 (Banen van werknemers in december, x 1 000); status Voorlopig → Nader voorlopig'."""
    lines = []
    for row in table.to_dict("records"):
        values = [v for v in (row["old"], row["new"]) if v is not None and not pd.isna(v)]
        decimals = 0 if all(float(v).is_integer() for v in values) else 1
        old, new = format_number(row["old"], decimals), format_number(row["new"], decimals)
        what = ", ".join(p for p in (row["region_title"], row["category_titles"]) if p)
        period = row["year"] if row["year"] is not None and not pd.isna(row["year"]) else row["period"]
        about = ", ".join(p for p in (row["measure_title"], row.get("unit")) if p)
        status = ""
        if row["old_status"] != row["new_status"]:
            status = f"; status {row['old_status'] or 'onbekend'} → {row['new_status'] or 'onbekend'}"
        elif row["new_status"]:
            status = f"; status {row['new_status']}"
        lines.append(f"{row['table_id']} {what}, {period}: {old} → {new} ({about}){status}")
    return lines
