"""One data directory, every dataset in it, each with its provenance.

A data directory (``lev.data_dir`` in ``_config.yml``, ``--data-dir`` or ``LEV_DATA_DIR``) holds:

- the local sources as delivered: ``<source>.csv`` or ``<source>.xlsx`` (see
  ``data/definitions/local_sources.yaml``), each optionally with ``<source>.provenance.json``;
- the CBS cache: ``cbs/{table id}.parquet`` with ``cbs/{table id}.provenance.json``.

A local file's provenance sidecar only counts while the file is unchanged (same sha256). So a
file of the bundled example data that someone replaces with a real delivery stops being
labelled as example data at once, without anyone editing the sidecar.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from levanalysis.definitions.local_sources import SUPPORTED_SUFFIXES, load_definitions
from levanalysis.sources.cache import (
    CacheError,
    Dataset,
    Provenance,
    dataset_paths,
    file_sha256,
    normal_file_mode,
    read_dataset,
)
from levanalysis.sources.local import SourceNotFound, find_delivery_files, load_source

CBS_PREFIX = "cbs:"
CBS_SUBDIR = "cbs"
PROVENANCE_SUFFIX = ".provenance.json"

# How people read the kind of a dataset.
KIND_LABELS = {"cbs": "CBS StatLine", "local": "lokale levering", "example": "voorbeeldgegevens"}


def describe_provenance(provenance: Provenance) -> str:
    """'CBS 83582NED (CBS StatLine; opgehaald 2026-02-01; voorlopig: 2025)', for source lines."""
    name = f"CBS {provenance.table_id}" if provenance.table_id else (provenance.title or provenance.name)
    parts = [KIND_LABELS.get(provenance.kind, provenance.kind)]
    if provenance.retrieved_at:
        parts.append(f"opgehaald {provenance.retrieved_at[:10]}")
    if provenance.provisional_years():
        parts.append("voorlopig: " + ", ".join(provenance.provisional_years()))
    return f"{name} ({'; '.join(parts)})"


def local_provenance_path(source_file: Path) -> Path:
    return source_file.with_name(source_file.stem + PROVENANCE_SUFFIX)


def write_local_provenance(source_file: Path, provenance: Provenance) -> Path:
    """Write the sidecar of a local source file, fingerprinting the file as it is now."""
    record = replace(provenance, file=source_file.name, sha256=file_sha256(source_file))
    target = local_provenance_path(source_file)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, normal_file_mode())  # mkstemp's 0o600 would hide the sidecar from colleagues
    except (OSError, AttributeError):
        pass
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(record.to_dict(), stream, ensure_ascii=False, indent=2, sort_keys=True)
            stream.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _file_time_iso(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0).isoformat()


class DataStore:
    """The datasets of one data directory. Absent datasets are ``None``, never an empty table.

    Each dataset is read, validated and turned into a frame once per store and then served from
    memory. Every file the store reads is recorded with its sha256 (:attr:`read_files`); with
    ``read_log`` the record is also kept as JSON in that file, so that a build can tell which
    data files a chapter depends on without anyone listing them by hand.
    """

    def __init__(self, root: Path | str, read_log: Path | str | None = None):
        self.root = Path(root)
        self.read_log = Path(read_log) if read_log is not None else None
        self._datasets: dict[str, Dataset | None] = {}
        self._read_files: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"DataStore({str(self.root)!r})"

    @property
    def cbs_dir(self) -> Path:
        return self.root / CBS_SUBDIR

    @property
    def read_files(self) -> dict[str, str]:
        """Path -> sha256 of every file read so far (deliveries, sidecars, CBS cache files)."""
        return dict(self._read_files)

    def _record(self, path: Path, sha256: str | None = None) -> str:
        key = str(path)
        if key not in self._read_files:
            self._read_files[key] = sha256 or file_sha256(path)
            if self.read_log is not None:
                self.read_log.parent.mkdir(parents=True, exist_ok=True)
                self.read_log.write_text(json.dumps(self._read_files, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return self._read_files[key]

    def source_file(self, name: str) -> Path | None:
        """The delivery of source ``name``, found as validate finds it (case-insensitive)."""
        found, _ = find_delivery_files(self.root) if self.root.is_dir() else ({}, [])
        files = [path for path in found.get(name, []) if path.suffix.casefold() in SUPPORTED_SUFFIXES]
        return files[0] if files else None

    def local(self, name: str) -> Dataset | None:
        """A local source, validated and cleaned; raises ValidationError for a bad file.

        A delivery with column headers but no rows is ``None``, as an absent one: there are no
        figures, and an empty table would count as real data. Its file is still recorded as
        read, so that a build notices when rows are added.
        """
        if name not in self._datasets:
            try:
                # Given the directory, load_source also refuses a source delivered twice (csv and
                # xlsx) and an entry named like a delivery that is no file (a directory, a
                # dangling link): the same lookup and the same messages as validate.
                data = load_source(self.root, name)
            except SourceNotFound:
                self._datasets[name] = None
            else:
                path = self.source_file(name)
                if data.empty:
                    self._record(path)
                    self._datasets[name] = None
                else:
                    self._datasets[name] = Dataset(data, self._local_provenance(name, path, len(data)))
        return self._datasets[name]

    def _local_provenance(self, name: str, path: Path, rows: int | None) -> Provenance:
        sha256 = self._record(path)
        sidecar = local_provenance_path(path)
        if sidecar.is_file():
            self._record(sidecar)
            try:
                recorded = Provenance.from_dict(json.loads(sidecar.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                recorded = None
            if recorded is not None and recorded.sha256 == sha256:
                return replace(recorded, row_count=rows, location=str(path))
        spec = load_definitions().sources[name]
        return Provenance(
            kind="local",
            source=spec.supplier or spec.title,
            name=name,
            title=spec.title,
            retrieved_at=_file_time_iso(path),
            modified=_file_time_iso(path),
            location=str(path),
            file=path.name,
            sha256=sha256,
            row_count=rows,
            notes=["Herkomst afgeleid uit het bestand zelf: er is geen (passend) herkomstbestand."],
        )

    def cbs(self, table_id: str) -> Dataset | None:
        key = CBS_PREFIX + table_id
        if key not in self._datasets:
            data_path, provenance_path = dataset_paths(self.cbs_dir, table_id)
            if not (data_path.is_file() and provenance_path.is_file()):
                self._datasets[key] = None
            else:
                dataset = read_dataset(self.cbs_dir, table_id)
                self._record(data_path, dataset.provenance.sha256)
                self._record(provenance_path)
                self._datasets[key] = dataset
        return self._datasets[key]

    def with_datasets(self, datasets: dict[str, Dataset]) -> DataStore:
        """A store over the same directory that serves ``datasets`` (by reference) instead of the
        files: to ask what a result would be on other figures, without touching the files."""
        other = DataStore(self.root)
        other._datasets = {**self._datasets, **datasets}
        return other

    def get(self, reference: str) -> Dataset | None:
        """``cbs:{table id}`` or the name of a local source."""
        if reference.startswith(CBS_PREFIX):
            return self.cbs(reference[len(CBS_PREFIX):])
        return self.local(reference)

    def provenance(self, reference: str) -> Provenance | None:
        """The provenance of one dataset (``cbs:<id>`` or a local source), None when absent.

        Reads only that dataset's files (no delivery is parsed), so a page that asks for its own
        datasets depends on those files alone.
        """
        if reference.startswith(CBS_PREFIX):
            try:
                dataset = self.cbs(reference[len(CBS_PREFIX):])
            except CacheError:
                return None
            return dataset.provenance if dataset is not None else None
        path = self.source_file(reference)
        # An entry that is no file (a directory, a dangling link) is no dataset; reading it
        # (local()) raises the Dutch message that validate gives.
        if path is None or not path.is_file():
            return None
        return self._local_provenance(reference, path, rows=None)

    def available(self) -> dict[str, Provenance]:
        """The provenance of every dataset present, by reference (no delivery is parsed)."""
        references = list(load_definitions().sources)
        if self.cbs_dir.is_dir():
            references += [CBS_PREFIX + p.name[: -len(PROVENANCE_SUFFIX)]
                           for p in sorted(self.cbs_dir.glob(f"*{PROVENANCE_SUFFIX}"))]
        found = {reference: self.provenance(reference) for reference in references}
        return {reference: provenance for reference, provenance in found.items() if provenance is not None}


def open_store(data_dir: Path | str, read_log: Path | str | None = None) -> DataStore:
    return DataStore(Path(data_dir), read_log)
