"""Findings about delivered files, and the results of validating a file or a directory.

Every finding names the file, the spreadsheet row (header = row 1) and the column, in Dutch:
municipal officials read these messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from levanalysis.definitions.local_sources import ERROR, WARNING


@dataclass(frozen=True)
class Problem:
    """One finding in one file. ``row`` is the spreadsheet row (header = row 1)."""

    file: str
    detail: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    level: str = ERROR

    @property
    def message(self) -> str:
        where = f"Bestand {self.file}"
        if self.row is not None:
            where += f", rij {self.row}"
        if self.column is not None:
            where += f", kolom '{self.column}'"
        return f"{where}: {self.detail}"

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        return self.message


@dataclass
class SourceResult:
    """Outcome of validating one source. ``data`` is the clean frame when there are no errors."""

    name: str
    path: Path | None
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    data: pd.DataFrame | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def status(self) -> str:
        """'absent', 'errors', 'warnings' or 'ok'."""
        if self.path is None and not self.problems:
            return "absent"
        if self.errors:
            return "errors"
        if self.warnings:
            return "warnings"
        return "ok"

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class DirectoryReport:
    directory: Path
    year_range: tuple[int, int]
    sources: dict[str, SourceResult]
    problems: list[Problem] = field(default_factory=list)  # about the directory itself
    unused_files: list[Path] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for r in self.sources.values():
            out.extend(r.problems)
        return out

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.all_problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        """True when no file has errors (absent sources and warnings are fine)."""
        return not self.errors

    @property
    def absent(self) -> list[str]:
        return [n for n, r in self.sources.items() if r.status == "absent"]

    @property
    def found(self) -> list[str]:
        return [n for n, r in self.sources.items() if r.path is not None]


class ValidationError(ValueError):
    """A source file has errors; ``problems`` lists them (errors and warnings)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.level == ERROR]
        lines = [p.message for p in errors[:20]]
        if len(errors) > 20:
            lines.append(f"... en nog {len(errors) - 20} fouten.")
        super().__init__("\n".join(lines) if lines else "Ongeldig bestand.")


class SourceNotFound(FileNotFoundError):
    """The directory has no file for the requested source."""

