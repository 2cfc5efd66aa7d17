"""The Samenvatting: every target of the plan at a glance, the main findings, and the downloads
that go with them. Findings are sentences computed from the results, so they stay right when
data change. Targets are counted as the plan counts them (:mod:`levanalysis.analysis.targets`):
an "Of:" pair is one target, and Logistiek is named apart until it has streefwaarden."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from levanalysis.analysis.calendar import month_text
from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_EXAMPLE,
    EINDMETING,
    GEEN_DATA,
    MEASUREMENTS,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OORDEEL_ONTBREEKT,
    OP_KOERS,
    STATUSES,
    TUSSENSTAND,
    VOORLOPIGE_EINDMETING,
    WITHIN_MARGIN,
    KpiResult,
)
from levanalysis.analysis.scorecard import scorecard_rows
from levanalysis.analysis.targets import Target, plan_targets
from levanalysis.book import tables
from levanalysis.book.downloads import write_workbook
from levanalysis.book.render import render
from levanalysis.book.status import date_text, status_label, target_status_context
from levanalysis.formatting import count_text, format_number, format_percent, join_and


def value_text(result: KpiResult, value: float, year) -> str:
    """'2025: 8.540', or 'geen data'."""
    if year is None or value is None or (isinstance(value, float) and math.isnan(value)):
        return "geen data"
    return f"{year}: {format_number(value, result.decimals)}"


def _short(result: KpiResult) -> str:
    """How a line inside a row of an "Of:" pair names its indicator: by its unit ('projecten')."""
    return result.unit or result.indicator


def display_name(result: KpiResult) -> str:
    """The indicator as the plan names it; the diversification target shares its indicator with
    the jobs target, so it says which one it is."""
    suffix = " (diversificatie)" if result.rule_type == "diversification_increase" else ""
    return result.indicator.removeprefix("Of: ") + suffix


def _latest(result: KpiResult) -> str:
    text = value_text(result, result.latest_value, result.latest_year)
    return text + " (voorlopig)" if result.provisional and text != "geen data" else text


def measurement_text(target: Target) -> str:
    """'tussenstand; eindcijfer verwacht: november 2027', or 'eindmeting'."""
    if target.pending:
        return ""
    kind = target.measurement or "nog geen meting"
    if kind == EINDMETING:
        return kind
    return f"{kind}; eindcijfer verwacht: {month_text(target.final_expected)}"


def _judgement_line(target: Target) -> str | None:
    lines = []
    for r in target.results:
        if r.judgement is None:
            continue
        if r.qualitative:
            lines.append(f"Status volgens het oordeel van de evaluator (rol: {r.judgement.role}, {date_text(r.judgement.date)}); "
                         "de monitor geeft hier geen eigen oordeel.")
        else:
            differs = ", wijkt af van de berekende status" if r.judgement_differs else ""
            lines.append(f"Oordeel evaluator: {r.judgement.status}{differs}.")
    return " ".join(lines) or None


def scorecard(results: Sequence[KpiResult], chapter_of: Mapping[str, str]) -> list[dict]:
    """One row per target of the plan: its name and link (``chapter_of``: spearhead id -> chapter
    id), detail line, status, baseline, latest value and measurement; the indicators of an "Of:"
    pair each have a line. A pending spearhead has no link and no numbers."""
    rows = []
    for target in plan_targets(results):
        first = target.primary
        chapter = chapter_of.get(first.spearhead)
        pending = target.pending
        if pending:
            baseline = "geen data"
        elif first.rule_type == "count_in_period":
            baseline = "-"
        else:
            baseline = value_text(first, first.baseline_value, first.baseline_year)
        many = len(target.results) > 1
        latest_lines = [f"{_short(r)} {_latest(r)}" if many else _latest(r) for r in target.results]
        name = first.spearhead_name if pending or chapter is None else display_name(first)
        targets = " of ".join(r.target for r in target.results)
        rows.append({
            "name": name,
            "alternatives": [{"name": r.indicator, "href": None if chapter is None else f"{chapter}.html#kpi-{r.kpi_id}"}
                             for r in target.alternatives],
            "href": None if pending or chapter is None else f"{chapter}.html#kpi-{first.kpi_id}",
            "detail": f"{first.spearhead_name}. Streefwaarde: {targets}",
            "judgement": _judgement_line(target),
            "status": target_status_context(target, compact=True),
            "baseline": baseline,
            "latest": "; ".join(latest_lines),
            "latest_lines": latest_lines,
            "measurement": measurement_text(target),
        })
    return rows


def measurement_frame(results: Sequence[KpiResult]) -> pd.DataFrame:
    """Per target: how final its status is and when the final figure can be expected."""
    rows = []
    for target in plan_targets(results):
        if target.pending:
            continue
        first = target.primary
        definitive = [r.final_definitive_expected for r in target.results if r.final_definitive_expected]
        rows.append({
            "Streefwaarde": " of ".join(display_name(r) for r in target.results),
            "Meting": target.measurement or "nog geen meting",
            "Cijfers tot en met": first.latest_year,
            "Eindcijfer verwacht": month_text(target.final_expected),
            "Definitief": month_text(max(definitive)) if definitive else "-",
        })
    return pd.DataFrame(rows)


def measurement_html(results: Sequence[KpiResult]) -> str:
    frame = measurement_frame(results)
    return tables.table_html(frame, "Tussenstand of eindmeting, en wanneer het eindcijfer over het laatste planjaar "
                             "er naar verwachting is.", {"Cijfers tot en met": tables.year})


def scorecard_html(results: Sequence[KpiResult], chapter_of: Mapping[str, str]) -> str:
    return render("scorecard.html.j2", rows=scorecard(results, chapter_of))


def status_counts(results: Sequence[KpiResult]) -> Counter:
    """How many of the plan's targets (not indicators) stand at each status."""
    return Counter(t.status for t in plan_targets(results) if not t.pending)


