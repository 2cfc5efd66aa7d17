"""Two sources, one quantity: LISA and CBS both count jobs in the Liemers.

The jobs KPIs take the region from LISA (the plan's source) and Nederland from CBS 83582NED.
CBS also publishes the municipalities, so the chapter can set the region's growth by both
sources side by side, say how their definitions differ, and say which one the status uses and
why, instead of leaving two different growth figures unexplained.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from levanalysis.analysis.margins import growth_margin, rounding_unit, sum_sd
from levanalysis.analysis.results import KpiResult
from levanalysis.analysis.structure import jobs_long
from levanalysis.definitions.plan import Kpi
from levanalysis.definitions.region import Region
from levanalysis.definitions.sectors import sector_sbi_codes
from levanalysis.formatting import format_number, format_percent
from levanalysis.sources.cbs.backend import CbsFetchError
from levanalysis.sources.store import DataStore

CBS_JOBS = "cbs:83582NED"
DEFINITIONS = (
    "LISA telt werkzame personen op 1 april, zelfstandigen inbegrepen, per gemeente en sector afgerond op "
    "tientallen; CBS 83582NED telt banen van werknemers in december, per gemeente en sector afgerond op "
    "honderdtallen."
)


@dataclass(frozen=True)
class SourceFigure:
    """The region's jobs by one source over the compared years."""

    source: str
    definition: str
    baseline_value: float
    latest_value: float
    growth: float
    margin: float
    used: bool
    note: str = ""


@dataclass(frozen=True)
class Reconciliation:
    kpi_id: str
    baseline_year: int
    latest_year: int
    figures: tuple[SourceFigure, ...]
    difference: str
    choice: str


def _pp(fraction: float) -> str:
    return format_number(fraction * 100, 1)


def pct(fraction: float) -> str:
    return format_percent(fraction, 1, signed=True)


def reconcile(kpi: Kpi, result: KpiResult, store: DataStore, sector: str, region: Region,
              region_sd: pd.Series | None = None) -> Reconciliation | None:
    """LISA against CBS for a jobs KPI with a LISA region; None for other KPIs or without CBS."""
    if kpi.data.region != "lisa_banen" or result.latest_year is None or math.isnan(result.change):
        return None
    dataset = store.get(CBS_JOBS)
    if dataset is None:
        return None
    base, latest = result.baseline_year, result.latest_year
    codes = list(sector_sbi_codes(sector))
    try:
        long = jobs_long(dataset.data, sectors=codes, region=region)
    except (CbsFetchError, ValueError):
        return None

    def cells(year: int) -> pd.Series:
        chosen = long[(long["region"].isin(region.codes)) & (long["sector"].isin(codes)) & (long["year"] == year)]
        return chosen["value"]

    secret = [y for y in (base, latest) if cells(y).isna().any()]
    totals = {y: float(cells(y).sum()) if not cells(y).isna().any() and len(cells(y)) else math.nan
              for y in (base, latest)}
    unit = rounding_unit(CBS_JOBS, "banen") or 0.0
    sd = sum_sd(unit, len(region.codes) * len(codes))
    cbs_series = pd.Series(totals, dtype=float)
    cbs_growth = totals[latest] / totals[base] - 1 if totals[base] else math.nan
    cbs_margin = growth_margin(cbs_series, pd.Series({base: sd, latest: sd}), base, latest)
    lisa_series = pd.Series({base: result.baseline_value, latest: result.latest_value}, dtype=float)
    lisa_margin = growth_margin(lisa_series, region_sd, base, latest)
    note = (f"CBS houdt cijfers geheim voor {', '.join(map(str, secret))}: geen groei te berekenen."
            if secret else "")
    figures = (
        SourceFigure("LISA", "werkzame personen, 1 april", result.baseline_value, result.latest_value, result.change,
                     lisa_margin, True),
        SourceFigure("CBS 83582NED", "banen van werknemers, december", totals[base], totals[latest], cbs_growth,
                     cbs_margin, False, note),
    )
    reasons = "het plan LISA als bron voor de regio noemt, LISA ook zelfstandigen telt en LISA per gemeente en " \
              "sector tien keer zo fijn is afgerond"
    if not (math.isnan(cbs_margin) or math.isnan(lisa_margin)):
        reasons += f" (meetmarge ±{_pp(lisa_margin)} tegen ±{_pp(cbs_margin)} procentpunt)"
    choice = f"De status gebruikt LISA, omdat {reasons}."
    if not math.isnan(cbs_growth) and not math.isnan(result.comparison):
        side = "hoger" if cbs_growth >= result.comparison else "lager"
        inside = "binnen" if abs(cbs_growth - result.comparison) <= cbs_margin else "buiten"
        choice += (f" Met CBS voor de regio lag de groei {side} dan in Nederland ({pct(cbs_growth)} tegen "
                   f"{pct(result.comparison)}); dat verschil valt {inside} de meetmarge van CBS.")
    return Reconciliation(kpi.id, base, latest, figures, DEFINITIONS, choice)

