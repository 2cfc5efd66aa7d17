"""Dutch number formats for people: 1.234,5 and 12,5%."""

from __future__ import annotations

import math


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
