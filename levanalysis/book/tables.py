"""One way to show a table: raw values in, Dutch formats and "geen data" for missing out.

Builders return a DataFrame of raw values plus, per column, how to format it; :func:`table`
makes the plain context a template renders (tests assert on it), :func:`table_html` renders it.
Every cell carries its column name (``data-label``), so a narrow screen can show a row as a card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from levanalysis.book.render import render
from levanalysis.formatting import format_euro, format_number, format_percent

MISSING = "geen data"
Formatter = Callable[[Any], str]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(decimals: int = 0, unit: str = "") -> Formatter:
    suffix = f" {unit}" if unit else ""
    return lambda value: format_number(value, decimals) + suffix


def percent(decimals: int = 1, signed: bool = False) -> Formatter:
    return lambda value: format_percent(value, decimals, signed=signed)


def euro(decimals: int = 0) -> Formatter:
    # A no-break space: in a narrow column "€ 105.000" must not break after the euro sign.
    return lambda value: format_euro(value, decimals).replace(" ", "\u00a0")


def year(value: Any) -> str:
    return str(int(value))


def text(value: Any) -> str:
    return str(value)


def _is_number_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _default_formatter(series: pd.Series) -> Formatter:
    if pd.api.types.is_bool_dtype(series):
        return lambda v: "ja" if v else "nee"
    if _is_number_column(series):
        whole = series.dropna().map(lambda v: float(v).is_integer()).all()
        return number(0 if whole else 1)
    return text


def table(
    frame: pd.DataFrame,
    caption: str = "",
    formats: Mapping[str, Formatter] | None = None,
    *,
    numeric: Sequence[str] = (),
    css_class: str = "",
    missing: str = MISSING,
) -> dict:
    """The context of ``table.html.j2``: caption, columns and rows of display text.

    ``formats`` gives a formatter per column (others: numbers with Dutch separators, text as is);
    ``numeric`` names extra columns to right-align. A missing value is ``missing`` ("geen data")
    in any column.
    """
    formats = dict(formats or {})
    columns = []
    for name in frame.columns:
        formatter = formats.get(name) or _default_formatter(frame[name])
        columns.append({"label": str(name), "numeric": _is_number_column(frame[name]) or name in numeric,
                        "format": formatter})
    rows = []
    for values in frame.itertuples(index=False, name=None):
        rows.append([
            {"label": column["label"], "numeric": column["numeric"],
             "text": missing if _missing(value) else column["format"](value)}
            for column, value in zip(columns, values, strict=True)
        ])
    return {
        "caption": caption,
        "css_class": css_class,
        "columns": [{"label": c["label"], "numeric": c["numeric"]} for c in columns],
        "rows": rows,
    }


def table_html(frame: pd.DataFrame, caption: str = "", formats: Mapping[str, Formatter] | None = None, **options) -> str:
    """:func:`table` rendered; an empty frame renders nothing."""
    if frame.empty:
        return ""
    return render("table.html.j2", table=table(frame, caption, formats, **options))


def cell_texts(context: dict) -> list[list[str]]:
    """The display text of every cell, row by row (for tests and plain-text exports)."""
    return [[cell["text"] for cell in row] for row in context["rows"]]
