"""The measuring margin: how much the sources' rounding alone can move a comparison.

Every published cell is rounded (LISA jobs to tens, CBS jobs to hundreds, the UWV indicator to
two decimals; ``data/definitions/rounding.yaml``). A rounding error is taken as uniform on half
a unit either way, so one cell's standard deviation is ``unit / sqrt(12)``; a sum of ``n``
independently rounded cells has ``sqrt(n)`` times that. Growth rates and their differences
carry these through first-order error propagation. The margin is 1.96 standard deviations: a
difference inside it could be the rounding alone (95%). The worst case (every cell rounded the
same way) would be wider, but n independent roundings rarely all go one way.

Suppressed (secret) cells are not estimated: a sum with one is missing, never a margin.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.series import uwv_weights
from levanalysis.definitions.plan import Kpi, PlanError
from levanalysis.definitions.region import Region
from levanalysis.definitions.sectors import sector_sbi_codes
from levanalysis.paths import DATA_ROOT
from levanalysis.sources.cbs.backend import CbsFetchError
from levanalysis.sources.cbs.frames import (
    NATION_CODE,
    cbs_measure,
    cbs_series,
    productivity_region,
)
from levanalysis.sources.store import DataStore

ROUNDING_YAML = DATA_ROOT / "definitions" / "rounding.yaml"
Z95 = 1.96


@cache
def _rounding(path: Path) -> dict[str, dict[str, float]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {str(source): {str(k): float(v) for k, v in units.items()} for source, units in raw["sources"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlanError(f"{path}: de afronding per bron is niet te lezen ({exc}).") from exc


def rounding_unit(source: str, series: str, path: Path | str = ROUNDING_YAML) -> float | None:
    """The unit a published cell of ``source``/``series`` is rounded to (0: exact); None: unknown."""
    return _rounding(Path(path).resolve()).get(source, {}).get(series)


# --------------------------------------------------------------------------- the arithmetic


def cell_sd(unit: float) -> float:
    """Standard deviation of the error of one value rounded to ``unit`` (uniform on ±unit/2)."""
    return unit / math.sqrt(12)


def sum_sd(unit: float, cells: float) -> float:
    """Standard deviation of a sum of ``cells`` values, each rounded to ``unit`` independently."""
    return cell_sd(unit) * math.sqrt(cells)


def relative_growth_sd(start: float, end: float, start_sd: float, end_sd: float) -> float:
    """Standard deviation of ``end / start - 1`` from the values' own standard deviations."""
    if start == 0 or end == 0 or any(math.isnan(v) for v in (start, end, start_sd, end_sd)):
        return math.nan
    return (end / start) * math.hypot(end_sd / end, start_sd / start)


def series_sd(sd: pd.Series | None, year: int) -> float:
    """A year's standard deviation; 0 without a series (exact), NaN for a year it lacks."""
    if sd is None:
        return 0.0
    value = sd.get(year, math.nan)
    return math.nan if pd.isna(value) else float(value)


def growth_margin(series: pd.Series, sd: pd.Series | None, start_year: int, end_year: int) -> float:
    """The 95% margin (as a growth fraction) of the series' growth from ``start_year`` to ``end_year``."""
    return Z95 * relative_growth_sd(float(series.get(start_year, math.nan)), float(series.get(end_year, math.nan)),
                                    series_sd(sd, start_year), series_sd(sd, end_year))


def difference_margin(*margins: float) -> float:
    """The margin of a difference of independent quantities: their margins added in quadrature."""
    return math.hypot(*margins)


# --------------------------------------------------------------------------- per source


def _unit(source: str, series: str) -> float:
    unit = rounding_unit(source, series)
    return 0.0 if unit is None else unit


def _municipal_cells(store: DataStore, source: str, region: Region, sbi_codes=None) -> pd.Series | None:
    """Rows summed into the region's figure per year: municipality (x SBI code) cells."""
    dataset = store.get(source)
    if dataset is None:
        return None
    frame = dataset.data
    codes = set(region.codes) | {r.absorbed_code for r in region.reorganisations}
    rows = frame[frame["gemeente"].isin(codes)]
    if sbi_codes is not None:
        rows = rows[rows["sbi"].isin(list(sbi_codes))]
    return rows.groupby(rows["jaar"].astype(int)).size().astype(float)


