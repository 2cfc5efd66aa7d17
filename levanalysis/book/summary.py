"""The Samenvatting: every KPI at a glance, the main findings, and the downloads that go with
them. Findings are sentences computed from the results, so they stay right when data change."""

from __future__ import annotations

import html
import math
from collections import Counter
from pathlib import Path

import pandas as pd

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_EXAMPLE,
    GEEN_DATA,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OP_KOERS,
    STATUSES,
    KpiResult,
)
from levanalysis.analysis.scorecard import scorecard_rows
from levanalysis.book.status import STATUS_SYMBOLS, status_html, status_label
from levanalysis.formatting import format_number, format_percent

# The chapter each spearhead's KPIs are on (chapter ids in _config.yml).
CHAPTER_OF_SPEARHEAD = {"vte": "vrijetijdseconomie", "logistiek": "logistiek", "maakindustrie": "maakindustrie"}


def _value_text(result: KpiResult, value: float, year) -> str:
    if year is None or value is None or (isinstance(value, float) and math.isnan(value)):
        return "geen data"
    return f"{year}: {format_number(value, result.decimals)}"


def scorecard_html(results: list[KpiResult]) -> str:
    """The scorecard as an HTML table, status second so it stays in view on a phone; each
    indicator links to its block in the chapter."""
    header = ["Indicator", "Status", "Basis", "Laatste"]
    rows = []
    for result in results:
        chapter = CHAPTER_OF_SPEARHEAD.get(result.spearhead)
        if result.status == NOG_GEEN_STREEFWAARDE or chapter is None:
            name = html.escape(result.spearhead_name)
        else:
            name = f'<a href="{chapter}.html#kpi-{html.escape(result.kpi_id)}">{html.escape(result.indicator)}</a>'
        detail = f"{result.spearhead_name}. Streefwaarde: {result.target}"
        indicator = f'{name}<br><span class="lev-detail">{html.escape(detail)}</span>'
        if result.rule_type == "count_in_period":
            baseline, latest = "-", _value_text(result, result.latest_value, result.latest_year)
        else:
            baseline = _value_text(result, result.baseline_value, result.baseline_year if result.rule_type else None)
            latest = _value_text(result, result.latest_value, result.latest_year)
            if result.provisional and latest != "geen data":
                latest += " (voorlopig)"
        cells = [indicator, status_html(result), html.escape(baseline), html.escape(latest)]
        # data-label lets the narrow-screen style show each row as a labelled card.
        rows.append("<tr>" + "".join(
            f'<td data-label="{label}">{cell}</td>' for label, cell in zip(header, cells, strict=True)
        ) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return (
        '<div class="lev-table-wrap"><p class="lev-table-caption">Alle indicatoren van het actieplan met hun status.</p>'
        f'<table class="lev-table lev-scorecard"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def status_legend_markdown() -> str:
    meanings = {
        BEHAALD: "de streefwaarde is gehaald (voor een telling: het aantal is bereikt; anders: over de hele planperiode)",
        NIET_BEHAALD: "de planperiode is voorbij en de streefwaarde is niet gehaald",
        OP_KOERS: "de planperiode loopt nog en de cijfers tot nu toe halen de streefwaarde",
        ACHTER_OP_KOERS: "de planperiode loopt nog en de cijfers tot nu toe halen de streefwaarde niet",
        GEEN_DATA: "er zijn (nog) geen bruikbare cijfers; de monitor geeft dan geen oordeel",
        NOG_GEEN_STREEFWAARDE: "het plan heeft (nog) geen meetbare streefwaarde",
    }
    return "\n".join(f"- **{STATUS_SYMBOLS[s]} {s}**: {meanings[s]}." for s in STATUSES)


def status_counts(results: list[KpiResult]) -> Counter:
    return Counter(r.status for r in results if r.status != NOG_GEEN_STREEFWAARDE)


def findings_markdown(results: list[KpiResult]) -> str:
    """The main findings in plain Dutch, computed from the results."""
    scored = [r for r in results if r.status != NOG_GEEN_STREEFWAARDE]
    counts = status_counts(results)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    blocks = [f"- Het plan heeft {len(scored)} indicatoren met een streefwaarde: " + _join(parts) + "."]
    groups = (
        ("Op koers of behaald", (BEHAALD, OP_KOERS)),
        ("Achter op koers of niet behaald", (ACHTER_OP_KOERS, NIET_BEHAALD)),
        ("Zonder bruikbare cijfers", (GEEN_DATA,)),
    )
    for label, statuses in groups:
        chosen = [r for r in scored if r.status in statuses]
        if chosen:
            blocks.append(f"- {label}:\n" + "\n".join(f"  - {_finding(r)}" for r in chosen))
    for result in results:
        if result.status == NOG_GEEN_STREEFWAARDE:
            blocks.append(f"- {result.spearhead_name} heeft nog geen meetbare streefwaarden: {result.reason}")
    text = "\n".join(blocks)
    if any(r.data_kind == DATA_EXAMPLE for r in scored):
        text += ("\n\n**Deze uitkomsten zijn gebaseerd op voorbeeldcijfers en zeggen niets over de werkelijke "
                 "ontwikkeling van de Liemers.**")
    return text


def kpi_name(result: KpiResult) -> str:
    """The indicator as the plan names it; the diversification target shares its indicator."""
    suffix = " (diversificatie)" if result.rule_type == "diversification_increase" else ""
    return f"{result.indicator}{suffix} ({result.spearhead_name})"


def _finding(result: KpiResult) -> str:
    name = kpi_name(result)
    if result.status == GEEN_DATA:
        return f"{name}: {result.reason}"
    if result.rule_type == "growth_vs_nl" and not math.isnan(result.change) and not math.isnan(result.comparison):
        return f"{name}: {format_percent(result.change, 1, signed=True)} tegen {format_percent(result.comparison, 1, signed=True)} in Nederland"
    if result.rule_type == "annual_growth" and not math.isnan(result.change):
        return f"{name}: {format_percent(result.change, 1, signed=True)} per jaar"
    if result.rule_type == "change" and not math.isnan(result.change):
        return f"{name}: {format_percent(result.change, 1, signed=True)}"
    if result.rule_type == "count_in_period" and not math.isnan(result.latest_value):
        return f"{name}: {format_number(result.latest_value)} tot en met {result.latest_year}"
    if result.rule_type == "diversification_increase" and not math.isnan(result.change):
        return f"{name}: index {format_number(result.change, 3)} hoger"
    return name


def _join(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def glue_values(results: list[KpiResult]) -> dict[str, str]:
    """Values the evaluator's conclusions page cites by name (myst-nb glue), as display text."""
    counts = status_counts(results)
    values = {
        "aantal_indicatoren": str(sum(counts.values())),
        **{f"aantal_{status.replace(' ', '_')}": str(counts[status]) for status in STATUSES if status != NOG_GEEN_STREEFWAARDE},
    }
    for result in results:
        if result.status == NOG_GEEN_STREEFWAARDE:
            continue
        key = result.kpi_id.replace("-", "_")
        values[f"{key}_status"] = status_label(result)
        values[f"{key}_laatste"] = _value_text(result, result.latest_value, result.latest_year)
        # Every key exists whatever the data, so the conclusions page never cites a missing name.
        values[f"{key}_verandering"] = (
            format_number(result.change, 3) if result.rule_type == "diversification_increase"
            else format_percent(result.change, 1, signed=True)
        )
        values[f"{key}_nederland"] = format_percent(result.comparison, 1, signed=True)
    return values


def write_workbook(results: list[KpiResult], kpi_tables: dict[str, pd.DataFrame], downloads_dir, name: str = "lev-monitor") -> str:
    """The scorecard and every KPI's figures in one Excel workbook; returns a download link."""
    if downloads_dir is None:
        return ""
    directory = Path(downloads_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(scorecard_rows(results)).to_excel(writer, sheet_name="scorecard", index=False)
        for kpi_id, table in kpi_tables.items():
            table.to_excel(writer, sheet_name=kpi_id[:31], index=False)
    return f"{{download}}`Download de scorecard en alle cijfers (Excel) <{directory.name}/{path.name}>`"


def glue_names_markdown(values: dict[str, str]) -> str:
    """A collapsible list of the named values, with the exact text to type for each."""
    rows = "\n".join(
        f"| `{{glue:text}}`chapters/samenvatting.ipynb::{key}:s`` | {value} |" for key, value in values.items()
    )
    return f"```{{dropdown}} Alle namen en hun huidige waarde\n| typ in de tekst | huidige waarde |\n|---|---|\n{rows}\n```"
