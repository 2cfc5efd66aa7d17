"""From cleaned local deliveries to the series each KPI needs: pure functions, no I/O.

Missing values stay missing: a sum over municipalities, sectors, months or quarters where one
part is absent is NaN, never a smaller number, because a partial total would look like a real
decline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from levanalysis.analysis.indicators import normalised_shannon_entropy
from levanalysis.definitions.region import Region, apply_reorganisations, load_region
from levanalysis.frames import (
    as_float,
    complete_sum,
    strict_sum,
    unstack_unique,
    year_series,
)
from levanalysis.sources.local.rules import techniek_group


def website_visitors(frame: pd.DataFrame) -> pd.Series:
    """Visitors per year: the year-total row, or the sum of all twelve months.

    A year with some months but not all twelve is NaN: its sum would look like a drop.
    """
    rows = []
    for year, group in frame.groupby("jaar", sort=True):
        totals = group[group["maand"].isna()]
        months = group[group["maand"].notna()]
        if len(totals):
            value = as_float(totals["bezoekers"]).sum() if len(totals) == 1 else math.nan
        elif set(as_float(months["maand"]).astype(int)) == set(range(1, 13)):
            value = as_float(months["bezoekers"]).sum()  # NaN propagates: np.sum keeps NaN
        else:
            value = math.nan
        rows.append((int(year), value))
    return pd.Series(dict(rows), name="bezoekers", dtype=float).rename_axis("year")


def _municipal_long(frame: pd.DataFrame, value_col: str, extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    columns = {"gemeente": "region", "jaar": "year", value_col: "value", **(extra or {})}
    long = frame[list(columns)].rename(columns=columns).copy()
    long["year"] = long["year"].astype(int)
    long["value"] = as_float(long["value"])
    return long


def tourist_nights(frame: pd.DataFrame, region: Region | None = None) -> pd.Series:
    """Nights from the tourist tax summed over the municipalities, per year.

    Rijnwaarden is folded into Zevenaar first; a year where a municipality is missing is NaN.
    """
    region = region or load_region()
    long = _municipal_long(frame, "overnachtingen")
    long["sector"] = "nights"
    long = apply_reorganisations(long[["region", "sector", "year", "value"]], region.reorganisations)
    return complete_sum(long, region.codes, ["nights"], member_col="region", code_col="sector").rename(
        "overnachtingen"
    )


def tourist_tax_provisional_years(frame: pd.DataFrame) -> list[int]:
    """Years in which at least one municipality's figure is still 'voorlopig'."""
    provisional = frame[frame["status"].astype(str).str.casefold() == "voorlopig"]
    return sorted({int(y) for y in provisional["jaar"]})


def _lisa_long(frame: pd.DataFrame, region: Region) -> pd.DataFrame:
    long = _municipal_long(frame, "banen", {"sbi": "sector"})[["region", "sector", "year", "value"]]
    return apply_reorganisations(long, region.reorganisations)


def lisa_jobs(frame: pd.DataFrame, sbi_codes: Sequence[str], region: Region | None = None) -> pd.Series:
    """LISA jobs of the region summed over ``sbi_codes`` per year (reorganisations applied first).

    NaN for a year where any municipality x code is absent or missing.
    """
    region = region or load_region()
    long = _lisa_long(frame, region)
    return complete_sum(long, region.codes, list(sbi_codes), member_col="region", code_col="sector").rename("banen")


def lisa_subsector_jobs(
    frame: pd.DataFrame, subsectors: Mapping[str, Sequence[str]], region: Region | None = None
) -> pd.DataFrame:
    """Year x subsector table of the region's LISA jobs (each subsector summed strictly)."""
    region = region or load_region()
    long = _lisa_long(frame, region)
    columns = {
        code: complete_sum(long, region.codes, list(sbi), member_col="region", code_col="sector")
        for code, sbi in subsectors.items()
    }
    table = pd.DataFrame(columns)
    table.index.name = "year"
    table.columns.name = "subsector"
    return table


def diversification_series(subsector_jobs: pd.DataFrame) -> pd.Series:
    """Normalised Shannon entropy of the subsectors per year (NaN if a subsector is missing)."""
    return subsector_jobs.apply(normalised_shannon_entropy, axis=1).rename("spreiding")


def technical_students(frame: pd.DataFrame) -> pd.Series:
    """Technical students per school year (the year the school year starts), all schools summed."""
    values = pd.Series(as_float(frame["studenten"]), index=frame["jaar"].astype(int).to_numpy())
    return year_series(values.groupby(level=0).sum(min_count=1), "studenten")


def uwv_weights(region: Region | None = None) -> dict[str, int]:
    """Number of the region's municipalities in each UWV labour-market region."""
    region = region or load_region()
    weights: dict[str, int] = {}
    for municipality in region.municipalities:
        weights[municipality.uwv_region] = weights.get(municipality.uwv_region, 0) + 1
    return weights



def uwv_tension(frame: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """UWV spanningsindicator for Techniek: yearly mean of the four quarters per UWV region,
    then the weighted mean over the UWV regions (weights: municipalities in each).

    A year with fewer than four quarters in a UWV region, or without one of the regions, is NaN.
    Without a Techniek group in the file the result is empty.
    """
    weights = dict(uwv_weights() if weights is None else weights)
    group = techniek_group(frame)
    if group is None:
        return pd.Series(dtype=float, name="spanningsindicator").rename_axis("year")
    rows = frame[frame["beroepsgroep"].astype(str) == group]
    data = pd.DataFrame({
        "uwv_regio": rows["uwv_regio"].astype(str).to_numpy(),
        "year": rows["jaar"].astype(int).to_numpy(),
        "kwartaal": rows["kwartaal"].astype(int).to_numpy(),
        "value": as_float(rows["spanningsindicator"]),
    })
    wide = unstack_unique(data, "year", ["uwv_regio", "kwartaal"])
    full = pd.MultiIndex.from_product([list(weights), [1, 2, 3, 4]], names=["uwv_regio", "kwartaal"])
    wide = wide.reindex(columns=full)
    # mean(skipna=False): a missing quarter makes the year's mean NaN (seasons differ).
    yearly = pd.DataFrame({name: wide[name].mean(axis=1, skipna=False) for name in weights})
    weight = pd.Series(weights, dtype=float)
    combined = strict_sum(yearly * weight) / weight.sum()
    return year_series(combined, "spanningsindicator")


def register_counts(frame: pd.DataFrame, kind: str) -> pd.Series:
    """Rows of the projects register with ``soort == kind`` per start year.

    The register is a complete list, so a year inside its range without rows is a real 0; the
    range runs from its first to its last year over all kinds of rows.
    """
    years = frame["jaar"].dropna().astype(int)
    if years.empty:
        return pd.Series(dtype=float, name="aantal").rename_axis("year")
    chosen = frame[frame["soort"].astype(str).str.casefold() == kind.casefold()]
    counts = chosen["jaar"].astype(int).value_counts()
    index = pd.RangeIndex(years.min(), years.max() + 1, name="year")
    return counts.reindex(index, fill_value=0).astype(float).rename("aantal")

