"""The local deliveries of the example data, in the exact formats people deliver."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from levanalysis.definitions.local_sources import load_definitions
from levanalysis.paths import DATA_ROOT
from levanalysis.sources.cache import Provenance
from levanalysis.sources.example.model import (
    DOESBURG,
    DUIVEN,
    EXAMPLE_NOTE,
    FIXED_TIME,
    LAST_YEAR,
    LOCAL_YEARS,
    MONTFERLAND,
    NAMES,
    RETRIEVED_AT,
    SEED,
    SOURCE,
    WESTERVOORT,
    ZEVENAAR,
    employment_model,
    round_to,
    seeded_rng,
)
from levanalysis.sources.example.workbench import (
    bewijs_table,
    opvolging_table,
    uitvoering_table,
)


def lisa_banen_table() -> pd.DataFrame:
    """LISA jobs per municipality (CBS code), year and SBI group, rounded to tens, 2015-2025."""
    model = employment_model()
    return pd.DataFrame({
        "gemeente": model["gemeente"],
        "jaar": model["jaar"],
        "sbi": model["groep"],
        "banen": [round_to(v, 10) for v in model["banen"]],
    })


# =============================================================================================
# Local sources
# =============================================================================================

_NIGHTS_2019 = {MONTFERLAND: 148000, ZEVENAAR: 82000, DOESBURG: 46000, DUIVEN: 38000, WESTERVOORT: 11000}
# Relative to 2019. Recovers like the country, but grows slower than it after 2023.
_NIGHTS_INDEX = {2019: 1.0, 2020: 0.64, 2021: 0.73, 2022: 1.01, 2023: 1.055, 2024: 1.072, 2025: 1.083}


def toeristenbelasting_table() -> pd.DataFrame:
    """Nights per municipality (name) and year from the tourist tax; 2025 is provisional."""
    rng = seeded_rng("toeristenbelasting")
    rows = []
    for year in LOCAL_YEARS:
        for municipality in (ZEVENAAR, DOESBURG, DUIVEN, WESTERVOORT, MONTFERLAND):
            nights = _NIGHTS_2019[municipality] * _NIGHTS_INDEX[year] * math.exp(rng.normal(0, 0.015))
            status = "voorlopig" if year == LAST_YEAR else "definitief"
            rows.append((NAMES[municipality], year, int(round(nights)), status))
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "overnachtingen", "status"])


_VISITORS_PER_YEAR = {2019: 57840, 2020: 52310, 2021: 60950, 2022: 68420, 2023: 74160, 2024: 78830,
                      2025: 83390}
_VISITOR_SEASON = (0.78, 0.74, 0.88, 1.04, 1.14, 1.10, 1.28, 1.32, 0.98, 0.96, 0.84, 0.94)


def website_bezoekers_table() -> pd.DataFrame:
    """Visitors of kijkverderindeliemers.nl per month, 2019-2025 (about +6 % a year since 2023)."""
    rng = seeded_rng("website_bezoekers")
    rows = []
    for year in LOCAL_YEARS:
        # The yearly totals are fixed; noise only moves visitors between months, so the KPI's
        # outcome does not depend on the draws.
        weights = np.array(_VISITOR_SEASON) * np.exp(rng.normal(0, 0.03, size=12))
        months = np.round(_VISITORS_PER_YEAR[year] * weights / weights.sum()).astype(int)
        rows += [(year, month, int(n)) for month, n in enumerate(months, 1)]
    return pd.DataFrame(rows, columns=["jaar", "maand", "bezoekers"])


# (school, municipality, programme, level, students in 2023-2024)
_PROGRAMMES = (
    ("Liemers College", ZEVENAAR, "Produceren, installeren en energie", "vmbo-kader", 62),
    ("Liemers College", ZEVENAAR, "Bouwen, wonen en interieur", "vmbo-basis", 44),
    ("Liemers College", ZEVENAAR, "Mobiliteit en transport", "vmbo-kader", 36),
    ("Liemers College", ZEVENAAR, "Natuur en Techniek", "havo", 118),
    ("Liemers College locatie Didam", MONTFERLAND, "Produceren, installeren en energie", "vmbo-kader", 41),
    ("Liemers College locatie Didam", MONTFERLAND, "Bouwen, wonen en interieur", "vmbo-basis", 33),
    ("Candea College", DUIVEN, "Produceren, installeren en energie", "vmbo-kader", 57),
    ("Candea College", DUIVEN, "Bouwen, wonen en interieur", "vmbo-basis", 39),
    ("Candea College", DUIVEN, "Natuur en Techniek", "havo", 84),
    ("Techniekcampus De Liemers", ZEVENAAR, "Mechatronica", "mbo 4", 54),
    ("Techniekcampus De Liemers", ZEVENAAR, "Elektrotechniek", "mbo 3", 42),
    ("Techniekcampus De Liemers", ZEVENAAR, "Installatietechniek", "mbo 2", 31),
)
# A slow decline until 2022, then a rise that falls short of the plan's +5 %.
_STUDENT_INDEX = {2019: 1.05, 2020: 1.04, 2021: 1.02, 2022: 0.99, 2023: 1.0, 2024: 1.017, 2025: 1.035}


def techniekstudenten_table() -> pd.DataFrame:
    """Students in technical programmes per school, programme and school year (start year)."""
    rng = seeded_rng("techniekstudenten")
    base_total = sum(p[-1] for p in _PROGRAMMES)
    rows = []
    for year in LOCAL_YEARS:
        # Noise moves students between programmes; the yearly total follows the index, so the
        # KPI's outcome does not depend on the draws.
        weights = np.array([p[-1] for p in _PROGRAMMES]) * np.exp(rng.normal(0, 0.03, size=len(_PROGRAMMES)))
        counts = np.round(base_total * _STUDENT_INDEX[year] * weights / weights.sum()).astype(int)
        for (school, municipality, programme, level, _), students in zip(_PROGRAMMES, counts, strict=True):
            rows.append((school, NAMES[municipality], year, programme, level, int(students)))
    return pd.DataFrame(rows, columns=["school", "gemeente", "jaar", "opleiding", "niveau", "studenten"])


# Yearly level of the spanningsindicator for technical occupations in Midden-Gelderland: very
# tight after covid, easing a little since 2023 (2025 about 4.5 % below 2023).
_TENSION_LEVEL = {2019: 2.30, 2020: 1.55, 2021: 2.60, 2022: 3.70, 2023: 3.30, 2024: 3.24, 2025: 3.15}
_TENSION_SEASON = (0.97, 1.02, 1.03, 0.98)
_UWV_GROUPS = {
    # occupation group: (factor on the level, WW < 6 months in 2023 per region)
    "Technische beroepen": (1.0, {"Midden-Gelderland": 420, "Achterhoek": 300}),
    "Transport en logistiek": (0.62, {"Midden-Gelderland": 380, "Achterhoek": 260}),
}
_UWV_REGION_FACTOR = {"Midden-Gelderland": 1.0, "Achterhoek": 1.12}
# Short-term WW rises when the labour market loosens (2020) and falls when it tightens.
_WW_INDEX = {2019: 1.15, 2020: 1.55, 2021: 1.20, 2022: 0.92, 2023: 1.0, 2024: 1.04, 2025: 1.07}


def uwv_spanning_table() -> pd.DataFrame:
    """UWV spanningsindicator per labour-market region, quarter and occupation group, 2019-2025.

    ``spanningsindicator`` is ``vacatures / ww_kort`` rounded to two decimals, as UWV defines it.
    """
    rng = seeded_rng("uwv_spanning")
    rows = []
    for region in ("Midden-Gelderland", "Achterhoek"):
        for group, (factor, ww_2023) in _UWV_GROUPS.items():
            for year in LOCAL_YEARS:
                # Quarterly noise with a yearly mean of one: the yearly averages the KPI compares
                # stay at their intended level whatever the draws.
                noise = np.exp(rng.normal(0, 0.03, size=4))
                noise /= noise.mean()
                for quarter in range(1, 5):
                    level = _TENSION_LEVEL[year] * _TENSION_SEASON[quarter - 1] * factor
                    level *= _UWV_REGION_FACTOR[region] * noise[quarter - 1]
                    if (year, quarter) == (2020, 2):
                        level *= 0.75  # the first lockdown
                    ww = int(round(ww_2023[region] * _WW_INDEX[year] * math.exp(rng.normal(0, 0.04))))
                    vacancies = int(round(level * ww))
                    rows.append((region, year, quarter, group, round(vacancies / ww, 2), vacancies, ww))
    return pd.DataFrame(
        rows, columns=["uwv_regio", "jaar", "kwartaal", "beroepsgroep", "spanningsindicator", "vacatures", "ww_kort"]
    )


def projecten_table() -> pd.DataFrame:
    """Register of manufacturing projects (2 so far) and collaborations (4 so far), 2024-2025."""
    rows = [
        ("ZEV-2024-01", "Gezamenlijke opleidingswerkplaats metaal", 2024, "samenwerking", "Zevenaar",
         "maakindustrie, onderwijs", "arbeidsmarkt", "bedrijfscontactfunctionaris Zevenaar, verslag 12-03-2024"),
        ("DUI-2024-01", "Proeftuin circulaire kozijnen", 2024, "project", "Duiven",
         "maakindustrie, bouw en installatie, onderwijs", "circulaire economie",
         "bedrijfscontactfunctionaris Duiven, verslag 04-06-2024"),
        ("MON-2024-01", "Techniekroute vmbo-mbo-bedrijf Montferland", 2024, "samenwerking", "Montferland",
         "maakindustrie, onderwijs, bouw en installatie", "arbeidsmarkt",
         "bedrijfscontactfunctionaris Montferland, verslag 19-09-2024"),
        ("DOE-2025-01", "Energiehub bedrijventerrein Verhuellweg", 2025, "project", "Doesburg",
         "maakindustrie, logistiek, overheid", "energietransitie",
         "nieuwsbericht Liemerse Ambassade, 11-02-2025"),
        ("WES-2025-01", "Hergebruik verpakkingen maakbedrijven en vervoerders", 2025, "samenwerking", "Westervoort",
         "maakindustrie, logistiek", "circulaire economie",
         "bedrijfscontactfunctionaris Westervoort, verslag 27-05-2025"),
        ("LIE-2025-01", "Kennisnetwerk slimme productie Liemers", 2025, "samenwerking", "",
         "maakindustrie, zakelijke dienstverlening, onderwijs", "geen",
         "Liemerse Ambassade, jaarverslag 2025 (concept)"),
    ]
    return pd.DataFrame(
        rows,
        columns=["id", "naam", "jaar", "soort", "gemeente", "partnersectoren", "maatschappelijke_opgave", "bron"],
    )


def oordelen_table() -> pd.DataFrame:
    """The evaluator's judgements: the qualitative VTE target, and one beside a computed status."""
    rows = [
        ("vte-diversificatie", "op koers",
         "Horeca en cultuur, sport en recreatie groeien, de detailhandel blijft gelijk: het aanbod wordt breder "
         "doordat de kleinere subsectoren groeien, niet doordat de detailhandel krimpt.", "", "2026-01-15",
         "evaluator"),
        ("maak-productiviteit", "achter op koers",
         "De productiviteit groeit in Arnhem/Nijmegen langzamer dan landelijk. De Liemers is maar een deel van dat "
         "gebied; het cijfer zegt dus weinig over de Liemerse maakindustrie zelf.", "", "2026-01-15", "evaluator"),
    ]
    return pd.DataFrame(rows, columns=["kpi_id", "status", "motivering", "bewijs", "datum", "rol"])


