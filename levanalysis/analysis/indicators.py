"""Indicator library for the LEV-monitor.

Small pure functions: data in, numbers or frames out, no I/O.

Two input shapes are used:

* a time series: a pandas Series indexed by year;
* a *long* frame with columns ``region`` (str code), ``sector`` (str code),
  ``year`` (int) and ``value`` (float), one row per region/sector/year.

Missing or suppressed values (NaN/None, or a row that is absent) stay missing:
every result that depends on them is NaN, never 0. A division by zero gives
NaN, never inf. Unknown region or sector codes are configuration errors, not
missing data, and raise ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "GrowthComparison",
    "aggregate_region",
    "average_annual_growth",
    "diversification",
    "growth",
    "growth_vs_reference",
    "herfindahl_diversity",
    "index_series",
    "location_quotient",
    "location_quotients",
    "normalised_shannon_entropy",
    "shannon_entropy",
    "share",
    "shift_share",
]

LONG_COLUMNS = ("region", "sector", "year", "value")
_KEYS = ["region", "sector", "year"]

# Growth rates of region and reference are computed from different bases, so two
# mathematically equal rates can differ in the last bits; the plan's rule
# "gelijk of groter" must not fail on that noise.
_EQUAL_GROWTH_TOLERANCE_PP = 1e-9


# --------------------------------------------------------------------------- helpers


def _to_float_array(values) -> np.ndarray:
    # to_numeric maps None/pd.NA to NaN; nullable dtypes need an explicit na_value.
    numeric = pd.to_numeric(pd.Series(values))
    return numeric.to_numpy(dtype=float, na_value=np.nan)


def _scalar(value) -> float:
    if value is None or pd.isna(value):
        return math.nan
    return float(value)


def _safe_ratio(numerator: float, denominator: float) -> float:
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


def _value_at(series: pd.Series, year: int) -> float:
    if not series.index.is_unique:
        raise ValueError("series index (years) must be unique")
    if year not in series.index:
        return math.nan
    return _scalar(series.loc[year])


def _codes(codes: str | Iterable[str], what: str) -> list[str]:
    result = [codes] if isinstance(codes, str) else list(codes)
    if not result:
        raise ValueError(f"{what} must not be empty")
    if len(set(result)) != len(result):
        raise ValueError(f"{what} contains duplicates: {result}")
    return result


def _long_values(long_df: pd.DataFrame) -> pd.Series:
    """``value`` as float Series indexed by (region, sector, year); keys must be unique."""
    missing = [c for c in LONG_COLUMNS if c not in long_df.columns]
    if missing:
        raise ValueError(f"long frame lacks columns {missing}")
    keys = long_df[_KEYS]
    duplicated = keys.duplicated(keep=False)
    if duplicated.any():
        # Summing duplicates silently would double-count; make the caller decide.
        raise ValueError(f"duplicate region/sector/year rows:\n{keys[duplicated]}")
    return pd.Series(
        _to_float_array(long_df["value"]),
        index=pd.MultiIndex.from_frame(keys),
        name="value",
    )


def _wide(long_df: pd.DataFrame) -> pd.DataFrame:
    """(region, year) x sector table; absent rows become NaN."""
    return _long_values(long_df).unstack("sector")


def _require(present: Iterable[str], wanted: Iterable[str], what: str) -> None:
    unknown = sorted(set(wanted) - set(present))
    if unknown:
        raise ValueError(f"unknown {what}: {unknown}")


def _divide(numerator, denominator):
    """Element-wise division with NaN instead of inf for a zero denominator."""
    return numerator / denominator.where(denominator != 0)


# ----------------------------------------------------------------- time-series growth


def growth(series: pd.Series, start_year: int, end_year: int) -> float:
    """Relative change ``end / start - 1`` of a year-indexed series.

    NaN when either value is missing or the start value is 0. Meant for
    non-negative quantities such as jobs or establishments.
    """
    start = _value_at(series, start_year)
    end = _value_at(series, end_year)
    return _safe_ratio(end, start) - 1


def average_annual_growth(series: pd.Series, start_year: int, end_year: int) -> float:
    """Compound annual growth rate ``(end / start) ** (1 / (end_year - start_year)) - 1``.

    NaN when either value is missing, the start value is 0, or the ratio is
    negative (no real annual rate exists).
    """
    if end_year <= start_year:
        raise ValueError("end_year must be later than start_year")
    ratio = _safe_ratio(_value_at(series, end_year), _value_at(series, start_year))
    if math.isnan(ratio) or ratio < 0:
        return math.nan
    return ratio ** (1 / (end_year - start_year)) - 1


def index_series(series: pd.Series, base_year: int) -> pd.Series:
    """Series rescaled so that the base year is 100; all NaN if the base is missing or 0."""
    values = pd.Series(_to_float_array(series), index=series.index, name=series.name)
    base = _value_at(values, base_year)
    if math.isnan(base) or base == 0:
        return values * math.nan
    return values / base * 100


@dataclass(frozen=True)
class GrowthComparison:
    """Growth of a region next to a reference (usually NL) over the same period.

    ``difference_pp`` is in percentage points: (region - reference) * 100.
    """

    region_growth: float
    reference_growth: float
    difference_pp: float

    @property
    def meets_reference(self) -> bool | None:
        """Plan rule "groeipercentage is gelijk of groter dan NL-gemiddelde"; None if unknown."""
        if math.isnan(self.difference_pp):
            return None
        return self.difference_pp >= -_EQUAL_GROWTH_TOLERANCE_PP


def growth_vs_reference(
    region_series: pd.Series,
    reference_series: pd.Series,
    start_year: int,
    end_year: int,
) -> GrowthComparison:
    """Compare the growth of a region with a reference series over the same years."""
    region_growth = growth(region_series, start_year, end_year)
    reference_growth = growth(reference_series, start_year, end_year)
    return GrowthComparison(
        region_growth=region_growth,
        reference_growth=reference_growth,
        difference_pp=(region_growth - reference_growth) * 100,
    )


# ------------------------------------------------------------ sector structure (long)


def share(
    long_df: pd.DataFrame,
    part_sectors: str | Sequence[str],
    total_sector: str,
) -> pd.Series:
    """Share of the summed ``part_sectors`` in ``total_sector`` per region and year.

    Returns a Series indexed by (region, year). A missing part makes the share
    NaN: a partial numerator would understate the share.
    """
    parts = _codes(part_sectors, "part_sectors")
    wide = _wide(long_df)
    _require(wide.columns, [*parts, total_sector], "sectors")
    numerator = wide[parts].sum(axis=1, skipna=False)
    result = _divide(numerator, wide[total_sector])
    result.name = "share"
    return result


def location_quotients(
    long_df: pd.DataFrame,
    total_sector: str,
    nation: str,
) -> pd.Series:
    """Location quotient of every sector in every region and year.

    ``LQ = (region sector / region total) / (nation sector / nation total)``.
    Returns a Series indexed by (region, sector, year); the total sector itself
    is left out (its LQ is 1 by definition). The nation is included as a region
    (LQ 1 wherever defined).
    """
    wide = _wide(long_df)
    _require(wide.columns, [total_sector], "sectors")
    _require(wide.index.get_level_values("region"), [nation], "regions")
    region_share = wide.div(wide[total_sector].where(wide[total_sector] != 0), axis=0)
    nation_share = region_share.xs(nation, level="region")
    # Align the nation's shares with every (region, year) row by year.
    aligned = nation_share.reindex(region_share.index.get_level_values("year"))
    aligned.index = region_share.index
    lq = _divide(region_share, aligned).drop(columns=total_sector)
    # pandas >= 3 keeps NaN cells in stack(), so missing LQs stay visible.
    result = lq.stack().reorder_levels(["region", "sector", "year"]).sort_index()
    result.name = "location_quotient"
    return result


def location_quotient(
    long_df: pd.DataFrame,
    sector: str,
    total_sector: str,
    region: str,
    nation: str,
) -> pd.Series:
    """Location quotient of one sector in one region, as a Series indexed by year."""
    all_lq = location_quotients(long_df, total_sector, nation)
    _require(all_lq.index.get_level_values("region"), [region], "regions")
    _require(all_lq.index.get_level_values("sector"), [sector], "sectors")
    result = all_lq.xs((region, sector), level=("region", "sector"))
    result.name = "location_quotient"
    return result


def shift_share(
    long_df: pd.DataFrame,
    region: str,
    nation: str,
    sectors: Sequence[str],
    start_year: int,
    end_year: int,
    total_sector: str = "TOTAL",
    total_label: str = "total",
) -> pd.DataFrame:
    """Classic shift-share decomposition of the regional change per sector.

    For sector i with regional employment e_i and national growth rates G
    between ``start_year`` and ``end_year``:

    * national_growth_effect = e_i0 * G_total (``total_sector`` of the nation)
    * industry_mix_effect    = e_i0 * (G_i - G_total)
    * regional_effect        = e_i0 * (g_i - G_i), g_i the regional growth rate

    The three add up to actual_change = e_i1 - e_i0. A row labelled
    ``total_label`` holds the column sums over ``sectors``. Missing inputs give
    NaN effects; a regional start value of 0 leaves g_i undefined, so the
    effects are NaN while actual_change is still reported.
    """
    codes = _codes(sectors, "sectors")
    if total_label in codes:
        raise ValueError(f"total_label {total_label!r} collides with a sector code")
    wide = _wide(long_df)
    _require(wide.columns, [*codes, total_sector], "sectors")
    regions = wide.index.get_level_values("region")
    _require(regions, [region, nation], "regions")

    years = [start_year, end_year]
    local = wide.xs(region, level="region").reindex(index=years, columns=codes)
    national = wide.xs(nation, level="region").reindex(index=years)

    e0, e1 = local.loc[start_year], local.loc[end_year]
    regional_growth = _divide(e1, e0) - 1
    national_growth = _divide(national.loc[end_year, codes], national.loc[start_year, codes]) - 1
    national_total_growth = growth(national[total_sector], start_year, end_year)

    result = pd.DataFrame(
        {
            "start_value": e0,
            "end_value": e1,
            "national_growth_effect": e0 * national_total_growth,
            "industry_mix_effect": e0 * (national_growth - national_total_growth),
            "regional_effect": e0 * (regional_growth - national_growth),
            "actual_change": e1 - e0,
        }
    )
    result.index.name = "sector"
    result.loc[total_label] = result.sum(axis=0, skipna=False)
    return result


# ------------------------------------------------------------------ diversification


def _proportions(shares) -> np.ndarray | None:
    """Shares rescaled to sum to 1; None if any is missing or they sum to 0."""
    values = _to_float_array(shares)
    if values.size == 0:
        raise ValueError("shares must not be empty")
    if np.isnan(values).any():
        return None
    if (values < 0).any():
        raise ValueError("shares must not be negative")
    total = values.sum()
    if total == 0:
        return None
    return values / total


def shannon_entropy(shares) -> float:
    """Shannon entropy ``-sum(p ln p)`` (natural log) over the categories.

    ``shares`` may be shares or raw amounts (e.g. jobs per subsector): they are
    rescaled to sum to 1. Zero categories count as 0 (p ln p -> 0). NaN if any
    share is missing or all are 0.
    """
    p = _proportions(shares)
    if p is None:
        return math.nan
    positive = p[p > 0]
    # abs() turns the -0.0 of a single-category economy into 0.0.
    return abs(float(-(positive * np.log(positive)).sum()))


def normalised_shannon_entropy(shares) -> float:
    """Shannon entropy divided by ``ln(n)``: 0 = one category, 1 = equal shares.

    NaN for a single category (ln 1 = 0, no diversity scale exists).
    """
    entropy = shannon_entropy(shares)
    return _safe_ratio(entropy, math.log(len(_to_float_array(shares))))


def herfindahl_diversity(shares) -> float:
    """``1 - sum(p_i^2)``: 0 when one category holds everything.

    Same rescaling and missing-value rules as :func:`shannon_entropy`.
    """
    p = _proportions(shares)
    if p is None:
        return math.nan
    return float(1 - (p**2).sum())


def diversification(long_df: pd.DataFrame, sectors: Sequence[str]) -> pd.DataFrame:
    """Diversity of each region/year over ``sectors``.

    Returns a frame indexed by (region, year) with columns ``shannon_entropy``,
    ``normalised_shannon_entropy`` and ``herfindahl_diversity``. A missing
    subsector makes the row NaN.
    """
    codes = _codes(sectors, "sectors")
    wide = _wide(long_df)
    _require(wide.columns, codes, "sectors")
    table = wide[codes]
    return pd.DataFrame(
        {
            "shannon_entropy": table.apply(shannon_entropy, axis=1),
            "normalised_shannon_entropy": table.apply(normalised_shannon_entropy, axis=1),
            "herfindahl_diversity": table.apply(herfindahl_diversity, axis=1),
        },
        index=table.index,
    )


# -------------------------------------------------------------------- aggregation


def aggregate_region(
    long_df: pd.DataFrame,
    members: Sequence[str],
    new_code: str,
    require_all_members: bool = True,
) -> pd.DataFrame:
    """Sum member regions into one region per sector and year.

    Returns a long frame with only the new region's rows. With
    ``require_all_members`` (default) a sector/year where any member is
    missing (NaN or absent row) is NaN, because a partial sum must not look
    like a total. Otherwise the available members are summed, and NaN remains
    only where all members are missing.
    """
    codes = _codes(members, "members")
    if new_code in codes:
        raise ValueError(f"new_code {new_code!r} is also a member")
    values = _long_values(long_df)
    regions = values.index.get_level_values("region")
    _require(regions, codes, "regions")

    subset = values[regions.isin(codes)]
    cells = subset.index.droplevel("region").unique()
    full = pd.MultiIndex.from_tuples(
        [(member, sector, year) for member in codes for sector, year in cells],
        names=_KEYS,
    )
    min_count = len(codes) if require_all_members else 1
    summed = subset.reindex(full).groupby(level=["sector", "year"]).sum(min_count=min_count)

    result = summed.reset_index()
    result.insert(0, "region", new_code)
    result["year"] = result["year"].astype(long_df["year"].dtype)
    return result[list(LONG_COLUMNS)]
