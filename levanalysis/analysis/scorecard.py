"""The scorecard: one row per KPI of the plan (and one per pending spearhead), as text, CSV or JSON.

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

from levanalysis.analysis.judging import DATA_EXAMPLE, KpiResult, evaluate_plan
from levanalysis.definitions.config import Config, ConfigError, load_config
from levanalysis.definitions.plan import Plan, load_plan
from levanalysis.formatting import format_number, format_percent
from levanalysis.sources.store import describe_provenance, open_store

__all__ = [
    "EXAMPLE_WARNING",
    "FIELDS",
    "FORMATS",
    "build_scorecard",
    "render",
    "render_csv",
    "render_json",
    "render_text",
    "scorecard_rows",
]

FORMATS = ("text", "csv", "json")
FIELDS = (
    "kpi",
    "speerpunt",
    "doel",
    "indicator",
    "streefwaarde",
    "regeltype",
    "toetsregel",
    "eenheid",
    "gebied",
    "basisjaar",
    "basiswaarde",
    "laatste_jaar",
    "laatste_waarde",
    "verandering",
    "groei_nederland",
    "status",
    "toelichting",
    "bron",
    "gegevens",
    "voorlopig",
    "herkomst",
    "opmerkingen",
)
EXAMPLE_WARNING = (
    "LET OP: VOORBEELDCIJFERS. De cijfers hieronder komen (deels) uit verzonnen voorbeeldgegevens; "
    "het zijn geen echte cijfers."
)


def build_scorecard(config: Config | None = None, plan: Plan | None = None) -> list[KpiResult]:
    """Evaluate the plan on the configured data directory."""
    config = config or load_config()
    plan = plan or load_plan()
    if not config.data_dir.is_dir():
        raise ConfigError(f"De gegevensmap {config.data_dir} bestaat niet.")
    return evaluate_plan(plan, open_store(config.data_dir), config)


def _number(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _provenance_text(result: KpiResult) -> str:
    return "; ".join(describe_provenance(p) for p in result.provenances)


def scorecard_rows(results: Sequence[KpiResult]) -> list[dict]:
    """One dict per result with the fields of :data:`FIELDS`; numbers as numbers, missing as None."""
    rows = []
    for r in results:
        rows.append({
            "kpi": r.kpi_id,
            "speerpunt": r.spearhead_name,
            "doel": r.goal,
            "indicator": r.indicator,
            "streefwaarde": r.target,
            "regeltype": r.rule_type,
            "toetsregel": r.rule,
            "eenheid": r.unit,
            "gebied": r.region_label if r.rule_type else None,
            "basisjaar": r.baseline_year if r.rule_type and r.rule_type != "count_in_period" else None,
            "basiswaarde": _number(r.baseline_value),
            "laatste_jaar": r.latest_year,
            "laatste_waarde": _number(r.latest_value),
            "verandering": _number(r.change),
            "groei_nederland": _number(r.comparison),
            "status": r.status,
            "toelichting": r.reason,
            "bron": r.sources,
            "gegevens": r.data_kind,
            "voorlopig": r.provisional,
            "herkomst": _provenance_text(r),
            "opmerkingen": " ".join(r.notes),
        })
    return rows


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


def render_text(results: Sequence[KpiResult], config: Config | None = None) -> str:
    lines = []
    if any(r.data_kind == DATA_EXAMPLE for r in results):
        lines += [EXAMPLE_WARNING, ""]
    if config is not None:
        lines.append(
            f"Scorecard LEV: basisjaar {config.baseline_year}, evaluatiejaar {config.evaluation_year}, "
            f"gegevens uit {config.data_dir}"
        )
    else:
        lines.append("Scorecard LEV")
    lines.append("")
    header = ["Speerpunt", "KPI", "Basis", "Laatste", "Verandering", "Nederland", "Status", "Gegevens"]
    rows = []
    for r in results:
        rows.append([
            r.spearhead_name,
            r.kpi_id,
            _value_text(r, r.baseline_value, r.baseline_year),
            _value_text(r, r.latest_value, r.latest_year) + (" *" if r.provisional else ""),
            _change_text(r),
            "-" if math.isnan(r.comparison) else format_percent(r.comparison, 1, signed=True),
            r.status,
            r.data_kind,
        ])
    lines += _table(header, rows, right={2, 3, 4, 5})
    if any(r.provisional for r in results):
        lines.append("* voorlopig cijfer")
    lines += ["", "Per indicator", ""]
    for r in results:
        lines.append(f"{r.kpi_id} ({r.spearhead_name}): {r.indicator}")
        details = [
            ("Doel", r.goal),
            ("Streefwaarde", r.target),
            ("Toetsing", r.rule),
            ("Eenheid", r.unit),
            ("Status", f"{r.status}. {r.reason}"),
            ("Bron", r.sources),
            ("Gegevens", f"{r.data_kind}" + (f": {_provenance_text(r)}" if r.provenances else "")),
        ]
        details += [("Opmerking", note) for note in r.notes]
        for label, text in details:
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
