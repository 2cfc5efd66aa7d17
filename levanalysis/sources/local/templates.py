"""Empty Excel templates with Dutch instructions, one per local source; never overwrites."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import (
    ERROR,
    SourceSpec,
    allowed_text,
    source_names,
    source_spec,
    year_range_or_default,
)
from levanalysis.formatting import count_text, join_and
from levanalysis.sources.local.directory import find_delivery_files


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
            f"Samenvatting: {count_text(len(self.written), 'sjabloon', 'sjablonen')} geschreven, "
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
        [f"Eén rij per {join_and(list(spec.key))}; dezelfde combinatie mag maar één keer voorkomen."],
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
                allowed_text(c, region),
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
    yr = year_range_or_default(year_range)
    result = TemplateResult()
    names = list(sources) if sources is not None else list(source_names())
    found, _ = find_delivery_files(directory)
    for name in names:
        spec = source_spec(name)
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