def _sum_of_cells(source: str, series: str, codes: Callable[[Kpi, str], list[str] | None]):
    def precision(kpi: Kpi, sector: str, store: DataStore, region: Region, values: pd.Series) -> pd.Series | None:
        unit = _unit(source, series)
        if unit == 0:
            return None
        cells = _municipal_cells(store, source, region, codes(kpi, sector))
        if cells is None:
            return None
        return cells.map(lambda n: sum_sd(unit, n)).reindex(values.index)

    return precision


def _uwv(kpi: Kpi, sector: str, store: DataStore, region: Region, values: pd.Series) -> pd.Series | None:
    # A weighted mean of four quarterly values per UWV region: variance sum of (w/W)^2 / 4 cells.
    unit = _unit("uwv_spanning", "spanningsindicator")
    weights = uwv_weights(region)
    total = sum(weights.values())
    sd = cell_sd(unit) * math.sqrt(sum((w / total) ** 2 for w in weights.values()) / 4)
    return pd.Series(sd, index=values.index, dtype=float)


def _cbs_jobs_nation(kpi: Kpi, sector: str, store: DataStore, region: Region, values: pd.Series) -> pd.Series:
    cells = len(sector_sbi_codes(sector))
    return pd.Series(sum_sd(_unit("cbs:83582NED", "banen"), cells), index=values.index, dtype=float)


def _cbs_nights(kpi: Kpi, sector: str, store: DataStore, region: Region, values: pd.Series) -> pd.Series:
    return pd.Series(cell_sd(_unit("cbs:82058NED", "overnachtingen")), index=values.index, dtype=float)


def _productivity(nation: bool):
    """Value added / labour years: relative errors of both rounded measures in quadrature."""

    def precision(kpi: Kpi, sector: str, store: DataStore, region: Region, values: pd.Series) -> pd.Series | None:
        dataset = store.get("cbs:85925NED")
        if dataset is None:
            return None
        frame = dataset.data
        code = NATION_CODE if nation else productivity_region(frame)
        if code is None:
            return None
        sbi = sector_sbi_codes(sector)[0]
        try:
            added = cbs_series(frame, "85925NED", cbs_measure(frame, "85925NED", "toegevoegde waarde", ("basisprijzen",)),
                               region_code=code, sbi_codes=[sbi])
            years = cbs_series(frame, "85925NED",
                               cbs_measure(frame, "85925NED", "arbeidsjaren", ("werkzame personen", "totaal")),
                               region_code=code, sbi_codes=[sbi])
        except CbsFetchError:
            return None
        relative = ((cell_sd(_unit("cbs:85925NED", "toegevoegde_waarde")) / added) ** 2
                    + (cell_sd(_unit("cbs:85925NED", "arbeidsjaren")) / years) ** 2) ** 0.5
        return (values * relative.reindex(values.index)).astype(float)

    return precision


Precision = Callable[[Kpi, str, DataStore, Region, pd.Series], "pd.Series | None"]

REGION_PRECISION: dict[tuple[str, str], Precision] = {
    ("lisa_banen", "banen"): _sum_of_cells("lisa_banen", "banen", lambda kpi, sector: sector_sbi_codes(sector)),
    ("toeristenbelasting", "overnachtingen"): _sum_of_cells("toeristenbelasting", "overnachtingen", lambda k, s: None),
    ("uwv_spanning", "spanningsindicator"): _uwv,
    ("cbs:85925NED", "productiviteit"): _productivity(nation=False),
}
"""(regional source, indicator) -> standard deviation of the rounding error per year. Sources
not listed are exact counts (website visitors, students, the projects register)."""

NATION_PRECISION: dict[tuple[str, str], Precision] = {
    ("cbs:83582NED", "banen"): _cbs_jobs_nation,
    ("cbs:82058NED", "overnachtingen"): _cbs_nights,
    ("cbs:85925NED", "productiviteit"): _productivity(nation=True),
}


def input_precision(kpi: Kpi, data: KpiInput, store: DataStore, sector: str, region: Region,
                    indicator: str) -> tuple[pd.Series | None, pd.Series | None]:
    """(region, nation) standard deviations of the rounding error per year; None: exact or unknown."""
    region_sd = nation_sd = None
    region_rule = REGION_PRECISION.get((kpi.data.region, indicator))
    if region_rule is not None and data.region is not None:
        region_sd = region_rule(kpi, sector, store, region, data.region)
    nation_rule = NATION_PRECISION.get((kpi.data.nation or "", indicator))
    if nation_rule is not None and data.nation is not None:
        nation_sd = nation_rule(kpi, sector, store, region, data.nation)
    return region_sd, nation_sd
