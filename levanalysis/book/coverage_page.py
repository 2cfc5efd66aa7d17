"""Data completeness for people: the text of `levanalysis coverage`, its CSV and JSON, and the
book's page "Gegevens: wat er is en wat ontbreekt". Every status is a symbol and a word, so the
matrix reads without colour."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd

from levanalysis.analysis.coverage import (
    LEGEND,
    MISSING,
    NOT_NEEDED,
    NOT_YET,
    PARTLY,
    PRESENT,
    SYMBOLS,
    SourceCoverage,
    coverage_records,
)
from levanalysis.book import tables
from levanalysis.book.render import render
from levanalysis.formatting import count_text

FORMATS = ("text", "csv", "json")
SYMBOLS_MISSING = SYMBOLS[MISSING]
KIND_TEXT = {
    "series": "reeks: nodig van de vorige periode tot en met het evaluatiejaar",
    "plan": "nodig voor de jaren van de planperiode",
    "register": "register: elke rij is een gebeurtenis, een jaar zonder rijen ontbreekt niet",
}


def _state_text(item: SourceCoverage) -> str:
    if item.state == "in orde":
        return f"aanwezig, {count_text(item.row_count, 'rij', 'rijen')}"
    return "fouten in het bestand" if item.state == "fouten" else "geen bestand"


def summary(items: list[SourceCoverage]) -> dict[str, int]:
    return {status: sum(i.count(status) for i in items) for status in (MISSING, PARTLY, NOT_YET)}


def coverage_text(items: list[SourceCoverage], data_dir, today: dt.date, moments: dict[str, str] | None = None) -> str:
    lines = [f"Gegevens in {data_dir} (peildatum {today.strftime('%d-%m-%Y')})"]
    for moment, when in (moments or {}).items():
        lines.append(f"{moment.capitalize()}: {when} (uit data/definitions/calendar.yaml)")
    lines.append("Tekens: " + "  ".join(f"{symbol} {word}" for symbol, word in LEGEND))
    for item in items:
        lines += ["", f"{item.name} - {item.title}: {_state_text(item)}; {KIND_TEXT[item.kind]}."]
        if item.note:
            lines.append(f"  {item.note}")
        if not item.rows:
            if item.years_present:
                lines.append(f"  jaren in het bestand: {', '.join(map(str, item.years_present))}")
            if item.units_missing:
                lines.append(f"  {SYMBOLS_MISSING} nog geen rij voor {item.unit}: {', '.join(item.units_missing)}")
            continue
        label = item.unit or "hele regio"
        width = max(len(label), *(len(r["unit"] or "Liemers") for r in item.rows))
        lines.append("  " + label.ljust(width) + "  " + "  ".join(f"{y:>4}" for y in item.years))
        notes = []
        for row in item.rows:
            unit = row["unit"] or "Liemers"
            lines.append("  " + unit.ljust(width) + "  " + "  ".join(f"{c['symbol']:>4}" for c in row["cells"]))
            notes += [f"{unit} {c['year']}: {c['status']} ({c['note']})" for c in row["cells"]
                      if c["note"] and c["status"] == PARTLY]
        lines += [f"  {n}" for n in notes]
    counts = summary(items)
    lines += ["", f"Samenvatting: {counts[MISSING]} ontbrekend, {counts[PARTLY]} deels, "
              f"{counts[NOT_YET]} nog niet verwacht."]
    return "\n".join(lines) + "\n"


def coverage_csv(items: list[SourceCoverage]) -> str:
    records = coverage_records(items)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else ["bron"], lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def coverage_json(items: list[SourceCoverage]) -> str:
    return json.dumps(coverage_records(items), ensure_ascii=False, indent=2) + "\n"


def render_coverage(items, fmt: str, data_dir, today: dt.date, moments=None) -> str:
    if fmt == "text":
        return coverage_text(items, data_dir, today, moments)
    if fmt == "csv":
        return coverage_csv(items)
    if fmt == "json":
        return coverage_json(items)
    raise ValueError(f"Onbekend formaat '{fmt}'. Kies uit: {', '.join(FORMATS)}.")


# --------------------------------------------------------------------------- the book page


# Short words in the cells keep seven year columns readable on a phone; the legend gives the
# full words, and the notes under the table say why a cell is partial or when it is expected.
CELL_WORDS = {PRESENT: "ja", PARTLY: "deels", MISSING: "ontbreekt", NOT_YET: "later", NOT_NEEDED: ""}


def matrix_frame(item: SourceCoverage) -> pd.DataFrame:
    """One row per unit, one column per year; each cell a symbol and a short word ('✓ ja')."""
    label = (item.unit or "Gebied").capitalize()
    rows = []
    for row in item.rows:
        record = {label: row["unit"] or "De Liemers"}
        for cell in row["cells"]:
            record[str(cell["year"])] = f"{cell['symbol']} {CELL_WORDS[cell['status']]}".strip()
        rows.append(record)
    return pd.DataFrame(rows)


def matrix_notes(item: SourceCoverage) -> list[str]:
    """Why cells are partial, and from when later years are expected (once per year)."""
    notes, expected = [], {}
    for row in item.rows:
        for cell in row["cells"]:
            if cell["status"] == PARTLY:
                notes.append(f"{row['unit'] or 'De Liemers'} {cell['year']}: deels ({cell['note']}).")
            elif cell["status"] == NOT_YET:
                expected.setdefault(cell["year"], cell["note"])
    notes += [f"{year}: {note}." for year, note in sorted(expected.items())]
    return notes


def coverage_sections(items: list[SourceCoverage]) -> list[dict]:
    """Per source: heading, state, what is needed, and the matrix (None for a register)."""
    sections = []
    for item in items:
        frame = matrix_frame(item) if item.rows else None
        sections.append({
            "name": item.name, "title": item.title, "state": _state_text(item), "kind": KIND_TEXT[item.kind],
            "note": item.note,
            "years_present": ", ".join(map(str, item.years_present)),
            "units_missing": ", ".join(item.units_missing), "unit": item.unit or "",
            "notes": matrix_notes(item),
            "table": tables.table(frame, f"{item.title}: wat er per {item.unit or 'jaar'} is.", css_class="lev-coverage")
            if frame is not None else None,
        })
    return sections


def coverage_html(items: list[SourceCoverage]) -> str:
    counts = summary(items)
    legend = [(symbol, f"{CELL_WORDS[word]}: {word}" if CELL_WORDS[word] not in ("", word) else word)
              for symbol, word in LEGEND]
    return render("coverage.html.j2", legend=legend, sections=coverage_sections(items),
                  counts={"missing": counts[MISSING], "partly": counts[PARTLY], "not_yet": counts[NOT_YET]})


def intro_html(today: dt.date, moments: dict[str, str] | None = None) -> str:
    """The page's date of reference and, from the data calendar, the dates of the measurements."""
    paragraphs = [f"Peildatum: {today.strftime('%d-%m-%Y')} (de dag waarop het boek is gebouwd)."]
    paragraphs += [f"{moment.capitalize()}: {when}." for moment, when in (moments or {}).items()]
    return render("paragraphs.html.j2", paragraphs=paragraphs, css_class="")
