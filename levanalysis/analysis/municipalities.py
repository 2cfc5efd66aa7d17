"""Figures per municipality behind a regional KPI, where the delivery has them."""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.definitions.local_sources import load_definitions
from levanalysis.definitions.plan import Kpi
from levanalysis.definitions.region import Region, apply_reorganisations
from levanalysis.definitions.sectors import sector_sbi_codes
from levanalysis.sources.store import DataStore


def municipal_series(frame: pd.DataFrame, value_column: str, region: Region, sbi_codes=None) -> pd.DataFrame:
    """Year x municipality code table of ``value_column`` (summed over ``sbi_codes`` when given).

    Rijnwaarden is folded into Zevenaar first; a municipality x year with a missing part is NaN.
    """
    data = frame if sbi_codes is None else frame[frame["sbi"].isin(list(sbi_codes))]
    long = data.groupby(["gemeente", "jaar"])[value_column].sum(min_count=1).astype(float).reset_index()
    long = long.rename(columns={"gemeente": "region", "jaar": "year", value_column: "value"})
    long = apply_reorganisations(long, region.reorganisations)
    wide = long.pivot(index="year", columns="region", values="value")
    return wide.reindex(columns=list(region.codes))


def municipality_growth(frame: pd.DataFrame, value_column: str, region: Region, baseline_year: int,
                        sbi_codes=None) -> pd.DataFrame:
    """Per municipality: baseline, latest year with data and growth, from a local source.

    ``frame`` has columns gemeente, jaar, ``value_column`` (and sbi when ``sbi_codes`` is given).
    Rijnwaarden is folded into Zevenaar first; a municipality with a missing figure gets NaN.
    """
    wide = municipal_series(frame, value_column, region, sbi_codes)
    rows = []
    for municipality in region.municipalities:
        series = wide[municipality.code].dropna()
        later = series[series.index > baseline_year]
        base = series.get(baseline_year, math.nan)
        latest_year = int(later.index.max()) if not later.empty else None
        latest = later.iloc[-1] if not later.empty else math.nan
        rows.append({
            "gemeente": municipality.name,
            "basisjaar": baseline_year,
            "basiswaarde": base,
            "laatste_jaar": latest_year,
            "laatste_waarde": latest,
            "groei": latest / base - 1 if base and not math.isnan(base) and not math.isnan(latest) else math.nan,
        })
    return pd.DataFrame(rows)


def breakdown_column(kpi: Kpi) -> str | None:
    """The delivery column a KPI's figures are split by municipality on, if its source has one."""
    definition = load_definitions().sources.get(kpi.data.region)
    if definition is None:
        return None
    indicator = definition.indicators.get(kpi.data.indicator or "") or (
        next(iter(definition.indicators.values())) if len(definition.indicators) == 1 else None
    )
    return indicator.by_municipality if indicator else None


def municipal_breakdown(kpi: Kpi, store: DataStore, sector: str, region: Region, baseline_year: int
                        ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(growth per municipality, year x municipality values) for a KPI whose delivery is per
    municipality; None otherwise or when the delivery is absent."""
    column = breakdown_column(kpi)
    if column is None:
        return None
    dataset = store.get(kpi.data.region)
    if dataset is None:
        return None
    codes = sector_sbi_codes(sector) if "sbi" in dataset.data.columns else None
    return (
        municipality_growth(dataset.data, column, region, baseline_year, codes),
        municipal_series(dataset.data, column, region, codes),
    )
