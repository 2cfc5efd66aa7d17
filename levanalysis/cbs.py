"""CBS StatLine as a data source, through ``cbsodata`` (OData v3).

What to fetch is configured in ``data/definitions/cbs_tables.yaml`` (see :func:`load_table_specs`).
For every table, :func:`fetch_table`

1. reads ``TableInfos`` (title, ``Modified``, ``ReasonDelivery``), ``DataProperties`` (measures
   and dimensions) and the members of every dimension;
2. resolves the configuration against that metadata: measures by ``Key``, regions by code,
   periods by year and frequency, categories (e.g. SBI) by key or by the code that starts their
   title (``C`` for "C Industrie"); anything missing raises :class:`CbsFetchError` listing what
   does exist;
3. requests only the selected cells (``$filter`` on the exact member keys, ``$select`` of the
   dimensions plus the configured measures), following ``odata.nextLink`` pages;
4. returns a long table with, for every dimension ``D``, the stripped key in column ``D`` and its
   title in ``D_title`` (plus ``D_status`` for the time dimension and ``D_code`` for dimensions
   selected by code), then ``measure``, ``measure_title``, ``unit`` and ``value`` (float; CBS's
   suppressed cells, ``.`` or null, are NaN).

:func:`fetch_tables` fetches all configured tables and stores them with provenance through
:mod:`levanalysis.cache`, only after every table succeeded. :func:`load_cached_tables` is the
offline counterpart.

The CBS-specific transport sits behind :class:`StatLineBackend` (two methods), so that an OData v4
backend (``datasets.cbs.nl``) can be added without touching the resolution and storage code.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests
import yaml
from tqdm import tqdm  # not tqdm.auto: without ipywidgets it warns inside notebooks

from levanalysis.cache import (
    CacheError,
    Dataset,
    Provenance,
    read_dataset,
    utc_now_iso,
    write_datasets,
)
from levanalysis.sectors import all_sbi_codes

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CACHE_DIR",
    "DEFAULT_TIMEOUT",
    "ENV_BASE_URL",
    "CbsFetchError",
    "Dimension",
    "Measure",
    "Member",
    "ODataV3Backend",
    "Selection",
    "StatLineBackend",
    "TableMetadata",
    "TableSpec",
    "cbsodata_options",
    "fetch_table",
    "fetch_tables",
    "load_cached_tables",
    "load_table_specs",
    "resolve_base_url",
]

_REPO = Path(__file__).resolve().parents[1]
DEFINITIONS_DIR = _REPO / "data" / "definitions"
DEFAULT_TABLES_FILE = DEFINITIONS_DIR / "cbs_tables.yaml"
DEFAULT_CACHE_DIR = _REPO / "data" / "cbs"
DEFAULT_BASE_URL = "https://opendata.cbs.nl"
ENV_BASE_URL = "LEV_CBS_URL"
DEFAULT_TIMEOUT = 30.0
SOURCE_NAME = "CBS StatLine (OData v3)"

# Values CBS uses for a cell without a figure: '.' (unknown or confidential), 'x' (secret);
# TypedDataSet gives null for them.
MISSING_MARKERS = frozenset({"", ".", "x"})
_PERIOD_KEY = re.compile(r"^(\d{4})([A-Z]{2})\d{2}$")
_DIMENSION_TYPES = {
    "GeoDimension": "region",
    "TimeDimension": "time",
    "Dimension": "category",
    "GeoDetail": "category",
}


class CbsFetchError(Exception):
    """Fetching (or configuring, or reading the cache of) a CBS table failed.

    The message is Dutch and complete, so a command line can print it and exit 1 without a
    traceback. ``reason`` is one of 'connection', 'timeout', 'http', 'malformed', 'metadata',
    'config', 'cache', 'storage'.
    """

    def __init__(self, message: str, *, table_id: str | None = None, reason: str = "unknown"):
        super().__init__(message)
        self.table_id = table_id
        self.reason = reason


# --- configuration ---------------------------------------------------------------------------


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


def _config_error(path: Path, message: str) -> CbsFetchError:
    return CbsFetchError(f"Fout in {path}: {message}", reason="config")


# --- base url and cbsodata options ------------------------------------------------------------


def resolve_base_url(base_url: str | None = None) -> str:
    """The CBS base address: the argument, else ``$LEV_CBS_URL``, else ``https://opendata.cbs.nl``."""
    url = (base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CbsFetchError(
            f"Ongeldig CBS-adres {url!r}: verwacht bijvoorbeeld {DEFAULT_BASE_URL} "
            f"of http://127.0.0.1:8765 (argument --cbs-url of omgevingsvariabele {ENV_BASE_URL}).",
            reason="config",
        )
    return url


@contextmanager
def cbsodata_options(base_url: str, timeout: float) -> Iterator[None]:
    """Point cbsodata's module-global options at ``base_url`` and restore them afterwards.

    Not thread-safe: cbsodata keeps these settings in module globals.
    """
    parts = urlsplit(base_url)
    options = cbsodata.options
    saved = (options.use_https, options.catalog_url, options.requests)
    try:
        options.use_https = parts.scheme == "https"
        options.catalog_url = parts.netloc + parts.path
        request_kwargs = dict(saved[2] or {})
        request_kwargs["timeout"] = timeout
        if _is_loopback(parts.hostname):
            # cbsodata read http(s)_proxy at import and passes it explicitly, which bypasses
            # no_proxy; a proxy must never see requests meant for a local test server.
            request_kwargs["proxies"] = {"http": None, "https": None}
        options.requests = request_kwargs
        yield
    finally:
        options.use_https, options.catalog_url, options.requests = saved


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- the backend interface -------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class Member:
    key: str
    """Key exactly as the service gives it (v3 region keys are padded with spaces)."""
    title: str
    status: str | None = None
    """Periods only: Voorlopig / Nader voorlopig / Definitief."""

    @property
    def code(self) -> str:
        return self.key.strip()


@dataclass(frozen=True)
class Dimension:
    name: str
    kind: str
    """'region', 'time' or 'category'."""
    title: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class TableMetadata:
    table_id: str
    title: str | None
    modified: str | None
    reason_delivery: str | None
    measures: tuple[Measure, ...]
    dimensions: tuple[Dimension, ...]

    def dimension(self, name: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.name == name), None)


