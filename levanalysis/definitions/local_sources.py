"""The local (non-open) sources as typed definitions, from ``data/definitions/local_sources.yaml``.

The columns of every source are defined once, in that file; the validation schemas
(:mod:`levanalysis.sources.local`), the Excel templates and the documentation are all built
from these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from levanalysis.definitions import region as _region
from levanalysis.definitions.indicators import IndicatorSpec, parse_indicators
from levanalysis.paths import DATA_ROOT

DEFINITIONS_YAML = DATA_ROOT / "definitions" / "local_sources.yaml"

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
# Formats people may plausibly deliver that we do not read; named so they get a clear message.
UNSUPPORTED_SUFFIXES = (".xls", ".xlsm", ".ods", ".txt", ".tsv")

ERROR = "error"
WARNING = "warning"

COLUMN_TYPES = (
    "municipality",
    "uwv_region",
    "year",
    "school_year",
    "month",
    "quarter",
    "count",
    "number",
    "amount_eur",
    "text",
    "code",
    "sbi",
    "choice",
    "list",
)
NUMERIC_TYPES = ("count", "number", "amount_eur")
INT_TYPES = ("year", "school_year", "month", "quarter", "count")
FLOAT_TYPES = ("number", "amount_eur")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool
    description: str
    example: Any = None
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSpec:
    id: str
    level: str  # "error" or "warning"
    description: str


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    description: str
    supplier: str
    frequency: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    rules: tuple[RuleSpec, ...] = ()
    indicators: Mapping[str, IndicatorSpec] = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def first_of_type(self, *types: str) -> str | None:
        for c in self.columns:
            if c.type in types:
                return c.name
        return None


@dataclass(frozen=True)
class Definitions:
    default_year_range: tuple[int, int]
    types: dict[str, str]
    sources: dict[str, SourceSpec]


class _DefinitionError(ValueError):
    """local_sources.yaml is malformed (a developer error, so English)."""


_SOURCE_KEYS = {"title", "description", "supplier", "frequency", "key", "columns", "rules", "indicators"}
_COLUMN_KEYS = {"name", "type", "required", "description", "example", "unit", "allowed", "aliases"}


def _parse_definitions(raw: dict, path: Path) -> Definitions:
    def fail(msg: str) -> ValueError:
        return _DefinitionError(f"{path}: {msg}")

    try:
        lo, hi = (int(x) for x in raw["default_year_range"])
        types = {str(k): " ".join(str(v).split()) for k, v in raw["types"].items()}
        sources: dict[str, SourceSpec] = {}
        for name, s in raw["sources"].items():
            unknown = set(s) - _SOURCE_KEYS
            if unknown:
                raise fail(f"{name}: unknown field(s) {sorted(unknown)}")
            cols = []
            for c in s["columns"]:
                # Unknown fields are usually a comma in an unquoted flow-style value that
                # YAML silently split into a new key; refuse them rather than lose text.
                unknown = set(c) - _COLUMN_KEYS
                if unknown:
                    raise fail(f"{name}.{c.get('name')}: unknown field(s) {sorted(unknown)}")
                cols.append(
                    ColumnSpec(
                        name=str(c["name"]),
                        type=str(c["type"]),
                        required=bool(c["required"]),
                        description=" ".join(str(c["description"]).split()),
                        example=c.get("example"),
                        unit=c.get("unit"),
                        allowed=tuple(str(a) for a in c.get("allowed") or ()),
                        aliases=tuple(str(a) for a in c.get("aliases") or ()),
                    )
                )
            rules = tuple(
                RuleSpec(id=str(r["id"]), level=str(r["level"]), description=" ".join(str(r["description"]).split()))
                for r in s.get("rules") or ()
            )
            sources[str(name)] = SourceSpec(
                name=str(name),
                title=str(s["title"]),
                description=" ".join(str(s["description"]).split()),
                supplier=str(s.get("supplier", "")),
                frequency=str(s.get("frequency", "")),
                key=tuple(str(k) for k in s["key"]),
                columns=tuple(cols),
                rules=rules,
                indicators=parse_indicators(s.get("indicators"), f"{path}: {name}", _DefinitionError),
            )
    except _DefinitionError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise fail(f"unexpected structure ({exc!r})") from exc
    for spec in sources.values():
        names = spec.column_names
        if len(set(names)) != len(names):
            raise fail(f"{spec.name}: duplicate column names")
        for c in spec.columns:
            if c.type not in COLUMN_TYPES:
                raise fail(f"{spec.name}.{c.name}: unknown type {c.type!r}")
            if c.type not in types:
                raise fail(f"type {c.type!r} has no description under 'types'")
            if c.type == "choice" and not c.allowed:
                raise fail(f"{spec.name}.{c.name}: choice without 'allowed'")
        for k in spec.key:
            if k not in names:
                raise fail(f"{spec.name}: key column {k!r} is not a column")
        for r in spec.rules:
            # Whether the id is implemented is checked where rules live (sources.local.rules).
            if r.level not in (ERROR, WARNING):
                raise fail(f"{spec.name}: rule {r.id!r} has level {r.level!r}")
    return Definitions(default_year_range=(lo, hi), types=types, sources=sources)


@lru_cache(maxsize=8)
def _load_definitions_cached(path: Path) -> Definitions:
    with open(path, encoding="utf-8") as fh:
        return _parse_definitions(yaml.safe_load(fh), path)


def load_definitions(path: str | Path | None = None) -> Definitions:
    """The source definitions (default: ``data/definitions/local_sources.yaml``)."""
    return _load_definitions_cached(Path(path).resolve() if path is not None else DEFINITIONS_YAML)


def source_names() -> tuple[str, ...]:
    """Names of the local sources, in definition order."""
    return tuple(load_definitions().sources)


def source_spec(name: str) -> SourceSpec:
    sources = load_definitions().sources
    if name not in sources:
        raise ValueError(f"Onbekende bron '{name}'. Bekende bronnen: {', '.join(sources)}.")
    return sources[name]


def year_range_or_default(year_range: tuple[int, int] | None) -> tuple[int, int]:
    lo, hi = year_range if year_range is not None else load_definitions().default_year_range
    return int(lo), int(hi)


def allowed_text(col: ColumnSpec, region: _region.Region) -> str:
    """Dutch text of what a column accepts (templates, docs)."""
    if col.type == "municipality":
        return region.allowed_text() + " (naam of CBS-code)"
    if col.type == "uwv_region":
        return ", ".join(region.uwv_regions)
    if col.type == "choice":
        return ", ".join(col.allowed)
    return load_definitions().types[col.type]


def columns_frame(name: str) -> pd.DataFrame:
    """One row per column of a source, with Dutch headers: for the book's methods page."""
    spec = source_spec(name)
    region = _region.load_region()
    return pd.DataFrame(
        [
            {
                "kolom": c.name,
                "verplicht": "ja" if c.required else "nee",
                "betekenis": c.description,
                "toegestaan": allowed_text(c, region),
                "eenheid": c.unit or "",
                "voorbeeld": "" if c.example is None else str(c.example),
            }
            for c in spec.columns
        ]
    )

