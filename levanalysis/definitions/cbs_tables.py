"""What to fetch from each CBS StatLine table: ``data/definitions/cbs_tables.yaml`` as typed data.

Region and sector keywords in that file expand from ``region.yaml`` and ``sectors.yaml``, so a
municipality or an SBI code is named in one place only. The ``areas:`` section names the larger
areas CBS publishes for (COROP, province) and which Liemers municipalities lie in each, so that
a figure for such an area is never presented as one of the Liemers.
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
# Which CBS API serves a fetch: OData v3, v4, or v4 where the table is there and v3 otherwise.
API_CHOICES = ("auto", "v3", "v4")
DEFAULT_TABLES_FILE = DEFINITIONS_DIR / "cbs_tables.yaml"


class TableConfigError(ValueError):
    """cbs_tables.yaml (or a file it expands from) is wrong; the Dutch message says where."""


@dataclass(frozen=True)
class MeasureSpec:
    """One measure to fetch, found in the table's metadata by title (or, failing that, by key).

    CBS gives a measure different keys in OData v3 (``BanenVanWerknemersInDecember_1``) and v4
    (``M000200_2``), so the title is what both APIs share. ``name`` is what the stored frame
    calls the measure, whichever API served it.
    """

    name: str
    titles: tuple[str, ...] = ()
    """Titles to look for, in order; matched on their words, with the topic-group path in front."""
    key: str | None = None
    """A key seen in CBS's v3 metadata: used when no title matches (and alone when no title is given)."""
    group: str | None = None
    """Words that must occur in the measure's topic-group path (to tell equal titles apart)."""
    unit: str | None = None
    """Words that must occur in the measure's unit ('euro': not a volume index in %)."""


@dataclass(frozen=True)
class Area:
    """A CBS region larger than a municipality that the Liemers (partly) lie in."""

    code: str
    name: str
    """The name CBS gives it, as its region title starts (checked at fetch time)."""
    kind: str
    """'COROP-gebied', 'provincie', ..."""
    municipalities: tuple[str, ...]
    """The Liemers municipalities that lie in it."""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class TableSpec:
    """What to fetch from one CBS table (one entry of ``cbs_tables.yaml``)."""

    id: str
    measures: tuple[MeasureSpec | str, ...]
    """Measures; a plain string is a key (name and key alike), as in older files."""
    regions: tuple[str, ...] = ()
    """Region codes that must exist in the table."""
    optional_regions: tuple[str, ...] = ()
    """Region codes fetched when present (e.g. municipalities that merged away)."""
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Dimension name -> category codes (key, full title, or the code that starts the title)."""
    optional_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Like ``categories``, but a code the table lacks is noted in the provenance, not fatal."""
    period_from: int | None = None
    period_frequency: str | None = None
    """Two-letter CBS period code: JJ (year), KW (quarter), MM (month); None: all."""
    title: str | None = None
    use: str | None = None
    verified: bool = False
    """True once the keys were checked against the table's own metadata online."""
    region_dimension: str | None = None
    """Needed only when the table's region dimension is not typed GeoDimension."""
    indicators: Mapping[str, IndicatorSpec] = field(default_factory=dict)
    region_names: Mapping[str, str] = field(default_factory=dict)
    """Region code -> the name CBS must give it (from ``areas:``): a wrong code stops the fetch."""

    def __post_init__(self) -> None:
        measures = tuple(m if isinstance(m, MeasureSpec) else MeasureSpec(name=str(m), key=str(m))
                         for m in self.measures)
        object.__setattr__(self, "measures", measures)

    @property
    def measure_specs(self) -> tuple[MeasureSpec, ...]:
        return self.measures  # type: ignore[return-value]  # normalised in __post_init__


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
    areas = _parse_areas(config.get("areas"), path)
    names = {code: area.name for code, area in areas.items()}

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

    def expand_categories(raw: Any, table_id: str, key: str) -> dict[str, tuple[str, ...]]:
        if not isinstance(raw or {}, dict):
            raise _config_error(path, f"{table_id}.{key} moet per dimensie een lijst codes geven.")
        out: dict[str, tuple[str, ...]] = {}
        for dim, codes in (raw or {}).items():
            expanded: list[str] = []
            for code in _str_list(codes, path, f"{table_id}.{key}.{dim}"):
                expanded.extend(sector_codes if code == "sectors" else [code])
            out[str(dim)] = tuple(dict.fromkeys(expanded))
        return out

    specs: list[TableSpec] = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise _config_error(path, f"elke tabel heeft een 'id' nodig (gevonden: {entry!r}).")
        table_id = str(entry["id"])
        measures = _parse_measures(entry.get("measures"), path, table_id)
        periods = entry.get("periods") or {}
        if not isinstance(periods, dict):
            raise _config_error(path, f"{table_id}.periods moet 'from' en/of 'frequency' geven.")
        period_from = periods.get("from")
        if period_from is not None and not isinstance(period_from, int):
            raise _config_error(path, f"{table_id}.periods.from moet een jaartal zijn.")
        regions = expand_regions(entry.get("regions"), table_id, "regions")
        optional_regions = expand_regions(entry.get("optional_regions"), table_id, "optional_regions")
        specs.append(
            TableSpec(
                id=table_id,
                measures=measures,
                regions=regions,
                optional_regions=optional_regions,
                categories=expand_categories(entry.get("categories"), table_id, "categories"),
                optional_categories=expand_categories(entry.get("optional_categories"), table_id, "optional_categories"),
                period_from=period_from,
                period_frequency=periods.get("frequency"),
                title=entry.get("title"),
                use=entry.get("use"),
                verified=bool(entry.get("verified", False)),
                region_dimension=entry.get("region_dimension"),
                indicators=parse_indicators(entry.get("indicators"), f"Fout in {path}: {table_id}", TableConfigError),
                region_names={c: names[c] for c in (*regions, *optional_regions) if c in names},
            )
        )
    return specs


