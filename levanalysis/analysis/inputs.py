"""Loading the input of a plan KPI: the datasets ``kpi.data`` names, turned into its series.

:func:`load_kpi_input` reads the datasets a plan KPI is bound to from a
:class:`~levanalysis.sources.store.DataStore` and returns a small :class:`KpiInput`. Absent
datasets give ``None`` series, never empty or zero ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from levanalysis.analysis.series import (
    diversification_series,
    lisa_jobs,
    lisa_subsector_jobs,
    register_counts,
    technical_students,
    tourist_nights,
    tourist_tax_provisional_years,
    uwv_tension,
    uwv_weights,
    website_visitors,
)
from levanalysis.definitions.plan import Kpi, PlanError
from levanalysis.definitions.region import Region, load_region
from levanalysis.definitions.sectors import sector_sbi_codes, sector_subsectors
from levanalysis.sources.cache import Provenance
from levanalysis.sources.cbs.backend import CbsFetchError
from levanalysis.sources.cbs.frames import (
    NATION_CODE,
    cbs_jobs,
    cbs_nights,
    cbs_productivity,
    cbs_provisional_years,
    productivity_region,
)
from levanalysis.sources.store import CBS_PREFIX, DataStore


@dataclass(frozen=True)
class KpiInput:
    """What one KPI is judged on.

    ``region`` and ``nation`` are float Series indexed by year (``None`` when the dataset is
    absent); ``provisional_years`` are the years in which a figure used is not final;
    ``missing`` lists the bound datasets that are absent; ``problems`` says why a dataset that
    is present could not be used (e.g. a CBS table without the expected measure); ``detail``
    holds supporting figures (VTE jobs per subsector for the diversification).
    """

    region: pd.Series | None
    nation: pd.Series | None = None
    provenances: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    provisional_years: frozenset[int] = frozenset()
    region_label: str = "de Liemers"
    unit: str = ""
    decimals: int = 0
    detail: pd.DataFrame | None = field(default=None, compare=False)


def _dataset(store: DataStore, reference: str, used: list[Provenance], missing: list[str]):
    dataset = store.get(reference)
    if dataset is None:
        if reference not in missing:
            missing.append(reference)
        return None
    if dataset.provenance not in used:  # 85925NED serves region and nation: list it once
        used.append(dataset.provenance)
    return dataset


def _cbs_notes(table_id: str, years: Mapping[int, str]) -> list[str]:
    return [f"CBS-cijfer {year} is {status.casefold()} ({table_id})." for year, status in sorted(years.items())]


def _nation_series(reference: str, frame: pd.DataFrame, sector: str) -> pd.Series:
    table_id = reference.removeprefix(CBS_PREFIX)
    if table_id == "82058NED":
        return cbs_nights(frame, table_id)
    if table_id == "83582NED":
        return cbs_jobs(frame, sector_sbi_codes(sector), NATION_CODE, table_id)
    if table_id == "85925NED":
        return cbs_productivity(frame, NATION_CODE, sector_sbi_codes(sector)[0], table_id)
    raise PlanError(f"Onbekende landelijke bron '{reference}' in data.nation.")


def load_kpi_input(kpi: Kpi, store: DataStore, sector: str, region: Region | None = None) -> KpiInput:
    """Load the datasets ``kpi.data`` names and turn them into the KPI's series.

    ``sector`` is the spearhead's sector id in sectors.yaml (``vte``, ``maakindustrie``): it
    decides which SBI codes the jobs KPIs sum. Raises :class:`~levanalysis.definitions.plan.PlanError` for a
    binding this module does not know; bad input files raise their own errors
    (:class:`~levanalysis.local_sources.ValidationError`, :class:`~levanalysis.cbs.CbsFetchError`).
    """
    region = region or load_region()
    binding = kpi.data
    used: list[Provenance] = []
    missing: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    provisional: set[int] = set()
    nation: pd.Series | None = None
    detail = None
    label, unit, decimals = "de Liemers", "", 0

    source = binding.region
    if source == "website_bezoekers":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else website_visitors(dataset.data)
        unit = "bezoekers"
        if series is not None and series.isna().any():
            notes.append("Jaren met maandcijfers voor minder dan twaalf maanden tellen niet mee (onvolledig jaar).")
    elif source == "toeristenbelasting":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else tourist_nights(dataset.data, region)
        unit = "overnachtingen"
        if dataset is not None:
            years = tourist_tax_provisional_years(dataset.data)
            provisional.update(years)
            notes += [f"Toeristenbelasting {year} is (deels) voorlopig." for year in years]
    elif source == "lisa_banen":
        dataset = _dataset(store, source, used, missing)
        unit = "banen"
        if kpi.rule.type == "diversification_increase":
            subsectors = sector_subsectors(sector)
            detail = None if dataset is None else lisa_subsector_jobs(dataset.data, subsectors, region)
            series = None if detail is None else diversification_series(detail)
            unit, decimals = "genormaliseerde Shannon-index (0-1)", 3
            notes.append(
                "Spreiding = genormaliseerde Shannon-index van de banen over de subsectoren "
                f"{', '.join(subsectors)} (0 = alles in één subsector, 1 = gelijk verdeeld)."
            )
        else:
            series = None if dataset is None else lisa_jobs(dataset.data, sector_sbi_codes(sector), region)
    elif source == f"{CBS_PREFIX}85925NED":
        dataset = _dataset(store, source, used, missing)
        series = None
        unit = "euro toegevoegde waarde per arbeidsjaar"
        if dataset is not None:
            code = productivity_region(dataset.data)
            if code is None:
                notes.append("85925NED heeft geen cijfers voor COROP Arnhem/Nijmegen of Gelderland.")
            else:
                try:
                    series = cbs_productivity(dataset.data, code, sector_sbi_codes(sector)[0])
                except CbsFetchError as exc:
                    problems.append(str(exc))
                titles = dataset.data.loc[dataset.data["RegioS"].astype(str).str.strip() == code, "RegioS_title"]
                label = str(titles.iloc[0]) if len(titles) else code
                notes.append(
                    f"CBS publiceert productiviteit niet per gemeente: de regionale waarde is die van "
                    f"{label} (CBS-code {code}), het kleinste gebied met cijfers waar de Liemers in ligt."
                )
                years = cbs_provisional_years(dataset.data, dataset.provenance)
                provisional.update(years)
                notes += _cbs_notes("85925NED", years)
    elif source == "techniekstudenten":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else technical_students(dataset.data)
        unit = "studenten"
        notes.append("Jaar = beginjaar van het schooljaar (2024 = schooljaar 2024-2025).")
    elif source == "uwv_spanning":
        dataset = _dataset(store, source, used, missing)
        weights = uwv_weights(region)
        series = None if dataset is None else uwv_tension(dataset.data, weights)
        unit, decimals = "spanningsindicator", 2
        if dataset is not None and series is not None and series.empty:
            notes.append("Het bestand heeft geen beroepsgroep Techniek.")
            series = None
        notes.append(
            "Spanningsindicator Techniek: jaargemiddelde van vier kwartalen per UWV-regio, gewogen naar "
            "het aantal Liemerse gemeenten per regio ("
            + ", ".join(f"{name} {count}" for name, count in weights.items())
            + "); een jaar zonder alle kwartalen telt niet mee."
        )
    elif source == "projecten":
        if not binding.kind:
            raise PlanError(f"KPI '{kpi.id}': bron 'projecten' heeft een 'kind' nodig (project of samenwerking).")
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else register_counts(dataset.data, binding.kind)
        unit = "projecten" if binding.kind == "project" else f"{binding.kind}en"
        if series is not None and series.empty:
            series = None
    else:
        raise PlanError(f"KPI '{kpi.id}': onbekende gegevensbron '{source}' in data.region.")

    if binding.nation is not None:
        dataset = _dataset(store, binding.nation, used, missing)
        table_id = binding.nation.removeprefix(CBS_PREFIX)
        if dataset is not None:
            try:
                nation = _nation_series(binding.nation, dataset.data, sector)
            except CbsFetchError as exc:
                # One table lacking what one KPI needs makes that KPI 'geen data' with this
                # message; it should not stop the evaluation of every other KPI.
                problems.append(str(exc))
            if binding.nation != source:  # 85925NED: already noted for the region
                years = cbs_provisional_years(dataset.data, dataset.provenance)
                provisional.update(years)
                notes += _cbs_notes(table_id, years)
        if source == "lisa_banen" and binding.nation == f"{CBS_PREFIX}83582NED" and series is not None \
                and nation is not None:
            notes.append(
                "De Liemers uit LISA (werkzame personen), Nederland uit CBS 83582NED (banen van "
                "werknemers): verschillende bronnen, daarom worden alleen de groeicijfers vergeleken."
            )

    return KpiInput(
        region=series,
        nation=nation,
        provenances=tuple(used),
        notes=tuple(dict.fromkeys(notes)),
        missing=tuple(missing),
        problems=tuple(problems),
        provisional_years=frozenset(provisional),
        region_label=label,
        unit=unit,
        decimals=decimals,
        detail=detail,
    )

