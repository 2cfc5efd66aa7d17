"""Fetching configured CBS tables into the long frame the analysis reads, with provenance.

For every table, :func:`fetch_table`

1. reads the table's metadata (title, modification date, measures and dimensions with all their
   members) through a :class:`StatLineBackend` (OData v3, v4, or 'auto': see
   :mod:`levanalysis.sources.cbs.apis`);
2. resolves the table definition against that metadata (:mod:`levanalysis.sources.cbs.resolve`);
3. requests only the selected cells;
4. returns a long table with, for every dimension ``D``, the stripped key in column ``D`` and its
   title in ``D_title`` (plus ``D_status`` for the time dimension and ``D_code`` for dimensions
   selected by code), then ``measure`` (the name cbs_tables.yaml gives it, the same whichever API
   served it), ``measure_title``, ``unit`` and ``value`` (float; CBS's suppressed cells, ``.`` or
   null, are NaN). Every selected cell has a row, so both APIs give the same frame.

:func:`fetch_tables` fetches all configured tables and stores them with provenance, only after
every table succeeded; it records revisions against the cache
(:mod:`levanalysis.sources.cbs.revisions`) and, when a fetch fails, says which cache the book
falls back on. :func:`load_cached_tables` is the offline counterpart.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm  # not tqdm.auto: without ipywidgets it warns inside notebooks

from levanalysis.definitions.cbs_tables import TableSpec
from levanalysis.sources.cache import (
    CacheError,
    Dataset,
    Provenance,
    dataset_paths,
    read_dataset,
    utc_now_iso,
    write_datasets,
)
from levanalysis.sources.cbs.apis import make_backend
from levanalysis.sources.cbs.backend import (
    DEFAULT_TIMEOUT,
    CbsFetchError,
    StatLineBackend,
    TableMetadata,
    failed_message,
)
from levanalysis.sources.cbs.freshness import cache_sentence, cache_state
from levanalysis.sources.cbs.resolve import Resolved, resolve
from levanalysis.sources.cbs.revisions import find_revisions, with_history
from levanalysis.sources.cbs.transport import Reporter, RetryPolicy

SOURCE_NAME = "CBS StatLine"
# Values CBS uses for a cell without a figure: '.' (unknown or confidential), 'x' (secret);
# TypedDataSet and v4 Observations give null for them.
MISSING_MARKERS = frozenset({"", ".", "x"})
# Completing the frame to every selected cell is skipped above this many cells (a table
# fetched whole); the selections in cbs_tables.yaml stay far below it.
MAX_COMPLETED_CELLS = 500_000
UNVERIFIED_NOTE = ("Onderwerpen en categorieën uit cbs_tables.yaml zijn bij het ophalen opgezocht in de metadata van "
                   "de tabel (zie query.resolved), maar nog niet door een mens gecontroleerd.")


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


def _complete(raw: pd.DataFrame, meta: TableMetadata, resolved: Resolved) -> pd.DataFrame:
    """One row per selected cell and measure: a cell the server left out is a NaN, as a null is."""
    dims = [d.name for d in meta.dimensions]
    raw = raw.copy()
    for dim in dims:
        raw[dim] = raw[dim].astype(str).str.strip()
    levels = [
        [k.strip() for k in resolved.selection.members.get(d.name, tuple(m.key for m in d.members))]
        for d in meta.dimensions
    ]
    levels.append(list(resolved.selection.measures))
    size = 1
    for level in levels:
        size *= len(level)
    if not dims or size > MAX_COMPLETED_CELLS:
        return raw
    full = pd.MultiIndex.from_product(levels, names=[*dims, "measure"])
    keyed = raw.set_index([*dims, "measure"])
    if keyed.index.duplicated().any():
        raise CbsFetchError(failed_message(meta.table_id, "de server gaf dezelfde cel meer dan eens."),
                            table_id=meta.table_id, reason="malformed")
    extra = keyed.index.difference(full)
    completed = keyed.reindex(full.append(extra) if len(extra) else full)
    return completed.reset_index()


def build_frame(raw: pd.DataFrame, meta: TableMetadata, resolved: Resolved) -> pd.DataFrame:
    """The stored long frame from a backend's raw observations (see the module docstring)."""
    raw = _complete(raw, meta, resolved)
    columns: dict[str, list[Any]] = {}
    for dim in meta.dimensions:
        by_code = {m.code: m for m in dim.members}
        codes = [str(k).strip() for k in raw[dim.name]]
        found = [by_code.get(c) for c in codes]
        columns[dim.name] = codes
        columns[f"{dim.name}_title"] = [m.title if m else None for m in found]
        if dim.kind == "time":
            columns[f"{dim.name}_status"] = [m.status if m else None for m in found]
        if dim.name in resolved.category_codes:
            chosen = {k.strip(): code for k, code in resolved.category_codes[dim.name].items()}
            columns[f"{dim.name}_code"] = [chosen.get(c) for c in codes]
    names = resolved.measures
    unknown = sorted(set(raw["measure"]) - set(names))
    if unknown:
        raise CbsFetchError(failed_message(meta.table_id, f"de server gaf onderwerpen die niet gevraagd zijn: "
                                                          f"{', '.join(map(str, unknown))}."),
                            table_id=meta.table_id, reason="malformed")
    columns["measure"] = [names[k][0] for k in raw["measure"]]
    columns["measure_title"] = [names[k][1].title for k in raw["measure"]]
    columns["unit"] = [names[k][1].unit for k in raw["measure"]]
    columns["value"] = [_to_value(v, meta.table_id) for v in raw["value"]]
    frame = pd.DataFrame(columns)
    frame["value"] = frame["value"].astype("float64")
    # Sorted so that the same answer always gives the same file and hash, whichever API.
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
    api: str | None = None,
    v4_url: str | None = None,
    policy: RetryPolicy | None = None,
    report: Reporter | None = None,
) -> Dataset:
    """Fetch one table into memory; nothing is written. See the module docstring for the columns."""
    backend = backend or make_backend(api, base_url, v4_url, timeout=timeout, policy=policy, report=report)
    with tqdm(total=None, desc=spec.id, unit="stap", disable=not progress, leave=True) as bar:
        def step(label: str) -> None:
            bar.set_postfix_str(label, refresh=False)
            bar.update(1)

        def collect() -> tuple[TableMetadata, Resolved, pd.DataFrame, dict[str, Any]]:
            meta = backend.metadata(spec.id, step)
            resolved = resolve(spec, meta)
            bar.set_postfix_str("gegevens")
            raw, transport_query = backend.observations(spec.id, meta, resolved.selection)
            step("gegevens")
            return meta, resolved, raw, transport_query

        try:
            meta, resolved, raw, transport_query = collect()
        except CbsFetchError as exc:
            # In 'auto', v4 failing mid-way (after its retries) leaves v3 to try: the whole
            # table again, since keys differ between the two.
            switch = getattr(backend, "switch_to_v3", None)
            if not (exc.unreachable and switch is not None and switch(spec.id)):
                raise
            meta, resolved, raw, transport_query = collect()
        frame = build_frame(raw, meta, resolved)
    time_dim = next((d for d in meta.dimensions if d.kind == "time"), None)
    period_status: dict[str, str | None] = {}
    if time_dim is not None:
        status = {m.code: m.status for m in time_dim.members}
        period_status = {code: status.get(code) for code in sorted(set(frame[time_dim.name]))}
    notes = [*getattr(backend, "notes_for", lambda _t: [])(spec.id), *resolved.notes]
    if frame.empty:
        # Not an error: a table may have no figures yet for the chosen periods. But say so.
        notes.append("De selectie leverde geen gegevens op.")
    if not spec.verified:
        notes.append(UNVERIFIED_NOTE)
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
                name: {"key": m.key, "title": m.title, "unit": m.unit, "decimals": m.decimals}
                for name, m in resolved.measures.values()
            },
            "missing_values": int(frame["value"].isna().sum()),
        },
    )
    return Dataset(frame, provenance)


