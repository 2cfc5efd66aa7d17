"""The published chapters (``book/chapters``) and the published book (``_build/html``).

Both are replaced as a whole, never file by file: the new version is assembled in a staging
directory next to the published one and swapped in with two renames (published -> ``.old``,
staging -> published). A build killed between the two renames leaves ``.old`` and no
published directory; :func:`recover` (run at the start of every build) renames it back. So at
any moment the published directory is either the previous complete version or the new one.

The published chapters carry ``_manifest.json``: for every chapter (and the data notice) the
record of the inputs it was built from, and the sha256 of every published file.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from levanalysis.pipeline.cache import (
    Entry,
    Record,
    files_problems,
    output_files,
    staleness,
    write_json_atomically,
)
from levanalysis.pipeline.errors import BuildError
from levanalysis.pipeline.inputs import DataSnapshot, Workspace, display_path
from levanalysis.pipeline.notebook import DOWNLOADS_SUBDIR

MANIFEST_NAME = "_manifest.json"
MANIFEST_FORMAT = 1
DATA_NOTICE_UNIT = "_datanotice"


def old_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.staging")


def recover(target: Path) -> None:
    """Undo what a killed swap left behind; remove a stale staging directory."""
    old = old_path(target)
    if old.exists():
        if target.exists():
            shutil.rmtree(old)  # the swap finished; only the clean-up was missed
        else:
            os.rename(old, target)  # killed between the two renames: the previous version returns
    shutil.rmtree(staging_path(target), ignore_errors=True)


def swap_in(staged: Path, target: Path) -> None:
    old = old_path(target)
    if target.exists():
        os.rename(target, old)
    os.rename(staged, target)
    shutil.rmtree(old, ignore_errors=True)


_held = threading.local()


@contextmanager
def build_lock(directory: Path):
    """One build at a time per project (re-entrant within a process); refuse, don't wait."""
    depth = getattr(_held, "depth", 0)
    if depth:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds must not overlap
        fcntl = None
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "lock", "w") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise BuildError(
                    f"Er loopt al een build in deze map ({display_path(directory)}); wacht tot die klaar is."
                ) from exc
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0


def assemble(entries: dict[str, Entry], target: Path, data_dir: Path) -> Path:
    """Copy the entries into a staging directory next to ``target``, with the manifest."""
    staged = staging_path(target)
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    origin: dict[str, str] = {}
    for unit, entry in entries.items():
        for relative in entry.record.files:
            destination = staged / relative
            if destination.exists():
                if relative.startswith(DOWNLOADS_SUBDIR + "/") and (entry.directory / relative).read_bytes() == destination.read_bytes():
                    continue
                raise BuildError(
                    f"Hoofdstukken '{origin[relative]}' en '{unit}' schrijven allebei {relative}; "
                    "geef een van beide een andere naam."
                )
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry.directory / relative, destination)
            origin[relative] = unit
    manifest = {
        "format": MANIFEST_FORMAT,
        "published_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "data_dir": str(data_dir),
        "units": {unit: {"entry": entry.directory.name, **entry.record.to_dict()} for unit, entry in entries.items()},
        "files": output_files(staged),
    }
    write_json_atomically(staged / MANIFEST_NAME, manifest)
    return staged


def read_manifest(chapter_dir: Path) -> dict | None:
    try:
        manifest = json.loads((chapter_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("format") == MANIFEST_FORMAT else None


def published_entries(chapter_dir: Path) -> dict[str, str]:
    """Unit -> entry name of the published set ({} without a usable manifest)."""
    manifest = read_manifest(chapter_dir)
    return {unit: item["entry"] for unit, item in manifest["units"].items()} if manifest else {}


def published_problems(
    workspace: Workspace, expected: dict[str, dict[str, str]], snapshot: DataSnapshot
) -> list[str]:
    """Why the published chapters are not the complete output of the current inputs (Dutch).

    ``expected`` maps every unit that must be there to its current static inputs.
    """
    chapter_dir = workspace.chapter_dir
    shown = display_path(chapter_dir)
    if not chapter_dir.is_dir():
        return [f"{shown} bestaat niet: er is nog geen volledig uitgevoerde set hoofdstukken"]
    manifest = read_manifest(chapter_dir)
    if manifest is None:
        return [f"{shown} heeft geen (leesbaar) {MANIFEST_NAME}: de hoofdstukken zijn niet door een volledige build gemaakt"]
    problems = [f"{shown}/{p}" for p in files_problems(chapter_dir, manifest.get("files", {}))]
    units = manifest.get("units", {})
    for unit, components in expected.items():
        label = "de gegevensmelding" if unit == DATA_NOTICE_UNIT else f"hoofdstuk '{unit}'"
        if unit not in units:
            problems.append(f"{label} ontbreekt")
            continue
        record = Record.from_dict({k: v for k, v in units[unit].items() if k != "entry"})
        problems += [f"{label}: {reason}" for reason in staleness(record, components, snapshot)]
    problems += [f"hoofdstuk '{u}' staat niet (meer) in _config.yml" for u in sorted(set(units) - set(expected))]
    return problems