def _budget_lines() -> pd.DataFrame:
    return pd.read_csv(DATA_ROOT / "plan" / "begroting.csv", dtype={"activity_ids": "string"})


def begroting_realisatie_table() -> pd.DataFrame:
    """Actual spending per activity (and the organisation line) for 2024 and 2025, in euros.

    One code per budget line that has money in the plan: its first activity id (the
    Logistics Valley contribution is one payment for log-1..log-4), or the line id when the line
    has no activities (la-organisatie). Amounts lie near the plan: mostly a little under it.
    """
    rng = seeded_rng("begroting_realisatie")
    rows = []
    for year in (2024, 2025):
        for line in _budget_lines().to_dict("records"):
            planned = float(line[str(year)]) * 1000
            if planned == 0:
                continue
            ids = str(line["activity_ids"]).split() if pd.notna(line["activity_ids"]) else []
            code = ids[0] if ids else str(line["line_id"])
            if line["line_id"] == "log-lv":
                actual = planned  # a fixed contribution, paid in full
            else:
                actual = planned * rng.uniform(0.72, 1.06)
            rows.append((year, code, round(actual, 2)))
    return pd.DataFrame(rows, columns=["jaar", "activiteit", "bedrag_eur"])


# --- rendering the files ---------------------------------------------------------------------


