"""Local (non-open) sources: reading, validation, clean loading and Excel templates.

The columns of every source are defined once, in ``data/definitions/local_sources.yaml``;
the pandera schemas, the Excel templates and the documentation are all built from it.

Municipal officials fill in these files, so everything they read is Dutch and bad input
never ends in a traceback: unreadable files, empty files, wrong separators and bad values
all become :class:`Problem` objects that name the file, the spreadsheet row (header = row 1)
and the column.

Public API
----------
- :func:`load_definitions`, :func:`source_names`, :func:`build_schema`, :func:`columns_frame`
- :func:`validate_file` -> :class:`SourceResult`
- :func:`validate_directory` -> :class:`DirectoryReport`; :func:`render_report` -> Dutch text
- :func:`load_source` -> clean ``DataFrame`` or :class:`ValidationError` / :class:`SourceNotFound`
- :func:`write_templates` -> :class:`TemplateResult`

Accepted file formats, per source (base name = source name, e.g. ``lisa_banen``):

- ``.csv``: UTF-8 with or without BOM; ``;`` or ``,`` as separator (detected from the header);
  Dutch (``1.234,5``) or English (``1234.5``) numbers, detected per file;
- ``.xlsx``: the sheet named ``data`` if there is one, otherwise the first sheet.

The header is the first row that contains known column names (title rows above it are
skipped with a warning); headers are compared without regard to case, spaces or hyphens.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd
import pandera.pandas as pa
import yaml

from . import region as _region

__all__ = [
    "DEFINITIONS_YAML",
    "ColumnSpec",
    "RuleSpec",
    "SourceSpec",
    "Definitions",
    "Problem",
    "SourceResult",
    "DirectoryReport",
    "TemplateResult",
    "ValidationError",
    "SourceNotFound",
    "load_definitions",
    "source_names",
    "build_schema",
    "columns_frame",
    "validate_file",
    "validate_directory",
    "render_report",
    "load_source",
    "write_templates",
]

DEFINITIONS_YAML = _region.REPO_ROOT / "data" / "definitions" / "local_sources.yaml"

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
# Formats people may plausibly deliver that we do not read; named so they get a clear message.
UNSUPPORTED_SUFFIXES = (".xls", ".xlsm", ".ods", ".txt", ".tsv")

# How many non-empty rows to search for the header (exports often start with title rows).
_HEADER_SEARCH_ROWS = 20

ERROR = "error"
WARNING = "warning"


# --------------------------------------------------------------------------------------------
# Definitions
# --------------------------------------------------------------------------------------------

COLUMN_TYPES = (
    "municipality",
    "uwv_region",
    "year",
    "school_year",
    "month",
    "quarter",
    "count",
    "number",
    "amount_eur",
    "text",
    "code",
    "sbi",
    "choice",
    "list",
)
_NUMERIC_TYPES = ("count", "number", "amount_eur")
_INT_TYPES = ("year", "school_year", "month", "quarter", "count")
_FLOAT_TYPES = ("number", "amount_eur")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool
    description: str
    example: Any = None
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSpec:
    id: str
    level: str  # "error" or "warning"
    description: str


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    description: str
    supplier: str
    frequency: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    rules: tuple[RuleSpec, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def first_of_type(self, *types: str) -> str | None:
        for c in self.columns:
            if c.type in types:
                return c.name
        return None


@dataclass(frozen=True)
class Definitions:
    default_year_range: tuple[int, int]
    types: dict[str, str]
    sources: dict[str, SourceSpec]


class _DefinitionError(ValueError):
    """local_sources.yaml is malformed (a developer error, so English)."""


_SOURCE_KEYS = {"title", "description", "supplier", "frequency", "key", "columns", "rules"}
_COLUMN_KEYS = {"name", "type", "required", "description", "example", "unit", "allowed", "aliases"}


def _parse_definitions(raw: dict, path: Path) -> Definitions:
    def fail(msg: str) -> ValueError:
        return _DefinitionError(f"{path}: {msg}")

    try:
        lo, hi = (int(x) for x in raw["default_year_range"])
        types = {str(k): " ".join(str(v).split()) for k, v in raw["types"].items()}
        sources: dict[str, SourceSpec] = {}
        for name, s in raw["sources"].items():
            unknown = set(s) - _SOURCE_KEYS
            if unknown:
                raise fail(f"{name}: unknown field(s) {sorted(unknown)}")
            cols = []
            for c in s["columns"]:
                # Unknown fields are usually a comma in an unquoted flow-style value that
                # YAML silently split into a new key; refuse them rather than lose text.
                unknown = set(c) - _COLUMN_KEYS
                if unknown:
                    raise fail(f"{name}.{c.get('name')}: unknown field(s) {sorted(unknown)}")
                cols.append(
                    ColumnSpec(
                        name=str(c["name"]),
                        type=str(c["type"]),
                        required=bool(c["required"]),
                        description=" ".join(str(c["description"]).split()),
                        example=c.get("example"),
                        unit=c.get("unit"),
                        allowed=tuple(str(a) for a in c.get("allowed") or ()),
                        aliases=tuple(str(a) for a in c.get("aliases") or ()),
                    )
                )
            rules = tuple(
                RuleSpec(id=str(r["id"]), level=str(r["level"]), description=" ".join(str(r["description"]).split()))
                for r in s.get("rules") or ()
            )
            sources[str(name)] = SourceSpec(
                name=str(name),
                title=str(s["title"]),
                description=" ".join(str(s["description"]).split()),
                supplier=str(s.get("supplier", "")),
                frequency=str(s.get("frequency", "")),
                key=tuple(str(k) for k in s["key"]),
                columns=tuple(cols),
                rules=rules,
            )
    except _DefinitionError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise fail(f"unexpected structure ({exc!r})") from exc
    for spec in sources.values():
        names = spec.column_names
        if len(set(names)) != len(names):
            raise fail(f"{spec.name}: duplicate column names")
        for c in spec.columns:
            if c.type not in COLUMN_TYPES:
                raise fail(f"{spec.name}.{c.name}: unknown type {c.type!r}")
            if c.type not in types:
                raise fail(f"type {c.type!r} has no description under 'types'")
            if c.type == "choice" and not c.allowed:
                raise fail(f"{spec.name}.{c.name}: choice without 'allowed'")
        for k in spec.key:
            if k not in names:
                raise fail(f"{spec.name}: key column {k!r} is not a column")
        for r in spec.rules:
            if r.id not in _RULES:
                raise fail(f"{spec.name}: rule {r.id!r} is not implemented in local_sources.py")
            if r.level not in (ERROR, WARNING):
                raise fail(f"{spec.name}: rule {r.id!r} has level {r.level!r}")
    return Definitions(default_year_range=(lo, hi), types=types, sources=sources)


@lru_cache(maxsize=8)
def _load_definitions_cached(path: Path) -> Definitions:
    with open(path, encoding="utf-8") as fh:
        return _parse_definitions(yaml.safe_load(fh), path)


def load_definitions(path: str | Path | None = None) -> Definitions:
    """The source definitions (default: ``data/definitions/local_sources.yaml``)."""
    return _load_definitions_cached(Path(path).resolve() if path is not None else DEFINITIONS_YAML)


def source_names() -> tuple[str, ...]:
    """Names of the local sources, in definition order."""
    return tuple(load_definitions().sources)


def _spec(name: str) -> SourceSpec:
    sources = load_definitions().sources
    if name not in sources:
        raise ValueError(f"Onbekende bron '{name}'. Bekende bronnen: {', '.join(sources)}.")
    return sources[name]


def _year_range(year_range: tuple[int, int] | None) -> tuple[int, int]:
    lo, hi = year_range if year_range is not None else load_definitions().default_year_range
    return int(lo), int(hi)


def _allowed_text(col: ColumnSpec, region: _region.Region) -> str:
    """Dutch text of what a column accepts (templates, docs)."""
    if col.type == "municipality":
        return region.allowed_text() + " (naam of CBS-code)"
    if col.type == "uwv_region":
        return ", ".join(region.uwv_regions)
    if col.type == "choice":
        return ", ".join(col.allowed)
    return load_definitions().types[col.type]


def columns_frame(name: str) -> pd.DataFrame:
    """One row per column of a source, with Dutch headers: for the book's methods page."""
    spec = _spec(name)
    region = _region.load_region()
    return pd.DataFrame(
        [
            {
                "kolom": c.name,
                "verplicht": "ja" if c.required else "nee",
                "betekenis": c.description,
                "toegestaan": _allowed_text(c, region),
                "eenheid": c.unit or "",
                "voorbeeld": "" if c.example is None else str(c.example),
            }
            for c in spec.columns
        ]
    )


