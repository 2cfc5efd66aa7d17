"""Reading a delivered CSV or Excel file into raw rows, and finding its header row.

Reading is bounded: a file is refused with a Dutch message before it is parsed when it is
larger than :data:`MAX_FILE_BYTES` (an .xlsx also when its unpacked content is larger than
:data:`MAX_XLSX_UNPACKED_BYTES`), and reading stops after :data:`MAX_DATA_ROWS` rows with data.
CSV files are parsed as a stream; Excel files in openpyxl's read-only mode, by the cells that
are there, so a stray cell in XFD1048576 costs nothing.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from levanalysis.definitions.local_sources import WARNING, SourceSpec
from levanalysis.formatting import format_number
from levanalysis.sources.local.problems import Problem, os_error_text

# How many non-empty rows to search for the header (exports often start with title rows).
_HEADER_SEARCH_ROWS = 20

# Limits of one delivery. Real deliveries have at most some tens of thousands of rows (LISA:
# five municipalities x sixteen years x all SBI codes is about 75.000) and a few megabytes.
MAX_FILE_BYTES = 100 * 1024**2
MAX_XLSX_UNPACKED_BYTES = 250 * 1024**2
MAX_DATA_ROWS = 250_000
# Columns of an Excel sheet that are read (A to BL): a source has at most eight.
MAX_XLSX_COLUMNS = 64

_CHUNK = 1 << 20
_SHARED_STRINGS = 50_000


@dataclass
class Table:
    header: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    kind: str  # 'csv' or 'xlsx'
    separator: str | None = None
    skipped_above: list[int] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # warnings from reading (encoding)


class _Refused(Exception):
    """The file cannot be read as a table; ``detail`` says why, in Dutch."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


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


