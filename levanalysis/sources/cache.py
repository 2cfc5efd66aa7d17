"""Datasets on disk with their provenance.

Every dataset is stored as two files in one directory::

    <directory>/<name>.parquet            the table (pyarrow, no index)
    <directory>/<name>.provenance.json    where it came from (see :class:`Provenance`)

The same record type serves CBS tables (``kind="cbs"``), local deliveries such as LISA or
tourist-tax exports (``kind="local"``) and invented example data (``kind="example"``), so that
every figure in the book can show its source and retrieval date.

Writes are atomic per dataset: both files are first written to temporary files in the target
directory, flushed with fsync, and only then moved into place with :func:`os.replace`. A failure
before that point leaves the previous files byte-identical and removes the temporary files.
:func:`write_datasets` stages several datasets before replacing any of them, so one failing
dataset leaves all of them untouched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "CacheError",
    "Dataset",
    "Provenance",
    "dataset_paths",
    "file_sha256",
    "list_datasets",
    "read_dataset",
    "utc_now_iso",
    "write_dataset",
    "write_datasets",
]

KINDS = ("cbs", "local", "example")
SCHEMA_VERSION = 1
DATA_SUFFIX = ".parquet"
PROVENANCE_SUFFIX = ".provenance.json"


class CacheError(Exception):
    """A cached dataset is missing, unreadable or does not match its provenance.

    The message is Dutch: it is meant to be shown to people as is.
    """


def utc_now_iso() -> str:
    """Current time in UTC as ISO 8601 with seconds, e.g. ``2026-01-31T09:15:02+00:00``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Provenance:
    """Where a dataset came from.

    ``row_count``, ``sha256`` and ``file`` describe the stored file and are filled in by
    :func:`write_dataset`; callers leave them empty.
    """

    kind: str
    """'cbs', 'local' or 'example'."""
    source: str
    """Human-readable source name, e.g. 'CBS StatLine' or 'LISA-levering 2025'."""
    name: str = ""
    """Dataset name; also the file stem in the cache directory."""
    table_id: str | None = None
    title: str | None = None
    modified: str | None = None
    """CBS ``TableInfos.Modified`` (or the file date of a local delivery)."""
    reason_delivery: str | None = None
    """CBS ``TableInfos.ReasonDelivery``."""
    period_status: dict[str, str | None] = field(default_factory=dict)
    """Period code -> status (Voorlopig / Nader voorlopig / Definitief)."""
    retrieved_at: str = ""
    """UTC ISO time of retrieval; filled with the current time when empty."""
    query: dict[str, Any] = field(default_factory=dict)
    """What was asked for: filters, select, base url (CBS) or path and sheet (local)."""
    location: str | None = None
    """URL or path of the original source."""
    row_count: int | None = None
    sha256: str | None = None
    """sha256 of the stored data file."""
    file: str | None = None
    """Name of the stored data file, relative to the provenance file."""
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown provenance kind {self.kind!r}; expected one of {KINDS}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def provisional_years(self) -> list[str]:
        """Years (from the period codes) whose figures are not final, e.g. ['2025']."""
        return sorted(
            period[:4] for period, status in self.period_status.items()
            if status and status.strip().casefold() != "definitief"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provenance:
        known = {f.name for f in dataclasses.fields(cls)}
        # Unknown keys are kept under extra instead of dropped, so that a record written by a
        # newer version survives a read-modify-write by an older one.
        unknown = {k: v for k, v in data.items() if k not in known}
        values = {k: v for k, v in data.items() if k in known}
        if unknown:
            values["extra"] = {**values.get("extra", {}), **unknown}
        return cls(**values)


class Dataset(NamedTuple):
    """A table together with its provenance; unpacks as ``df, provenance``."""

    data: pd.DataFrame
    provenance: Provenance


def dataset_paths(directory: str | os.PathLike[str], name: str) -> tuple[Path, Path]:
    """Paths of the data file and the provenance file of dataset ``name``."""
    _check_name(name)
    directory = Path(directory)
    return directory / f"{name}{DATA_SUFFIX}", directory / f"{name}{PROVENANCE_SUFFIX}"


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def list_datasets(directory: str | os.PathLike[str]) -> list[str]:
    """Names of the datasets that have a provenance file in ``directory``."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(
        p.name[: -len(PROVENANCE_SUFFIX)]
        for p in directory.iterdir()
        if p.name.endswith(PROVENANCE_SUFFIX) and not p.name.startswith(".")
    )


def write_dataset(
    df: pd.DataFrame,
    provenance: Provenance,
    directory: str | os.PathLike[str],
    name: str,
) -> Dataset:
    """Store ``df`` and its provenance atomically; return them with the completed provenance."""
    return write_datasets({name: (df, provenance)}, directory)[name]


def write_datasets(
    datasets: Mapping[str, tuple[pd.DataFrame, Provenance]],
    directory: str | os.PathLike[str],
) -> dict[str, Dataset]:
    """Store several datasets; none is replaced unless all could be written to temporary files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[_Staged] = []
    try:
        for name, (df, provenance) in datasets.items():
            staged.append(_stage(df, provenance, directory, name))
        # Replacing is the only step left that touches the previous files; each os.replace is
        # atomic, and read_dataset's hash check catches the pair being out of step if the
        # process dies between the two replaces of one dataset.
        for item in staged:
            item.commit()
        _fsync_directory(directory)
    except BaseException:
        # BaseException: a Ctrl-C during a long write must not leave temporary files either.
        for item in staged:
            item.discard()
        raise
    return {item.name: Dataset(item.df, item.provenance) for item in staged}


def read_dataset(
    directory: str | os.PathLike[str], name: str, *, verify: bool = True
) -> Dataset:
    """Read a dataset and its provenance; with ``verify`` check the file against its sha256."""
    data_path, prov_path = dataset_paths(directory, name)
    if not prov_path.is_file() or not data_path.is_file():
        raise CacheError(
            f"Geen opgeslagen gegevens voor '{name}' in {Path(directory)}: "
            f"haal ze eerst op (met netwerkverbinding) of controleer de map."
        )
    try:
        provenance = Provenance.from_dict(json.loads(prov_path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise CacheError(f"Herkomstbestand {prov_path} is onleesbaar: {exc}") from exc
    if verify and provenance.sha256 is not None:
        actual = file_sha256(data_path)
        if actual != provenance.sha256:
            raise CacheError(
                f"Bestand {data_path} past niet bij zijn herkomstbestand (sha256 verschilt): "
                f"het is na het ophalen gewijzigd of het opslaan is onderbroken. "
                f"Haal de gegevens opnieuw op."
            )
    try:
        df = pd.read_parquet(data_path)
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise CacheError(f"Bestand {data_path} is onleesbaar: {exc}") from exc
    return Dataset(df, provenance)


# --- internals -------------------------------------------------------------------------------


def _check_name(name: str) -> None:
    # Names become file names; refuse anything that could escape the directory or hide the file.
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"invalid dataset name {name!r}")


@dataclass
class _Staged:
    name: str
    df: pd.DataFrame
    provenance: Provenance
    tmp_data: Path
    tmp_prov: Path
    data_path: Path
    prov_path: Path
    committed: bool = False

    def commit(self) -> None:
        os.replace(self.tmp_data, self.data_path)
        os.replace(self.tmp_prov, self.prov_path)
        self.committed = True

    def discard(self) -> None:
        if self.committed:
            return
        for tmp in (self.tmp_data, self.tmp_prov):
            try:
                tmp.unlink()
            except FileNotFoundError:
                pass


def _stage(df: pd.DataFrame, provenance: Provenance, directory: Path, name: str) -> _Staged:
    data_path, prov_path = dataset_paths(directory, name)
    tmp_data = _mkstemp(directory, name)
    try:
        tmp_prov = _mkstemp(directory, name)
    except BaseException:
        tmp_data.unlink(missing_ok=True)
        raise
    staged = _Staged(name, df, provenance, tmp_data, tmp_prov, data_path, prov_path)
    try:
        df.to_parquet(tmp_data, index=False)
        _fsync_file(tmp_data)
        provenance = dataclasses.replace(
            provenance,
            name=name,
            retrieved_at=provenance.retrieved_at or utc_now_iso(),
            row_count=int(len(df)),
            sha256=file_sha256(tmp_data),
            file=data_path.name,
        )
        text = json.dumps(provenance.to_dict(), indent=2, ensure_ascii=False, default=str)
        with open(tmp_prov, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        staged.discard()
        raise
    staged.provenance = provenance
    return staged


def normal_file_mode() -> int:
    """The mode a newly created file gets here (0o666 minus the umask): mkstemp makes 0o600, which
    would leave a shared data folder unreadable to colleagues once the file replaces the old one."""
    current = os.umask(0o022)
    os.umask(current)
    return 0o666 & ~current


def _mkstemp(directory: Path, name: str) -> Path:
    # Same directory as the target, so that os.replace is a rename on one file system.
    fd, path = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        os.fchmod(fd, normal_file_mode())
    except (OSError, AttributeError):  # a file system without modes, or no fchmod (Windows)
        pass
    os.close(fd)
    return Path(path)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_directory(directory: Path) -> None:
    # Makes the renames durable; not possible on every platform (e.g. Windows), hence best effort.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
