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
# Category keys and titles as CBS StatLine uses them (and tests/cbs_server.py mirrors).
_SBI_MEMBERS = {
    "T001081": ("T001081", "A-U Alle economische activiteiten"),
    "C": ("300003", "C Industrie"),
    "F": ("305700", "F Bouwnijverheid"),
    "46": ("346600", "46 Groothandel en handelsbemiddeling"),
    "47": ("349300", "47 Detailhandel (niet in auto's)"),
    "H": ("383100", "H Vervoer en opslag"),
    "I": ("391600", "I Horeca"),
    "R": ("422400", "R Cultuur, sport en recreatie"),
}
_REGION_TITLES = {
    "NL01": "Nederland",
    "PV25": "Gelderland (PV)",
    "CR22": "Arnhem/Nijmegen (CR)",
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
    # CBS marks a provisional year with '*' in the title, and in Perioden.Status.
    return Dimension("Perioden", "time", "Perioden", tuple(
        Member(_period_key(y), f"{y}*" if y == last else str(y), "Voorlopig" if y == last else "Definitief")
        for y in years
    ))


def _regions_dimension(codes: Sequence[str]) -> Dimension:
    return Dimension("RegioS", "region", "Regio's", tuple(Member(_pad(c), _REGION_TITLES[c]) for c in codes))


def _sbi_dimension(codes: Sequence[str]) -> Dimension:
    return Dimension(SBI_DIM, "category", "Bedrijfstakken/branches (SBI 2008)",
                     tuple(Member(*_SBI_MEMBERS[c]) for c in codes))


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
# Cells CBS does not publish (too small or confidential): Doesburg's culture and recreation up
# to 2019, Westervoort's in two covid years, Rijnwaarden's before the merger. The years the
# evaluation compares (2023, 2025) stay complete, so the example shows both cases.
_SUPPRESSED_JOBS = (
    {(DOESBURG, y, "R") for y in CBS_YEARS if y <= 2019}
    | {(WESTERVOORT, 2020, "R"), (WESTERVOORT, 2021, "R")}
    | {(RIJNWAARDEN, y, "R") for y in CBS_YEARS if y < MERGER_YEAR}
)


def jobs_table() -> ExampleTable:
    """83582NED: employee jobs in December (x 1 000) per municipality, Gelderland and NL."""
    rng = seeded_rng("83582NED")
    model = employment_model()
    records: list[tuple[str, str, str, float]] = []
    for (municipality, year), part in model.groupby(["gemeente", "jaar"], sort=True):
        noise = np.exp(rng.normal(0, 0.01, size=len(part)))
        employees = {g: b * _EMPLOYEE_SHARE.get(g, _EMPLOYEE_SHARE_DEFAULT) * n
                     for g, b, n in zip(part["groep"], part["banen"], noise, strict=True)}
        cells = {"T001081": sum(employees.values()), **{s: employees[s] for s in _JOBS_SECTORS}}
        for sector, value in cells.items():
            shown = math.nan if (municipality, year, sector) in _SUPPRESSED_JOBS else round(value / 1000, 1)
            records.append((municipality, year, sector, shown))
    for region, levels in _JOBS_2023.items():
        for sector, level in levels.items():
            rates = NL_GROWTH_DEFAULT if sector == "T001081" else NL_GROWTH[sector]
            index = growth_index(rates)
            for year in CBS_YEARS:
                # Gelderland follows the national trend with a little noise of its own.
                noise = 1.0 if region == "NL01" else math.exp(rng.normal(0, 0.003))
                records.append((region, year, sector, round(level * index[year] * noise, 1)))
    regions = ("NL01", "PV25", *MUNICIPALITIES, RIJNWAARDEN)
    sectors = ("T001081", *_JOBS_SECTORS)
    rows = pd.DataFrame({
        "RegioS": [_pad(r) for r, _, _, _ in records],
        "Perioden": [_period_key(y) for _, y, _, _ in records],
        SBI_DIM: [_SBI_MEMBERS[s][0] for _, _, s, _ in records],
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


# Nederland, x 1 000: guests and nights in all accommodation types. Covid halves 2020.
_NL_GUESTS = (38420, 40150, 42880, 45010, 46230, 26080, 30470, 45790, 48120, 49260, 50090)
_NL_NIGHTS = (101480, 104760, 110930, 116210, 120340, 75120, 84870, 125410, 130180, 133060, 135590)


def accommodation_table() -> ExampleTable:
    """82058NED: guests and nights in the Netherlands per year (no region dimension)."""
    rows = pd.DataFrame({
        "Perioden": [_period_key(y) for y in CBS_YEARS],
        "Totaal_1": [float(v) for v in _NL_GUESTS],
        "Totaal_4": [float(v) for v in _NL_NIGHTS],
    })
    metadata = TableMetadata(
        table_id="82058NED",
        title="Logiesaccommodaties; gasten, overnachtingen, bezettingsgraad, kerncijfers",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        # In StatLine both measures are titled 'Totaal'; the topic group above them ('Gasten',
        # 'Overnachtingen') says what is counted. levanalysis.sources.cbs puts the group path in front.
        measures=(
            Measure("Totaal_1", "Gasten / Totaal", "x 1 000", 0),
            Measure("Totaal_4", "Overnachtingen / Totaal", "x 1 000", 0),
        ),
        dimensions=(_periods_dimension(CBS_YEARS),),
    )
    return ExampleTable(metadata, rows)


_PRODUCTIVITY_SECTORS = ("T001081", "C", "F", "H", "I", "R")
# 2023 levels in Nederland: value added (mln euro) and labour years (x 1 000).
_NL_VALUE_ADDED_2023 = {"T001081": 955000, "C": 118000, "F": 52000, "H": 46000, "I": 21500, "R": 13000}
_NL_LABOUR_YEARS_2023 = {"T001081": 7350.0, "C": 790.0, "F": 430.0, "H": 370.0, "I": 330.0, "R": 140.0}
# Regional shares of the national level: (value added, labour years).
_REGION_SHARES = {
    "PV25": {"T001081": (0.103, 0.113), "C": (0.118, 0.127), "F": (0.12, 0.125), "H": (0.115, 0.12),
             "I": (0.095, 0.11), "R": (0.10, 0.11)},
    "CR22": {"T001081": (0.041, 0.045), "C": (0.038, 0.044), "F": (0.045, 0.047), "H": (0.05, 0.052),
             "I": (0.04, 0.045), "R": (0.042, 0.046)},
}
# Nominal growth of value added per labour year, % per year 2016..2025.
_PRODUCTIVITY_GROWTH = {
    "T001081": (1.5, 2.0, 2.3, 2.5, 0.5, 4.0, 6.5, 6.0, 3.5, 2.8),
    "C": (1.0, 3.0, 2.5, 1.5, -2.0, 7.0, 9.0, 4.5, 3.5, 3.0),
    "F": (2.0, 2.5, 3.0, 3.0, 1.0, 3.5, 6.0, 5.5, 3.0, 2.5),
    "H": (1.5, 2.0, 2.5, 2.0, -6.0, 3.0, 8.0, 4.0, 3.0, 2.5),
    "I": (2.0, 2.5, 2.5, 2.0, -22.0, -4.0, 30.0, 6.0, 3.5, 3.0),
    "R": (1.5, 2.0, 2.0, 2.0, -12.0, 0.0, 14.0, 5.0, 3.0, 2.5),
}
# Manufacturing productivity in the region lags the country since 2023 (percentage points).
_REGIONAL_LAG = {("PV25", "C"): {2024: -1.2, 2025: -1.0}, ("CR22", "C"): {2024: -1.5, 2025: -1.3}}


def productivity_table() -> ExampleTable:
    """85925NED: value added and labour years for NL, Gelderland and COROP Arnhem/Nijmegen."""
    rng = seeded_rng("85925NED")
    records = []
    for sector in _PRODUCTIVITY_SECTORS:
        labour_index = growth_index(NL_GROWTH_DEFAULT if sector == "T001081" else NL_GROWTH[sector])
        for region in ("NL01", "PV25", "CR22"):
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
        SBI_DIM: [_SBI_MEMBERS[s][0] for s, *_ in records],
        "RegioS": [_pad(r) for _, r, *_ in records],
        "Perioden": [_period_key(y) for _, _, y, *_ in records],
        "ToegevoegdeWaardeBasisprijzen_3": [va for *_, va, _ in records],
        "ArbeidsjarenWerkzamePersonen_5": [ly for *_, ly in records],
    })
    metadata = TableMetadata(
        table_id="85925NED",
        title="Productieproces; bedrijfstak en regio, nationale rekeningen",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(
            Measure("ToegevoegdeWaardeBasisprijzen_3", "Toegevoegde waarde (basisprijzen)", "mln euro", 0),
            Measure("ArbeidsjarenWerkzamePersonen_5", "Arbeidsjaren werkzame personen", "x 1 000", 1),
        ),
        # Dimension order as in the loopback test server's version of this table.
        dimensions=(_sbi_dimension(_PRODUCTIVITY_SECTORS), _regions_dimension(("NL01", "PV25", "CR22")),
                    _periods_dimension(CBS_YEARS)),
    )
    return ExampleTable(metadata, rows)


# Working persons per establishment in 2023; the number of establishments grows 2 % a year
# faster than jobs (ever more one-person businesses).
_JOBS_PER_ESTABLISHMENT = {"A": 2.5, "B": 10, "C": 14, "D": 8, "E": 12, "F": 3.2, "45": 4, "46": 5.5, "47": 5,
                           "H": 9, "I": 5.5, "J": 3, "K": 3, "L": 2.5, "M": 2.2, "N": 4, "O": 40, "P": 12,
                           "Q": 6, "R": 2.8, "S": 1.8, "T": 1, "U": 1}


def establishments_table() -> ExampleTable:
    """81575NED: establishments per municipality (CBS rounds them to fives)."""
    rng = seeded_rng("81575NED")
    model = employment_model()
    records = []
    for (municipality, year), part in model.groupby(["gemeente", "jaar"], sort=True):
        noise = np.exp(rng.normal(0, 0.02, size=len(part)))
        counts = {g: b / _JOBS_PER_ESTABLISHMENT[g] * 1.02 ** (year - BASE_YEAR) * n
                  for g, b, n in zip(part["groep"], part["banen"], noise, strict=True)}
        cells = {"T001081": sum(counts.values()), **{s: counts[s] for s in _JOBS_SECTORS}}
        for sector, value in cells.items():
            records.append((municipality, year, sector, float(round_to(value, 5))))
    regions = (*MUNICIPALITIES, RIJNWAARDEN)
    sectors = ("T001081", *_JOBS_SECTORS)
    rows = pd.DataFrame({
        "RegioS": [_pad(r) for r, *_ in records],
        "Perioden": [_period_key(y) for _, y, *_ in records],
        SBI_DIM: [_SBI_MEMBERS[s][0] for _, _, s, _ in records],
        "Vestigingen_1": [v for *_, v in records],
    })
    metadata = TableMetadata(
        table_id="81575NED",
        title="Vestigingen van bedrijven; bedrijfstak, gemeente",
        modified=CBS_MODIFIED,
        reason_delivery="Voorbeeldgegevens",
        measures=(Measure("Vestigingen_1", "Vestigingen", "aantal", 0),),
        dimensions=(_regions_dimension(regions), _periods_dimension(CBS_YEARS), _sbi_dimension(sectors)),
    )
    return ExampleTable(metadata, rows)


def cbs_example_tables() -> dict[str, ExampleTable]:
    """The invented CBS tables by table id, as a CBS service would serve them."""
    tables = (jobs_table(), accommodation_table(), productivity_table(), establishments_table())
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
            "pas de voorbeeldgenerator (levanalysis/example_data.py) aan."
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


# =============================================================================================
# Writing
# =============================================================================================

