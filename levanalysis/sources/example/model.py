"""The invented economy behind the example data: seeds, fixed times, growth paths and the
employment model that both the LISA delivery and the CBS tables are drawn from."""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from levanalysis.paths import DATA_ROOT

SEED = 20240101
SOURCE = "LEV-monitor voorbeeldgegevens"
EXAMPLE_NOTE = "Verzonnen voorbeeldcijfers, geen echte gegevens."
RETRIEVED_AT = "2026-01-15T00:00:00+00:00"
# CBS writes TableInfos.Modified without a time zone.
CBS_MODIFIED = "2026-01-15T00:00:00"
FIXED_TIME = datetime(2026, 1, 15, 0, 0, 0)
DEFAULT_TARGET = DATA_ROOT / "example"

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


def seeded_rng(name: str) -> np.random.Generator:
    # One stream per table, keyed by a stable hash of its name: changing one table's draws
    # never shifts the figures of another.
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def growth_index(rates_percent: Sequence[float]) -> dict[int, float]:
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
NL_GROWTH_DEFAULT = (1.6, 2.3, 2.5, 2.0, -0.6, 2.3, 2.9, 1.3, 0.8, 0.6)
NL_GROWTH = {
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
    rng = seeded_rng("employment")
    rows: list[tuple[str, int, str, float]] = []
    for municipality in MUNICIPALITIES:
        shares = _shares(municipality)
        # Own small trend and yearly noise per municipality and group, so municipalities differ.
        drift = rng.normal(0, 0.004, size=len(LISA_GROUPS))
        noise = rng.normal(0, 0.012, size=(len(LISA_GROUPS), len(CBS_YEARS)))
        for gi, group in enumerate(LISA_GROUPS):
            index = growth_index(_LIEMERS_GROWTH.get(group, _LIEMERS_GROWTH_DEFAULT))
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


def round_to(value: float, step: int) -> int:
    return int(round(value / step)) * step