def _nl_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _nl_amount(value: float) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], separator: str, *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    # '\n' line ends: git stores the bytes as they are, and the byte-identity test compares them.
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


_ZIP_TIME = (FIXED_TIME.year, FIXED_TIME.month, FIXED_TIME.day, 0, 0, 0)


def _deterministic_xlsx(sheets: Sequence[tuple[str, Sequence[Sequence[Any]], bool]]) -> bytes:
    """An .xlsx with the given sheets (title, rows, first row bold), the same bytes on every run.

    openpyxl writes the current time into docProps/core.xml (``modified``, even when set) and
    into every zip entry; both are replaced here by fixed values.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.xml.functions import tostring

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows, bold_header in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if bold_header and rows:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        widths = [max(len(str(v)) for v in column if v is not None) for column in zip(*rows)] if bold_header else [100]
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(12, width + 2), 100)
    properties = workbook.properties
    properties.creator = "levanalysis.sources.example"
    properties.title = "LEV-monitor voorbeeldgegevens"
    properties.created = FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    properties.modified = FIXED_TIME
    core = tostring(properties.to_tree())

    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = core if info.filename == "docProps/core.xml" else source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # otherwise 0 on Windows, 3 elsewhere
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


@dataclass(frozen=True)
class ExampleFile:
    """One local source file of the example set."""

    source: str
    filename: str
    content: bytes
    rows: int
    notes: tuple[str, ...] = ()
    period_status: tuple[tuple[str, str | None], ...] = ()
    """Year -> status ('voorlopig'/'definitief' where the source has one), for the book's
    provenance table (years covered)."""

    def provenance(self) -> Provenance:
        spec = load_definitions().sources[self.source]
        return Provenance(
            kind="example",
            source=SOURCE,
            name=self.source,
            title=spec.title,
            modified=RETRIEVED_AT,
            retrieved_at=RETRIEVED_AT,
            row_count=self.rows,
            period_status=dict(self.period_status),
            notes=[EXAMPLE_NOTE, *self.notes],
            extra={"generator": "levanalysis.sources.example", "seed": SEED},
        )


_LISA_EXPLANATION = (
    "LISA-banen (voorbeeldgegevens)",
    "Verzonnen voorbeeldcijfers in de vorm van een LISA-levering; geen echte gegevens.",
    "Eén rij per gemeente (CBS-code), jaar en SBI-groep, afgerond op tientallen.",
    "De SBI-groepen zijn de secties A tot en met U, behalve G: die staat er als de afdelingen 45, 46 en 47.",
    "Zo tellen de rijen van een gemeente en jaar op tot het totaal.",
    "Tot en met 2017 staat Rijnwaarden (GM0196) apart en is Zevenaar (GM0299) zonder Rijnwaarden.",
    "De gegevens staan op het werkblad 'data'.",
)


def _years(frame: pd.DataFrame, status: str | None = None) -> tuple[tuple[str, str | None], ...]:
    """Year -> status pairs for a provenance record (status None: the source has none)."""
    if status is None:
        return tuple((str(y), None) for y in sorted(set(frame["jaar"])))
    per_year = frame.groupby("jaar")[status].agg(lambda s: "voorlopig" if (s == "voorlopig").any() else "definitief")
    return tuple((str(y), v) for y, v in per_year.sort_index().items())


def local_example_files() -> list[ExampleFile]:
    """The eight local source files, rendered (bytes) in their example formats."""
    files: list[ExampleFile] = []

    lisa = lisa_banen_table()
    files.append(ExampleFile(
        "lisa_banen", "lisa_banen.xlsx",
        _deterministic_xlsx([
            ("toelichting", [[line] for line in _LISA_EXPLANATION], False),
            ("data", [list(lisa.columns), *lisa.itertuples(index=False, name=None)], True),
        ]),
        len(lisa),
        ("SBI-sectie G staat er als de afdelingen 45, 46 en 47, zodat de rijen per gemeente en jaar "
         "optellen tot het totaal.", "Tot en met 2017 staat Rijnwaarden (GM0196) apart."),
        _years(lisa),
    ))

    nights = toeristenbelasting_table()
    files.append(ExampleFile(
        "toeristenbelasting", "toeristenbelasting.csv",
        _csv_bytes(list(nights.columns),
                   [(g, y, _nl_thousands(n), s) for g, y, n, s in nights.itertuples(index=False, name=None)], ";"),
        len(nights),
        period_status=_years(nights, "status"),
    ))

    visitors = website_bezoekers_table()
    files.append(ExampleFile(
        "website_bezoekers", "website_bezoekers.csv",
        _csv_bytes(list(visitors.columns), visitors.itertuples(index=False, name=None), ","),
        len(visitors),
        period_status=_years(visitors),
    ))

    students = techniekstudenten_table()
    header = ["school", "gemeente", "schooljaar", "opleiding", "niveau", "studenten"]
    files.append(ExampleFile(
        "techniekstudenten", "techniekstudenten.csv",
        _csv_bytes(header, [(s, g, f"{y}-{y + 1}", o, n, k)
                            for s, g, y, o, n, k in students.itertuples(index=False, name=None)], ";"),
        len(students),
        ("Jaar = beginjaar van het schooljaar (2024 = schooljaar 2024-2025).",),
        _years(students),
    ))

    tension = uwv_spanning_table()
    files.append(ExampleFile(
        "uwv_spanning", "uwv_spanning.xlsx",
        _deterministic_xlsx([
            ("Spanningsindicator", [list(tension.columns), *tension.itertuples(index=False, name=None)], True),
        ]),
        len(tension),
        period_status=_years(tension),
    ))

    projects = projecten_table()
    files.append(ExampleFile(
        "projecten", "projecten.csv",
        _csv_bytes(list(projects.columns), projects.itertuples(index=False, name=None), ";", bom=True),
        len(projects),
        period_status=_years(projects),
    ))

    actuals = begroting_realisatie_table()
    files.append(ExampleFile(
        "begroting_realisatie", "begroting_realisatie.csv",
        _csv_bytes(list(actuals.columns),
                   [(y, a, _nl_amount(b)) for y, a, b in actuals.itertuples(index=False, name=None)], ";"),
        len(actuals),
        period_status=_years(actuals),
    ))

    # The evaluator's workbench: what was done, the evidence, and the follow-up of 2023.
    work = uitvoering_table(actuals)
    files.append(ExampleFile(
        "uitvoering", "uitvoering.csv",
        _csv_bytes(list(work.columns), [
            (a, y, o, u, "" if pd.isna(n) else int(n), "" if pd.isna(e) else e, d, "" if pd.isna(b) else _nl_amount(b),
             "" if pd.isna(h) else int(h), s, w)
            for a, y, o, u, n, e, d, b, h, s, w in work.itertuples(index=False, name=None)], ";"),
        len(work),
        period_status=_years(work),
    ))
    evidence = bewijs_table()
    files.append(ExampleFile(
        "bewijs", "bewijs.csv",
        _csv_bytes(list(evidence.columns), evidence.itertuples(index=False, name=None), ";", bom=True),
        len(evidence),
    ))
    follow_up = opvolging_table()
    files.append(ExampleFile(
        "opvolging_aanbevelingen", "opvolging_aanbevelingen.csv",
        _csv_bytes(list(follow_up.columns), follow_up.itertuples(index=False, name=None), ";"),
        len(follow_up),
        period_status=_years(follow_up),
    ))
    judgements = oordelen_table()
    files.append(ExampleFile(
        "oordelen", "oordelen.csv",
        _csv_bytes(list(judgements.columns), judgements.itertuples(index=False, name=None), ";"),
        len(judgements),
    ))
    return files


# =============================================================================================
# CBS tables
# =============================================================================================