def load_areas(path: str | os.PathLike[str] | None = None) -> dict[str, Area]:
    """The ``areas:`` of ``cbs_tables.yaml`` by CBS code, in file order."""
    path = Path(path) if path else DEFAULT_TABLES_FILE
    config = _read_yaml(path)
    return _parse_areas(config.get("areas") if isinstance(config, dict) else None, path)


_REGION_KEYWORDS = ("municipalities", "absorbed", "nation", "province")
_MEASURE_KEYS = {"title", "key", "group", "unit"}


def _parse_measures(raw: Any, path: Path, table_id: str) -> tuple[MeasureSpec, ...]:
    if isinstance(raw, list):
        keys = _str_list(raw, path, f"{table_id}.measures")
        measures = tuple(MeasureSpec(name=k, key=k) for k in keys)
    elif isinstance(raw, dict):
        measures = []
        for name, entry in raw.items():
            entry = {"title": entry} if isinstance(entry, str) else entry
            if not isinstance(entry, dict) or set(entry) - _MEASURE_KEYS or not (entry.get("title") or entry.get("key")):
                raise _config_error(path, f"{table_id}.measures.{name}: verwacht 'title' en/of 'key' "
                                          f"(en eventueel 'group' en 'unit').")
            titles = entry.get("title") or []
            titles = [titles] if isinstance(titles, str) else _str_list(titles, path, f"{table_id}.measures.{name}.title")
            measures.append(MeasureSpec(
                name=str(name),
                titles=tuple(str(t) for t in titles),
                key=str(entry["key"]) if entry.get("key") else None,
                group=str(entry["group"]) if entry.get("group") else None,
                unit=str(entry["unit"]) if entry.get("unit") else None,
            ))
        measures = tuple(measures)
    else:
        measures = ()
    if not measures:
        raise _config_error(path, f"tabel {table_id} heeft geen 'measures'.")
    return measures


def _parse_areas(raw: Any, path: Path) -> dict[str, Area]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise _config_error(path, "'areas' moet een lijst gebieden zijn.")
    areas: dict[str, Area] = {}
    for entry in raw:
        if not isinstance(entry, dict) or not {"code", "name", "kind"} <= set(entry):
            raise _config_error(path, f"elk gebied in 'areas' heeft 'code', 'name' en 'kind' nodig (gevonden: {entry!r}).")
        code = str(entry["code"])
        areas[code] = Area(
            code=code,
            name=str(entry["name"]),
            kind=str(entry["kind"]),
            municipalities=tuple(_str_list(entry.get("municipalities"), path, f"areas.{code}.municipalities")),
        )
    return areas


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


@cache
def configured_areas() -> dict[str, Area]:
    """The areas of the project's own ``cbs_tables.yaml``, by CBS code (read once per process)."""
    return load_areas()
