"""The CBS tables of the example data, produced by the real fetch code from an in-memory backend."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from levanalysis.definitions.cbs_tables import TableSpec, load_table_specs
from levanalysis.sources.cache import Dataset
from levanalysis.sources.cbs.backend import (
    Dimension,
    Measure,
    Member,
    Selection,
    TableMetadata,
)
from levanalysis.sources.cbs.fetch import fetch_table
from levanalysis.sources.example.model import (
    BASE_YEAR,
    CBS_MODIFIED,
    CBS_YEARS,
    DOESBURG,
    EXAMPLE_NOTE,
    GROWTH_YEARS,
    MERGER_YEAR,
    MUNICIPALITIES,
    NAMES,
    NL_GROWTH,
    NL_GROWTH_DEFAULT,
    RETRIEVED_AT,
    RIJNWAARDEN,
    SEED,
    SOURCE,
    WESTERVOORT,
    ExampleDataError,
    employment_model,
    growth_index,
    round_to,
    seeded_rng,
)

SBI_DIM = "BedrijfstakkenBranchesSBI2008"
# Category keys and titles as CBS StatLine has them (notes/cbs-verified.md): numeric keys,
# titles opening with the SBI code. 46's key was not seen; it is invented.
_SBI_MEMBERS = {
    "T001081": ("T001081", "A-U Alle economische activiteiten"),
    "B-E": ("300002", "B-E Nijverheid (geen bouw) en energie"),
    "C": ("307500", "C Industrie"),
    "F": ("350000", "F Bouwnijverheid"),
    "G": ("354200", "G Handel"),
    "46": ("357300", "46 Groothandel en handelsbemiddeling"),
    "47": ("371600", "47 Detailhandel (niet in auto's)"),
    "H": ("383100", "H Vervoer en opslag"),
    "I": ("389100", "I Horeca"),
    "R": ("428100", "R Cultuur, sport en recreatie"),
}
_REGION_TITLES = {
    "NL01": "Nederland",
    "PV25": "Gelderland (PV)",
    "CR14": "Achterhoek (CR)",
    "CR15": "Arnhem/Nijmegen (CR)",
    **NAMES,
}


@dataclass(frozen=True)
class ExampleTable:
    """An invented CBS table as the service would present it.

    ``rows`` is shaped like an OData v3 TypedDataSet: one column per dimension with the raw
    member keys (region keys padded to ten characters), then one column per measure (NaN for a
    suppressed cell).
    """

    metadata: TableMetadata
    rows: pd.DataFrame


def _pad(code: str) -> str:
    return code.ljust(10)


def _period_key(year: int) -> str:
    return f"{year}JJ00"


def _periods_dimension(years: Sequence[int]) -> Dimension:
    last = max(years)
    # CBS marks a provisional year with '*' in the title, and in the period's Status.
    return Dimension("Perioden", "time", "Perioden", tuple(
        Member(_period_key(y), f"{y}*" if y == last else str(y), "Voorlopig" if y == last else "Definitief")
        for y in years
    ))


def _regions_dimension(codes: Sequence[str]) -> Dimension:
    return Dimension("RegioS", "region", "Regio's", tuple(Member(_pad(c), _REGION_TITLES[c]) for c in codes))


def _sbi_dimension(codes: Sequence[str]) -> Dimension:
    return Dimension(SBI_DIM, "category", "Bedrijfstakken/branches (SBI 2008)",
                     tuple(Member(*_SBI_MEMBERS[c]) for c in codes))


def _sbi_key(code: str) -> str:
    return _SBI_MEMBERS[code][0]


# 83582NED has SBI sections and aggregates only: no divisions such as 46 and 47.
_JOBS_SECTIONS = ("C", "F", "H", "I", "R")
_JOBS_SECTORS = ("C", "F", "46", "47", "H", "I", "R")
# Share of LISA's working persons that are employee jobs (CBS counts no self-employed).
_EMPLOYEE_SHARE_DEFAULT = 0.85
_EMPLOYEE_SHARE = {"A": 0.45, "C": 0.94, "F": 0.68, "46": 0.92, "47": 0.90, "H": 0.90, "I": 0.88,
                   "J": 0.75, "L": 0.70, "M": 0.62, "O": 1.0, "P": 0.93, "Q": 0.88, "R": 0.70, "S": 0.60}
# Werknemersbanen in 2023, x 1 000.
_JOBS_2023 = {
    "NL01": {"T001081": 9050.0, "C": 842.0, "F": 395.0, "46": 612.0, "47": 780.0, "H": 418.0, "I": 488.0, "R": 152.0},
    "PV25": {"T001081": 1002.0, "C": 112.0, "F": 47.0, "46": 70.0, "47": 87.0, "H": 55.0, "I": 50.0, "R": 15.8},
}
# COROP areas as shares of Nederland (all activities, manufacturing): the Liemers municipalities
# in Arnhem/Nijmegen hold about a sixth of its jobs.
_COROP_SHARES = {"CR15": {"T001081": 0.0255, "C": 0.022}, "CR14": {"T001081": 0.0165, "C": 0.031}}
# Cells CBS does not publish (too small or confidential): Doesburg's culture and recreation up
# to 2019, Westervoort's in two covid years, Rijnwaarden's before the merger. The years the
# evaluation compares (2023, 2025) stay complete, so the example shows both cases.
_SUPPRESSED_JOBS = (
    {(DOESBURG, y, "R") for y in CBS_YEARS if y <= 2019}
    | {(WESTERVOORT, 2020, "R"), (WESTERVOORT, 2021, "R")}
    | {(RIJNWAARDEN, y, "R") for y in CBS_YEARS if y < MERGER_YEAR}
)


def _national_jobs(sector: str, year: int) -> float:
    rates = NL_GROWTH_DEFAULT if sector == "T001081" else NL_GROWTH[sector]
    return _JOBS_2023["NL01"][sector] * growth_index(rates)[year]


def jobs_table() -> ExampleTable:
    """83582NED: employee jobs in December (x 1 000) per municipality, COROP, Gelderland and NL;
    SBI sections only."""
    rng = seeded_rng("83582NED")
    model = employment_model()
    records: list[tuple[str, int, str, float]] = []
    for (municipality, year), part in model.groupby(["gemeente", "jaar"], sort=True):
        noise = np.exp(rng.normal(0, 0.01, size=len(part)))
        employees = {g: b * _EMPLOYEE_SHARE.get(g, _EMPLOYEE_SHARE_DEFAULT) * n
                     for g, b, n in zip(part["groep"], part["banen"], noise, strict=True)}
        cells = {"T001081": sum(employees.values()), **{s: employees[s] for s in _JOBS_SECTIONS}}
        for sector, value in cells.items():
            shown = math.nan if (municipality, year, sector) in _SUPPRESSED_JOBS else round(value / 1000, 1)
            records.append((municipality, year, sector, shown))
    for region, levels in _JOBS_2023.items():
        for sector, level in levels.items():
            rates = NL_GROWTH_DEFAULT if sector == "T001081" else NL_GROWTH[sector]
            index = growth_index(rates)
            for year in CBS_YEARS:
                # Gelderland follows the national trend with a little noise of its own (drawn for
                # 46 and 47 too, so the other sectors keep their figures).
                noise = 1.0 if region == "NL01" else math.exp(rng.normal(0, 0.003))
                if sector in ("T001081", *_JOBS_SECTIONS):
                    records.append((region, year, sector, round(level * index[year] * noise, 1)))
    for region, shares in _COROP_SHARES.items():
        for sector, area_share in shares.items():
            for year in CBS_YEARS:
                noise = math.exp(rng.normal(0, 0.004))
                records.append((region, year, sector, round(_national_jobs(sector, year) * area_share * noise, 1)))
    regions = ("NL01", "PV25", "CR15", "CR14", *MUNICIPALITIES, RIJNWAARDEN)
    sectors = ("T001081", *_JOBS_SECTIONS)
    rows = pd.DataFrame({
        "RegioS": [_pad(r) for r, _, _, _ in records],
        "Perioden": [_period_key(y) for _, y, _, _ in records],
        SBI_DIM: [_sbi_key(s) for _, _, s, _ in records],
        "BanenVanWerknemersInDecember_1": [v for _, _, _, v in records],
    })
    metadata = TableMetadata(
        table_id="83582NED",
        title="Banen van werknemers in december; economische activiteit (SBI2008), regio",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(Measure("BanenVanWerknemersInDecember_1", "Banen van werknemers in december", "x 1 000", 1),),
        dimensions=(_regions_dimension(regions), _periods_dimension(CBS_YEARS), _sbi_dimension(sectors)),
    )
    return ExampleTable(metadata, rows)


_SIZE_CLASSES = {"T001098": ("Totaal", 1.0), "21011": ("0 tot 10 werknemers", 0.24),
                 "21012": ("10 tot 100 werknemers", 0.34), "21013": ("100 of meer werknemers", 0.42)}


def national_jobs_table() -> ExampleTable:
    """83583NED: employee jobs in Nederland per SBI code (with divisions 46 and 47) and firm size."""
    sectors = ("T001081", "C", "F", "46", "47", "H", "I", "R")
    records = [(sector, size, year, round(_national_jobs(sector, year) * part, 1))
               for sector in sectors for size, (_, part) in _SIZE_CLASSES.items() for year in CBS_YEARS]
    rows = pd.DataFrame({
        SBI_DIM: [_sbi_key(s) for s, *_ in records],
        "Bedrijfsgrootte": [size for _, size, _, _ in records],
        "Perioden": [_period_key(y) for _, _, y, _ in records],
        "BanenVanWerknemers_1": [v for *_, v in records],
    })
    metadata = TableMetadata(
        table_id="83583NED",
        title="Banen van werknemers; bedrijfsgrootte en economische activiteit",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(Measure("BanenVanWerknemers_1", "Banen van werknemers", "x 1 000", 1),),
        dimensions=(_sbi_dimension(sectors),
                    Dimension("Bedrijfsgrootte", "category", "Bedrijfsgrootte",
                              tuple(Member(k, t) for k, (t, _) in _SIZE_CLASSES.items())),
                    _periods_dimension(CBS_YEARS)),
    )
    return ExampleTable(metadata, rows)


# Nederland, x 1 000: guests and nights in all accommodation types. Covid halves 2020.
_NL_GUESTS = (38420, 40150, 42880, 45010, 46230, 26080, 30470, 45790, 48120, 49260, 50090)
_NL_NIGHTS = (101480, 104760, 110930, 116210, 120340, 75120, 84870, 125410, 130180, 133060, 135590)
_ACCOMMODATION = {"T001025": ("Totaal logiesaccommodaties", 1.0), "A047812": ("Hotels, pensions en jeugdaccommodaties", 0.36),
                  "A047815": ("Huisjes en bungalowparken", 0.34), "A047813": ("Kampeerterreinen", 0.22),
                  "A047814": ("Groepsaccommodaties", 0.08)}
_COUNTRIES = {"T001047": ("Totaal landen", 1.0), "L008530": ("Nederland", 0.62), "L008531": ("Buitenland", 0.38)}
_GELDERLAND_SHARE = 0.095


def accommodation_table() -> ExampleTable:
    """82059NED: guests and nights per accommodation type, country of residence and region."""
    rng = seeded_rng("82059NED")
    records = []
    for region in ("NL01", "PV25"):
        for y, year in enumerate(CBS_YEARS):
            noise = 1.0 if region == "NL01" else _GELDERLAND_SHARE * math.exp(rng.normal(0, 0.01))
            for kind, (_, kind_share) in _ACCOMMODATION.items():
                for country, (_, country_share) in _COUNTRIES.items():
                    part = noise * kind_share * country_share
                    records.append((kind, country, region, year, float(round(_NL_GUESTS[y] * part)),
                                    float(round(_NL_NIGHTS[y] * part))))
    rows = pd.DataFrame({
        "Logiesvormen": [r[0] for r in records],
        "WoonlandVanGasten": [r[1] for r in records],
        "RegioS": [_pad(r[2]) for r in records],
        "Perioden": [_period_key(r[3]) for r in records],
        "Gasten_1": [r[4] for r in records],
        "Overnachtingen_2": [r[5] for r in records],
    })
    metadata = TableMetadata(
        table_id="82059NED",
        title="Logiesaccommodaties; gasten, nachten, woonland, logiesvorm, regio",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(Measure("Gasten_1", "Gasten", "x 1 000", 0), Measure("Overnachtingen_2", "Overnachtingen", "x 1 000", 0)),
        dimensions=(
            Dimension("Logiesvormen", "category", "Logiesvormen", tuple(Member(k, t) for k, (t, _) in _ACCOMMODATION.items())),
            Dimension("WoonlandVanGasten", "category", "Woonland van gasten",
                      tuple(Member(k, t) for k, (t, _) in _COUNTRIES.items())),
            _regions_dimension(("NL01", "PV25")),
            _periods_dimension(CBS_YEARS),
        ),
    )
    return ExampleTable(metadata, rows)


_PRODUCTIVITY_SECTORS = ("T001081", "C", "F", "H", "I", "R")
# 2023 levels in Nederland: value added (mln euro) and labour years (x 1 000).
_NL_VALUE_ADDED_2023 = {"T001081": 955000, "C": 118000, "F": 52000, "H": 46000, "I": 21500, "R": 13000, "B-E": 152000}
_NL_LABOUR_YEARS_2023 = {"T001081": 7350.0, "C": 790.0, "F": 430.0, "H": 370.0, "I": 330.0, "R": 140.0, "B-E": 860.0}
# Regional shares of the national level: (value added, labour years).
_REGION_SHARES = {
    "PV25": {"T001081": (0.103, 0.113), "C": (0.118, 0.127), "F": (0.12, 0.125), "H": (0.115, 0.12),
             "I": (0.095, 0.11), "R": (0.10, 0.11), "B-E": (0.11, 0.12)},
    "CR15": {"T001081": (0.041, 0.045), "C": (0.038, 0.044), "F": (0.045, 0.047), "H": (0.05, 0.052),
             "I": (0.04, 0.045), "R": (0.042, 0.046), "B-E": (0.036, 0.041)},
    "CR14": {"T001081": (0.017, 0.019), "C": (0.030, 0.032), "B-E": (0.027, 0.029)},
}
# Nominal growth of value added per labour year, % per year 2016..2025.
_PRODUCTIVITY_GROWTH = {
    "T001081": (1.5, 2.0, 2.3, 2.5, 0.5, 4.0, 6.5, 6.0, 3.5, 2.8),
    "C": (1.0, 3.0, 2.5, 1.5, -2.0, 7.0, 9.0, 4.5, 3.5, 3.0),
    "B-E": (1.0, 3.0, 3.0, 1.5, -1.5, 8.0, 12.0, 3.0, 3.0, 2.8),
    "F": (2.0, 2.5, 3.0, 3.0, 1.0, 3.5, 6.0, 5.5, 3.0, 2.5),
    "H": (1.5, 2.0, 2.5, 2.0, -6.0, 3.0, 8.0, 4.0, 3.0, 2.5),
    "I": (2.0, 2.5, 2.5, 2.0, -22.0, -4.0, 30.0, 6.0, 3.5, 3.0),
    "R": (1.5, 2.0, 2.0, 2.0, -12.0, 0.0, 14.0, 5.0, 3.0, 2.5),
}
# Manufacturing productivity in the region lags the country since 2023 (percentage points).
_REGIONAL_LAG = {("PV25", "C"): {2024: -1.2, 2025: -1.0}, ("CR15", "C"): {2024: -1.5, 2025: -1.3},
                 ("CR14", "C"): {2024: -0.8, 2025: -0.6}}


def productivity_table() -> ExampleTable:
    """85925NED: value added and labour volume for NL, Gelderland and the COROP areas Arnhem/Nijmegen
    (CR15) and Achterhoek (CR14)."""
    rng = seeded_rng("85925NED")
    records = []
    # NL, PV25 and CR15 first and in the old order, so their draws (and the KPI's figures) stay.
    cells = [(s, r) for s in _PRODUCTIVITY_SECTORS for r in ("NL01", "PV25", "CR15")]
    cells += [(s, "CR14") for s in ("T001081", "C", "B-E")] + [("B-E", r) for r in ("NL01", "PV25", "CR15")]
    for sector, region in cells:
        labour_index = growth_index(NL_GROWTH_DEFAULT if sector in ("T001081", "B-E") else NL_GROWTH[sector])
        rates = list(_PRODUCTIVITY_GROWTH[sector])
        for year, lag in _REGIONAL_LAG.get((region, sector), {}).items():
            rates[GROWTH_YEARS.index(year)] += lag
        productivity_index = growth_index(rates)
        va_share, ly_share = (1.0, 1.0) if region == "NL01" else _REGION_SHARES[region][sector]
        for year in CBS_YEARS:
            noise_va, noise_ly = (1.0, 1.0) if region == "NL01" else np.exp(rng.normal(0, 0.003, size=2))
            labour = _NL_LABOUR_YEARS_2023[sector] * ly_share * labour_index[year] * noise_ly
            value_added = (_NL_VALUE_ADDED_2023[sector] * va_share * labour_index[year]
                           * productivity_index[year] * noise_va)
            records.append((sector, region, year, float(round(value_added)), round(labour, 1)))
    rows = pd.DataFrame({
        SBI_DIM: [_sbi_key(s) for s, *_ in records],
        "RegioS": [_pad(r) for _, r, *_ in records],
        "Perioden": [_period_key(y) for _, _, y, *_ in records],
        "BrutoToegevoegdeWaardeBasisprijzen_3": [va for *_, va, _ in records],
        "ArbeidsvolumeTotaal_5": [ly for *_, ly in records],
        "ArbeidsvolumeWerknemers_6": [round(ly * 0.85, 1) for *_, ly in records],
    })
    metadata = TableMetadata(
        table_id="85925NED",
        title="Productieproces; bedrijfstak en regio, nationale rekeningen",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        # Keys invented (CBS's are unknown); titles as in the predecessor 84419NED, with the
        # topic group in front as the fetch code writes them.
        measures=(
            Measure("BrutoToegevoegdeWaardeBasisprijzen_3", "Productieproces / Bruto toegevoegde waarde basisprijzen",
                    "mln euro", 0, "Bruto toegevoegde waarde basisprijzen"),
            Measure("ArbeidsvolumeTotaal_5", "Arbeidsvolume / Arbeidsvolume totaal", "1 000 arbeidsjaren", 1,
                    "Arbeidsvolume totaal"),
            Measure("ArbeidsvolumeWerknemers_6", "Arbeidsvolume / Arbeidsvolume werknemers", "1 000 arbeidsjaren", 1,
                    "Arbeidsvolume werknemers"),
        ),
        dimensions=(_sbi_dimension(("T001081", "B-E", "C", "F", "H", "I", "R")),
                    _regions_dimension(("NL01", "PV25", "CR14", "CR15")), _periods_dimension(CBS_YEARS)),
    )
    return ExampleTable(metadata, rows)


# Working persons per establishment in 2023; the number of establishments grows 2 % a year
# faster than jobs (ever more one-person businesses).
_JOBS_PER_ESTABLISHMENT = {"A": 2.5, "B": 10, "C": 14, "D": 8, "E": 12, "F": 3.2, "45": 4, "46": 5.5, "47": 5,
                           "H": 9, "I": 5.5, "J": 3, "K": 3, "L": 2.5, "M": 2.2, "N": 4, "O": 40, "P": 12,
                           "Q": 6, "R": 2.8, "S": 1.8, "T": 1, "U": 1}
_ESTABLISHMENT_SECTIONS = ("C", "F", "G", "H", "I", "R")


def establishments_table() -> ExampleTable:
    """81575NED: establishments per municipality and SBI section (CBS rounds them to fives)."""
    rng = seeded_rng("81575NED")
    model = employment_model()
    records = []
    for (municipality, year), part in model.groupby(["gemeente", "jaar"], sort=True):
        noise = np.exp(rng.normal(0, 0.02, size=len(part)))
        counts = {g: b / _JOBS_PER_ESTABLISHMENT[g] * 1.02 ** (year - BASE_YEAR) * n
                  for g, b, n in zip(part["groep"], part["banen"], noise, strict=True)}
        counts["G"] = counts["45"] + counts["46"] + counts["47"]
        cells = {"T001081": sum(v for g, v in counts.items() if g != "G"),
                 **{s: counts[s] for s in _ESTABLISHMENT_SECTIONS}}
        for sector, value in cells.items():
            records.append((municipality, year, sector, float(round_to(value, 5))))
    return _establishments_table("81575NED", "Vestigingen van bedrijven; bedrijfstak, gemeente", records,
                                 (*MUNICIPALITIES, RIJNWAARDEN), ("T001081", *_ESTABLISHMENT_SECTIONS))


def _establishments_table(table_id: str, title: str, records, regions, sectors) -> ExampleTable:
    """An establishments table (81575NED, 81578NED) from (region, year, sector, count) records."""
    rows = pd.DataFrame({
        "RegioS": [_pad(r) for r, *_ in records],
        "Perioden": [_period_key(y) for _, y, *_ in records],
        SBI_DIM: [_sbi_key(s) for _, _, s, _ in records],
        "Vestigingen_1": [v for *_, v in records],
    })
    metadata = TableMetadata(
        table_id=table_id,
        title=title,
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(Measure("Vestigingen_1", "Vestigingen", "aantal", 0),),
        dimensions=(_regions_dimension(tuple(regions)), _periods_dimension(CBS_YEARS), _sbi_dimension(tuple(sectors))),
    )
    return ExampleTable(metadata, rows)


# Establishments in Nederland on 1 January 2023 and their growth per year; regions as shares.
_NL_ESTABLISHMENTS_2023 = {"T001081": 2_250_000, "C": 75_000, "F": 230_000, "G": 330_000, "47": 120_000,
                           "H": 60_000, "I": 85_000, "R": 90_000}
_ESTABLISHMENT_GROWTH = {"T001081": 0.025, "C": 0.012, "F": 0.03, "G": 0.01, "47": 0.005, "H": 0.02, "I": 0.018,
                         "R": 0.028}
_ESTABLISHMENT_REGIONS = {"NL01": 1.0, "PV25": 0.11, "CR15": 0.034, "CR14": 0.02}


def regional_establishments_table() -> ExampleTable:
    """81578NED: establishments in Nederland, Gelderland and the COROP areas (with 47)."""
    rng = seeded_rng("81578NED")
    records = []
    for region, area_share in _ESTABLISHMENT_REGIONS.items():
        for sector, level in _NL_ESTABLISHMENTS_2023.items():
            for year in CBS_YEARS:
                noise = 1.0 if region == "NL01" else math.exp(rng.normal(0, 0.01))
                value = level * area_share * (1 + _ESTABLISHMENT_GROWTH[sector]) ** (year - BASE_YEAR) * noise
                records.append((region, year, sector, float(round_to(value, 5))))
    return _establishments_table("81578NED", "Vestigingen van bedrijven; bedrijfstak, regio", records,
                                 _ESTABLISHMENT_REGIONS, _NL_ESTABLISHMENTS_2023)


def cbs_example_tables() -> dict[str, ExampleTable]:
    """The invented CBS tables by table id, as a CBS service would serve them."""
    tables = (jobs_table(), national_jobs_table(), establishments_table(), regional_establishments_table(),
              productivity_table(), accommodation_table())
    return {t.metadata.table_id: t for t in tables}


class _ExampleBackend:
    """A :class:`levanalysis.sources.cbs.StatLineBackend` serving :class:`ExampleTable` objects from memory."""

    base_url = "levanalysis.sources.example"

    def __init__(self, tables: Mapping[str, ExampleTable]):
        self.tables = tables

    def metadata(self, table_id: str, on_step: Any = None) -> TableMetadata:
        return self.tables[table_id].metadata

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        rows = self.tables[table_id].rows
        keep = np.ones(len(rows), dtype=bool)
        for dimension, keys in selection.members.items():
            keep &= rows[dimension].isin(keys).to_numpy()
        rows = rows[keep]
        dims = [d.name for d in metadata.dimensions]
        records = [
            {**{d: row[d] for d in dims}, "measure": measure, "value": row[measure]}
            for row in rows.to_dict("records")
            for measure in selection.measures
        ]
        return pd.DataFrame.from_records(records, columns=[*dims, "measure", "value"]), {}


def _cbs_specs() -> dict[str, TableSpec]:
    return {spec.id: spec for spec in load_table_specs()}


def cbs_example_datasets() -> dict[str, Dataset]:
    """Every example CBS table as :func:`levanalysis.sources.cbs.fetch_table` returns it, relabelled as
    example data (kind, source, fixed dates, notes)."""
    tables = cbs_example_tables()
    specs = _cbs_specs()
    missing = [table_id for table_id in tables if table_id not in specs]
    if missing:
        raise ExampleDataError(
            f"CBS-tabel(len) {', '.join(missing)} staan niet in data/definitions/cbs_tables.yaml; "
            "pas de voorbeeldgenerator (levanalysis/sources/example/cbs.py) aan."
        )
    backend = _ExampleBackend(tables)
    out: dict[str, Dataset] = {}
    for table_id in tables:
        fetched = fetch_table(specs[table_id], backend=backend)
        provenance = dataclasses.replace(
            fetched.provenance,
            kind="example",
            source=SOURCE,
            retrieved_at=RETRIEVED_AT,
            location=None,
            notes=[
                EXAMPLE_NOTE,
                f"Verzonnen cijfers in de indeling van CBS-tabel {table_id} (zoals levanalysis.sources.cbs die "
                "opslaat); geen echte CBS-gegevens.",
                *fetched.provenance.notes,
            ],
            extra={**fetched.provenance.extra, "generator": "levanalysis.sources.example", "seed": SEED},
        )
        out[table_id] = Dataset(fetched.data, provenance)
    return out
