"""Findings about delivered files, and the results of validating a file or a directory.

Every finding names the file, the spreadsheet row (header = row 1) and the column, in Dutch:
municipal officials read these messages.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from levanalysis.definitions.local_sources import ERROR, WARNING
from levanalysis.formatting import printable


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
        """The finding as one line for people. Control characters from a cell or a file name
        (an escape sequence would colour the terminal) are shown escaped (``\\x1b``), as are
        bytes of a file name that is not UTF-8; ``detail`` and ``value`` keep them as read."""
        where = f"Bestand {self.file}"
        if self.row is not None:
            where += f", rij {self.row}"
        if self.column is not None:
            where += f", kolom '{self.column}'"
        return printable(f"{where}: {self.detail}")

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


# Row-level findings shown per column (and level); beyond this only their number is kept, so
# that a file with an error in every cell gives a readable report and stays small in memory.
MAX_PROBLEMS_PER_COLUMN = 100


class ProblemCap:
    """Collects the row-level findings of one file, at most ``limit`` per column and level."""

    def __init__(self, fname: str, limit: int = MAX_PROBLEMS_PER_COLUMN):
        self.fname, self.limit = fname, limit
        self._shown: dict[tuple[str | None, str], int] = {}
        self._hidden: dict[tuple[str | None, str], int] = {}

    def add(self, problems: list[Problem], problem: Problem) -> None:
        """Append ``problem`` to ``problems``, or only count it when its column is full."""
        if problem.row is None:
            problems.append(problem)
            return
        key = (problem.column, problem.level)
        shown = self._shown.get(key, 0)
        if shown < self.limit:
            self._shown[key] = shown + 1
            problems.append(problem)
        else:
            self._hidden[key] = self._hidden.get(key, 0) + 1

    def summary(self) -> list[Problem]:
        """One finding per column and level that had more than ``limit``, saying how many more."""
        out = []
        for (column, level), n in self._hidden.items():
            what = ("fout" if n == 1 else "fouten") if level == ERROR else ("waarschuwing" if n == 1 else "waarschuwingen")
            where = "in deze kolom" if column is not None else "over rijen"
            out.append(
                Problem(
                    self.fname,
                    f"nog {n:,} {what} {where} worden niet afzonderlijk gemeld; de eerste {self.limit} staan "
                    "hieronder.".replace(",", "."),
                    column=column,
                    level=level,
                )
            )
        return out


_OS_ERRORS = {
    errno.EACCES: "geen toestemming om het te lezen",
    errno.EPERM: "geen toestemming om het te lezen",
    errno.ENOENT: "het bestaat niet (meer)",
    errno.EISDIR: "het is een map",
    errno.ELOOP: "een snelkoppeling die naar zichzelf terugverwijst",
    errno.EIO: "een leesfout van de schijf of het netwerk",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
}


def os_error_text(exc: OSError) -> str:
    """Why a file could not be read, in Dutch where the reason is a common one."""
    return _OS_ERRORS.get(exc.errno, exc.strerror or type(exc).__name__)


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

