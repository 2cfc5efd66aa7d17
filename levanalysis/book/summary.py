"""The Samenvatting: every KPI at a glance, the main findings, and the downloads that go with
them. Findings are sentences computed from the results, so they stay right when data change."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

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
from levanalysis.book.downloads import write_workbook
from levanalysis.book.render import render
from levanalysis.book.status import status_context, status_label
from levanalysis.formatting import format_number, format_percent, join_and


def value_text(result: KpiResult, value: float, year) -> str:
    """'2025: 8.540', or 'geen data'."""
    if year is None or value is None or (isinstance(value, float) and math.isnan(value)):
        return "geen data"
    return f"{year}: {format_number(value, result.decimals)}"


def scorecard(results: list[KpiResult], chapter_of: Mapping[str, str]) -> list[dict]:
    """One row per KPI: its name and link (``chapter_of``: spearhead id -> chapter id), detail
    line, status, baseline and latest value; a pending spearhead has no link and no numbers."""
    rows = []
    for result in results:
        chapter = chapter_of.get(result.spearhead)
        pending = result.status == NOG_GEEN_STREEFWAARDE
        if result.rule_type == "count_in_period":
            baseline = "-"
        elif pending:
            baseline = "geen data"
        else:
            baseline = value_text(result, result.baseline_value, result.baseline_year)
        latest = value_text(result, result.latest_value, result.latest_year)
        if result.provisional and latest != "geen data":
            latest += " (voorlopig)"
        rows.append({
            "name": result.spearhead_name if pending or chapter is None else result.indicator,
            "href": None if pending or chapter is None else f"{chapter}.html#kpi-{result.kpi_id}",
            "detail": f"{result.spearhead_name}. Streefwaarde: {result.target}",
            "status": status_context(result),
            "baseline": baseline,
            "latest": latest,
        })
    return rows


def scorecard_html(results: list[KpiResult], chapter_of: Mapping[str, str]) -> str:
    return render("scorecard.html.j2", rows=scorecard(results, chapter_of))


def status_counts(results: list[KpiResult]) -> Counter:
    return Counter(r.status for r in results if r.status != NOG_GEEN_STREEFWAARDE)


def findings(results: list[KpiResult]) -> dict:
    """The main findings, computed from the results: a count sentence, the KPIs grouped by how
    they stand, the spearheads without measurable targets, and whether the data are examples."""
    scored = [r for r in results if r.status != NOG_GEEN_STREEFWAARDE]
    counts = status_counts(results)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    groups = []
    for label, statuses in (
        ("Op koers of behaald", (BEHAALD, OP_KOERS)),
        ("Achter op koers of niet behaald", (ACHTER_OP_KOERS, NIET_BEHAALD)),
        ("Zonder bruikbare cijfers", (GEEN_DATA,)),
    ):
        chosen = [finding(r) for r in scored if r.status in statuses]
        if chosen:
            groups.append({"text": label, "items": chosen, "strong": False})
    return {
        "count": f"Het plan heeft {len(scored)} indicatoren met een streefwaarde: {join_and(parts)}.",
        "groups": groups,
        "pending": [f"{r.spearhead_name} heeft nog geen meetbare streefwaarden: {r.reason}"
                    for r in results if r.status == NOG_GEEN_STREEFWAARDE],
        "example": any(r.data_kind == DATA_EXAMPLE for r in scored),
    }


def findings_html(results: list[KpiResult]) -> str:
    return render("findings.html.j2", findings=findings(results))


def kpi_name(result: KpiResult) -> str:
    """The indicator as the plan names it; the diversification target shares its indicator."""
    suffix = " (diversificatie)" if result.rule_type == "diversification_increase" else ""
    return f"{result.indicator}{suffix} ({result.spearhead_name})"


def finding(result: KpiResult) -> str:
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
        values[f"{key}_laatste"] = value_text(result, result.latest_value, result.latest_year)
        # Every key exists whatever the data, so the conclusions page never cites a missing name.
        values[f"{key}_verandering"] = (
            format_number(result.change, 3) if result.rule_type == "diversification_increase"
            else format_percent(result.change, 1, signed=True)
        )
        values[f"{key}_nederland"] = format_percent(result.comparison, 1, signed=True)
    return values


def write_downloads(results: list[KpiResult], kpi_tables: Mapping[str, pd.DataFrame], downloads_dir,
                    name: str = "lev-monitor") -> str:
    """The scorecard and every KPI's figures in one Excel workbook; returns the download link."""
    sheets = {"scorecard": pd.DataFrame(scorecard_rows(results)), **kpi_tables}
    example = any(r.data_kind == DATA_EXAMPLE for r in results)
    return write_workbook(sheets, downloads_dir, name, label="Download de scorecard en alle cijfers (Excel)",
                          example=example)