def _count_sentence(targets: list[Target]) -> str:
    scored = [t for t in targets if not t.pending]
    counts = Counter(t.status for t in scored)
    margins = Counter(t.status for t in scored if t.within_margin)
    parts = []
    for status in STATUSES:
        if counts[status]:
            extra = f" (waarvan {margins[status]} {WITHIN_MARGIN})" if margins[status] else ""
            parts.append(f"{counts[status]} {status}{extra}")
    pending = [t.primary.spearhead_name for t in targets if t.pending]
    text = f"Het plan heeft {count_text(len(scored), 'streefwaarde', 'streefwaarden')}"
    if pending:
        text += f", plus {join_and(pending)} waarvoor de streefwaarden nog volgen"
    return text + (f": {join_and(parts)}." if parts else ".")


def _measurement_sentence(targets: list[Target]) -> str:
    scored = [t for t in targets if not t.pending]
    kinds = Counter(t.measurement or "nog geen meting" for t in scored)
    plurals = {TUSSENSTAND: "tussenstanden", VOORLOPIGE_EINDMETING: "voorlopige eindmetingen",
               EINDMETING: "eindmetingen", "nog geen meting": "zonder meting"}
    parts = [count_text(kinds[k], k, plurals[k]) for k in (*MEASUREMENTS, "nog geen meting") if kinds[k]]
    dates = sorted(t.final_expected for t in scored if t.final_expected and t.measurement != EINDMETING)
    text = f"Meting: {join_and(parts)}."
    if dates:
        text += (f" De eindcijfers over het laatste planjaar worden verwacht tussen {month_text(dates[0])} en "
                 f"{month_text(dates[-1])}.")
    return text


def findings(results: Sequence[KpiResult]) -> dict:
    """The main findings, computed from the results: a count sentence over the plan's targets, how
    final they are, the targets grouped by how they stand, the spearheads without measurable
    targets, evaluator judgements that differ, and whether the data are examples."""
    targets = plan_targets(results)
    scored = [t for t in targets if not t.pending]
    groups = []
    for label, statuses in (
        ("Op koers of behaald", (BEHAALD, OP_KOERS)),
        ("Achter op koers of niet behaald", (ACHTER_OP_KOERS, NIET_BEHAALD)),
        ("Wacht op het oordeel van de evaluator", (OORDEEL_ONTBREEKT,)),
        ("Zonder bruikbare cijfers", (GEEN_DATA,)),
    ):
        chosen = [target_finding(t) for t in scored if t.status in statuses]
        if chosen:
            groups.append({"text": label, "items": chosen, "strong": False})
    pairs = [t for t in scored if len(t.results) > 1]
    notes = [f"{kpi_name(t.primary)} heeft {len(t.results)} indicatoren naar keuze (\"Of:\" in het plan) en telt als "
             "één streefwaarde: gehaald als één ervan gehaald is." for t in pairs]
    notes += [f"Bij {kpi_name(r)} wijkt het oordeel van de evaluator ({r.judgement.status}) af van de berekende "
              f"status ({r.status}); de telling gebruikt de berekende status." for r in results if r.judgement_differs]
    return {
        "count": _count_sentence(targets),
        "measurement": _measurement_sentence(targets),
        "groups": groups,
        "notes": notes,
        "pending": [f"{t.primary.spearhead_name} heeft nog geen meetbare streefwaarden: {t.primary.reason}"
                    for t in targets if t.pending],
        "example": any(r.data_kind == DATA_EXAMPLE for t in scored for r in t.results),
    }


