"""What to fetch from each CBS StatLine table: ``data/definitions/cbs_tables.yaml`` as typed data.

Region and sector keywords in that file expand from ``region.yaml`` and ``sectors.yaml``, so a
municipality or an SBI code is named in one place only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from levanalysis.definitions.indicators import IndicatorSpec, parse_indicators
from levanalysis.definitions.sectors import all_sbi_codes
from levanalysis.paths import DATA_ROOT

DEFINITIONS_DIR = DATA_ROOT / "definitions"
DEFAULT_TABLES_FILE = DEFINITIONS_DIR / "cbs_tables.yaml"


class TableConfigError(ValueError):
    """cbs_tables.yaml (or a file it expands from) is wrong; the Dutch message says where."""

@dataclass(frozen=True)
class TableSpec:
    """What to fetch from one CBS table (one entry of ``cbs_tables.yaml``)."""

    id: str
    measures: tuple[str, ...]
    regions: tuple[str, ...] = ()
    """Region codes that must exist in the table."""
    optional_regions: tuple[str, ...] = ()
    """Region codes fetched when present (e.g. municipalities that merged away)."""
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Dimension name -> category codes (key, or the code that starts the title)."""
    period_from: int | None = None
    period_frequency: str | None = None
    """Two-letter CBS period code: JJ (year), KW (quarter), MM (month); None: all."""
    title: str | None = None
    use: str | None = None
    verified: bool = False
    """True once the keys were checked against the table's own metadata online."""
    region_dimension: str | None = None
    indicators: Mapping[str, IndicatorSpec] = field(default_factory=dict)
    """Needed only when the table's region dimension is not typed GeoDimension."""


def load_table_specs(
    path: str | os.PathLike[str] | None = None,
    region_path: str | os.PathLike[str] | None = None,
    sectors_path: str | os.PathLike[str] | None = None,
) -> list[TableSpec]:
    """Read ``cbs_tables.yaml``, expanding region and sector keywords.

    In ``regions``/``optional_regions`` the keywords ``municipalities``, ``absorbed``, ``nation``
    and ``province`` expand from ``region.yaml``; in ``categories`` the keyword ``sectors``
    expands to every SBI code in ``sectors.yaml``. Anything else is taken as a literal code.
    """
    path = Path(path) if path else DEFAULT_TABLES_FILE
    region_path = Path(region_path) if region_path else DEFINITIONS_DIR / "region.yaml"
    sectors_path = Path(sectors_path) if sectors_path else DEFINITIONS_DIR / "sectors.yaml"
    config = _read_yaml(path)
    entries = config.get("tables") if isinstance(config, dict) else None
    if not isinstance(entries, list) or not entries:
        raise _config_error(path, "verwacht een lijst 'tables' met minstens één tabel.")
    region_words = _region_keywords(region_path) if region_path.exists() else {}
    sector_codes = all_sbi_codes(sectors_path) if sectors_path.exists() else []

    def expand_regions(values: Any, table_id: str, key: str) -> tuple[str, ...]:
        out: list[str] = []
        for value in _str_list(values, path, f"{table_id}.{key}"):
            if value in _REGION_KEYWORDS:
                if value not in region_words:
                    raise _config_error(path, f"{table_id}.{key}: '{value}' niet gevonden in {region_path}.")
                out.extend(region_words[value])
            else:
                out.append(value)
        return tuple(dict.fromkeys(out))

    specs: list[TableSpec] = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise _config_error(path, f"elke tabel heeft een 'id' nodig (gevonden: {entry!r}).")
        table_id = str(entry["id"])
        measures = tuple(_str_list(entry.get("measures"), path, f"{table_id}.measures"))
        if not measures:
            raise _config_error(path, f"tabel {table_id} heeft geen 'measures'.")
        categories: dict[str, tuple[str, ...]] = {}
        raw_categories = entry.get("categories") or {}
        if not isinstance(raw_categories, dict):
            raise _config_error(path, f"{table_id}.categories moet per dimensie een lijst codes geven.")
        for dim, codes in raw_categories.items():
            expanded: list[str] = []
            for code in _str_list(codes, path, f"{table_id}.categories.{dim}"):
                expanded.extend(sector_codes if code == "sectors" else [code])
            categories[str(dim)] = tuple(dict.fromkeys(expanded))
        periods = entry.get("periods") or {}
        if not isinstance(periods, dict):
            raise _config_error(path, f"{table_id}.periods moet 'from' en/of 'frequency' geven.")
        period_from = periods.get("from")
        if period_from is not None and not isinstance(period_from, int):
            raise _config_error(path, f"{table_id}.periods.from moet een jaartal zijn.")
        specs.append(
            TableSpec(
                id=table_id,
                measures=measures,
                regions=expand_regions(entry.get("regions"), table_id, "regions"),
                optional_regions=expand_regions(entry.get("optional_regions"), table_id, "optional_regions"),
                categories=categories,
                period_from=period_from,
                period_frequency=periods.get("frequency"),
                title=entry.get("title"),
                use=entry.get("use"),
                verified=bool(entry.get("verified", False)),
                region_dimension=entry.get("region_dimension"),
                indicators=parse_indicators(entry.get("indicators"), f"Fout in {path}: {table_id}", TableConfigError),
            )
        )
    return specs


_REGION_KEYWORDS = ("municipalities", "absorbed", "nation", "province")


def _region_keywords(path: Path) -> dict[str, list[str]]:
    region = _read_yaml(path) or {}
    head = region.get("region", {})
    return {
        "municipalities": [str(m["code"]) for m in region.get("municipalities", [])],
        "absorbed": [str(r["absorbed"]["code"]) for r in region.get("reorganisations", [])],
        "nation": [str(head["nation"]["code"])] if "nation" in head else [],
        "province": [str(head["province"]["code"])] if "province" in head else [],
    }


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _config_error(path, f"kan het bestand niet lezen ({exc}).") from exc
    except yaml.YAMLError as exc:
        raise _config_error(path, f"geen geldige YAML ({exc}).") from exc


def _str_list(values: Any, path: Path, where: str) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise _config_error(path, f"{where} moet een lijst zijn.")
    out = []
    for v in values:
        # YAML turns 47 into an int (fine) and 'no'/'on' into booleans (never a code).
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise _config_error(path, f"{where}: {v!r} is geen code; zet codes tussen aanhalingstekens.")
        out.append(str(v))
    return out


def _config_error(path: Path, message: str) -> TableConfigError:
    return TableConfigError(f"Fout in {path}: {message}")



@cache
def configured_tables() -> dict[str, TableSpec]:
    """The tables of the project's own ``cbs_tables.yaml``, by id (read once per process)."""
    return {spec.id: spec for spec in load_table_specs()}