def _nonempty(records: Iterable[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    return ((n, cells) for n, cells in records if any(not is_empty(c) for c in cells))


def _too_many_rows() -> _Refused:
    return _Refused(
        f"Het bestand heeft meer dan {format_number(MAX_DATA_ROWS)} rijen met gegevens; meer leest de "
        "controle niet. Zoveel rijen heeft geen levering voor deze bron: controleer of het juiste "
        "bestand is opgeslagen (bijvoorbeeld niet een export van een heel systeem)."
    )


def _table(records: Iterator[tuple[int, list[Any]]], spec: SourceSpec, kind: str, separator: str | None) -> tuple[Table | None, int]:
    """The table from the non-empty ``records`` (consumed up to the row limit).

    Returns ``(None, 0)`` when there are no non-empty records; the int is the number of known
    column names in the header.
    """
    head = list(islice(records, _HEADER_SEARCH_ROWS))
    if not head:
        return None, 0
    i, n_known = _find_header(head, spec)
    header_row, header = head[i]
    rows = head[i + 1 :]
    for record in records:
        if len(rows) >= MAX_DATA_ROWS:
            raise _too_many_rows()
        rows.append(record)
    table = Table(
        header=list(header),
        header_row=header_row,
        rows=rows,
        kind=kind,
        separator=separator,
        skipped_above=[n for n, _ in head[:i]],
    )
    return table, n_known


def _size_refusal(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return (
            f"Het bestand is {format_number(size / 1024**2, 1)} MB groot; de controle leest bestanden tot "
            f"{format_number(MAX_FILE_BYTES / 1024**2)} MB. Een levering voor deze bron is veel kleiner: "
            "controleer of het juiste bestand is opgeslagen."
        )
    return None


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

_CONTROL_BYTES_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A well-formed UTF-8 sequence of two to four bytes: Windows-1252 text practically never has one.
_UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

CP1252_NOTE = (
    "Het bestand is niet in UTF-8 opgeslagen; het is gelezen als Windows-1252, de tekenset van "
    "Excel's 'CSV (gescheiden door lijstscheidingsteken)'. Controleer letters met accenten (é, ë); "
    "kies bij de volgende levering in Excel 'CSV UTF-8 (door komma's gescheiden)'."
)


def _decodes(path: Path, encoding: str, forbidden: re.Pattern[str]) -> bool:
    """Whether the whole file decodes in ``encoding`` without characters matching ``forbidden``."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                if forbidden.search(decoder.decode(chunk)):
                    return False
            return not forbidden.search(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return False


def _csv_encoding(path: Path) -> tuple[str, str | None]:
    """The encoding to read ``path`` with, and a note for the user if it is not UTF-8.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as they are. Otherwise the file is
    read as Windows-1252 (what Dutch Excel writes for 'CSV (gescheiden door
    lijstscheidingsteken)') only if it decodes as such and holds no control characters, which
    a text file in that encoding never has. Anything else is refused.
    """
    with open(path, "rb") as stream:
        start = stream.read(4)
    if start[:4] == b"PK\x03\x04":
        raise _Refused("Dit is een Excel-bestand met de extensie .csv. Geef het de extensie .xlsx.")
    nul = re.compile("\x00")
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if _decodes(path, "utf-16", nul):
            return "utf-16", None
        raise _Refused("Het bestand is geen tekstbestand (CSV) en kan niet worden gelezen.")
    if _decodes(path, "utf-8-sig", nul):
        return "utf-8-sig", None
    utf8_sequences = False
    with open(path, "rb") as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                raise _Refused("Het bestand is geen tekstbestand (CSV) en kan niet worden gelezen.")
            utf8_sequences = utf8_sequences or bool(_UTF8_SEQUENCE_RE.search(tail + chunk))
            tail = chunk[-3:]
    if _decodes(path, "cp1252", _CONTROL_BYTES_RE):
        if utf8_sequences:
            # Partly UTF-8, partly not (a UTF-8 file extended in another program): reading it as
            # Windows-1252 would silently turn every é of the UTF-8 part into 'Ã©'.
            raise _Refused(
                "Het bestand is voor een deel in UTF-8 en voor een deel in een andere tekenset opgeslagen "
                "(bijvoorbeeld Windows-1252) en kan daarom niet goed worden gelezen. Sla het in Excel op als "
                "'CSV UTF-8 (door komma's gescheiden)', of lever het bestand als .xlsx aan."
            )
        return "cp1252", CP1252_NOTE
    raise _Refused(
        "Het bestand is niet in UTF-8 (of Windows-1252) opgeslagen en kan daarom niet goed worden "
        "gelezen. Kies in Excel 'Opslaan als' > 'CSV UTF-8 (door komma's gescheiden)', of lever "
        "het bestand als .xlsx aan."
    )


def _csv_error_text(exc: csv.Error, row: int) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"Het CSV-bestand is niet goed opgebouwd: in rij {row} is een waarde langer dan "
            f"{format_number(csv.field_size_limit())} tekens. Staat er een aanhalingsteken (\") dat "
            "niet wordt gesloten?"
        )
    return f"Het CSV-bestand is niet goed opgebouwd (rij {row}: {exc})."


class _CsvRecords:
    """The records of a CSV file, numbered as spreadsheet rows, read as a stream."""

    def __init__(self, path: Path, encoding: str, separator: str):
        self.path, self.encoding, self.separator = path, encoding, separator
        self.row = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        # Record numbers are spreadsheet row numbers: a quoted value with a line break is
        # one row in Excel too. Blank lines count, as Excel shows them as empty rows.
        # Short values repeat (municipalities, years, choices): keep one string object for
        # each, which saves about a third of the memory of a large file.
        shared: dict[str, str] = {}
        with open(self.path, encoding=self.encoding, newline="") as stream:
            reader = csv.reader(stream, delimiter=self.separator)
            while True:
                self.row += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise _Refused(_csv_error_text(exc, self.row)) from None
                if len(shared) < _SHARED_STRINGS:
                    cells = [shared.setdefault(c, c) if len(c) <= 40 else c for c in cells]
                else:
                    cells = [shared.get(c, c) for c in cells]
                yield self.row, cells


def read_csv(path: Path, spec: SourceSpec, fname: str) -> tuple[Table | None, list[Problem]]:
    try:
        refusal = _size_refusal(path)
        if refusal:
            return None, [Problem(fname, refusal)]
        encoding, note = _csv_encoding(path)
        # The separator: the one whose header (within the first rows) has the most known
        # columns, then the widest header, then ';' (Dutch Excel).
        candidates = []
        for sep in (";", ","):
            head = list(islice(_nonempty(_CsvRecords(path, encoding, sep)), _HEADER_SEARCH_ROWS))
            if not head:
                return None, [Problem(fname, "Het bestand is leeg.")]
            i, n_known = _find_header(head, spec)
            candidates.append((n_known, len(head[i][1]), sep == ";", sep, head[0][1]))
        n_known, _, _, sep, first = max(candidates, key=lambda c: c[:3])
        if n_known == 0:
            first_line = sep.join(first)
            if "\t" in first_line or "|" in first_line:
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
        table, _ = _table(_nonempty(_CsvRecords(path, encoding, sep)), spec, "csv", sep)
    except _Refused as exc:
        return None, [Problem(fname, exc.detail)]
    except OSError as exc:
        return None, [Problem(fname, f"Het bestand kan niet worden gelezen ({os_error_text(exc)}).")]
    if note:
        table.notes.append(Problem(fname, note, level=WARNING))
    return table, []


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


def _check_xlsx_container(path: Path) -> None:
    """Refuse a file that is no zip archive, or one that unpacks to more than the limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _Refused("Het bestand is geen geldig Excel-bestand (.xlsx).") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _Refused(
            f"Het Excel-bestand is uitgepakt {format_number(unpacked / 1024**2)} MB groot; de controle leest "
            f"tot {format_number(MAX_XLSX_UNPACKED_BYTES / 1024**2)} MB. Een levering voor deze bron is veel "
            "kleiner: controleer of het juiste bestand is opgeslagen."
        )


def _xlsx_records(ws: Any) -> Iterator[tuple[int, list[Any]]]:
    """Non-empty rows of a read-only sheet by the cells that are there, trailing empty cells
    dropped; rows are numbered as in Excel. The sheet's declared size is ignored: a stray
    cell in XFD1048576 would otherwise make every row 16.384 cells wide."""
    ws.reset_dimensions()
    skip = None
    for n, row in enumerate(ws.iter_rows(max_col=MAX_XLSX_COLUMNS, values_only=True), 1):
        # Missing rows come as one shared tuple of Nones: recognise it without looking inside.
        if row is skip:
            continue
        if row.count(None) == len(row):
            skip = row
            continue
        cells = list(row)
        while cells and is_empty(cells[-1]):
            cells.pop()
        if cells:
            yield n, cells


def read_xlsx(path: Path, spec: SourceSpec, fname: str) -> tuple[Table | None, list[Problem]]:
    # openpyxl raises many unrelated exception types on damaged files (zip, XML, KeyError);
    # for the user they all mean the same thing.
    from openpyxl import load_workbook

    try:
        refusal = _size_refusal(path)
        if refusal:
            return None, [Problem(fname, refusal)]
        _check_xlsx_container(path)
        wb = load_workbook(path, read_only=True, data_only=True)
    except _Refused as exc:
        return None, [Problem(fname, exc.detail)]
    except OSError as exc:
        return None, [Problem(fname, f"Het bestand kan niet worden gelezen ({os_error_text(exc)}).")]
    except Exception as exc:  # noqa: BLE001 - see comment above
        return None, [Problem(fname, f"Het Excel-bestand kan niet worden gelezen ({type(exc).__name__}).")]
    try:
        sheets = {ws.title.strip().casefold(): ws for ws in wb.worksheets}
        if not sheets:
            return None, [Problem(fname, "Het Excel-bestand bevat geen werkbladen.")]
        ws = sheets.get("data", wb.worksheets[0])
        table, n_known = _table(_xlsx_records(ws), spec, "xlsx", None)
    except _Refused as exc:
        return None, [Problem(fname, exc.detail)]
    except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is read
        return None, [Problem(fname, f"Het Excel-bestand kan niet worden gelezen ({type(exc).__name__}).")]
    finally:
        wb.close()
    if table is None:
        return None, [Problem(fname, f"Het werkblad '{ws.title}' is leeg.")]
    if n_known == 0:
        return None, [
            Problem(
                fname,
                f"Geen bekende kolomkoppen gevonden op werkblad '{ws.title}'. Verwacht in de eerste "
                f"rij: {', '.join(spec.column_names)}.",
            )
        ]
    return table, []