@dataclass(frozen=True)
class Selection:
    """Backend-neutral request: measure keys, and raw member keys per restricted dimension."""

    measures: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]


StepCallback = Callable[[str], None]


class StatLineBackend(Protocol):
    """A CBS transport. Implementations raise :class:`CbsFetchError` for every failure."""

    base_url: str

    def metadata(self, table_id: str, on_step: StepCallback | None = None) -> TableMetadata:
        """Table info, measures and dimensions with all their members."""
        ...

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        """Long frame (one column per dimension with raw keys, then ``measure`` and ``value``),
        and a description of the query as sent, for the provenance."""
        ...


class ODataV3Backend:
    """CBS OData v3 (``/ODataFeed/odata/<table>``) through cbsodata 1.3.5."""

    service = "CBS OData v3 (ODataFeed)"

    def __init__(self, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        self.base_url = resolve_base_url(base_url)
        self.timeout = timeout

    def table_url(self, table_id: str) -> str:
        return f"{self.base_url}/ODataFeed/odata/{table_id}"

    def metadata(self, table_id: str, on_step: StepCallback | None = None) -> TableMetadata:
        step = on_step or (lambda _label: None)
        infos = self._get(table_id, "TableInfos")
        step("TableInfos")
        if not infos:
            raise self._malformed(table_id, "TableInfos", "geen tabelinformatie")
        info = infos[0]
        properties = self._get(table_id, "DataProperties")
        step("DataProperties")
        measures: list[Measure] = []
        dimensions: list[Dimension] = []
        groups = {prop.get("ID"): prop for prop in properties if prop.get("Type") == "TopicGroup"}
        for prop in properties:
            kind = prop.get("Type")
            key = prop.get("Key")
            if kind == "Topic" and key:
                title = _with_group_path(prop.get("Title") or key, prop.get("ParentID"), groups)
                measures.append(Measure(key, title, prop.get("Unit"), prop.get("Decimals")))
            elif kind in _DIMENSION_TYPES and key:
                rows = self._get(table_id, key)
                step(key)
                try:
                    members = tuple(Member(str(r["Key"]), str(r.get("Title") or r["Key"]).strip(), r.get("Status")) for r in rows)
                except KeyError:
                    raise self._malformed(table_id, key, "dimensie-elementen zonder 'Key'") from None
                dimensions.append(Dimension(key, _DIMENSION_TYPES[kind], prop.get("Title") or key, members))
        return TableMetadata(
            table_id=table_id,
            title=info.get("Title"),
            modified=info.get("Modified"),
            reason_delivery=info.get("ReasonDelivery"),
            measures=tuple(measures),
            dimensions=tuple(dimensions),
        )

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        dims = [d.name for d in metadata.dimensions]
        select = dims + list(selection.measures)
        # Exact (padded) keys from the table's own metadata, so that eq matches without relying
        # on the server trimming padding.
        clauses = [
            "(" + " or ".join(f"{dim} eq '{_odata_quote(key)}'" for key in keys) + ")"
            for dim, keys in selection.members.items()
        ]
        filters = " and ".join(clauses) or None
        # get_meta forwards select/filters to cbsodata's paging downloader; get_data would also
        # do this but replaces keys by titles and re-downloads every metadata table.
        rows = self._get(table_id, "TypedDataSet", select=select, filters=filters)
        records = []
        for row in rows:
            missing = [c for c in select if c not in row]
            if missing:
                raise self._malformed(table_id, "TypedDataSet", f"kolommen ontbreken: {', '.join(missing)}")
            for measure in selection.measures:
                records.append({**{d: row[d] for d in dims}, "measure": measure, "value": row[measure]})
        frame = pd.DataFrame.from_records(records, columns=[*dims, "measure", "value"])
        query = {
            "service": self.service,
            "base_url": self.base_url,
            "url": f"{self.table_url(table_id)}/TypedDataSet",
            "filter": filters,
            "select": select,
        }
        return frame, query

    # -- transport --

    def _get(self, table_id: str, name: str, **query: Any) -> list[dict[str, Any]]:
        where = f"{self.table_url(table_id)}/{name}"
        try:
            with cbsodata_options(self.base_url, self.timeout):
                value = cbsodata.get_meta(table_id, name, **query)
        except requests.Timeout as exc:
            raise self._timeout(table_id) from exc
        except requests.ConnectionError as exc:
            # A read timeout while the body streams in surfaces as ConnectionError.
            if "timed out" in str(exc).lower():
                raise self._timeout(table_id) from exc
            raise CbsFetchError(
                _failed(table_id, f"geen verbinding met {self.base_url} (geen netwerk, of de server "
                        f"is niet bereikbaar). Zonder verbinding kunt u de opgeslagen gegevens gebruiken."),
                table_id=table_id,
                reason="connection",
            ) from exc
        except requests.HTTPError as exc:
            status = _http_status(exc)
            what = "tabel of onderdeel niet gevonden" if status == 404 else "serverfout"
            raise CbsFetchError(
                _failed(table_id, f"{what} (HTTP {status or '?'}) bij {where}."),
                table_id=table_id,
                reason="http",
            ) from exc
        except requests.RequestException as exc:
            raise CbsFetchError(
                _failed(table_id, f"netwerkfout bij {where} ({type(exc).__name__}: {exc})."),
                table_id=table_id,
                reason="connection",
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            # cbsodata parses with json.loads and indexes res["value"]: these are its answers to
            # a body that is not the JSON it expects.
            raise self._malformed(table_id, name, "geen geldige OData-JSON") from exc
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise self._malformed(table_id, name, "geen lijst met records")
        return value

    def _timeout(self, table_id: str) -> CbsFetchError:
        return CbsFetchError(
            _failed(table_id, f"time-out: {self.base_url} antwoordde niet binnen {self.timeout:g} seconden."),
            table_id=table_id,
            reason="timeout",
        )

    def _malformed(self, table_id: str, name: str, detail: str) -> CbsFetchError:
        return CbsFetchError(
            _failed(table_id, f"onleesbaar antwoord van de server bij {self.table_url(table_id)}/{name} ({detail})."),
            table_id=table_id,
            reason="malformed",
        )


def _failed(table_id: str, why: str) -> str:
    return f"CBS-tabel {table_id} kon niet worden opgehaald: {why}"


def _http_status(exc: requests.HTTPError) -> int | None:
    # cbsodata re-raises HTTPError without the response; the original is its __cause__.
    for err in (exc, exc.__cause__):
        response = getattr(err, "response", None)
        if response is not None:
            return response.status_code
    match = re.search(r"\b([45]\d\d)\b", str(exc))
    return int(match.group(1)) if match else None


def _odata_quote(value: str) -> str:
    return value.replace("'", "''")


# --- resolving a spec against metadata --------------------------------------------------------


@dataclass
class _Resolved:
    selection: Selection
    measures: dict[str, Measure]
    category_codes: dict[str, dict[str, str]]  # dim -> raw key -> configured code
    notes: list[str]
    query: dict[str, Any]


def _resolve(spec: TableSpec, meta: TableMetadata) -> _Resolved:
    notes: list[str] = []
    members: dict[str, tuple[str, ...]] = {}
    query: dict[str, Any] = {}

    by_key = {m.key: m for m in meta.measures}
    missing = [k for k in spec.measures if k not in by_key]
    if missing:
        available = "\n".join(f"  {m.key}  ({m.title}{', ' + m.unit if m.unit else ''})" for m in meta.measures)
        raise CbsFetchError(
            f"CBS-tabel {spec.id} heeft geen onderwerp(en) {', '.join(repr(k) for k in missing)}. "
            f"Pas data/definitions/cbs_tables.yaml aan. Beschikbare onderwerpen:\n{available or '  (geen)'}",
            table_id=spec.id,
            reason="metadata",
        )
    query["measures"] = list(spec.measures)

    if spec.regions or spec.optional_regions:
        region = _region_dimension(spec, meta)
        by_code = {m.code: m for m in region.members}
        absent = [c for c in spec.regions if c not in by_code]
        if absent:
            raise CbsFetchError(
                f"CBS-tabel {spec.id}: regio('s) {', '.join(absent)} niet gevonden in dimensie "
                f"{region.name}. Beschikbaar: {_summarise(f'{m.code} {m.title}' for m in region.members)}",
                table_id=spec.id,
                reason="metadata",
            )
        absent_optional = [c for c in spec.optional_regions if c not in by_code]
        if absent_optional:
            notes.append(
                f"Regio('s) {', '.join(absent_optional)} komen niet voor in deze tabel en zijn overgeslagen."
            )
        codes = [c for c in (*spec.regions, *spec.optional_regions) if c in by_code]
        members[region.name] = tuple(by_code[c].key for c in dict.fromkeys(codes))
        query["regions"] = list(dict.fromkeys(codes))

    if spec.period_from is not None or spec.period_frequency:
        time = next((d for d in meta.dimensions if d.kind == "time"), None)
        if time is None:
            raise CbsFetchError(
                f"CBS-tabel {spec.id} heeft geen perioden-dimensie, maar cbs_tables.yaml kiest perioden.",
                table_id=spec.id,
                reason="metadata",
            )
        chosen = []
        for m in time.members:
            match = _PERIOD_KEY.match(m.code)
            if not match:
                continue
            year, frequency = int(match.group(1)), match.group(2)
            if spec.period_from is not None and year < spec.period_from:
                continue
            if spec.period_frequency and frequency != spec.period_frequency:
                continue
            chosen.append(m.key)
        if not chosen:
            raise CbsFetchError(
                f"CBS-tabel {spec.id}: geen perioden vanaf {spec.period_from} met frequentie "
                f"{spec.period_frequency}. Beschikbaar: {_summarise(m.code for m in time.members)}",
                table_id=spec.id,
                reason="metadata",
            )
        members[time.name] = tuple(chosen)
        query["periods"] = [k.strip() for k in chosen]

    category_codes: dict[str, dict[str, str]] = {}
    for dim_name, codes in spec.categories.items():
        dim = meta.dimension(dim_name)
        if dim is None:
            raise CbsFetchError(
                f"CBS-tabel {spec.id} heeft geen dimensie '{dim_name}'. Dimensies: "
                f"{', '.join(d.name for d in meta.dimensions)}.",
                table_id=spec.id,
                reason="metadata",
            )
        resolved: dict[str, str] = {}
        for code in codes:
            member = _find_category(spec.id, dim, code)
            resolved.setdefault(member.key, code)
        members[dim.name] = tuple(resolved)
        category_codes[dim.name] = resolved
        query.setdefault("categories", {})[dim.name] = {code: key.strip() for key, code in resolved.items()}

    # Order restrictions as the dimensions appear in the table, so the filter text is stable.
    order = [d.name for d in meta.dimensions]
    members = {name: members[name] for name in order if name in members}
    return _Resolved(
        Selection(tuple(spec.measures), members),
        {k: by_key[k] for k in spec.measures},
        category_codes,
        notes,
        query,
    )


def _region_dimension(spec: TableSpec, meta: TableMetadata) -> Dimension:
    if spec.region_dimension:
        dim = meta.dimension(spec.region_dimension)
    else:
        dim = next((d for d in meta.dimensions if d.kind == "region"), None) or meta.dimension("RegioS")
    if dim is None:
        raise CbsFetchError(
            f"CBS-tabel {spec.id} heeft geen regio-dimensie, maar cbs_tables.yaml kiest regio's. "
            f"Dimensies: {', '.join(d.name for d in meta.dimensions) or '(geen)'}.",
            table_id=spec.id,
            reason="metadata",
        )
    return dim


def _with_group_path(title: str, parent_id, groups: dict) -> str:
    """'Overnachtingen / Totaal' rather than 'Totaal': CBS often gives measures in different
    groups the same title, and only the group headings above them tell them apart."""
    path = []
    seen = set()
    while parent_id in groups and parent_id not in seen:
        seen.add(parent_id)
        group = groups[parent_id]
        if group.get("Title"):
            path.append(str(group["Title"]).strip())
        parent_id = group.get("ParentID")
    return " / ".join([*reversed(path), title])


def _title_code(title: str) -> str:
    parts = title.split(maxsplit=1)
    return parts[0] if parts else ""


def _find_category(table_id: str, dim: Dimension, code: str) -> Member:
    matches = {m.key: m for m in dim.members if m.code == code or _title_code(m.title) == code}
    if len(matches) == 1:
        return next(iter(matches.values()))
    listing = "\n".join(f"  {m.code:<10} {m.title}" for m in dim.members)
    if not matches:
        raise CbsFetchError(
            f"CBS-tabel {table_id}: categorie '{code}' niet gevonden in dimensie {dim.name} "
            f"(gezocht op sleutel en op de code aan het begin van de titel). "
            f"Beschikbare categorieën:\n{listing}",
            table_id=table_id,
            reason="metadata",
        )
    raise CbsFetchError(
        f"CBS-tabel {table_id}: categorie '{code}' is niet eenduidig in dimensie {dim.name}: "
        f"{', '.join(f'{m.code} ({m.title})' for m in matches.values())}. Gebruik de sleutel.",
        table_id=table_id,
        reason="metadata",
    )


def _summarise(items: Iterable[str], limit: int = 30) -> str:
    items = list(items)
    if not items:
        return "(geen)"
    more = f" ... en {len(items) - limit} meer" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


# --- turning raw observations into the stored frame -------------------------------------------


def _to_value(value: Any, table_id: str) -> float:
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        raise _bad_value(table_id, value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING_MARKERS:
            return float("nan")
        try:
            return float(text)
        except ValueError:
            raise _bad_value(table_id, value) from None
    raise _bad_value(table_id, value)


def _bad_value(table_id: str, value: Any) -> CbsFetchError:
    return CbsFetchError(
        _failed(table_id, f"onleesbaar antwoord van de server (onverwachte waarde {value!r})."),
        table_id=table_id,
        reason="malformed",
    )


def _build_frame(raw: pd.DataFrame, meta: TableMetadata, resolved: _Resolved) -> pd.DataFrame:
    columns: dict[str, list[Any]] = {}
    for dim in meta.dimensions:
        by_key = {m.key: m for m in dim.members}
        by_code = {m.code: m for m in dim.members}
        found = [by_key.get(k) or by_code.get(str(k).strip()) for k in raw[dim.name]]
        columns[dim.name] = [str(k).strip() for k in raw[dim.name]]
        columns[f"{dim.name}_title"] = [m.title if m else None for m in found]
        if dim.kind == "time":
            columns[f"{dim.name}_status"] = [m.status if m else None for m in found]
        if dim.name in resolved.category_codes:
            codes = resolved.category_codes[dim.name]
            columns[f"{dim.name}_code"] = [codes.get(m.key) if m else None for m in found]
    measures = resolved.measures
    columns["measure"] = list(raw["measure"])
    columns["measure_title"] = [measures[k].title for k in raw["measure"]]
    columns["unit"] = [measures[k].unit for k in raw["measure"]]
    columns["value"] = [_to_value(v, meta.table_id) for v in raw["value"]]
    frame = pd.DataFrame(columns)
    frame["value"] = frame["value"].astype("float64")
    # Sorted so that the same answer always gives the same file and hash.
    keys = [d.name for d in meta.dimensions] + ["measure"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


# --- fetching ----------------------------------------------------------------------------------


def fetch_table(
    spec: TableSpec,
    *,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    backend: StatLineBackend | None = None,
    progress: bool = False,
) -> Dataset:
    """Fetch one table into memory; nothing is written. See the module docstring for the columns."""
    backend = backend or ODataV3Backend(base_url, timeout)
    with tqdm(total=None, desc=spec.id, unit="stap", disable=not progress, leave=True) as bar:
        def step(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)

        meta = backend.metadata(spec.id, step)
        resolved = _resolve(spec, meta)
        bar.set_postfix_str("TypedDataSet")
        raw, transport_query = backend.observations(spec.id, meta, resolved.selection)
        step("gegevens")
        frame = _build_frame(raw, meta, resolved)
    time_dim = next((d for d in meta.dimensions if d.kind == "time"), None)
    period_status: dict[str, str | None] = {}
    if time_dim is not None:
        status = {m.code: m.status for m in time_dim.members}
        period_status = {code: status.get(code) for code in sorted(set(frame[time_dim.name]))}
    notes = list(resolved.notes)
    if frame.empty:
        # Not an error: a table may have no figures yet for the chosen periods. But say so.
        notes.append("De selectie leverde geen gegevens op.")
    if not spec.verified:
        notes.append(
            "Sleutels in cbs_tables.yaml zijn nog niet online gecontroleerd tegen DataProperties."
        )
    provenance = Provenance(
        kind="cbs",
        source=SOURCE_NAME,
        name=spec.id,
        table_id=spec.id,
        title=meta.title,
        modified=meta.modified,
        reason_delivery=meta.reason_delivery,
        period_status=period_status,
        retrieved_at=utc_now_iso(),
        query={**transport_query, **resolved.query},
        location=transport_query.get("url") or backend.base_url,
        row_count=len(frame),
        notes=notes,
        extra={
            "measures": {
                k: {"title": m.title, "unit": m.unit, "decimals": m.decimals}
                for k, m in resolved.measures.items()
            },
            "missing_values": int(frame["value"].isna().sum()),
        },
    )
    return Dataset(frame, provenance)


def fetch_tables(
    specs: Sequence[TableSpec],
    cache_dir: str | os.PathLike[str] = DEFAULT_CACHE_DIR,
    base_url: str | None = None,
    progress: bool = True,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    backend: StatLineBackend | None = None,
) -> dict[str, Dataset]:
    """Fetch every table, then store them all in ``cache_dir`` as ``<table_id>.parquet`` plus
    ``<table_id>.provenance.json``.

    Nothing is written unless every table was fetched, so a failure (raised as
    :class:`CbsFetchError`) leaves the previous cache byte-identical.
    """
    backend = backend or ODataV3Backend(base_url, timeout)
    fetched = {spec.id: fetch_table(spec, backend=backend, progress=progress) for spec in specs}
    try:
        return write_datasets({k: (d.data, d.provenance) for k, d in fetched.items()}, cache_dir)
    except OSError as exc:
        raise CbsFetchError(
            f"CBS-tabellen zijn opgehaald maar konden niet worden opgeslagen in {cache_dir}: {exc}",
            reason="storage",
        ) from exc


def load_cached_tables(
    specs: Sequence[TableSpec], cache_dir: str | os.PathLike[str] = DEFAULT_CACHE_DIR
) -> dict[str, Dataset]:
    """Offline: read the stored tables (and check them against their sha256)."""
    out: dict[str, Dataset] = {}
    for spec in specs:
        try:
            out[spec.id] = read_dataset(cache_dir, spec.id)
        except CacheError as exc:
            raise CbsFetchError(f"CBS-tabel {spec.id}: {exc}", table_id=spec.id, reason="cache") from exc
    return out
