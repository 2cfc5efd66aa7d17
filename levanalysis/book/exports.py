"""The scorecard for people and programs: text for the terminal, CSV and JSON.

Text is for people in a terminal: Dutch number formats, a compact aligned table, then the
details per KPI. CSV and JSON are for programs: plain numbers ('.' decimals), missing values
empty (CSV) or ``null`` (JSON), the same fields in the same order.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence

from levanalysis.analysis.calendar import month_text
from levanalysis.analysis.results import (
    DATA_EXAMPLE,
    EINDMETING,
    WITHIN_MARGIN,
    KpiResult,
)
from levanalysis.analysis.scorecard import FIELDS, provenance_text, scorecard_rows
from levanalysis.analysis.targets import plan_targets
from levanalysis.definitions.config import Config
from levanalysis.formatting import format_number, format_percent

FORMATS = ("text", "csv", "json")
EXAMPLE_WARNING = (
    "LET OP: VOORBEELDCIJFERS. De cijfers hieronder komen (deels) uit verzonnen voorbeeldgegevens; "
    "het zijn geen echte cijfers."
)



def render_json(results: Sequence[KpiResult]) -> str:
    return json.dumps(scorecard_rows(results), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_csv(results: Sequence[KpiResult]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in scorecard_rows(results):
        # repr of a float is the shortest exact form with '.' decimals; booleans as ja/nee would
        # be friendlier, but true/false is what programs reading the CSV expect.
        writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v) for k, v in row.items()})
    return buffer.getvalue()


# --------------------------------------------------------------------------- text


def _value_text(result: KpiResult, value: float, year: int | None) -> str:
    if year is None or value is None or math.isnan(value):
        return "-"
    return f"{year}: {format_number(value, result.decimals)}"


def _change_text(result: KpiResult) -> str:
    if math.isnan(result.change):
        return "-"
    if result.rule_type == "diversification_increase":
        sign = "+" if result.change > 0 else ""
        return sign + format_number(result.change, 3)
    text = format_percent(result.change, 1, signed=True)
    return text + " per jaar" if result.rule_type == "annual_growth" else text


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        parts = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *[line(r) for r in rows]]


def _status_text(result: KpiResult) -> str:
    text = result.shown_status
    if result.qualitative and result.judgement is not None:
        # The plan asks for a judgement here: say whose status this is.
        return f"{text} (oordeel evaluator)"
    return text + f", {WITHIN_MARGIN}" if result.within_margin and not result.qualitative else text


def _measurement_text(result: KpiResult) -> str:
    if result.measurement is None:
        return "-"
    if result.measurement == EINDMETING:
        return result.measurement
    return f"{result.measurement} (eind: {result.final_expected or 'onbekend'})"


def _details(r: KpiResult) -> list[tuple[str, str]]:
    judgement = r.judgement
    details = [
        ("Doel", r.goal),
        ("Streefwaarde", r.target),
        ("Alternatief", f"voor {r.alternative_to} (\"Of:\" in het plan: één streefwaarde)" if r.alternative_to else ""),
        ("Toetsing", r.rule),
        ("Eenheid", r.unit),
        ("Status", f"{_status_text(r)}. {r.reason}"),
        ("Berekend", "" if r.computed_status in (None, r.shown_status) and not r.qualitative
         else (r.computed_status or "geen eigen oordeel (kwalitatieve streefwaarde)")),
        ("Oordeel", f"{judgement.status}: {judgement.motivation} ({judgement.role}, {judgement.date}"
                    + (f"; bewijs: {', '.join(judgement.evidence)}" if judgement.evidence else "") + ")"
         if judgement else ""),
        ("Streefpad", r.path_text),
        ("Meetmarge", f"±{format_number(r.margin * 100, 1)} procentpunt (95%)"
         if not math.isnan(r.margin) and r.margin > 0 else ""),
        ("Meting", "" if r.measurement is None else r.measurement
         + ("" if r.measurement == EINDMETING else f"; eindcijfer verwacht: {month_text(r.final_expected)}")
         + (f" (definitief: {month_text(r.final_definitive_expected)})" if r.final_definitive_expected else "")),
        ("Bron", r.sources),
        ("Gegevens", f"{r.data_kind}" + (f": {provenance_text(r)}" if r.provenances else "")),
    ]
    return details + [("Ontbreekt", part) for part in r.missing_parts] + [("Opmerking", note) for note in r.notes]


def render_text(results: Sequence[KpiResult], config: Config | None = None) -> str:
    lines = []
    if any(r.data_kind == DATA_EXAMPLE for r in results):
        lines += [EXAMPLE_WARNING, ""]
    if config is not None:
        lines.append(
            f"Scorecard LEV: basisjaar {config.baseline_year}, evaluatiejaar {config.evaluation_year}, "
            f"peildatum {config.peildatum.strftime('%d-%m-%Y')}, gegevens uit {config.data_dir}"
        )
    else:
        lines.append("Scorecard LEV")
    lines.append("")
    header = ["Speerpunt", "KPI", "Basis", "Laatste", "Verandering", "Nederland", "Status", "Meting", "Gegevens"]
    rows = []
    for r in results:
        rows.append([
            r.spearhead_name,
            r.kpi_id + (" (of)" if r.alternative_to else ""),
            _value_text(r, r.baseline_value, r.baseline_year),
            _value_text(r, r.latest_value, r.latest_year) + (" *" if r.provisional else ""),
            _change_text(r),
            "-" if math.isnan(r.comparison) else format_percent(r.comparison, 1, signed=True),
            _status_text(r),
            _measurement_text(r),
            r.data_kind,
        ])
    lines += _table(header, rows, right={2, 3, 4, 5})
    if any(r.provisional for r in results):
        lines.append("* voorlopig cijfer")
    if any(r.alternative_to for r in results):
        lines.append("(of) alternatieve indicator: samen met de vorige één streefwaarde, gehaald als één van beide gehaald is")
    targets = plan_targets(results)
    lines += ["", "Streefwaarden zoals het plan ze telt", ""]
    for target in targets:
        names = " of ".join(r.kpi_id for r in target.results)
        lines.append(f"  {names}: {target.status}" + (f", {WITHIN_MARGIN}" if target.within_margin else ""))
    lines += ["", "Per indicator", ""]
    for r in results:
        lines.append(f"{r.kpi_id} ({r.spearhead_name}): {r.indicator}")
        for label, text in _details(r):
            if text:
                lines.append(f"  {label + ':':<14}{text}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render(results: Sequence[KpiResult], fmt: str = "text", config: Config | None = None) -> str:
    if fmt == "text":
        return render_text(results, config)
    if fmt == "csv":
        return render_csv(results)
    if fmt == "json":
        return render_json(results)
    raise ValueError(f"Onbekend formaat '{fmt}'. Kies uit: {', '.join(FORMATS)}.")
