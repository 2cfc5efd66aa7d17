"""Deterministic, invented example data for every source of the LEV-monitor.

The bundled data directory ``data/example/`` is made by this module and by nothing else, so that
the book, the notebooks and the tests have realistic-looking data to run on before real
deliveries exist. Every figure is invented; every file says so in its provenance sidecar
(``kind="example"``), and the book shows a warning on every page that uses them.

What is written (``write_example_data``):

- the seven local sources in exactly the delivery format of ``data/definitions/local_sources.yaml``,
  on purpose in a mix of the accepted formats:

  ============================  ==========================================================
  ``lisa_banen.xlsx``           sheet 'toelichting' first, data on sheet 'data'; CBS codes
  ``toeristenbelasting.csv``    ``;``, Dutch thousands (``148.312``)
  ``website_bezoekers.csv``     ``,``, plain numbers, months 1-12
  ``techniekstudenten.csv``     ``;``, header alias ``schooljaar`` with ``2024-2025``
  ``uwv_spanning.xlsx``         one sheet 'Spanningsindicator' (no 'data' sheet), real numbers
  ``projecten.csv``             ``;``, UTF-8 with BOM (as Excel's "CSV UTF-8" writes it)
  ``begroting_realisatie.csv``  ``;``, Dutch amounts with euro sign (``€ 33.870,45``)
  ============================  ==========================================================

  each with a sidecar ``<source>.provenance.json``;
- four CBS tables in the cache layout (``cbs/<id>.parquet`` + ``cbs/<id>.provenance.json``):
  83582NED (jobs), 82058NED (overnight stays, Nederland), 85925NED (value added and labour
  years) and 81575NED (establishments). They are produced by :func:`levanalysis.cbs.fetch_table`
  itself, fed by an in-memory backend that serves invented figures, so their columns, dtypes,
  row order and provenance fields are exactly those of a real fetch.

The layout choices a reader of the data must know:

- LISA rows per municipality and year are disjoint and add up to the total: SBI sections A-U,
  except that section G is delivered as its divisions 45, 46 and 47 (retail, 47, is a VTE
  subsector). Figures are rounded to tens, as LISA publishes them.
- Years before 2018 carry Rijnwaarden (GM0196) separately and Zevenaar without it, in LISA and
  in the CBS municipal tables (83582NED, 81575NED), so the merger rule has something to fold.
- CBS 83582NED has suppressed (NaN) cells for small municipality x sector combinations.
- The last year (2025) is 'Voorlopig' in every CBS table and 'voorlopig' in the tourist tax.
- UWV occupation groups are named as UWV names them: 'Technische beroepen' and
  'Transport en logistiek'.

Intended outcomes against the plan's targets (baseline 2023, latest year 2025), so that the
scorecard shows different statuses (``tests/test_example_data.py`` guards them):

- website visitors +6.0 % a year (target 5 % a year: met);
- tourist-tax nights +2.9 % against +4.2 % for the CBS national nights (not met);
- VTE jobs (I + R + 47) +4.1 % against +2.5 % in the Netherlands (met), and spread more evenly
  over I, R and 47 because retail stays flat (diversification: met);
- manufacturing jobs +4.5 % against +0.5 % in the Netherlands (met);
- manufacturing productivity +3.5 % in Arnhem/Nijmegen and +4.7 % in Gelderland against +6.6 %
  in the Netherlands (not met);
- technical students +3.4 % (target +5 %: not met);
- UWV spanningsindicator for technical occupations -4.5 % in both regions (target -3 %: met);
- 2 projects and 4 collaborations in 2024-2025 (targets 3 and 5 in 2024-2026: not yet).

Magnitudes: about 57,000 LISA jobs in the Liemers in 2023 (Zevenaar 20,400, Montferland 14,100,
Duiven 13,200, Westervoort 5,100, Doesburg 4,100), 14 % manufacturing, 10 % logistics (H);
9.05 million employee jobs in the Netherlands; 120 million nights in the Netherlands in 2019,
75 million in 2020; 345,000 tourist-tax nights in the Liemers in 2023, most in Montferland.

Reproducibility: every table comes from ``numpy.random.default_rng`` seeded with :data:`SEED`
and the table's name, and every time stamp is fixed. The files are byte-identical on every run
with the pinned versions of ``requirements.lock``: parquet files record the pandas and pyarrow
versions, and deflate output depends on zlib, so an upgrade of those may change bytes (not
values); regenerate then with ``python -m levanalysis.example_data``. openpyxl stamps workbooks
with the current time, both in ``docProps/core.xml`` and in every zip entry; the workbooks are
therefore re-packed with fixed dates (:func:`_deterministic_xlsx`).

Command line: ``python -m levanalysis.example_data [TARGET]`` (default ``data/example``). It
writes only inside TARGET and refuses a directory holding any file it did not make itself (a
file counts as its own only while its sidecar says ``kind: example`` and the file still has the
recorded sha256, so a real delivery dropped over an example file is never overwritten).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from levanalysis.cache import Dataset, Provenance, file_sha256, write_datasets
from levanalysis.cbs import (
    Dimension,
    Measure,
    Member,
    Selection,
    TableMetadata,
    TableSpec,
    fetch_table,
    load_table_specs,
)
from levanalysis.datasets import CBS_SUBDIR, PROVENANCE_SUFFIX, local_provenance_path, write_local_provenance
from levanalysis.local_sources import load_definitions
from levanalysis.region import REPO_ROOT

__all__ = [
    "DEFAULT_TARGET",
    "RETRIEVED_AT",
    "SEED",
    "SOURCE",
    "ExampleDataError",
    "ExampleFile",
    "ExampleTable",
    "accommodation_table",
    "begroting_realisatie_table",
    "cbs_example_datasets",
    "cbs_example_tables",
    "employment_model",
    "establishments_table",
    "jobs_table",
    "lisa_banen_table",
    "local_example_files",
    "main",
    "productivity_table",
    "projecten_table",
    "techniekstudenten_table",
    "toeristenbelasting_table",
    "uwv_spanning_table",
    "website_bezoekers_table",
    "write_example_data",
]

SEED = 20240101
SOURCE = "LEV-monitor voorbeeldgegevens"
EXAMPLE_NOTE = "Verzonnen voorbeeldcijfers, geen echte gegevens."
RETRIEVED_AT = "2026-01-15T00:00:00+00:00"
# CBS writes TableInfos.Modified without a time zone.
CBS_MODIFIED = "2026-01-15T00:00:00"
_FIXED_TIME = datetime(2026, 1, 15, 0, 0, 0)
DEFAULT_TARGET = REPO_ROOT / "data" / "example"

BASE_YEAR = 2023
FIRST_CBS_YEAR = 2015
FIRST_LOCAL_YEAR = 2019
LAST_YEAR = 2025
CBS_YEARS = tuple(range(FIRST_CBS_YEAR, LAST_YEAR + 1))
LOCAL_YEARS = tuple(range(FIRST_LOCAL_YEAR, LAST_YEAR + 1))
GROWTH_YEARS = tuple(range(FIRST_CBS_YEAR + 1, LAST_YEAR + 1))  # one rate per year after the first

ZEVENAAR, DOESBURG, DUIVEN, WESTERVOORT, MONTFERLAND = "GM0299", "GM0221", "GM0226", "GM0293", "GM1955"
RIJNWAARDEN = "GM0196"
MERGER_YEAR = 2018
MUNICIPALITIES = (ZEVENAAR, DOESBURG, DUIVEN, WESTERVOORT, MONTFERLAND)
NAMES = {
    ZEVENAAR: "Zevenaar",
    DOESBURG: "Doesburg",
    DUIVEN: "Duiven",
    WESTERVOORT: "Westervoort",
    MONTFERLAND: "Montferland",
    RIJNWAARDEN: "Rijnwaarden",
}


class ExampleDataError(Exception):
    """The example data cannot be written there; the message is Dutch, for people."""


def _rng(name: str) -> np.random.Generator:
    # One stream per table, keyed by a stable hash of its name: changing one table's draws
    # never shifts the figures of another.
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def _index(rates_percent: Sequence[float]) -> dict[int, float]:
    """Index per year (BASE_YEAR = 1) from one growth rate per year of GROWTH_YEARS."""
    if len(rates_percent) != len(GROWTH_YEARS):
        raise ValueError(f"expected {len(GROWTH_YEARS)} growth rates, got {len(rates_percent)}")
    level = {FIRST_CBS_YEAR: 1.0}
    for year, rate in zip(GROWTH_YEARS, rates_percent, strict=True):
        level[year] = level[year - 1] * (1 + rate / 100)
    return {year: value / level[BASE_YEAR] for year, value in level.items()}


# =============================================================================================
# Employment: one invented "true" series that LISA, CBS jobs and CBS establishments all derive
# from, so the sources tell a consistent story.
# =============================================================================================

# SBI sections A-U, with G replaced by its divisions 45, 46 and 47: disjoint groups that add up
# to the total, and 47 (retail) is a VTE subsector.
LISA_GROUPS = ("A", "B", "C", "D", "E", "F", "45", "46", "47", "H", "I", "J", "K", "L", "M", "N", "O",
               "P", "Q", "R", "S", "T", "U")

# Jobs (werkzame personen) per municipality in 2023.
JOBS_2023 = {ZEVENAAR: 20300, MONTFERLAND: 14100, DUIVEN: 13200, WESTERVOORT: 5100, DOESBURG: 4150}

_DEFAULT_SHARES = {
    "A": 0.020, "B": 0.001, "C": 0.120, "D": 0.004, "E": 0.007, "F": 0.065, "45": 0.022, "46": 0.065,
    "47": 0.085, "H": 0.090, "I": 0.050, "J": 0.022, "K": 0.012, "L": 0.008, "M": 0.050, "N": 0.070,
    "O": 0.040, "P": 0.070, "Q": 0.150, "R": 0.020, "S": 0.022, "T": 0.001, "U": 0.0,
}
# Shares that characterise each municipality; the other groups fill the rest in proportion.
# Manufacturing is strong everywhere, logistics in Duiven and Zevenaar, tourism in Montferland
# and Doesburg.
_SHARE_OVERRIDES = {
    ZEVENAAR: {"C": 0.13, "H": 0.12, "46": 0.07, "47": 0.085, "I": 0.05, "R": 0.02, "F": 0.065},
    MONTFERLAND: {"C": 0.19, "H": 0.07, "F": 0.09, "I": 0.065, "R": 0.03, "47": 0.07, "A": 0.035},
    DUIVEN: {"C": 0.11, "H": 0.15, "46": 0.10, "47": 0.10, "I": 0.04, "R": 0.015, "F": 0.06},
    WESTERVOORT: {"C": 0.14, "H": 0.06, "47": 0.08, "I": 0.04, "R": 0.015, "F": 0.07},
    DOESBURG: {"C": 0.15, "H": 0.04, "I": 0.085, "R": 0.025, "47": 0.09, "F": 0.06},
}
# Part of the present Zevenaar that was Rijnwaarden before 2018 (a rural area: more farming).
_RIJNWAARDEN_SHARE_DEFAULT = 0.11
_RIJNWAARDEN_SHARES = {"A": 0.35, "C": 0.10, "F": 0.17, "I": 0.15, "R": 0.12, "H": 0.09, "47": 0.07,
                       "Q": 0.08, "O": 0.06}

# Growth in % per year for 2016..2025 (GROWTH_YEARS). Covid: I and R fall in 2020 and 2021.
_LIEMERS_GROWTH_DEFAULT = (1.4, 2.0, 2.2, 1.8, -0.8, 1.6, 2.4, 1.2, 0.9, 0.7)
_LIEMERS_GROWTH = {
    "C": (0.8, 1.2, 1.5, 1.0, -1.5, 0.5, 1.5, 1.0, 2.7, 2.5),   # faster than NL since 2023
    "F": (1.0, 2.5, 3.0, 2.5, 0.5, 1.5, 1.5, 0.5, -0.5, 0.5),
    "46": (1.0, 1.5, 2.0, 1.5, -0.5, 1.0, 1.5, 0.5, 0.5, 0.3),
    "47": (0.5, 0.5, 0.8, 0.3, -2.0, 0.5, 1.0, 0.2, 0.3, 0.2),
    "H": (2.5, 3.0, 3.5, 3.0, 1.0, 2.5, 2.0, 1.0, 1.5, 1.2),
    "I": (3.0, 3.0, 3.0, 2.5, -15.0, -6.0, 24.0, 4.0, 4.5, 4.0),
    "R": (2.0, 2.0, 2.5, 2.0, -10.0, -4.0, 15.0, 3.0, 3.0, 3.0),
    "Q": (2.0, 2.0, 2.5, 2.5, 2.0, 2.5, 2.5, 2.0, 2.0, 1.8),
}
_NL_GROWTH_DEFAULT = (1.6, 2.3, 2.5, 2.0, -0.6, 2.3, 2.9, 1.3, 0.8, 0.6)
_NL_GROWTH = {
    "C": (0.4, 1.0, 1.3, 0.8, -0.8, 0.6, 1.3, 0.7, 0.3, 0.2),
    "F": (0.5, 2.5, 3.5, 3.0, 0.8, 1.8, 1.5, 0.5, -0.8, 0.3),
    "46": (1.0, 1.8, 2.2, 1.5, -0.7, 1.5, 2.0, 0.8, 0.4, 0.3),
    "47": (0.8, 1.0, 1.2, 0.8, -1.2, 1.0, 1.2, 0.8, 0.8, 0.6),
    "H": (2.0, 2.5, 3.0, 2.5, -0.3, 2.0, 2.2, 0.8, 0.8, 0.5),
    "I": (3.5, 4.0, 4.2, 3.0, -18.0, -7.0, 27.0, 4.0, 2.0, 1.8),
    "R": (2.5, 2.5, 3.0, 2.5, -9.0, -4.0, 14.0, 3.0, 2.0, 1.8),
}


def _shares(municipality: str) -> dict[str, float]:
    fixed = _SHARE_OVERRIDES[municipality]
    rest = {g: s for g, s in _DEFAULT_SHARES.items() if g not in fixed}
    scale = (1 - sum(fixed.values())) / sum(rest.values())
    return {g: fixed[g] if g in fixed else _DEFAULT_SHARES[g] * scale for g in LISA_GROUPS}


def employment_model() -> pd.DataFrame:
    """Invented jobs (werkzame personen, unrounded) per municipality, LISA group and year.

    Columns ``gemeente`` (CBS code as it existed that year: before 2018 Zevenaar without
    Rijnwaarden, and Rijnwaarden itself), ``jaar``, ``groep`` (see :data:`LISA_GROUPS`), ``banen``.
    """
    rng = _rng("employment")
    rows: list[tuple[str, int, str, float]] = []
    for municipality in MUNICIPALITIES:
        shares = _shares(municipality)
        # Own small trend and yearly noise per municipality and group, so municipalities differ.
        drift = rng.normal(0, 0.004, size=len(LISA_GROUPS))
        noise = rng.normal(0, 0.012, size=(len(LISA_GROUPS), len(CBS_YEARS)))
        for gi, group in enumerate(LISA_GROUPS):
            index = _index(_LIEMERS_GROWTH.get(group, _LIEMERS_GROWTH_DEFAULT))
            for yi, year in enumerate(CBS_YEARS):
                value = (JOBS_2023[municipality] * shares[group] * index[year]
                         * (1 + drift[gi]) ** (year - BASE_YEAR) * math.exp(noise[gi, yi]))
                if municipality == ZEVENAAR and year < MERGER_YEAR:
                    part = _RIJNWAARDEN_SHARES.get(group, _RIJNWAARDEN_SHARE_DEFAULT)
                    rows.append((RIJNWAARDEN, year, group, value * part))
                    value *= 1 - part
                rows.append((municipality, year, group, value))
    frame = pd.DataFrame(rows, columns=["gemeente", "jaar", "groep", "banen"])
    return frame.sort_values(["jaar", "gemeente"], kind="stable").reset_index(drop=True)


def _round_to(value: float, step: int) -> int:
    return int(round(value / step)) * step


def lisa_banen_table() -> pd.DataFrame:
    """LISA jobs per municipality (CBS code), year and SBI group, rounded to tens, 2015-2025."""
    model = employment_model()
    return pd.DataFrame({
        "gemeente": model["gemeente"],
        "jaar": model["jaar"],
        "sbi": model["groep"],
        "banen": [_round_to(v, 10) for v in model["banen"]],
    })


# =============================================================================================
# Local sources
# =============================================================================================

_NIGHTS_2019 = {MONTFERLAND: 148000, ZEVENAAR: 82000, DOESBURG: 46000, DUIVEN: 38000, WESTERVOORT: 11000}
# Relative to 2019. Recovers like the country, but grows slower than it after 2023.
_NIGHTS_INDEX = {2019: 1.0, 2020: 0.64, 2021: 0.73, 2022: 1.01, 2023: 1.055, 2024: 1.072, 2025: 1.083}


def toeristenbelasting_table() -> pd.DataFrame:
    """Nights per municipality (name) and year from the tourist tax; 2025 is provisional."""
    rng = _rng("toeristenbelasting")
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
    rng = _rng("website_bezoekers")
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
    rng = _rng("techniekstudenten")
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
    rng = _rng("uwv_spanning")
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


def _budget_lines() -> pd.DataFrame:
    return pd.read_csv(REPO_ROOT / "data" / "plan" / "begroting.csv", dtype={"activity_ids": "string"})


def begroting_realisatie_table() -> pd.DataFrame:
    """Actual spending per activity (and the organisation line) for 2024 and 2025, in euros.

    One code per budget line that has money in the plan: its first activity id (the
    Logistics Valley contribution is one payment for log-1..log-4), or the line id when the line
    has no activities (la-organisatie). Amounts lie near the plan: mostly a little under it.
    """
    rng = _rng("begroting_realisatie")
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


_ZIP_TIME = (_FIXED_TIME.year, _FIXED_TIME.month, _FIXED_TIME.day, 0, 0, 0)


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
    properties.creator = "levanalysis.example_data"
    properties.title = "LEV-monitor voorbeeldgegevens"
    properties.created = _FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    properties.modified = _FIXED_TIME
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
            extra={"generator": "levanalysis.example_data", "seed": SEED},
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
    """The seven local source files, rendered (bytes) in their example formats."""
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
    return files


# =============================================================================================
# CBS tables
# =============================================================================================

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
    rng = _rng("83582NED")
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
            rates = _NL_GROWTH_DEFAULT if sector == "T001081" else _NL_GROWTH[sector]
            index = _index(rates)
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
        # 'Overnachtingen') says what is counted. levanalysis.cbs puts the group path in front.
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
    rng = _rng("85925NED")
    records = []
    for sector in _PRODUCTIVITY_SECTORS:
        labour_index = _index(_NL_GROWTH_DEFAULT if sector == "T001081" else _NL_GROWTH[sector])
        for region in ("NL01", "PV25", "CR22"):
            rates = list(_PRODUCTIVITY_GROWTH[sector])
            for year, lag in _REGIONAL_LAG.get((region, sector), {}).items():
                rates[GROWTH_YEARS.index(year)] += lag
            productivity_index = _index(rates)
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
    rng = _rng("81575NED")
    model = employment_model()
    records = []
    for (municipality, year), part in model.groupby(["gemeente", "jaar"], sort=True):
        noise = np.exp(rng.normal(0, 0.02, size=len(part)))
        counts = {g: b / _JOBS_PER_ESTABLISHMENT[g] * 1.02 ** (year - BASE_YEAR) * n
                  for g, b, n in zip(part["groep"], part["banen"], noise, strict=True)}
        cells = {"T001081": sum(counts.values()), **{s: counts[s] for s in _JOBS_SECTORS}}
        for sector, value in cells.items():
            records.append((municipality, year, sector, float(_round_to(value, 5))))
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
    """A :class:`levanalysis.cbs.StatLineBackend` serving :class:`ExampleTable` objects from memory."""

    base_url = "levanalysis.example_data"

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
    """Every example CBS table as :func:`levanalysis.cbs.fetch_table` returns it, relabelled as
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
                f"Verzonnen cijfers in de indeling van CBS-tabel {table_id} (zoals levanalysis.cbs die "
                "opslaat); geen echte CBS-gegevens.",
                *fetched.provenance.notes,
            ],
            extra={**fetched.provenance.extra, "generator": "levanalysis.example_data", "seed": SEED},
        )
        out[table_id] = Dataset(fetched.data, provenance)
    return out


