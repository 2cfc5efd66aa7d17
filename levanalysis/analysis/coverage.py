"""Data completeness: per local source, which units (municipalities, schools, regions,
activities) and years are there, partly there or missing, against what the evaluation needs.

What is needed follows from the plan (the previous period 2020-2023 for the comparison, the
baseline and the plan period up to the evaluation year) and from ``data/definitions/coverage.yaml``;
when a year's figures can be there follows from each source's ``lag_months``, or from
``data/definitions/calendar.yaml`` when that file names a lag for the source. The calendar is
read defensively: a file that is absent, unreadable or shaped otherwise changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import load_definitions
from levanalysis.definitions.plan import Plan
from levanalysis.definitions.plan_extras import load_previous_period
from levanalysis.paths import DATA_ROOT
from levanalysis.sources.local import validate_directory
from levanalysis.sources.local.presence import (
    COMPLETE,
    PARTIAL,
    coverage_spec,
    presence,
)

CALENDAR_YAML = DATA_ROOT / "definitions" / "calendar.yaml"

PRESENT, PARTLY, MISSING, NOT_YET, NOT_NEEDED = "aanwezig", "deels", "ontbreekt", "nog niet verwacht", "niet nodig"
SYMBOLS = {PRESENT: "✓", PARTLY: "◐", MISSING: "✗", NOT_YET: "·", NOT_NEEDED: "–"}
LEGEND = [(SYMBOLS[s], s) for s in (PRESENT, PARTLY, MISSING, NOT_YET, NOT_NEEDED)]
UNIT_LABELS = {"gemeente": "gemeente", "school": "school", "uwv_regio": "UWV-regio", "activiteit": "activiteit",
               "aanbeveling": "aanbeveling"}
_LAG_KEYS = ("lag_months", "vertraging_maanden", "months_after_year_end", "beschikbaar_na_maanden")
_NOTE_KEYS = ("available", "beschikbaar", "release", "verschijnt", "note", "toelichting")
_MOMENTS = ("tussenstand", "eindmeting")


@dataclass(frozen=True)
class Calendar:
    """What coverage takes from calendar.yaml: lags and notes per source, dates of the measurements."""

    lags: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    moments: dict[str, str] = field(default_factory=dict)
    found: bool = False


def _find_moments(node, moments: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key).casefold() in _MOMENTS and str(key).casefold() not in moments:
                if isinstance(value, dict):
                    value = next((v for k, v in value.items() if str(k).casefold() in ("date", "datum", "year", "jaar")), value)
                if not isinstance(value, (dict, list)):
                    moments[str(key).casefold()] = str(value)
            else:
                _find_moments(value, moments)
    elif isinstance(node, list):
        for item in node:
            _find_moments(item, moments)


def read_calendar(path: Path = CALENDAR_YAML) -> Calendar:
    """The parts of the data calendar coverage understands; an empty Calendar otherwise."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return Calendar()
    if not isinstance(raw, dict):
        return Calendar()
    entries = raw.get("sources") if isinstance(raw.get("sources"), dict) else raw
    lags, notes = {}, {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        for key in _LAG_KEYS:
            if isinstance(entry.get(key), int) and not isinstance(entry.get(key), bool):
                lags[str(name)] = int(entry[key])
                break
        for key in _NOTE_KEYS:
            if isinstance(entry.get(key), (str, int, dt.date)):
                notes[str(name)] = str(entry[key])
                break
    moments: dict[str, str] = {}
    _find_moments(raw, moments)
    return Calendar(lags, notes, moments, found=True)


def available_from(year: int, lag_months: int) -> dt.date:
    """The first day a year's figures can be there: the end of the year plus the lag."""
    months = 12 + lag_months
    return dt.date(year + months // 12, months % 12 + 1, 1)


@dataclass
class SourceCoverage:
    name: str
    title: str
    state: str  # 'ontbreekt', 'fouten', 'in orde'
    unit: str | None
    years: list[int]
    rows: list[dict]  # {"unit": str, "cells": [{"year", "status", "symbol", "note"}]}
    kind: str  # 'series', 'plan', 'register'
    row_count: int = 0
    years_present: list[int] = field(default_factory=list)
    note: str = ""
    units_missing: list[str] = field(default_factory=list)  # a register's expected units without a row

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows for c in r["cells"] if c["status"] == status)


def _expected_units(expect: str | None, plan: Plan, region: _region.Region) -> list[str]:
    if expect == "municipalities":
        return list(region.names)
    if expect == "uwv_regions":
        return list(region.uwv_regions)
    if expect == "activities":
        return list(plan.activities())
    if expect == "recommendations":
        return [r.id for r in load_previous_period().recommendations]
    return []


def needed_years(kind: str, plan: Plan, evaluation_year: int) -> list[int]:
    """The years the evaluation needs from a source of this kind (none for a register)."""
    if kind == "series":
        return list(range(load_previous_period().span[0], evaluation_year + 1))
    if kind == "plan":
        return [y for y in plan.years if y <= evaluation_year]
    return []


def source_coverage(name, result, plan: Plan, evaluation_year: int, today: dt.date, calendar: Calendar,
                    region: _region.Region) -> SourceCoverage:
    spec = load_definitions().sources[name]
    cover = coverage_spec(name)
    years = needed_years(cover.years, plan, evaluation_year)
    lag = calendar.lags.get(name, cover.lag_months)
    state = "ontbreekt" if result.status == "absent" else "fouten" if result.errors else "in orde"
    facts = presence(result.data, spec, region) if result.data is not None else None
    units = _expected_units(cover.expect, plan, region)
    if facts is not None and cover.unit:
        window = set(years)
        units += [u for u in facts.units if u not in units and any((u, y) in facts.cells for y in window)]
    if not cover.unit:
        units = [""]
    rows = []
    for unit in (units if cover.years != "register" else []):
        cells = []
        for year in years:
            mark = facts.cells.get((unit, year)) if facts is not None else None
            if mark == COMPLETE:
                status, note = PRESENT, ""
            elif mark == PARTIAL:
                status, note = PARTLY, facts.reasons.get((unit, year), "")
            elif today < available_from(year, lag):
                status, note = NOT_YET, f"verwacht vanaf {available_from(year, lag).strftime('%m-%Y')}"
            else:
                status, note = MISSING, ""
            cells.append({"year": year, "status": status, "symbol": SYMBOLS[status], "note": note})
        rows.append({"unit": unit, "cells": cells})
    units_missing = []
    if cover.years == "register" and cover.expect:
        delivered = set(result.data[cover.unit]) if result.data is not None and cover.unit in result.data else set()
        units_missing = [u for u in units if u not in delivered]
    note = calendar.notes.get(name, "")
    if state == "fouten":
        note = "Het bestand heeft fouten en telt daarom niet mee; zie 'levanalysis validate'."
    return SourceCoverage(
        name=name, title=spec.title, state=state, unit=UNIT_LABELS.get(cover.unit or "", cover.unit), years=years,
        rows=rows, kind=cover.years, row_count=result.rows if result.data is not None else 0,
        years_present=facts.years if facts is not None else [], note=note, units_missing=units_missing,
    )


def coverage(data_dir: Path, plan: Plan, evaluation_year: int, today: dt.date | None = None,
             calendar_path: Path = CALENDAR_YAML) -> list[SourceCoverage]:
    """The coverage of every local source in ``data_dir``, in definition order."""
    today = today or dt.date.today()
    calendar = read_calendar(calendar_path)
    report = validate_directory(data_dir)
    region = _region.load_region()
    return [source_coverage(name, result, plan, evaluation_year, today, calendar, region)
            for name, result in report.sources.items() if name in load_definitions().sources]


def coverage_records(items: list[SourceCoverage]) -> list[dict]:
    """One flat record per source, unit and year (for CSV and JSON); registers get one record."""
    records = []
    for item in items:
        if not item.rows:
            records.append({"bron": item.name, "eenheid_soort": item.unit or "", "eenheid": "", "jaar": None,
                            "status": PRESENT if item.row_count else MISSING, "toelichting":
                            f"{item.row_count} rijen" + (f"; jaren {', '.join(map(str, item.years_present))}"
                                                          if item.years_present else "")
                            + (f"; zonder rij: {', '.join(item.units_missing)}" if item.units_missing else "")
                            if item.row_count else item.state})
            continue
        for row in item.rows:
            for cell in row["cells"]:
                records.append({"bron": item.name, "eenheid_soort": item.unit or "", "eenheid": row["unit"],
                                "jaar": cell["year"], "status": cell["status"], "toelichting": cell["note"]})
    return records
