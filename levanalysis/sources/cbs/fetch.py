"""Fetching configured CBS tables into the long frame the analysis reads, with provenance.

For every table, :func:`fetch_table`

1. reads the table's metadata (title, ``Modified``, ``ReasonDelivery``, measures and dimensions
   with all their members) through a :class:`StatLineBackend`;
2. resolves the table definition against that metadata: measures by ``Key``, regions by code,
   periods by year and frequency, categories (e.g. SBI) by key or by the code that starts their
   title (``C`` for "C Industrie"); anything missing raises :class:`CbsFetchError` listing what
   does exist;
3. requests only the selected cells;
4. returns a long table with, for every dimension ``D``, the stripped key in column ``D`` and its
   title in ``D_title`` (plus ``D_status`` for the time dimension and ``D_code`` for dimensions
   selected by code), then ``measure``, ``measure_title``, ``unit`` and ``value`` (float; CBS's
   suppressed cells, ``.`` or null, are NaN).

:func:`fetch_tables` fetches all configured tables and stores them with provenance, only after
every table succeeded. :func:`load_cached_tables` is the offline counterpart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from tqdm import tqdm  # not tqdm.auto: without ipywidgets it warns inside notebooks

from levanalysis.definitions.cbs_tables import TableSpec
from levanalysis.sources.cache import (
    CacheError,
    Dataset,
    Provenance,
    read_dataset,
    utc_now_iso,
    write_datasets,
)
from levanalysis.sources.cbs.backend import (
    DEFAULT_TIMEOUT,
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    StatLineBackend,
    TableMetadata,
    failed_message,
)
from levanalysis.sources.cbs.odata_v3 import SOURCE_NAME, ODataV3Backend

# Values CBS uses for a cell without a figure: '.' (unknown or confidential), 'x' (secret);
# TypedDataSet gives null for them.
MISSING_MARKERS = frozenset({"", ".", "x"})
_PERIOD_KEY = re.compile(r"^(\d{4})([A-Z]{2})\d{2}$")

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
        failed_message(table_id, f"onleesbaar antwoord van de server (onverwachte waarde {value!r})."),
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
    cache_dir: str | os.PathLike[str],
    base_url: str | None = None,
    progress: bool = True,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    backend: StatLineBackend | None = None,
) -> dict[str, Dataset]:
    """Fetch every table, then store them all in ``cache_dir`` as ``{table_id}.parquet`` plus
    ``{table_id}.provenance.json``.

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
    specs: Sequence[TableSpec], cache_dir: str | os.PathLike[str]
) -> dict[str, Dataset]:
    """Offline: read the stored tables (and check them against their sha256)."""
    out: dict[str, Dataset] = {}
    for spec in specs:
        try:
            out[spec.id] = read_dataset(cache_dir, spec.id)
        except CacheError as exc:
            raise CbsFetchError(f"CBS-tabel {spec.id}: {exc}", table_id=spec.id, reason="cache") from exc
    return out