def findings_html(results: Sequence[KpiResult]) -> str:
    return render("findings.html.j2", findings=findings(results))


def kpi_name(result: KpiResult) -> str:
    """The indicator as the plan names it, with its spearhead."""
    return f"{display_name(result)} ({result.spearhead_name})"


def finding(result: KpiResult) -> str:
    name = kpi_name(result)
    if result.status == GEEN_DATA:
        return f"{name}: {result.reason}"
    if result.rule_type == "growth_vs_nl" and not math.isnan(result.change) and not math.isnan(result.comparison):
        text = (f"{name}: {format_percent(result.change, 1, signed=True)} tegen "
                f"{format_percent(result.comparison, 1, signed=True)} in Nederland")
        return text + (f", {WITHIN_MARGIN}" if result.within_margin else "")
    if result.rule_type == "annual_growth" and not math.isnan(result.change):
        return f"{name}: {format_percent(result.change, 1, signed=True)} per jaar"
    if result.rule_type == "change" and not math.isnan(result.change):
        path = (f" (streefpad {format_percent(result.path_value / result.baseline_value - 1, 1, signed=True)})"
                if not math.isnan(result.path_value) and result.baseline_value else "")
        return f"{name}: {format_percent(result.change, 1, signed=True)}{path}"
    if result.rule_type == "count_in_period" and not math.isnan(result.latest_value):
        return f"{name}: {format_number(result.latest_value)} tot en met {result.latest_year}"
    if result.rule_type == "diversification_increase" and not math.isnan(result.change):
        word = "hoger" if result.change >= 0 else "lager"
        judged = f"oordeel evaluator: {result.judgement.status}; " if result.judgement else ""
        return f"{name}: {judged}hulpmiddel: spreidingsindex {format_number(abs(result.change), 3)} {word}"
    return name


def target_finding(target: Target) -> str:
    if len(target.results) == 1:
        return finding(target.primary)
    first = target.primary
    counted = join_and(f"{format_number(r.latest_value)} {_short(r)}" for r in target.results
                       if not math.isnan(r.latest_value))
    until = f" tot en met {first.latest_year}" if first.latest_year else ""
    return f"{kpi_name(first)} of {target.alternatives[0].indicator.removeprefix('Of: ')}: {counted or 'geen data'}{until}"


def glue_values(results: Sequence[KpiResult]) -> dict[str, str]:
    """Values the evaluator's conclusions page cites by name (myst-nb glue), as display text."""
    counts = status_counts(results)
    targets = [t for t in plan_targets(results) if not t.pending]
    values = {
        "aantal_streefwaarden": str(len(targets)),
        "aantal_indicatoren": str(sum(len(t.results) for t in targets)),
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
        values[f"{key}_meting"] = result.measurement or "geen meting"
        values[f"{key}_eindcijfer"] = month_text(result.final_expected)
    return values


def write_downloads(results: Sequence[KpiResult], kpi_tables: Mapping[str, pd.DataFrame], downloads_dir,
                    name: str = "lev-monitor") -> str:
    """The scorecard and every KPI's figures in one Excel workbook; returns the download link."""
    sheets = {"scorecard": pd.DataFrame(scorecard_rows(results)), **kpi_tables}
    example = any(r.data_kind == DATA_EXAMPLE for r in results)
    return write_workbook(sheets, downloads_dir, name, label="Download de scorecard en alle cijfers (Excel)",
                          example=example)
