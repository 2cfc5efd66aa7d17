"""Content-addressed store of executed chapters (``_build/lev-cache/units``).

An entry is the complete output of one unit (a chapter, or the data notice) together with a
record of the inputs it was built from. Its directory name is derived from those inputs:
``<static key>-<data key>``. An entry is reused only if its static key equals the current one
(same template, parameters, library code, configuration, plan and definitions, environment),
every data file it read still has the sha256 and modification time it had, and the data
directory lists the same files. Entries appear by one rename of a finished work directory,
so a half-written entry never exists under its final name.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from levanalysis.pipeline.inputs import (
    COMPONENT_CHANGES,
    DataSnapshot,
    display_path,
    sha256_file,
    sha256_json,
)

RECORD_NAME = "record.json"
KEY_LENGTH = 24
# Entries kept per unit: enough to switch between example and real data without re-running.
KEEP_PER_UNIT = 3


@dataclass
class Record:
    """What an entry was built from, and what it holds."""

    unit: str
    key: str
    components: dict[str, str]
    data_dir: str
    listing: str
    reads: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    executed_at: str = ""

    @property
    def data_key(self) -> str:
        return sha256_json([self.listing, self.reads])

    @property
    def entry_name(self) -> str:
        return f"{self.key[:KEY_LENGTH]}-{self.data_key[:12]}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> Record:
        return cls(**raw)


def staleness(record: Record, components: dict[str, str], snapshot: DataSnapshot) -> list[str]:
    """Why ``record`` does not describe the current inputs, in Dutch; empty when it does."""
    reasons = [
        COMPONENT_CHANGES.get(name, f"{name} is gewijzigd")
        for name in sorted(set(components) | set(record.components))
        if components.get(name) != record.components.get(name)
    ]
    for path, recorded in sorted(record.reads.items()):
        now = snapshot.file_state(path)
        shown = display_path(path, snapshot.root)
        if now is None:
            reasons.append(f"gegevensbestand {shown} bestaat niet meer")
        elif now["sha256"] != recorded.get("sha256"):
            reasons.append(f"gegevensbestand {shown} is gewijzigd")
        elif now["mtime"] != recorded.get("mtime"):
            reasons.append(f"gegevensbestand {shown} heeft een andere wijzigingsdatum")
    if snapshot.listing != record.listing:
        reasons.append("er zijn bestanden in de gegevensmap bijgekomen, verdwenen of hernoemd")
    return reasons


def output_files(directory: Path, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``directory``, except the named top-level ones."""
    found = {}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if path.is_file() and relative not in exclude:
            found[relative] = sha256_file(path)
    return found


def files_problems(directory: Path, files: dict[str, str]) -> list[str]:
    """Files of a record that are missing or were changed after they were written."""
    problems = []
    for relative, sha256 in sorted(files.items()):
        path = directory / relative
        if not path.is_file():
            problems.append(f"{relative} ontbreekt")
        elif sha256_file(path) != sha256:
            problems.append(f"{relative} is na het uitvoeren gewijzigd")
    return problems


def write_json_atomically(path: Path, value) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    temporary.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


@dataclass(frozen=True)
class Entry:
    directory: Path
    record: Record


class ChapterCache:
    def __init__(self, root: Path):
        self.root = root

    @property
    def units_dir(self) -> Path:
        return self.root / "units"

    @property
    def work_root(self) -> Path:
        return self.root / "work"

    @property
    def failed_dir(self) -> Path:
        return self.root / "failed"

    def new_workdir(self, unit: str) -> Path:
        directory = self.work_root / f"{unit}-{uuid.uuid4().hex[:12]}"
        directory.mkdir(parents=True)
        return directory

    def clear_work(self) -> None:
        """Work directories of builds that were killed never become entries."""
        shutil.rmtree(self.work_root, ignore_errors=True)

    def find(self, unit: str, key: str, components: dict[str, str], snapshot: DataSnapshot) -> Entry | None:
        """The newest entry of ``unit`` built from exactly the current inputs, if any."""
        candidates = sorted(
            (self.units_dir / unit).glob(f"{key[:KEY_LENGTH]}-*"),
            key=lambda d: (d / RECORD_NAME).stat().st_mtime if (d / RECORD_NAME).exists() else 0,
            reverse=True,
        )
        for directory in candidates:
            entry = self.load(directory)
            if entry is None or entry.record.key != key:
                continue
            if staleness(entry.record, components, snapshot) or files_problems(directory, entry.record.files):
                continue
            os.utime(directory / RECORD_NAME)  # most recently used: kept longest by prune()
            return entry
        return None

    @staticmethod
    def load(directory: Path) -> Entry | None:
        try:
            raw = json.loads((directory / RECORD_NAME).read_text(encoding="utf-8"))
            return Entry(directory, Record.from_dict(raw))
        except (OSError, ValueError, TypeError):
            return None

    def store(self, workdir: Path, record: Record, exclude: tuple[str, ...]) -> Entry:
        """Turn a finished work directory into an entry (one rename)."""
        for name in exclude:
            (workdir / name).unlink(missing_ok=True)
        record.files = output_files(workdir, exclude=(RECORD_NAME,))
        write_json_atomically(workdir / RECORD_NAME, record.to_dict())
        target = self.units_dir / record.unit / record.entry_name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # the same inputs executed again (--force): the new run replaces it
            shutil.rmtree(target)
        os.rename(workdir, target)
        self.prune(record.unit)
        return Entry(target, record)

    def expected_seconds(self, unit: str) -> float:
        """How long ``unit`` took the last time it ran (infinite if it never did)."""
        records = [d / RECORD_NAME for d in (self.units_dir / unit).glob("*") if (d / RECORD_NAME).is_file()]
        if not records:
            return float("inf")
        entry = self.load(max(records, key=lambda r: r.stat().st_mtime).parent)
        return entry.record.seconds if entry else float("inf")

    def prune(self, unit: str, keep: int = KEEP_PER_UNIT) -> None:
        entries = sorted(
            (d for d in (self.units_dir / unit).iterdir() if d.is_dir()),
            key=lambda d: (d / RECORD_NAME).stat().st_mtime if (d / RECORD_NAME).exists() else 0,
            reverse=True,
        )
        for old in entries[keep:]:
            shutil.rmtree(old, ignore_errors=True)
