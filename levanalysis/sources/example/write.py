"""Writing the example data directory, refusing to overwrite anything it did not make itself."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from levanalysis.sources.cache import file_sha256, write_datasets
from levanalysis.sources.example.cbs import cbs_example_datasets
from levanalysis.sources.example.local import local_example_files
from levanalysis.sources.example.model import DEFAULT_TARGET, ExampleDataError
from levanalysis.sources.store import (
    CBS_SUBDIR,
    PROVENANCE_SUFFIX,
    local_provenance_path,
    write_local_provenance,
)


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _is_example_sidecar(path: Path) -> bool:
    record = _read_sidecar(path)
    return record is not None and record.get("kind") == "example"


def _sidecar_of(path: Path, target: Path) -> Path | None:
    if path.parent == target:
        return local_provenance_path(path)
    if path.parent == target / CBS_SUBDIR:
        return path.with_name(path.stem + PROVENANCE_SUFFIX)
    return None


def _is_own_data_file(path: Path, target: Path) -> bool:
    # Only while the file is exactly what was generated: a real delivery saved over an example
    # file has another hash and must never be overwritten or removed.
    sidecar = _sidecar_of(path, target)
    if sidecar is None or not sidecar.is_file():
        return False
    record = _read_sidecar(sidecar)
    return (
        record is not None
        and record.get("kind") == "example"
        and record.get("file") == path.name
        and record.get("sha256") == file_sha256(path)
    )


def _scan(target: Path, known_stems: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """(files this generator made, other files) in ``target``, recursively."""
    own: list[Path] = []
    foreign: list[Path] = []
    stems = tuple(known_stems)
    for path in sorted(target.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        in_place = path.parent in (target, target / CBS_SUBDIR) and not path.is_symlink()
        if not in_place:
            foreign.append(path)
        elif path.name.startswith(".") and path.name.endswith(".tmp") and path.name[1:].startswith(stems):
            own.append(path)  # left behind by an interrupted run of this generator
        elif path.name.endswith(PROVENANCE_SUFFIX) and _is_example_sidecar(path):
            own.append(path)
        elif _is_own_data_file(path, target):
            own.append(path)
        else:
            foreign.append(path)
    return own, foreign


def _write_bytes_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_example_data(target_dir: str | os.PathLike[str] = DEFAULT_TARGET) -> list[Path]:
    """Write the complete example data set into ``target_dir``; return the files written.

    ``target_dir`` may be new, empty, or hold an earlier example set made by this function
    (which is then replaced, and files it no longer makes are removed). Any other file in it
    makes this raise :class:`ExampleDataError` before anything is written.
    """
    target = Path(target_dir)
    if target.exists() and not target.is_dir():
        raise ExampleDataError(f"{target} is geen map; kies een (nieuwe of lege) map voor de voorbeeldgegevens.")
    cbs_dir = target / CBS_SUBDIR
    if cbs_dir.is_symlink() or (cbs_dir.exists() and not cbs_dir.is_dir()):
        raise ExampleDataError(
            f"{cbs_dir} is geen gewone map; daar worden geen voorbeeldgegevens in geschreven."
        )
    # Everything is generated before anything is written: a failure leaves the target untouched.
    files = local_example_files()
    datasets = cbs_example_datasets()

    stems = [f.source for f in files] + list(datasets)
    if target.is_dir():
        own, foreign = _scan(target, stems)
        if foreign:
            shown = ", ".join(str(p.relative_to(target)) for p in foreign[:5])
            more = f" en nog {len(foreign) - 5}" if len(foreign) > 5 else ""
            raise ExampleDataError(
                f"De map {target} bevat bestanden die niet door de voorbeeldgenerator zijn gemaakt "
                f"({shown}{more}). Daar worden geen voorbeeldgegevens in geschreven, om geen echte "
                "gegevens te overschrijven. Kies een nieuwe of lege map."
            )
    else:
        own = []

    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for example in files:
        path = target / example.filename
        _write_bytes_atomically(path, example.content)
        written += [path, write_local_provenance(path, example.provenance())]
    stored = write_datasets({k: (d.data, d.provenance) for k, d in datasets.items()}, cbs_dir)
    for table_id in stored:
        written += [cbs_dir / f"{table_id}.parquet", cbs_dir / f"{table_id}{PROVENANCE_SUFFIX}"]
    for path in own:
        if path not in written:
            path.unlink(missing_ok=True)
    return sorted(written)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m levanalysis.sources.example",
        description="Schrijft de verzonnen voorbeeldgegevens van de LEV-monitor (lokale bronnen en CBS-tabellen).",
    )
    parser.add_argument(
        "target", nargs="?", default=str(DEFAULT_TARGET),
        help=f"map voor de voorbeeldgegevens (standaard {DEFAULT_TARGET}); alleen een nieuwe, lege of "
             "eerder door deze opdracht gevulde map",
    )
    args = parser.parse_args(argv)
    try:
        written = write_example_data(args.target)
    except ExampleDataError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fout: de voorbeeldgegevens konden niet worden geschreven in {args.target}: {exc}", file=sys.stderr)
        return 1
    local = sum(1 for p in written if p.parent.name != CBS_SUBDIR and not p.name.endswith(PROVENANCE_SUFFIX))
    tables = sum(1 for p in written if p.suffix == ".parquet")
    print(f"Voorbeeldgegevens geschreven in {args.target}: {local} lokale bronnen en {tables} CBS-tabellen, "
          "elk met een herkomstbestand.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

