"""Parsing one cell of a delivery per column type, with a Dutch message for a bad value."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import FLOAT_TYPES, INT_TYPES, ColumnSpec
from levanalysis.sources.local.reading import display_value


class CellError(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass
class CellContext:
    col: ColumnSpec
    decimal: str  # ',' (Dutch) or '.' (English)
    region: _region.Region


_NUM_CLEAN_RE = re.compile(r"[\s\u00a0\u202f€]|eur(?:o)?", re.IGNORECASE)


def _clean_number_text(s: str) -> str:
    s = _NUM_CLEAN_RE.sub("", s)
    return s.replace("\u2212", "-")  # a typographic minus from Word or a web page


def number_evidence(s: str) -> str | None:
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
    """Parse a number cell; raises CellError. Negative numbers pass (the schema rejects them)."""
    if isinstance(raw, bool):
        raise CellError(f"'{display_value(raw)}' is geen getal.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        value = _parse_number_text(raw, decimal)
    # Beyond this a float no longer holds whole numbers exactly (and Int64 may overflow).
    if not math.isfinite(value) or abs(value) > _MAX_NUMBER:
        raise CellError(f"'{display_value(raw)}' is geen bruikbaar getal (te groot).")
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
    raise CellError(f"'{display_value(raw)}' is geen geldig getal. Dit bestand gebruikt {convention}.")


def _parse_int_like(raw: Any, what: str) -> int:
    if isinstance(raw, bool):
        raise CellError(f"'{display_value(raw)}' is geen {what}.")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
            raise CellError(f"'{display_value(raw)}' is geen {what}.")
        if abs(raw) > _MAX_NUMBER:
            raise CellError(f"'{display_value(raw)}' is geen {what}.")
        return int(raw)
    s = display_value(raw)
    if re.fullmatch(r"[+-]?\d{1,15}(\.0+)?", s):
        return int(float(s))
    raise CellError(f"'{s}' is geen {what}.")


def _p_municipality(raw: Any, ctx: CellContext) -> str:
    try:
        return _region.municipality_code(raw, region=ctx.region)
    except _region.UnknownMunicipality as exc:
        raise CellError(str(exc)) from None


def _p_uwv_region(raw: Any, ctx: CellContext) -> str:
    try:
        return _region.uwv_region_name(raw, region=ctx.region)
    except _region.UnknownUWVRegion as exc:
        raise CellError(str(exc)) from None


def _p_year(raw: Any, ctx: CellContext) -> int:
    if isinstance(raw, (datetime, date)):
        raise CellError(f"'{display_value(raw)}' is een datum; vul alleen het jaartal in (bijvoorbeeld 2024).")
    try:
        year = _parse_int_like(raw, "jaartal")
    except CellError:
        raise CellError(f"'{display_value(raw)}' is geen jaartal (vier cijfers, bijvoorbeeld 2024).") from None
    if not 1000 <= year <= 9999:
        raise CellError(f"'{display_value(raw)}' is geen jaartal (vier cijfers, bijvoorbeeld 2024).")
    return year


def _p_school_year(raw: Any, ctx: CellContext) -> int:
    s = display_value(raw)
    m = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", s)
    if m:
        start, end = int(m.group(1)), m.group(2)
        expected = start + 1 if len(end) == 4 else (start + 1) % 100
        if int(end) != expected:
            raise CellError(f"'{s}' is geen schooljaar: het tweede jaar moet op het eerste volgen (2024-2025).")
        return start
    try:
        return _p_year(raw, ctx)
    except CellError:
        raise CellError(f"'{s}' is geen schooljaar (bijvoorbeeld 2024 of 2024-2025).") from None


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


def _p_month(raw: Any, ctx: CellContext) -> int:
    s = display_value(raw).casefold().rstrip(".")
    if s in _MONTHS:
        return _MONTHS[s]
    return _parse_int_like(raw, "maandnummer (1-12)")


def _p_quarter(raw: Any, ctx: CellContext) -> int:
    s = display_value(raw).casefold()
    m = re.fullmatch(r"(?:q|k|kw|kwartaal)?\s*(\d)(?:e)?(?:\s*kwartaal)?", s)
    if m:
        return int(m.group(1))
    return _parse_int_like(raw, "kwartaal (1-4)")


def _p_count(raw: Any, ctx: CellContext) -> int:
    try:
        value = _parse_number(raw, ctx.decimal)
    except CellError:
        value = None
    if value is None or not value.is_integer():
        s = _clean_number_text(display_value(raw)).lstrip("+-")
        # A count cannot be fractional, so '1.234' can only mean 1234 (Dutch thousands),
        # even in a file that otherwise writes decimals with a point.
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
            sign = -1 if _clean_number_text(display_value(raw)).startswith("-") else 1
            return sign * int(s.replace(".", ""))
        if value is None:
            raise CellError(f"'{display_value(raw)}' is geen geheel getal.")
        raise CellError(f"'{display_value(raw)}' is geen geheel getal; vul een aantal zonder decimalen in.")
    return int(value)


def _p_number(raw: Any, ctx: CellContext) -> float:
    return _parse_number(raw, ctx.decimal)


def _p_text(raw: Any, ctx: CellContext) -> str:
    return " ".join(display_value(raw).split())


def _p_code(raw: Any, ctx: CellContext) -> str:
    s = display_value(raw)
    if re.search(r"\s", s):
        raise CellError(f"'{s}' is geen geldige code: een code bevat geen spaties.")
    return s.casefold()


def _p_sbi(raw: Any, ctx: CellContext) -> str | tuple[str, str]:
    s = re.sub(r"[\s.]", "", display_value(raw)).upper()
    if re.fullmatch(r"\d", s):
        # Spreadsheets drop leading zeros; no SBI code has a single digit.
        return "0" + s, f"SBI-code '{display_value(raw)}' is gelezen als '0{s}' (voorloopnul aangevuld)."
    if re.fullmatch(r"[A-U]|\d{2,5}|\d{2}-\d{2}", s):
        return s
    raise CellError(
        f"'{display_value(raw)}' is geen SBI-code (een letter A-U, 2 tot 5 cijfers, of een reeks zoals 10-12)."
    )


def _p_choice(raw: Any, ctx: CellContext) -> str:
    s = " ".join(display_value(raw).split()).casefold()
    for a in ctx.col.allowed:
        if a.casefold() == s:
            return a
    raise CellError(f"'{display_value(raw)}' is geen toegestane waarde. Toegestaan: {', '.join(ctx.col.allowed)}.")


def _p_list(raw: Any, ctx: CellContext) -> list[str]:
    items = [" ".join(x.split()).casefold() for x in re.split(r"[;,]", display_value(raw))]
    items = [x for x in items if x]
    return list(dict.fromkeys(items))


PARSERS: dict[str, Callable[[Any, CellContext], Any]] = {
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


def dtype_for(col_type: str) -> str | type:
    if col_type in INT_TYPES:
        return "Int64"
    if col_type in FLOAT_TYPES:
        return "Float64"
    if col_type == "list":
        return object
    return "str"

