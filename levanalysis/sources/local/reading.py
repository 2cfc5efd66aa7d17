"""Reading a delivered CSV or Excel file into raw rows, and finding its header row."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from levanalysis.definitions.local_sources import SourceSpec
from levanalysis.sources.local.problems import Problem

# How many non-empty rows to search for the header (exports often start with title rows).
_HEADER_SEARCH_ROWS = 20

@dataclass
class Table:
    header: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    kind: str  # 'csv' or 'xlsx'
    separator: str | None = None
    skipped_above: list[int] = field(default_factory=list)


def is_empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def display_value(v: Any) -> str:
    """A cell value as the user sees it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "WAAR" if v else "ONWAAR"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, datetime):
        return v.strftime("%d-%m-%Y") if v.time() == datetime.min.time() else v.strftime("%d-%m-%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    return str(v).strip()


def norm_header(v: Any) -> str:
    return re.sub(r"[\s\-]+", "_", display_value(v).casefold()).strip("_")


def header_lookup(spec: SourceSpec) -> dict[str, str]:
    table = {}
    for c in spec.columns:
        table[norm_header(c.name)] = c.name
        for a in c.aliases:
            table[norm_header(a)] = c.name
    return table


def _find_header(records: list[tuple[int, list[Any]]], spec: SourceSpec) -> tuple[int, int]:
    """Index in ``records`` of the header row, and how many known columns it has."""
    lookup = header_lookup(spec)
    best, best_n = 0, 0
    for i, (_, cells) in enumerate(records[:_HEADER_SEARCH_ROWS]):
        n = len({lookup[h] for h in (norm_header(c) for c in cells) if h in lookup})
        if n > best_n:
            best, best_n = i, n
    return best, best_n


def _nonempty(records: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    return [(n, cells) for n, cells in records if any(not is_empty(c) for c in cells)]


def _table_from_records(
    records: list[tuple[int, list[Any]]], spec: SourceSpec, kind: str, separator: str | None
) -> tuple[Table, int]:
    records = _nonempty(records)
    i, n_known = _find_header(records, spec)
    header_row, header = records[i]
    return (
        Table(
            header=list(header),
            header_row=header_row,
            rows=records[i + 1 :],
            kind=kind,
            separator=separator,
            skipped_above=[n for n, _ in records[:i]],
        ),
        n_known,
    )


def read_csv(path: Path, spec: SourceSpec, fname: str) -> tuple[Table | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(fname, f"Het bestand kan niet worden gelezen ({exc.strerror or exc}).")]
    if data[:4] == b"PK\x03\x04":
        return None, [
            Problem(fname, "Dit is een Excel-bestand met de extensie .csv. Geef het de extensie .xlsx.")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [
            Problem(
                fname,
                "Het bestand is niet in UTF-8 opgeslagen en kan daarom niet goed worden gelezen. "
                "Kies in Excel 'Opslaan als' > 'CSV UTF-8 (door komma's gescheiden)', of lever "
                "het bestand als .xlsx aan.",
            )
        ]
    if "\x00" in text:
        return None, [Problem(fname, "Het bestand is geen tekstbestand (CSV) en kan niet worden gelezen.")]
    if not text.strip():
        return None, [Problem(fname, "Het bestand is leeg.")]

    candidates = []
    for sep in (";", ","):
        try:
            # Record numbers are spreadsheet row numbers: a quoted value with a line break
            # is one row in Excel too. Blank lines count, as Excel shows them as empty rows.
            records = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), 1)]
        except csv.Error as exc:
            return None, [Problem(fname, f"Het CSV-bestand is niet goed opgebouwd ({exc}).")]
        if not _nonempty(records):
            return None, [Problem(fname, "Het bestand is leeg.")]
        table, n_known = _table_from_records(records, spec, "csv", sep)
        candidates.append((n_known, len(table.header), sep == ";", table))
    n_known, _, _, table = max(candidates, key=lambda c: c[:3])
    if n_known == 0:
        first = _nonempty(records)[0][1]
        first_line = ",".join(first)
        if "\t" in text.splitlines()[0] or "|" in first_line:
            detail = (
                "Geen bekende kolomkoppen gevonden. Het bestand lijkt een ander scheidingsteken "
                "te gebruiken; gebruik een puntkomma (;) of een komma (,)."
            )
        else:
            detail = (
                "Geen bekende kolomkoppen gevonden. Verwacht in de eerste rij: "
                f"{', '.join(spec.column_names)} (gescheiden door ; of ,)."
            )
        return None, [Problem(fname, detail)]
    return table, []


def read_xlsx(path: Path, spec: SourceSpec, fname: str) -> tuple[Table | None, list[Problem]]:
    # openpyxl raises many unrelated exception types on damaged files (zip, XML, KeyError);
    # for the user they all mean the same thing.
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile) as exc:
        detail = "Het bestand is geen geldig Excel-bestand (.xlsx)." if isinstance(exc, zipfile.BadZipFile) else (
            f"Het bestand kan niet worden gelezen ({getattr(exc, 'strerror', None) or exc})."
        )
        return None, [Problem(fname, detail)]
    except Exception as exc:  # noqa: BLE001 - see comment above
        return None, [Problem(fname, f"Het Excel-bestand kan niet worden gelezen ({type(exc).__name__}).")]
    try:
        sheets = {ws.title.strip().casefold(): ws for ws in wb.worksheets}
        if not sheets:
            return None, [Problem(fname, "Het Excel-bestand bevat geen werkbladen.")]
        ws = sheets.get("data", wb.worksheets[0])
        records = [
            (n, list(row)) for n, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True), 1)
        ]
    finally:
        wb.close()
    if not _nonempty(records):
        return None, [Problem(fname, f"Het werkblad '{ws.title}' is leeg.")]
    table, n_known = _table_from_records(records, spec, "xlsx", None)
    if n_known == 0:
        return None, [
            Problem(
                fname,
                f"Geen bekende kolomkoppen gevonden op werkblad '{ws.title}'. Verwacht in de eerste "
                f"rij: {', '.join(spec.column_names)}.",
            )
        ]
    return table, []

