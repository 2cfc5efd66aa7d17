"""Text for people: Dutch number formats (1.234,5 and 12,5%), and text from deliveries made safe
to print (:func:`printable`) or to hand out in a spreadsheet download (:func:`neutralise_formula`)."""

from __future__ import annotations

import math
import re


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value, decimals: int = 0, missing: str = "geen data") -> str:
    """1234.5 -> '1.234,5' (with decimals=1). Missing values say so instead of showing 0; a
    value that rounds to zero is '0', never '-0'."""
    if _is_missing(value):
        return missing
    if round(value, decimals) == 0:
        value = 0.0
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(fraction, decimals: int = 1, signed: bool = False, missing: str = "geen data") -> str:
    """0.052 -> '5,2%'; with signed=True -> '+5,2%'. A value that rounds to zero has no sign:
    '-0,0%' or '+0,0%' would suggest a direction the shown figure does not have."""
    if _is_missing(fraction):
        return missing
    text = format_number(abs(fraction) * 100, decimals) + "%"
    if round(abs(fraction) * 100, decimals) == 0:
        return text
    if fraction < 0:
        return "-" + text
    return ("+" + text) if signed else text


def format_euro(value, decimals: int = 0, missing: str = "geen data") -> str:
    """17500 -> '€ 17.500'."""
    if _is_missing(value):
        return missing
    return "€ " + format_number(value, decimals)


def join_and(items) -> str:
    """['a', 'b', 'c'] -> 'a, b en c'; one item as is; nothing -> ''."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def count_text(n: int, one: str, many: str) -> str:
    """3, 'fout', 'fouten' -> '3 fouten'; 1 -> '1 fout'."""
    return f"{n} {one if n == 1 else many}"


# Directional overrides and isolates reorder what a terminal shows ('Trojan Source').
_BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def printable(text: str) -> str:
    """``text`` safe for a terminal or log: control characters escaped, nothing else changed.

    Control characters (such as the escape sequence ``\\x1b[31m`` in a cell, which would colour
    the terminal) and bidirectional overrides become their Python escapes (``\\x1b``,
    ``\\u202e``). A byte of a file name that is not UTF-8 arrives as a lone surrogate
    (``os.fsdecode``); it is shown as the byte (``\\xff``) instead of crashing the output.
    """
    text = str(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF:
            out.append(ascii(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


_PLAIN_NUMBER_RE = re.compile(r"[+-]?[\d\s.,]*\d[\d\s.,]*%?")


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula: text that starts with ``=``,
    ``+``, ``-`` or ``@`` (after leading spaces), or with a tab or carriage return.

    Plain numbers (``-5``, ``+31 26 123 45 67``) and a lone sign (``-`` for 'nothing') are
    not formulas: a spreadsheet reads them as a number or as text.
    """
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    text = value.lstrip()
    if len(text) < 2 or text[0] not in "=+-@":
        return False
    return not _PLAIN_NUMBER_RE.fullmatch(text)


def neutralise_formula(value):
    """``value`` for a CSV or Excel download: text that a spreadsheet would run as a formula
    (:func:`looks_like_formula`, e.g. ``=HYPERLINK("http://...")``) gets a leading ``'`` so that
    it is shown as text. Anything else, including numbers and missing values, is returned as is.

    Use it on every text cell written to a download. (openpyxl also stores a text starting with
    ``=`` as a formula; with the ``'`` in front it stays text.)
    """
    return "'" + value if looks_like_formula(value) else value