def remove_stale_temp_files(cache_dir: str | os.PathLike[str], names: Sequence[str]) -> list[Path]:
    """Remove the temporary files a killed fetch left (``.{table}.*.tmp``); return what went."""
    directory = Path(cache_dir)
    removed = []
    for name in names:
        for path in directory.glob(f".{name}.*.tmp"):
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
    return removed


def _run_without_interruption(write: Callable[[], dict[str, Dataset]]) -> dict[str, Dataset]:
    """Run ``write`` with Ctrl-C held back until it is done, so no run is half-written.

    A Ctrl-C that arrived meanwhile is raised afterwards, marked ``cache_written``.
    """
    if threading.current_thread() is not threading.main_thread():
        return write()
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    try:
        result = write()
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        interrupt = KeyboardInterrupt()
        interrupt.cache_written = True  # type: ignore[attr-defined]
        raise interrupt
    return result


def fetch_tables(
    specs: Sequence[TableSpec],
    cache_dir: str | os.PathLike[str],
    base_url: str | None = None,
    progress: bool = True,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    backend: StatLineBackend | None = None,
    api: str | None = None,
    v4_url: str | None = None,
    policy: RetryPolicy | None = None,
    report: Reporter | None = None,
) -> dict[str, Dataset]:
    """Fetch every table, then store them all in ``cache_dir`` as ``{table_id}.parquet`` plus
    ``{table_id}.provenance.json``, with the revisions against the previous cache in the provenance.

    Nothing is written unless every table was fetched, so a failure (raised as
    :class:`CbsFetchError`, its message ending with which cache the book now uses) leaves the
    previous cache byte-identical. Files get the permissions a newly created file gets.
    """
    backend = backend or make_backend(api, base_url, v4_url, timeout=timeout, policy=policy, report=report)
    ids = [spec.id for spec in specs]
    try:
        fetched = {spec.id: fetch_table(spec, backend=backend, progress=progress) for spec in specs}
    except CbsFetchError as exc:
        sentence = cache_sentence(cache_state(cache_dir, ids), exc.unreachable)
        raise exc.with_message(f"{exc}\n{sentence}") from exc
    staged: dict[str, tuple[pd.DataFrame, Provenance]] = {}
    for table_id, dataset in fetched.items():
        notes = list(dataset.provenance.notes)
        try:
            previous: Dataset | None = read_dataset(cache_dir, table_id)
        except CacheError:
            previous = None
            if any(path.exists() for path in dataset_paths(cache_dir, table_id)):
                notes.append("De vorige cache van deze tabel was beschadigd: er is niet op herzieningen vergeleken.")
        revisions = find_revisions(previous, dataset.data, table_id, dataset.provenance.retrieved_at)
        extra = with_history(dataset.provenance.extra, previous.provenance if previous else None, revisions)
        if previous is not None:
            extra["previous_retrieved_at"] = previous.provenance.retrieved_at
        staged[table_id] = (dataset.data, dataclasses.replace(dataset.provenance, extra=extra, notes=notes))
    remove_stale_temp_files(cache_dir, ids)
    try:
        stored = _run_without_interruption(lambda: write_datasets(staged, cache_dir))
    except OSError as exc:
        raise CbsFetchError(
            f"CBS-tabellen zijn opgehaald maar konden niet worden opgeslagen in {cache_dir}: {exc}",
            reason="storage",
        ) from exc
    return stored


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


__all__ = ["SOURCE_NAME", "build_frame", "fetch_table", "fetch_tables", "load_cached_tables",
           "remove_stale_temp_files"]