# =============================================================================================
# Writing
# =============================================================================================


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _is_example_sidecar(path: Path) -> bool:
    record = _read_sidecar(path)
    return record is not None and record.get("kind") == "example"


def _sidecar_of(path: Path, target: Path) -> Path | None:
    if path.parent == target:
        return local_provenance_path(path)
    if path.parent == target / CBS_SUBDIR:
        return path.with_name(path.stem + PROVENANCE_SUFFIX)
    return None


def _is_own_data_file(path: Path, target: Path) -> bool:
    # Only while the file is exactly what was generated: a real delivery saved over an example
    # file has another hash and must never be overwritten or removed.
    sidecar = _sidecar_of(path, target)
    if sidecar is None or not sidecar.is_file():
        return False
    record = _read_sidecar(sidecar)
    return (
        record is not None
        and record.get("kind") == "example"
        and record.get("file") == path.name
        and record.get("sha256") == file_sha256(path)
    )


def _scan(target: Path, known_stems: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """(files this generator made, other files) in ``target``, recursively."""
    own: list[Path] = []
    foreign: list[Path] = []
    stems = tuple(known_stems)
    for path in sorted(target.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        in_place = path.parent in (target, target / CBS_SUBDIR) and not path.is_symlink()
        if not in_place:
            foreign.append(path)
        elif path.name.startswith(".") and path.name.endswith(".tmp") and path.name[1:].startswith(stems):
            own.append(path)  # left behind by an interrupted run of this generator
        elif path.name.endswith(PROVENANCE_SUFFIX) and _is_example_sidecar(path):
            own.append(path)
        elif _is_own_data_file(path, target):
            own.append(path)
        else:
            foreign.append(path)
    return own, foreign


def _write_bytes_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_example_data(target_dir: str | os.PathLike[str] = DEFAULT_TARGET) -> list[Path]:
    """Write the complete example data set into ``target_dir``; return the files written.

    ``target_dir`` may be new, empty, or hold an earlier example set made by this function
    (which is then replaced, and files it no longer makes are removed). Any other file in it
    makes this raise :class:`ExampleDataError` before anything is written.
    """
    target = Path(target_dir)
    if target.exists() and not target.is_dir():
        raise ExampleDataError(f"{target} is geen map; kies een (nieuwe of lege) map voor de voorbeeldgegevens.")
    cbs_dir = target / CBS_SUBDIR
    if cbs_dir.is_symlink() or (cbs_dir.exists() and not cbs_dir.is_dir()):
        raise ExampleDataError(
            f"{cbs_dir} is geen gewone map; daar worden geen voorbeeldgegevens in geschreven."
        )
    # Everything is generated before anything is written: a failure leaves the target untouched.
    files = local_example_files()
    datasets = cbs_example_datasets()

    stems = [f.source for f in files] + list(datasets)
    if target.is_dir():
        own, foreign = _scan(target, stems)
        if foreign:
            shown = ", ".join(str(p.relative_to(target)) for p in foreign[:5])
            more = f" en nog {len(foreign) - 5}" if len(foreign) > 5 else ""
            raise ExampleDataError(
                f"De map {target} bevat bestanden die niet door de voorbeeldgenerator zijn gemaakt "
                f"({shown}{more}). Daar worden geen voorbeeldgegevens in geschreven, om geen echte "
                "gegevens te overschrijven. Kies een nieuwe of lege map."
            )
    else:
        own = []

    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for example in files:
        path = target / example.filename
        _write_bytes_atomically(path, example.content)
        written += [path, write_local_provenance(path, example.provenance())]
    stored = write_datasets({k: (d.data, d.provenance) for k, d in datasets.items()}, cbs_dir)
    for table_id in stored:
        written += [cbs_dir / f"{table_id}.parquet", cbs_dir / f"{table_id}{PROVENANCE_SUFFIX}"]
    for path in own:
        if path not in written:
            path.unlink(missing_ok=True)
    return sorted(written)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m levanalysis.example_data",
        description="Schrijft de verzonnen voorbeeldgegevens van de LEV-monitor (lokale bronnen en CBS-tabellen).",
    )
    parser.add_argument(
        "target", nargs="?", default=str(DEFAULT_TARGET),
        help=f"map voor de voorbeeldgegevens (standaard {DEFAULT_TARGET}); alleen een nieuwe, lege of "
             "eerder door deze opdracht gevulde map",
    )
    args = parser.parse_args(argv)
    try:
        written = write_example_data(args.target)
    except ExampleDataError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fout: de voorbeeldgegevens konden niet worden geschreven in {args.target}: {exc}", file=sys.stderr)
        return 1
    local = sum(1 for p in written if p.parent.name != CBS_SUBDIR and not p.name.endswith(PROVENANCE_SUFFIX))
    tables = sum(1 for p in written if p.suffix == ".parquet")
    print(f"Voorbeeldgegevens geschreven in {args.target}: {local} lokale bronnen en {tables} CBS-tabellen, "
          "elk met een herkomstbestand.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
