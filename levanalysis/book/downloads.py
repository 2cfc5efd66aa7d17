"""Tables readers can download, in the formats people use: CSV that Dutch Excel opens as columns
(``;``, decimal comma, UTF-8 with BOM), rounded to the published precision, marked when the
figures are examples, and with no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from levanalysis.book.render import render
from levanalysis.formatting import neutralise_formula

EXAMPLE_COLUMN = "let_op"
EXAMPLE_TEXT = "voorbeeldcijfers, geen echte gegevens"


def _cell(value, decimals: int) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = round(float(value), decimals)
        text = f"{number:.{decimals}f}" if decimals > 0 else str(int(round(number)))
        return text.replace(".", ",")
    return neutralise_formula(str(value))


def dutch_csv(table: pd.DataFrame, decimals: int | Mapping[str, int] = 0, example: bool = False) -> bytes:
    """The table as CSV for Dutch Excel; ``decimals`` per column (default 0) or for all."""
    places = decimals if isinstance(decimals, Mapping) else {c: decimals for c in table.columns}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = [str(c) for c in table.columns]
    writer.writerow(([EXAMPLE_COLUMN] if example else []) + [neutralise_formula(h) for h in header])
    for values in table.itertuples(index=False, name=None):
        cells = [_cell(v, places.get(c, 0)) for c, v in zip(table.columns, values, strict=True)]
        writer.writerow(([EXAMPLE_TEXT] if example else []) + cells)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def write_download(table: pd.DataFrame, downloads_dir: str | Path | None, name: str, *,
                   decimals: int | Mapping[str, int] = 0, example: bool = False) -> str:
    """Write a table as CSV for readers and return the MyST download link ('' without a dir)."""
    if downloads_dir is None:
        return ""
    directory = Path(downloads_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.csv"
    path.write_bytes(dutch_csv(table, decimals, example))
    label = "Download de cijfers (CSV" + (", voorbeeldcijfers)" if example else ")")
    return render("download.md.j2", label=label, path=f"{directory.name}/{path.name}")


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *, example: bool = False) -> Path:
    """Several tables in one Excel workbook at ``path`` (a sheet each), formula-safe, with the
    example-data column when the figures are examples."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, frame in sheets.items():
            # openpyxl stores a string starting with '=' as a formula: neutralise text first.
            safe = frame.map(neutralise_formula)
            if example:
                safe.insert(0, EXAMPLE_COLUMN, EXAMPLE_TEXT)
            safe.to_excel(writer, sheet_name=sheet[:31], index=False)
    return path


def write_workbook(sheets: Mapping[str, pd.DataFrame], downloads_dir: str | Path | None, name: str, *,
                   label: str, example: bool = False) -> str:
    """:func:`write_xlsx` into the book's downloads; returns the MyST download link."""
    if downloads_dir is None:
        return ""
    directory = Path(downloads_dir)
    path = write_xlsx(sheets, directory / f"{name}.xlsx", example=example)
    return render("download.md.j2", label=label + (" (voorbeeldcijfers)" if example else ""),
                  path=f"{directory.name}/{path.name}")