# --------------------------------------------------------------------------------------------
# Problems and results
# --------------------------------------------------------------------------------------------


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

    def to_text(self, max_per_source: int | None = 50) -> str:
        return render_report(self, max_per_source=max_per_source)


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


# --------------------------------------------------------------------------------------------
# Reading files into raw rows
# --------------------------------------------------------------------------------------------


@dataclass
class _Table:
    header: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    kind: str  # 'csv' or 'xlsx'
    separator: str | None = None
    skipped_above: list[int] = field(default_factory=list)


def _is_empty(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _display(v: Any) -> str:
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


def _norm_header(v: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _display(v).casefold()).strip("_")


def _header_lookup(spec: SourceSpec) -> dict[str, str]:
    table = {}
    for c in spec.columns:
        table[_norm_header(c.name)] = c.name
        for a in c.aliases:
            table[_norm_header(a)] = c.name
    return table


def _find_header(records: list[tuple[int, list[Any]]], spec: SourceSpec) -> tuple[int, int]:
    """Index in ``records`` of the header row, and how many known columns it has."""
    lookup = _header_lookup(spec)
    best, best_n = 0, 0
    for i, (_, cells) in enumerate(records[:_HEADER_SEARCH_ROWS]):
        n = len({lookup[h] for h in (_norm_header(c) for c in cells) if h in lookup})
        if n > best_n:
            best, best_n = i, n
    return best, best_n


def _nonempty(records: Iterable[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    return [(n, cells) for n, cells in records if any(not _is_empty(c) for c in cells)]


def _table_from_records(
    records: list[tuple[int, list[Any]]], spec: SourceSpec, kind: str, separator: str | None
) -> tuple[_Table, int]:
    records = _nonempty(records)
    i, n_known = _find_header(records, spec)
    header_row, header = records[i]
    return (
        _Table(
            header=list(header),
            header_row=header_row,
            rows=records[i + 1 :],
            kind=kind,
            separator=separator,
            skipped_above=[n for n, _ in records[:i]],
        ),
        n_known,
    )


def _read_csv(path: Path, spec: SourceSpec, fname: str) -> tuple[_Table | None, list[Problem]]:
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


def _read_xlsx(path: Path, spec: SourceSpec, fname: str) -> tuple[_Table | None, list[Problem]]:
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


# --------------------------------------------------------------------------------------------
# Cell parsing
# --------------------------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass
class _Ctx:
    col: ColumnSpec
    decimal: str  # ',' (Dutch) or '.' (English)
    region: _region.Region


_NUM_CLEAN_RE = re.compile(r"[\s\u00a0\u202f€]|eur(?:o)?", re.IGNORECASE)


def _clean_number_text(s: str) -> str:
    s = _NUM_CLEAN_RE.sub("", s)
    return s.replace("\u2212", "-")  # a typographic minus from Word or a web page


def _number_evidence(s: str) -> str | None:
    """Which decimal convention a number text proves: ',' (Dutch), '.' (English) or None."""
    s = _clean_number_text(s).lstrip("+-")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s) and (s.count(".") > 1 or "," in s):
        return ","
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s) and (s.count(",") > 1 or "." in s):
        return "."
    m = re.fullmatch(r"(\d+)([.,])(\d+)", s)
    if m:
        before, sep, after = m.groups()
        # One separator followed by exactly three digits could be a thousands separator,
        # unless the part before it could not start a thousands group.
        if len(after) != 3 or len(before) > 3 or before.startswith("0"):
            return sep
    return None


_MAX_NUMBER = 1e15


def _parse_number(raw: Any, decimal: str) -> float:
    """Parse a number cell; raises _CellError. Negative numbers pass (the schema rejects them)."""
    if isinstance(raw, bool):
        raise _CellError(f"'{_display(raw)}' is geen getal.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        value = _parse_number_text(raw, decimal)
    # Beyond this a float no longer holds whole numbers exactly (and Int64 may overflow).
    if not math.isfinite(value) or abs(value) > _MAX_NUMBER:
        raise _CellError(f"'{_display(raw)}' is geen bruikbaar getal (te groot).")
    return value


def _parse_number_text(raw: Any, decimal: str) -> float:
    s = _clean_number_text(str(raw))
    sign = -1.0 if s.startswith("-") else 1.0
    body = s.lstrip("+-")
    thousands = "." if decimal == "," else ","
    if re.fullmatch(rf"\d+({re.escape(decimal)}\d+)?", body) or re.fullmatch(
        rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+({re.escape(decimal)}\d+)?", body
    ):
        return sign * float(body.replace(thousands, "").replace(decimal, "."))
    convention = "een komma als decimaalteken (1.234,5)" if decimal == "," else "een punt als decimaalteken (1234.5)"
    raise _CellError(f"'{_display(raw)}' is geen geldig getal. Dit bestand gebruikt {convention}.")


def _parse_int_like(raw: Any, what: str) -> int:
    if isinstance(raw, bool):
        raise _CellError(f"'{_display(raw)}' is geen {what}.")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
            raise _CellError(f"'{_display(raw)}' is geen {what}.")
        if abs(raw) > _MAX_NUMBER:
            raise _CellError(f"'{_display(raw)}' is geen {what}.")
        return int(raw)
    s = _display(raw)
    if re.fullmatch(r"[+-]?\d{1,15}(\.0+)?", s):
        return int(float(s))
    raise _CellError(f"'{s}' is geen {what}.")


def _p_municipality(raw: Any, ctx: _Ctx) -> str:
    try:
        return _region.municipality_code(raw, region=ctx.region)
    except _region.UnknownMunicipality as exc:
        raise _CellError(str(exc)) from None


def _p_uwv_region(raw: Any, ctx: _Ctx) -> str:
    try:
        return _region.uwv_region_name(raw, region=ctx.region)
    except _region.UnknownUWVRegion as exc:
        raise _CellError(str(exc)) from None


def _p_year(raw: Any, ctx: _Ctx) -> int:
    if isinstance(raw, (datetime, date)):
        raise _CellError(f"'{_display(raw)}' is een datum; vul alleen het jaartal in (bijvoorbeeld 2024).")
    try:
        year = _parse_int_like(raw, "jaartal")
    except _CellError:
        raise _CellError(f"'{_display(raw)}' is geen jaartal (vier cijfers, bijvoorbeeld 2024).") from None
    if not 1000 <= year <= 9999:
        raise _CellError(f"'{_display(raw)}' is geen jaartal (vier cijfers, bijvoorbeeld 2024).")
    return year


def _p_school_year(raw: Any, ctx: _Ctx) -> int:
    s = _display(raw)
    m = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", s)
    if m:
        start, end = int(m.group(1)), m.group(2)
        expected = start + 1 if len(end) == 4 else (start + 1) % 100
        if int(end) != expected:
            raise _CellError(f"'{s}' is geen schooljaar: het tweede jaar moet op het eerste volgen (2024-2025).")
        return start
    try:
        return _p_year(raw, ctx)
    except _CellError:
        raise _CellError(f"'{s}' is geen schooljaar (bijvoorbeeld 2024 of 2024-2025).") from None


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}


def _p_month(raw: Any, ctx: _Ctx) -> int:
    s = _display(raw).casefold().rstrip(".")
    if s in _MONTHS:
        return _MONTHS[s]
    return _parse_int_like(raw, "maandnummer (1-12)")


def _p_quarter(raw: Any, ctx: _Ctx) -> int:
    s = _display(raw).casefold()
    m = re.fullmatch(r"(?:q|k|kw|kwartaal)?\s*(\d)(?:e)?(?:\s*kwartaal)?", s)
    if m:
        return int(m.group(1))
    return _parse_int_like(raw, "kwartaal (1-4)")


def _p_count(raw: Any, ctx: _Ctx) -> int:
    try:
        value = _parse_number(raw, ctx.decimal)
    except _CellError:
        value = None
    if value is None or not value.is_integer():
        s = _clean_number_text(_display(raw)).lstrip("+-")
        # A count cannot be fractional, so '1.234' can only mean 1234 (Dutch thousands),
        # even in a file that otherwise writes decimals with a point.
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
            sign = -1 if _clean_number_text(_display(raw)).startswith("-") else 1
            return sign * int(s.replace(".", ""))
        if value is None:
            raise _CellError(f"'{_display(raw)}' is geen geheel getal.")
        raise _CellError(f"'{_display(raw)}' is geen geheel getal; vul een aantal zonder decimalen in.")
    return int(value)


def _p_number(raw: Any, ctx: _Ctx) -> float:
    return _parse_number(raw, ctx.decimal)


def _p_text(raw: Any, ctx: _Ctx) -> str:
    return " ".join(_display(raw).split())


def _p_code(raw: Any, ctx: _Ctx) -> str:
    s = _display(raw)
    if re.search(r"\s", s):
        raise _CellError(f"'{s}' is geen geldige code: een code bevat geen spaties.")
    return s.casefold()


def _p_sbi(raw: Any, ctx: _Ctx) -> str | tuple[str, str]:
    s = re.sub(r"[\s.]", "", _display(raw)).upper()
    if re.fullmatch(r"\d", s):
        # Spreadsheets drop leading zeros; no SBI code has a single digit.
        return "0" + s, f"SBI-code '{_display(raw)}' is gelezen als '0{s}' (voorloopnul aangevuld)."
    if re.fullmatch(r"[A-U]|\d{2,5}|\d{2}-\d{2}", s):
        return s
    raise _CellError(
        f"'{_display(raw)}' is geen SBI-code (een letter A-U, 2 tot 5 cijfers, of een reeks zoals 10-12)."
    )


def _p_choice(raw: Any, ctx: _Ctx) -> str:
    s = " ".join(_display(raw).split()).casefold()
    for a in ctx.col.allowed:
        if a.casefold() == s:
            return a
    raise _CellError(f"'{_display(raw)}' is geen toegestane waarde. Toegestaan: {', '.join(ctx.col.allowed)}.")


def _p_list(raw: Any, ctx: _Ctx) -> list[str]:
    items = [" ".join(x.split()).casefold() for x in re.split(r"[;,]", _display(raw))]
    items = [x for x in items if x]
    return list(dict.fromkeys(items))


_PARSERS: dict[str, Callable[[Any, _Ctx], Any]] = {
    "municipality": _p_municipality,
    "uwv_region": _p_uwv_region,
    "year": _p_year,
    "school_year": _p_school_year,
    "month": _p_month,
    "quarter": _p_quarter,
    "count": _p_count,
    "number": _p_number,
    "amount_eur": _p_number,
    "text": _p_text,
    "code": _p_code,
    "sbi": _p_sbi,
    "choice": _p_choice,
    "list": _p_list,
}


def _dtype(col_type: str) -> str | type:
    if col_type in _INT_TYPES:
        return "Int64"
    if col_type in _FLOAT_TYPES:
        return "Float64"
    if col_type == "list":
        return object
    return "str"


# --------------------------------------------------------------------------------------------
# Source-level rules (ids listed in the YAML)
# --------------------------------------------------------------------------------------------


@dataclass
class _RuleCtx:
    spec: SourceSpec
    region: _region.Region
    fname: str
    level: str


def _absorbed_check(df: pd.DataFrame, ctx: _RuleCtx) -> pd.Series:
    """True where the row is fine: absorbed municipalities only before the merger."""
    mcol, ycol = ctx.spec.first_of_type("municipality"), ctx.spec.first_of_type("year", "school_year")
    ok = pd.Series(True, index=df.index)
    if mcol is None or ycol is None:
        return ok
    for r in ctx.region.reorganisations:
        bad = (df[mcol] == r.absorbed_code) & (df[ycol] >= r.effective_year)
        ok &= ~bad.fillna(False).astype(bool)
    return ok


def _absorbed_messages(df: pd.DataFrame, rows: list[int], ctx: _RuleCtx) -> list[Problem]:
    mcol, ycol = ctx.spec.first_of_type("municipality"), ctx.spec.first_of_type("year", "school_year")
    out = []
    for row in rows:
        code = df.at[row, mcol]
        r = next(r for r in ctx.region.reorganisations if r.absorbed_code == code)
        into = _region.municipality_name(r.into, region=ctx.region)
        out.append(
            Problem(
                ctx.fname,
                f"{r.absorbed_name} bestaat sinds {r.effective_year} niet meer (opgegaan in {into}); "
                f"gebruik {into} voor {df.at[row, ycol]}.",
                row=row,
                column=mcol,
                value=r.absorbed_name,
                level=ctx.level,
            )
        )
    return out


def _year_total_or_months_check(df: pd.DataFrame, ctx: _RuleCtx) -> pd.Series:
    has_total = df["maand"].isna()
    years_total = set(df.loc[has_total, "jaar"].dropna())
    years_month = set(df.loc[~has_total, "jaar"].dropna())
    both = years_total & years_month
    return ~df["jaar"].isin(both).fillna(False).astype(bool)


def _year_total_or_months_messages(df: pd.DataFrame, rows: list[int], ctx: _RuleCtx) -> list[Problem]:
    sub = df.loc[rows]
    out = []
    for year, grp in sub.groupby("jaar", sort=True):
        totals = [int(r) for r in grp.index[grp["maand"].isna()]]
        months = [int(r) for r in grp.index[grp["maand"].notna()]]
        for row in totals:
            out.append(
                Problem(
                    ctx.fname,
                    f"voor {year} staan zowel een jaartotaal (maand leeg) als maandcijfers "
                    f"({_rows_text(months)}) in het bestand; gebruik één van beide, anders telt {year} dubbel.",
                    row=row,
                    column="maand",
                    value="",
                    level=ctx.level,
                )
            )
    return out


def _lisa_tens_check(df: pd.DataFrame, ctx: _RuleCtx) -> pd.Series:
    return ~((df["banen"] % 10) != 0).fillna(False).astype(bool)


def _lisa_tens_messages(df: pd.DataFrame, rows: list[int], ctx: _RuleCtx) -> list[Problem]:
    # One message per file: a raw (unrounded) export would otherwise flood the report.
    first = rows[0]
    more = f" (ook in {_rows_text(rows[1:])})" if len(rows) > 1 else ""
    return [
        Problem(
            ctx.fname,
            f"{df.at[first, 'banen']} is niet afgerond op tientallen{more}. LISA publiceert afgeronde "
            "cijfers; niet-afgeronde cijfers kunnen vertrouwelijk zijn. Controleer of ze gepubliceerd mogen worden.",
            row=first,
            column="banen",
            value=str(df.at[first, "banen"]),
            level=ctx.level,
        )
    ]


_RULES: dict[str, tuple[Callable[[pd.DataFrame, _RuleCtx], pd.Series], Callable[..., list[Problem]]]] = {
    "absorbed_municipality_before_merger": (_absorbed_check, _absorbed_messages),
    "year_total_or_months": (_year_total_or_months_check, _year_total_or_months_messages),
    "lisa_rounded_to_tens": (_lisa_tens_check, _lisa_tens_messages),
}


def _rows_text(rows: list[int], limit: int = 8) -> str:
    rows = sorted(rows)
    if not rows:
        return ""
    word = "rij" if len(rows) == 1 else "rijen"
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += f" en nog {len(rows) - limit}"
    return f"{word} {shown}"


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------

# Checks carry an error key so that pandera's failure cases can be turned into Dutch text.
_K_ALLOWED = "lev:allowed"
_K_RANGE = "lev:range"
_K_NONNEG = "lev:non_negative"
_K_LIST = "lev:nonempty_list"
_K_RULE = "lev:rule:"


def build_schema(name: str, year_range: tuple[int, int] | None = None) -> pa.DataFrameSchema:
    """The pandera schema that a clean frame of source ``name`` satisfies.

    Columns carry the dtypes of :func:`load_source`'s output (municipalities as CBS codes,
    counts ``Int64``, amounts ``Float64``); the key columns are unique; error-level source
    rules are frame checks. Warning-level rules are not part of the schema.
    """
    spec = _spec(name)
    region = _region.load_region()
    lo, hi = _year_range(year_range)
    columns = {}
    for c in spec.columns:
        checks = []
        if c.type == "municipality":
            codes = list(region.codes) + [r.absorbed_code for r in region.reorganisations]
            checks.append(pa.Check.isin(codes, error=_K_ALLOWED))
        elif c.type == "uwv_region":
            checks.append(pa.Check.isin(list(region.uwv_regions), error=_K_ALLOWED))
        elif c.type == "choice":
            checks.append(pa.Check.isin(list(c.allowed), error=_K_ALLOWED))
        elif c.type in ("year", "school_year"):
            checks.append(pa.Check.in_range(lo, hi, error=_K_RANGE))
        elif c.type == "month":
            checks.append(pa.Check.in_range(1, 12, error=_K_RANGE))
        elif c.type == "quarter":
            checks.append(pa.Check.in_range(1, 4, error=_K_RANGE))
        elif c.type in _NUMERIC_TYPES:
            checks.append(pa.Check.ge(0, error=_K_NONNEG))
        elif c.type == "list":
            checks.append(
                pa.Check(lambda s: s.map(lambda v: isinstance(v, list) and len(v) > 0), error=_K_LIST)
            )
        columns[c.name] = pa.Column(_dtype(c.type), checks=checks, nullable=not c.required)
    frame_checks = []
    for rule in spec.rules:
        if rule.level != ERROR:
            continue
        check_fn = _RULES[rule.id][0]
        rctx = _RuleCtx(spec=spec, region=region, fname="", level=rule.level)
        frame_checks.append(pa.Check(lambda df, f=check_fn, r=rctx: f(df, r), error=_K_RULE + rule.id))
    return pa.DataFrameSchema(
        columns,
        checks=frame_checks,
        unique=list(spec.key),
        report_duplicates="all",
        strict=True,
        ordered=False,
    )


# --------------------------------------------------------------------------------------------
# Validation of one table
# --------------------------------------------------------------------------------------------


def _value_text(col: ColumnSpec, value: Any, region: _region.Region) -> str:
    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return "(leeg)"
    if col.type == "municipality":
        try:
            return _region.municipality_name(value, region=region)
        except ValueError:
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _validate_table(
    table: _Table, spec: SourceSpec, fname: str, year_range: tuple[int, int], region: _region.Region
) -> tuple[pd.DataFrame | None, list[Problem], int]:
    problems: list[Problem] = []
    lookup = _header_lookup(spec)

    if table.skipped_above:
        problems.append(
            Problem(
                fname,
                f"{_rows_text(table.skipped_above)} boven de kolomkoppen (rij {table.header_row}) "
                f"{'is' if len(table.skipped_above) == 1 else 'zijn'} overgeslagen.",
                level=WARNING,
            )
        )

    # Map header cells to columns.
    position: dict[str, int] = {}
    for i, h in enumerate(table.header):
        norm = _norm_header(h)
        has_data = any(i < len(cells) and not _is_empty(cells[i]) for _, cells in table.rows)
        if not norm:
            if has_data:
                problems.append(
                    Problem(fname, f"kolom {i + 1} heeft geen kop en wordt genegeerd.", row=table.header_row, level=WARNING)
                )
            continue
        name = lookup.get(norm)
        if name is None:
            hint = difflib.get_close_matches(norm, list(lookup), n=1, cutoff=0.75)
            extra = f" Bedoelt u '{lookup[hint[0]]}'?" if hint else ""
            problems.append(
                Problem(
                    fname,
                    f"onbekende kolom '{_display(h)}' wordt genegeerd.{extra}",
                    row=table.header_row,
                    level=WARNING,
                )
            )
            continue
        if name in position:
            problems.append(
                Problem(
                    fname,
                    f"kolom '{name}' komt twee keer voor (kolom {position[name] + 1} en {i + 1}).",
                    row=table.header_row,
                )
            )
            continue
        position[name] = i
    for c in spec.columns:
        if c.required and c.name not in position:
            problems.append(Problem(fname, f"verplichte kolom '{c.name}' ontbreekt.", row=table.header_row))

    # Rows with more values than the header has columns usually mean a decimal comma in a
    # comma-separated file; the values can then not be assigned to columns reliably.
    width = len(table.header)
    rows: list[tuple[int, list[Any]]] = []
    for n, cells in table.rows:
        extra = [c for c in cells[width:] if not _is_empty(c)]
        if extra:
            hint = (
                " Staat er een komma in een getal? Gebruik dan ; als scheidingsteken of zet het getal tussen aanhalingstekens."
                if table.separator == ","
                else ""
            )
            problems.append(
                Problem(
                    fname,
                    f"deze rij heeft meer waarden ({width + len(cells[width:])}) dan er kolommen zijn ({width}).{hint}",
                    row=n,
                )
            )
            continue
        rows.append((n, cells))
    if not rows and not table.rows:
        problems.append(Problem(fname, "het bestand bevat alleen kolomkoppen en geen gegevens.", level=WARNING))

    def cell(cells: list[Any], name: str) -> Any:
        i = position.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    # Decimal convention for the whole file: the majority of the values that prove one.
    votes = {",": 0, ".": 0}
    for c in spec.columns:
        if c.type in _NUMERIC_TYPES and c.name in position:
            for _, cells in rows:
                v = cell(cells, c.name)
                if isinstance(v, str):
                    ev = _number_evidence(v)
                    if ev:
                        votes[ev] += 1
    default = "." if table.separator == "," else ","
    decimal = default if votes[","] == votes["."] else max(votes, key=votes.get)

    index = [n for n, _ in rows]
    bad_cells: set[tuple[int, str]] = set()
    raw_values: dict[tuple[int, str], str] = {}
    data: dict[str, list[Any]] = {}
    for c in spec.columns:
        ctx = _Ctx(col=c, decimal=decimal, region=region)
        parser = _PARSERS[c.type]
        values: list[Any] = []
        for n, cells in rows:
            raw = cell(cells, c.name)
            if c.name not in position:
                values.append(None)
                if c.required:
                    bad_cells.add((n, c.name))  # reported once, as a missing column
                continue
            if _is_empty(raw):
                values.append(None)
                continue
            raw_values[(n, c.name)] = _display(raw)
            try:
                parsed = parser(raw, ctx)
            except _CellError as exc:
                problems.append(Problem(fname, exc.detail, row=n, column=c.name, value=_display(raw)))
                bad_cells.add((n, c.name))
                values.append(None)
                continue
            if c.type == "sbi" and isinstance(parsed, tuple):
                parsed, note = parsed
                problems.append(Problem(fname, note, row=n, column=c.name, value=_display(raw), level=WARNING))
            if c.type == "list" and not parsed:
                parsed = None
            values.append(parsed)
        if c.type == "list":
            data[c.name] = pd.Series(values, index=index, dtype=object)
        else:
            data[c.name] = pd.Series(values, index=index, dtype=_dtype(c.type))
    frame = pd.DataFrame(data, index=pd.Index(index, dtype="int64", name="rij"))

    problems.extend(_schema_problems(frame, spec, fname, year_range, region, bad_cells, raw_values))

    # Warning-level rules run outside the schema: a clean frame may carry warnings.
    for rule in spec.rules:
        if rule.level != WARNING:
            continue
        check_fn, msg_fn = _RULES[rule.id]
        rctx = _RuleCtx(spec=spec, region=region, fname=fname, level=WARNING)
        ok = check_fn(frame, rctx)
        failing = [int(r) for r in frame.index[~ok]]
        if failing:
            problems.extend(msg_fn(frame, failing, rctx))

    # File-level findings first, then by row, and within a row in column order.
    order = {name: i for i, name in enumerate(spec.column_names)}
    problems.sort(key=lambda p: (p.row is not None, p.row or 0, order.get(p.column or "", -1)))
    if any(p.level == ERROR for p in problems):
        return None, problems, len(rows)
    clean = frame.reset_index(drop=True)
    return clean, problems, len(rows)


def _schema_problems(
    frame: pd.DataFrame,
    spec: SourceSpec,
    fname: str,
    year_range: tuple[int, int],
    region: _region.Region,
    bad_cells: set[tuple[int, str]],
    raw_values: dict[tuple[int, str], str],
) -> list[Problem]:
    schema = build_schema(spec.name, year_range)
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    except pa.errors.SchemaError as exc:  # pragma: no cover - lazy=True collects errors
        fc = exc.failure_cases if exc.failure_cases is not None else pd.DataFrame()
    lo, hi = year_range
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    duplicate_rows: set[int] = set()
    rule_rows: dict[str, set[int]] = {}

    for rec in fc.to_dict("records"):
        check = str(rec.get("check"))
        col = rec.get("column")
        idx = rec.get("index")
        row = int(idx) if idx is not None and not pd.isna(idx) else None
        if check == "multiple_fields_uniqueness" or check.startswith("field_uniqueness"):
            if row is not None:
                duplicate_rows.add(row)
            continue
        if check.startswith(_K_RULE):
            if row is not None:
                rule_rows.setdefault(check[len(_K_RULE) :], set()).add(row)
            continue
        if row is None or col is None or (row, col) in bad_cells:
            continue
        key = (row, col, check)
        if key in seen:
            continue
        seen.add(key)
        cspec = spec.column(col)
        shown = raw_values.get((row, col), _value_text(cspec, frame.at[row, col], region))
        if check == "not_nullable":
            detail = "waarde ontbreekt; deze kolom is verplicht."
        elif check == _K_RANGE:
            if cspec.type in ("year", "school_year"):
                detail = f"{shown} ligt buiten de toegestane jaren {lo}-{hi}."
            elif cspec.type == "month":
                detail = f"{shown} is geen maand; gebruik 1 tot en met 12."
            else:
                detail = f"{shown} is geen kwartaal; gebruik 1 tot en met 4."
        elif check == _K_NONNEG:
            detail = f"{shown} is negatief; deze waarde moet 0 of meer zijn."
        elif check == _K_ALLOWED:
            detail = f"'{shown}' is geen toegestane waarde."
        elif check == _K_LIST:
            detail = "vul minstens één waarde in."
        else:  # pragma: no cover - a check added to the schema without a Dutch message
            detail = f"voldoet niet aan de controle '{check}'."
        problems.append(Problem(fname, detail, row=row, column=col, value=shown))

    # A cell that could not be read is empty in the frame; a rule would misread that
    # (an unreadable month looks like a year total), and the cell is reported already.
    rows_with_bad_cells = {r for r, _ in bad_cells}
    for rule_id, rows in rule_rows.items():
        rows = sorted(rows - rows_with_bad_cells)
        if rows:
            rctx = _RuleCtx(spec=spec, region=region, fname=fname, level=ERROR)
            problems.extend(_RULES[rule_id][1](frame, rows, rctx))

    if duplicate_rows:
        key = list(spec.key)
        # A key cell that could not be read is empty, and empty cells would match each other.
        dup_rows = [r for r in duplicate_rows if not any((r, k) in bad_cells for k in key)]
        sub = frame.loc[sorted(dup_rows), key]
        if not sub.empty:
            for _, grp in sub.groupby(key, dropna=False, sort=False):
                rows_sorted = sorted(int(r) for r in grp.index)
                first = rows_sorted[0]
                values = ", ".join(_value_text(spec.column(k), frame.at[first, k], region) for k in key)
                names = _join_and(key)
                for r in rows_sorted[1:]:
                    problems.append(
                        Problem(
                            fname,
                            f"dubbele rij: dezelfde {names} ({values}) staat ook in rij {first}.",
                            row=r,
                        )
                    )
    return problems


def _join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# --------------------------------------------------------------------------------------------
# Public validation API
# --------------------------------------------------------------------------------------------


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
    spec = _spec(name)
    region = _region.load_region()
    yr = _year_range(year_range)
    suffix = path.suffix.casefold()
    if not path.exists():
        return SourceResult(name, path, [Problem(fname, "Het bestand bestaat niet.")])
    if path.is_dir():
        return SourceResult(name, path, [Problem(fname, "Dit is een map, geen bestand.")])
    if suffix == ".csv":
        table, problems = _read_csv(path, spec, fname)
    elif suffix == ".xlsx":
        table, problems = _read_xlsx(path, spec, fname)
    else:
        return SourceResult(
            name,
            path,
            [Problem(fname, f"Bestandstype '{path.suffix}' wordt niet ondersteund; lever .xlsx of .csv aan.")],
        )
    if table is None:
        return SourceResult(name, path, problems)
    frame, more, nrows = _validate_table(table, spec, fname, yr, region)
    if frame is not None:
        frame.attrs["source"] = name
        frame.attrs["source_file"] = str(path)
    return SourceResult(name, path, problems + more, rows=nrows, data=frame)


def _candidates(directory: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """Files per source name (case-insensitive base name), and other data-like files."""
    names = set(source_names())
    found: dict[str, list[Path]] = {n: [] for n in names}
    unused: list[Path] = []
    for p in sorted(directory.iterdir()):
        # Excel lock files ('~$x.xlsx') and hidden files are never deliveries.
        if not p.is_file() or p.name.startswith(("~$", ".")):
            continue
        stem, suffix = p.stem.strip().casefold(), p.suffix.casefold()
        if stem in names and suffix in SUPPORTED_SUFFIXES + UNSUPPORTED_SUFFIXES:
            found[stem].append(p)
        elif suffix in SUPPORTED_SUFFIXES + UNSUPPORTED_SUFFIXES:
            unused.append(p)
    return found, unused


def validate_directory(path: str | Path, *, year_range: tuple[int, int] | None = None) -> DirectoryReport:
    """Validate every local source found in ``path`` (files named ``<source>.csv`` or ``.xlsx``).

    Absent sources are listed, not errors: KPIs based on them get no data. Two files for one
    source (``x.csv`` and ``x.xlsx``) is an error, since it is unclear which one counts. Never
    raises for bad input, including a directory that does not exist.
    """
    directory = Path(path)
    yr = _year_range(year_range)
    results = {n: SourceResult(n, None) for n in source_names()}
    report = DirectoryReport(directory=directory, year_range=yr, sources=results)
    if not directory.is_dir():
        what = "bestaat niet" if not directory.exists() else "is geen map"
        report.problems.append(Problem(str(directory), f"de map {what}."))
        return report
    try:
        found, unused = _candidates(directory)
    except OSError as exc:
        report.problems.append(Problem(str(directory), f"de map kan niet worden gelezen ({exc.strerror or exc})."))
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
    return report


_STATUS_TEXT = {
    "ok": "in orde",
    "warnings": "in orde, met waarschuwingen",
    "errors": "fouten gevonden",
    "absent": "ontbreekt",
}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render_report(report: DirectoryReport, *, max_per_source: int | None = 50) -> str:
    """The report as Dutch text for people, ending with a one-line summary.

    At most ``max_per_source`` messages are shown per source (``None``: all).
    """
    lo, hi = report.year_range
    lines = [f"Controle van lokale bronnen in {report.directory}", f"Toegestane jaren: {lo}-{hi}.", ""]
    for p in report.problems:
        lines.append(f"  FOUT: {p.message}")
    if report.problems:
        lines.append("")
    defs = load_definitions()
    for name, res in report.sources.items():
        title = defs.sources[name].title if name in defs.sources else name
        if res.status == "absent":
            lines.append(f"{name} ({title}): ontbreekt; indicatoren die deze bron gebruiken krijgen geen gegevens.")
            continue
        counts = []
        if res.errors:
            counts.append(_count(len(res.errors), "fout", "fouten"))
        if res.warnings:
            counts.append(_count(len(res.warnings), "waarschuwing", "waarschuwingen"))
        detail = f"{_STATUS_TEXT[res.status]}, {_count(res.rows, 'rij', 'rijen')} gegevens"
        if counts:
            detail += f" ({', '.join(counts)})"
        lines.append(f"{name} ({res.path.name if res.path else title}): {detail}.")
        shown = res.problems if max_per_source is None else res.problems[:max_per_source]
        for p in shown:
            label = "FOUT" if p.level == ERROR else "LET OP"
            lines.append(f"  {label}: {p.message}")
        if len(shown) < len(res.problems):
            lines.append(f"  ... en nog {len(res.problems) - len(shown)} meldingen.")
    if report.unused_files:
        lines.append("")
        lines.append("Niet gebruikte bestanden in de map:")
        names = list(source_names())
        for p in report.unused_files:
            hint = difflib.get_close_matches(p.stem.casefold().replace("-", "_").replace(" ", "_"), names, n=1, cutoff=0.6)
            extra = f" (bedoelt u {hint[0]}{p.suffix}?)" if hint else ""
            lines.append(f"  {p.name}{extra}")
    n_sources = len(report.sources)
    n_found = len(report.found)
    n_bad = sum(1 for r in report.sources.values() if r.errors)
    summary = (
        f"Samenvatting: {n_found} van {n_sources} bronnen gevonden, {len(report.absent)} ontbreken; "
        f"{_count(n_bad, 'bron', 'bronnen')} met fouten; "
        f"{_count(len(report.errors), 'fout', 'fouten')}, "
        f"{_count(len(report.warnings), 'waarschuwing', 'waarschuwingen')}."
    )
    lines += ["", summary]
    return "\n".join(lines) + "\n"


def load_source(
    path_or_dir: str | Path, name: str, *, year_range: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Clean frame of source ``name``: one column per defined column, in definition order.

    ``path_or_dir`` is the file itself (any file name) or the directory holding
    ``<name>.csv`` / ``<name>.xlsx``. Municipalities come back as CBS codes (Rijnwaarden as
    GM0196 for years before 2018: fold it with :func:`levanalysis.region.apply_reorganisations`),
    whole numbers as ``Int64``, amounts and indicators as ``Float64``, texts as ``str``, lists
    (``partnersectoren``) as Python lists; optional columns absent from the file are all missing.

    Raises :class:`SourceNotFound` if the directory has no file for the source, and
    :class:`ValidationError` (with ``.problems``) if the file has errors.
    """
    _spec(name)
    p = Path(path_or_dir)
    if p.is_dir():
        found, _ = _candidates(p)
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


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------


@dataclass
class TemplateResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # existing files that blocked a template

    def to_text(self) -> str:
        lines = []
        for p in self.written:
            lines.append(f"Geschreven: {p}")
        for p in self.skipped:
            lines.append(f"Overgeslagen: {p} bestaat al en is niet overschreven.")
        lines.append(
            f"Samenvatting: {_count(len(self.written), 'sjabloon', 'sjablonen')} geschreven, "
            f"{len(self.skipped)} overgeslagen."
        )
        return "\n".join(lines) + "\n"


def _template_bytes(spec: SourceSpec, year_range: tuple[int, int]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    region = _region.load_region()
    lo, hi = year_range
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(spec.column_names))
    for i, c in enumerate(spec.columns, 1):
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = max(14, len(c.name) + 4)
        # Drop-down lists help, but typed values outside them are still validated by us.
        options = None
        if c.type == "municipality":
            options = list(region.names)
        elif c.type == "uwv_region":
            options = list(region.uwv_regions)
        elif c.type == "choice":
            options = list(c.allowed)
        if options:
            letter = get_column_letter(i)
            dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            dv.showErrorMessage = False
            dv.add(f"{letter}2:{letter}5000")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    ins = wb.create_sheet("instructie")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    ins.append([spec.title])
    ins["A1"].font = Font(bold=True, size=14)
    rows = [
        [spec.description],
        [f"Aanleverancier: {spec.supplier}. Frequentie: {spec.frequency}."],
        [],
        ["Hoe vult u dit sjabloon in?"],
        ["Vul de gegevens in op het werkblad 'data', vanaf rij 2. Laat de kolomkoppen in rij 1 staan."],
        [f"Eén rij per {_join_and(list(spec.key))}; dezelfde combinatie mag maar één keer voorkomen."],
        [f"Jaren van {lo} tot en met {hi}. Aantallen en bedragen zijn 0 of meer."],
        [
            f"Sla het bestand op als {spec.name}.xlsx (of als CSV met ; of , als scheidingsteken, "
            f"in UTF-8: {spec.name}.csv). De bestandsnaam bepaalt om welke bron het gaat."
        ],
    ]
    for r in spec.rules:
        rows.append([("Regel: " if r.level == ERROR else "Let op: ") + r.description])
    rows += [[], ["kolom", "verplicht", "betekenis", "toegestane waarden", "eenheid", "voorbeeld"]]
    for row in rows:
        ins.append(row)
    header_row = ins.max_row
    for cell in ins[header_row]:
        cell.font = bold
    ins["A4"].font = bold
    for c in spec.columns:
        ins.append(
            [
                c.name,
                "ja" if c.required else "nee",
                c.description,
                _allowed_text(c, region),
                c.unit or "",
                "" if c.example is None else str(c.example),
            ]
        )
    ins.append([])
    ins.append(["Voorbeeldrij (zo ziet een ingevulde rij op het werkblad 'data' eruit):"])
    ins.cell(row=ins.max_row, column=1).font = bold
    ins.append(list(spec.column_names))
    ins.append(["" if c.example is None else c.example for c in spec.columns])
    for letter, width in zip("ABCDEF", (24, 10, 60, 45, 22, 24)):
        ins.column_dimensions[letter].width = width
    for row in ins.iter_rows(min_row=header_row + 1, max_row=header_row + len(spec.columns)):
        for cell in row:
            cell.alignment = wrap

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_templates(
    directory: str | Path,
    sources: Iterable[str] | None = None,
    *,
    year_range: tuple[int, int] | None = None,
) -> TemplateResult:
    """Write an empty ``<source>.xlsx`` template per source into ``directory``.

    Each has the header on a sheet 'data' and Dutch instructions on a sheet 'instructie'.
    Existing files are never overwritten: if ``<source>.xlsx`` or ``<source>.csv`` already
    exists (a CSV next to a new template would make the source ambiguous), the source is
    skipped and the existing file is listed in ``skipped``. Creates ``directory`` if needed.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    yr = _year_range(year_range)
    result = TemplateResult()
    names = list(sources) if sources is not None else list(source_names())
    found, _ = _candidates(directory)
    for name in names:
        spec = _spec(name)
        if found.get(name):
            result.skipped.extend(found[name])
            continue
        target = directory / f"{name}.xlsx"
        content = _template_bytes(spec, yr)
        try:
            # 'x' mode: even a file that appeared after the directory scan is left alone.
            with open(target, "xb") as fh:
                fh.write(content)
        except FileExistsError:
            result.skipped.append(target)
            continue
        result.written.append(target)
    return result
