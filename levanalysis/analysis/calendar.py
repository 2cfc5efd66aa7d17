"""The data calendar: when a source's figure for a year usually arrives (``data/definitions/calendar.yaml``).

A KPI's final figure is its figure for the last year of the plan period; it can be expected when
every source the KPI needs has delivered that year. Dates are months, as ``'2027-11'`` (they sort
as text), shown to people as 'november 2027'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from levanalysis.definitions.plan import DataBinding, PlanError
from levanalysis.paths import DATA_ROOT

CALENDAR_YAML = DATA_ROOT / "definitions" / "calendar.yaml"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arrival(_Model):
    """``year`` years after the figure's year N (0: in N itself), in ``month``."""

    year: int = Field(ge=0, le=5)
    month: int = Field(ge=1, le=12)

    def for_year(self, figure_year: int) -> str:
        return f"{figure_year + self.year:04d}-{self.month:02d}"


class SourceCalendar(_Model):
    arrives: Arrival
    definitive: Arrival | None = None
    basis: str
    verified: bool = False


class _CalendarFile(_Model):
    sources: dict[str, SourceCalendar]


@cache
def _load(path: Path) -> dict[str, SourceCalendar]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return dict(_CalendarFile.model_validate(raw).sources)
    except FileNotFoundError as exc:
        raise PlanError(f"De datakalender ontbreekt: {path}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise PlanError(f"De datakalender {path} klopt niet: {exc}") from exc


def load_calendar(path: Path | str = CALENDAR_YAML) -> dict[str, SourceCalendar]:
    """Source reference (``lisa_banen``, ``cbs:83582NED``) -> its calendar entry. Cached."""
    return _load(Path(path).resolve())


@dataclass(frozen=True)
class Expected:
    """When a KPI's figure for one year can be expected: first figure and definitive figure
    (``None`` when a source of the KPI is not in the calendar)."""

    first: str | None
    definitive: str | None


def expected(binding: DataBinding, figure_year: int, calendar: dict[str, SourceCalendar] | None = None) -> Expected:
    """When every source of ``binding`` has delivered ``figure_year`` (the latest of them)."""
    calendar = load_calendar() if calendar is None else calendar
    sources = [binding.region] + ([binding.nation] if binding.nation else [])
    entries = [calendar.get(source) for source in dict.fromkeys(sources)]
    if any(entry is None for entry in entries):
        return Expected(None, None)
    first = max(entry.arrives.for_year(figure_year) for entry in entries)
    definitive = max((entry.definitive or entry.arrives).for_year(figure_year) for entry in entries)
    return Expected(first, definitive)


def month_text(year_month: str | None) -> str:
    """'2027-11' -> 'november 2027'; None -> 'onbekend'."""
    if not year_month:
        return "onbekend"
    year, month = year_month.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def has_passed(year_month: str, reference: date) -> bool:
    """Whether the whole month ``year_month`` lies before ``reference``."""
    year, month = (int(part) for part in year_month.split("-"))
    end = date(year + (month == 12), month % 12 + 1, 1)
    return reference >= end
