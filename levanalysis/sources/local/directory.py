"""Deliveries in a data directory: finding each source's file, validating it, loading it clean."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pandas as pd

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import (
    SUPPORTED_SUFFIXES,
    UNSUPPORTED_SUFFIXES,
    load_definitions,
    source_names,
    source_spec,
    year_range_or_default,
)
from levanalysis.sources.local.crossref import cross_check
from levanalysis.sources.local.problems import (
    DirectoryReport,
    Problem,
    SourceNotFound,
    SourceResult,
    ValidationError,
    os_error_text,
)
from levanalysis.sources.local.reading import read_csv, read_xlsx
from levanalysis.sources.local.validation import validate_table


def validate_file(
    path: str | Path, name: str | None = None, *, year_range: tuple[int, int] | None = None
) -> SourceResult:
    """Validate one file as source ``name`` (default: the file's base name).

    Never raises for bad input: every finding is a :class:`Problem` in the result. Raises
    ``ValueError`` only when ``name`` is given and is not a known source.
    """
    path = Path(path)
    fname = path.name
    if name is None:
        name = path.stem.strip().casefold()
        if name not in load_definitions().sources:
            return SourceResult(
                name=name,
                path=path,
                problems=[
                    Problem(
                        fname,
                        f"'{path.stem}' is geen bekende bron. Bekende bronnen: {', '.join(source_names())}.",
                    )
                ],
            )
    spec = source_spec(name)
    region = _region.load_region()
    yr = year_range_or_default(year_range)
    suffix = path.suffix.casefold()
    not_a_file = _not_a_file(path)
    if not_a_file:
        return SourceResult(name, path, [Problem(fname, not_a_file)])
    if suffix == ".csv":
        table, problems = read_csv(path, spec, fname)
    elif suffix == ".xlsx":
        table, problems = read_xlsx(path, spec, fname)
    else:
        return SourceResult(
            name,
            path,
            [Problem(fname, f"Bestandstype '{path.suffix}' wordt niet ondersteund; lever .xlsx of .csv aan.")],
        )
    if table is None:
        return SourceResult(name, path, problems)
    frame, more, nrows = validate_table(table, spec, fname, yr, region)
    if frame is not None:
        frame.attrs["source"] = name
        frame.attrs["source_file"] = str(path)
    return SourceResult(name, path, problems + more, rows=nrows, data=frame)


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file that can be read (Dutch), or None when it is one."""
    try:
        mode = path.stat().st_mode  # follows a symbolic link to what it points to
    except FileNotFoundError:
        if path.is_symlink():
            return (
                f"Dit is een snelkoppeling (symbolische link) naar '{os.readlink(path)}', maar dat bestand "
                "bestaat niet. Zet het bestand zelf in de map."
            )
        return "Het bestand bestaat niet."
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return (
                "Dit is een snelkoppeling (symbolische link) die in een kring naar zichzelf terugverwijst; "
                "er is geen bestand om te lezen. Zet het bestand zelf in de map."
            )
        return f"Het bestand kan niet worden gelezen ({os_error_text(exc)})."
    if stat.S_ISDIR(mode):
        return "Dit is een map, geen bestand."
    if not stat.S_ISREG(mode):
        return "Dit is geen gewoon bestand (maar bijvoorbeeld een pipe of een apparaat) en wordt niet gelezen."
    return None


def find_delivery_files(directory: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """Entries per source name (case-insensitive base name), and other data-like files.

    This is the one lookup of deliveries, for validate, the store (scorecard, build) and the
    templates. An entry named like a delivery counts even when it is no regular file (a
    directory, a dangling symbolic link, a link loop, a pipe): :func:`validate_file` then says
    what it is, as an error, instead of the source silently counting as absent.
    """
    names = set(source_names())
    found: dict[str, list[Path]] = {n: [] for n in names}
    unused: list[Path] = []
    suffixes = SUPPORTED_SUFFIXES + UNSUPPORTED_SUFFIXES
    for p in sorted(directory.iterdir()):
        # Excel lock files ('~$x.xlsx') and hidden files are never deliveries.
        if p.name.startswith(("~$", ".")):
            continue
        stem, suffix = p.stem.strip().casefold(), p.suffix.casefold()
        if suffix not in suffixes:
            continue
        if stem in names:
            found[stem].append(p)
        elif p.is_file():
            unused.append(p)
    return found, unused


def _directory_problem(directory: Path, exc: OSError) -> Problem:
    return Problem(str(directory), f"de map kan niet worden gelezen ({os_error_text(exc)}).")


def validate_directory(path: str | Path, *, year_range: tuple[int, int] | None = None) -> DirectoryReport:
    """Validate every local source found in ``path`` (files named ``<source>.csv`` or ``.xlsx``).

    Absent sources are listed, not errors: KPIs based on them get no data. Two files for one
    source (``x.csv`` and ``x.xlsx``) is an error, since it is unclear which one counts. Never
    raises for bad input, including a directory that does not exist.
    """
    directory = Path(path)
    yr = year_range_or_default(year_range)
    results = {n: SourceResult(n, None) for n in source_names()}
    report = DirectoryReport(directory=directory, year_range=yr, sources=results)
    if not directory.is_dir():
        what = "bestaat niet" if not directory.exists() else "is geen map"
        report.problems.append(Problem(str(directory), f"de map {what}."))
        return report
    try:
        found, unused = find_delivery_files(directory)
    except OSError as exc:
        report.problems.append(_directory_problem(directory, exc))
        return report
    report.unused_files = unused
    for name in source_names():
        files = found[name]
        if not files:
            continue
        if len(files) > 1:
            results[name] = SourceResult(
                name,
                files[0],
                [
                    Problem(
                        files[0].name,
                        f"er zijn meerdere bestanden voor deze bron ({', '.join(f.name for f in files)}); "
                        "laat er één staan.",
                    )
                ],
            )
            continue
        results[name] = validate_file(files[0], name, year_range=yr)
    cross_check(report)
    return report


def load_source(
    path_or_dir: str | Path, name: str, *, year_range: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Clean frame of source ``name``: one column per defined column, in definition order.

    ``path_or_dir`` is the file itself (any file name) or the directory holding
    ``<name>.csv`` / ``<name>.xlsx``. Municipalities come back as CBS codes (Rijnwaarden as
    GM0196 for years before 2018: fold it with :func:`levanalysis.definitions.region.apply_reorganisations`),
    whole numbers as ``Int64``, amounts and indicators as ``Float64``, texts as ``str``, lists
    (``partnersectoren``) as Python lists; optional columns absent from the file are all missing.

    Raises :class:`SourceNotFound` if the directory has no file for the source, and
    :class:`ValidationError` (with ``.problems``) if the file has errors.
    """
    source_spec(name)
    p = Path(path_or_dir)
    if p.is_dir():
        try:
            found, _ = find_delivery_files(p)
        except OSError as exc:
            raise ValidationError([_directory_problem(p, exc)]) from None
        files = found[name]
        if not files:
            raise SourceNotFound(f"Geen bestand voor bron '{name}' in {p} ({name}.xlsx of {name}.csv).")
        if len(files) > 1:
            raise ValidationError(
                [
                    Problem(
                        files[0].name,
                        f"er zijn meerdere bestanden voor deze bron ({', '.join(f.name for f in files)}); "
                        "laat er één staan.",
                    )
                ]
            )
        p = files[0]
    elif not p.exists():
        raise SourceNotFound(f"Bestand {p} bestaat niet.")
    result = validate_file(p, name, year_range=year_range)
    if result.errors or result.data is None:
        raise ValidationError(result.problems)
    return result.data

