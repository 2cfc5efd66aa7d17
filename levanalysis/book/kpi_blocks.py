"""One block per KPI: status with its rule, the evaluator's judgement beside it, the measurement
kind, the figures, a chart with the target path, a table, notes, the sources and, for jobs, LISA
and CBS side by side.

:func:`kpi_block` returns the plain context of ``kpi_block.html.j2`` (tests assert on it);
:func:`kpi_sections` renders the blocks of a spearhead with their downloads and the figures per
municipality where the delivery has them.
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.calendar import month_text
from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.analysis.indicators import index_series
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.judgements import load_judgements
from levanalysis.analysis.municipalities import municipal_breakdown
from levanalysis.analysis.reconciliation import Reconciliation, reconcile
from levanalysis.analysis.results import DATA_EXAMPLE, EINDMETING, KpiResult
from levanalysis.analysis.revision_effect import revision_effect
from levanalysis.analysis.series import diversification_series
from levanalysis.analysis.targets import Target, target_of
from levanalysis.book import charts, tables
from levanalysis.book.data_status import revision_note
from levanalysis.book.downloads import write_download
from levanalysis.book.render import render
from levanalysis.book.status import (
    judgement_context,
    status_context,
    status_label,
    target_status_context,
)
from levanalysis.definitions.plan_extras import load_previous_period
from levanalysis.definitions.region import Region
from levanalysis.definitions.sectors import load_sectors
from levanalysis.formatting import format_number, format_percent
from levanalysis.sources.store import describe_provenance

SHANNON = "Shannon-index"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_unit(value: float, result: KpiResult) -> str:
    text = format_number(value, result.decimals)
    return f"{text} {result.unit}" if result.unit and text != "geen data" else text


# --------------------------------------------------------------------------- chart


def region_values(result: KpiResult, data: KpiInput) -> pd.Series:
    """The regional series as the status reads it: years lacking a part are left out."""
    if data.region is None:
        return pd.Series(dtype=float)
    values = data.region.astype(float).copy()
    values[values.index.isin(list(result.incomplete_years))] = math.nan
    return values


def path_series(result: KpiResult) -> pd.Series:
    return pd.Series(dict(result.path), dtype=float)


def path_label(result: KpiResult, rule_min: float | None = None, rule_max: float | None = None) -> str:
    bound = rule_max if rule_max is not None else rule_min
    if result.rule_type == "annual_growth" and bound is not None:
        return f"streefpad ({format_percent(bound, 0, signed=True)} per jaar)"
    if result.rule_type == "change" and bound is not None:
        return f"streefpad (naar {format_percent(bound, 0, signed=True)})"
    if result.rule_type == "count_in_period" and bound is not None:
        return f"streefpad ({format_number(bound)} in de planperiode)"
    return "streefpad"


def chart_series(result: KpiResult, data: KpiInput) -> tuple[dict[str, pd.Series], str]:
    """The series a KPI's chart shows and its y-axis label (with the unit).

    Where the rule compares with Nederland both are shown as an index (baseline year = 100), so
    growth is compared, not levels of different sources; the Nederland line is then the target
    path. A count is shown cumulated over the plan period, so it can be read against its path.
    """
    region = region_values(result, data).dropna()
    label = capitalised(result.region_label)
    if result.rule_type == "growth_vs_nl":
        series = {label: index_series(region, result.baseline_year)}
        if data.nation is not None:
            series["Nederland (= streefpad)"] = index_series(data.nation.dropna(), result.baseline_year)
        return series, f"index ({result.baseline_year} = 100)"
    if result.rule_type == "diversification_increase":
        values = diversification_series(data.detail) if data.detail is not None else pd.Series(dtype=float)
        return {label: values}, "genormaliseerde Shannon-index (0-1)"
    if result.rule_type == "count_in_period":
        return {label: region.cumsum()}, f"aantal {result.unit}, opgeteld".strip()
    return {label: region}, result.unit or "waarde"


def kpi_figure(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None) -> dict | None:
    """The chart's context for ``figure.html.j2``; None when there is nothing to draw."""
    series, y_label = chart_series(result, data)
    if all(s.dropna().empty for s in series.values()):
        return None
    path = path_series(result)
    drawn_path = None
    if not path.empty and result.rule_type != "growth_vs_nl":  # there Nederland is the path
        drawn_path = (path, path_label(result, rule_min, rule_max))
    example = result.data_kind == DATA_EXAMPLE
    # The previous LEV period (plan data) is shaded where the figures reach back to its first year.
    previous, first = load_previous_period().span, min((s.dropna().index.min() for s in series.values() if not s.dropna().empty))
    figure = charts.line_chart(
        series, y_label=y_label, baseline_year=None if result.rule_type == "count_in_period" else result.baseline_year,
        integer=result.rule_type == "count_in_period", example=example, path=drawn_path,
        shaded_period=previous if first <= previous[0] else None, shaded_label=f"vorige LEV {previous[0]}-{previous[1]}",
    )
    decimals = 2 if result.rule_type == "diversification_increase" else (0 if "index" in y_label else result.decimals)
    described = dict(series) if drawn_path is None else {**series, drawn_path[1]: drawn_path[0]}
    alt = (
        f"Lijndiagram: {result.indicator}, {y_label}. "
        + charts.describe_series_for_alt(described, unit="", decimals=decimals)
        + f" Status: {status_label(result)}."
    )
    return charts.figure_context(figure, alt=alt, source=source_line(result), title=result.indicator, example=example)


# --------------------------------------------------------------------------- figures and table


def kpi_table(result: KpiResult, data: KpiInput) -> pd.DataFrame:
    """The figures behind the chart, raw (for download): one row per year, with the target path."""
    columns = {}
    unit = f" ({result.unit})" if result.unit else ""
    if result.rule_type == "diversification_increase" and data.detail is not None:
        names = _subsector_names()
        columns = {f"{names.get(str(c), str(c))} (banen)": data.detail[c] for c in data.detail.columns}
        columns[SHANNON] = diversification_series(data.detail)
    else:
        if data.region is not None:
            columns[capitalised(result.region_label) + unit] = region_values(result, data)
        if data.nation is not None:
            columns["Nederland" + unit] = data.nation
    path = path_series(result)
    if not path.empty and columns:
        columns[("Streefpad, opgeteld" if result.rule_type == "count_in_period" else "Streefpad") + unit] = path
    table = pd.DataFrame(columns)
    table.index.name = "Jaar"
    return table.reset_index()


def _subsector_names() -> dict[str, str]:
    return {sub.code: f"{sub.name} ({sub.code})" for sector in load_sectors().values() for sub in sector.subsectors}


def kpi_table_decimals(result: KpiResult, table: pd.DataFrame) -> dict[str, int]:
    """The published precision of each column of :func:`kpi_table` (a count's path: one decimal)."""
    decimals = {column: (3 if column == SHANNON else 0 if "(banen)" in column else result.decimals)
                for column in table.columns}
    for column in table.columns:
        if column.startswith("Streefpad") and result.rule_type == "count_in_period":
            decimals[column] = 1
    decimals["Jaar"] = 0
    return decimals


def source_line(result: KpiResult) -> str:
    """Bron volgens het plan, then the datasets actually used with kind, date and CBS status."""
    used = "; ".join(describe_provenance(p) for p in result.provenances) or "geen gegevens aanwezig"
    return f"{result.sources} (volgens het plan). Gebruikt: {used}."


def margin_text(margin: float) -> str:
    amount = format_number(margin * 100, 1)
    return "minder dan ±0,1 procentpunt" if amount == "0,0" else f"±{amount} procentpunt"


def kpi_facts(result: KpiResult) -> list[str]:
    """Baseline, latest value, the comparison, the path and the margin, each a short line."""
    if result.rule_type == "count_in_period":
        if result.latest_year is None:
            return []
        facts = [f"Aantal in de planperiode tot en met {result.latest_year}: {_with_unit(result.latest_value, result)}"]
        return facts + ([result.path_text] if not math.isnan(result.path_value) else [])
    facts = [f"Basisjaar {result.baseline_year}: {_with_unit(result.baseline_value, result)}"]
    if result.latest_year is not None:
        star = " (voorlopig)" if result.provisional else ""
        facts.append(f"Laatste jaar {result.latest_year}: {_with_unit(result.latest_value, result)}{star}")
    if not math.isnan(result.change):
        if result.rule_type == "annual_growth":
            facts.append(f"Gemiddelde groei per jaar: {format_percent(result.change, 1, signed=True)}")
        elif result.rule_type == "diversification_increase":
            facts.append(f"Verandering van de index: {format_number(result.change, 3)}")
        else:
            facts.append(f"Verandering: {format_percent(result.change, 1, signed=True)}")
    if not math.isnan(result.comparison):
        facts.append(f"Nederland over dezelfde jaren: {format_percent(result.comparison, 1, signed=True)}")
    if not math.isnan(result.path_value):
        facts.append(result.path_text)
    if not math.isnan(result.margin) and result.margin > 0:
        what = "het verschil met Nederland" if result.rule_type == "growth_vs_nl" else "de groei"
        facts.append(f"Meetmarge door afronding (95%) op {what}: {margin_text(result.margin)}")
    return facts


def measurement_text(result: KpiResult, period_end: int) -> str:
    """'Tussenstand (cijfers tot en met 2025). Eindcijfer over 2026 verwacht: november 2027.'"""
    if result.measurement is None:
        head = "Nog geen meting"
    else:
        head = f"{capitalised(result.measurement)} (cijfers tot en met {result.latest_year})"
    if result.measurement == EINDMETING:
        return head + "."
    text = f"{head}. Eindcijfer over {period_end} verwacht: {month_text(result.final_expected)}"
    if result.final_definitive_expected:
        text += f" (definitief: {month_text(result.final_definitive_expected)})"
    return text + "."


def target_context(target: Target | None) -> dict | None:
    """For an indicator with alternatives ("Of:"): the one target they share and its status."""
    if target is None or len(target.results) < 2:
        return None
    return {"text": target.reason, "status": target_status_context(target)}


def kpi_block(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None, notes=(), *,
              period_end: int | None = None, target: Target | None = None, reconciliation=None) -> dict:
    """Everything about one KPI, as the context of ``kpi_block.html.j2``."""
    table = kpi_table(result, data)
    has_table = not table.empty and len(table.columns) > 1
    decimals = kpi_table_decimals(result, table)
    formats = {c: (tables.year if c == "Jaar" else tables.number(decimals[c])) for c in table.columns}
    if result.qualitative:
        status_source = "oordeel van de evaluator" if result.judgement else "de monitor geeft hier geen eigen oordeel"
    else:
        status_source = "berekend door de monitor"
    # The diversification target shares its indicator with the jobs target: say which one it is.
    suffix = " (diversificatie)" if result.rule_type == "diversification_increase" else ""
    return {
        "id": f"kpi-{result.kpi_id}",
        "indicator": result.indicator + suffix,
        "goal": result.goal,
        "target": result.target,
        "status": status_context(result),
        "status_source": status_source,
        "judgement": judgement_context(result),
        "alternatives": target_context(target),
        "measurement": measurement_text(result, period_end or result.baseline_year + 3),
        "rule": result.rule,
        "reason": result.reason,
        "facts": kpi_facts(result),
        "figure": kpi_figure(result, data, rule_min, rule_max),
        "table": tables.table(table, f"Cijfers: {result.indicator}.", formats) if has_table else None,
        "reconciliation": reconciliation_context(reconciliation),
        "notes": list(dict.fromkeys([*result.notes, *notes])),
        "source": source_line(result),
    }


def reconciliation_context(reconciliation: Reconciliation | None) -> dict | None:
    """Both sources' growth side by side, the difference in definition and the choice made."""
    if reconciliation is None:
        return None
    base, latest = reconciliation.baseline_year, reconciliation.latest_year
    frame = pd.DataFrame([{
        "Bron": f"{f.source}, {f.definition}" + (" (gebruikt voor de status)" if f.used else ""),
        f"{base}": f.baseline_value,
        f"{latest}": f.latest_value,
        "Groei": f.growth,
        "Meetmarge": f.margin,
    } for f in reconciliation.figures])
    formats = {"Groei": tables.percent(1, signed=True), str(base): tables.number(0), str(latest): tables.number(0),
               "Meetmarge": lambda v: margin_text(v)}
    return {
        "table": tables.table(frame, f"Banen in de Liemers volgens twee bronnen, {base}-{latest}.", formats),
        "difference": reconciliation.difference,
        "choice": reconciliation.choice,
        "notes": [f.note for f in reconciliation.figures if f.note],
    }


def kpi_block_html(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None, notes=(), **extra) -> str:
    return render("kpi_block.html.j2", block=kpi_block(result, data, rule_min, rule_max, notes, **extra))


# --------------------------------------------------------------------------- per municipality


MUNICIPALITY_COLUMNS = {"gemeente": "Gemeente", "basiswaarde": "Basisjaar", "laatste_jaar": "Laatste jaar",
                        "laatste_waarde": "Laatste waarde", "groei": "Groei"}


def municipality_table(growth: pd.DataFrame, result: KpiResult) -> dict:
    shown = growth[list(MUNICIPALITY_COLUMNS)].rename(columns=MUNICIPALITY_COLUMNS)
    shown = shown.rename(columns={"Basisjaar": f"Basisjaar {result.baseline_year}"})
    formats = {"Laatste jaar": tables.year, "Groei": tables.percent(1, signed=True)}
    return tables.table(shown, f"{result.indicator}: per gemeente ({result.unit}).", formats)


def municipality_figure(values: pd.DataFrame, region: Region, result: KpiResult) -> dict | None:
    names = {m.code: m.name for m in region.municipalities}
    long = values.rename(columns=names).rename_axis("year").reset_index().melt(
        id_vars="year", var_name="gemeente", value_name="value").dropna()
    if long.empty:
        return None
    example = result.data_kind == DATA_EXAMPLE
    figure = charts.small_multiples(long, panel="gemeente", y_label=result.unit, baseline_year=result.baseline_year,
                                    example=example)
    wide = long.pivot(index="year", columns="gemeente", values="value")
    alt = (f"Kleine lijndiagrammen per gemeente: {result.indicator} ({result.unit}). "
           + charts.describe_series_for_alt({c: wide[c] for c in wide.columns}, unit=""))
    return charts.figure_context(figure, alt=alt, source=source_line(result),
                                 title=f"{result.indicator} per gemeente", example=example)


# --------------------------------------------------------------------------- the chapter section


def kpi_sections(spearhead, plan, store, config, region: Region, downloads_dir=None) -> list[tuple[str, str]]:
    """("html" | "markdown", text) parts for every KPI of a spearhead, in the plan's order."""
    parts: list[tuple[str, str]] = []
    judgements = load_judgements(store)
    evaluations = [(kpi, *evaluate_kpi(kpi, spearhead, plan, store, config, region, judgements))
                   for kpi in spearhead.monitoring.kpis]
    targets = target_of([result for _, _, result in evaluations])
    for kpi, data, result in evaluations:
        notes = region.participation_notes(kpi.participation_subject) if kpi.participation_subject else []
        if kpi.ambiguity:
            notes = [f"Uitleg van de streefwaarde: {kpi.ambiguity}", *notes]
        revised = revision_note(revision_effect(kpi, spearhead, plan, store, config, region, result.status))
        if revised:
            notes = [revised, *notes]
        reconciliation = reconcile(kpi, result, store, spearhead.sector, region, data.region_sd)
        parts.append(("html", kpi_block_html(result, data, kpi.rule.min, kpi.rule.max, notes=notes,
                                             period_end=plan.period[1], target=targets.get(kpi.id),
                                             reconciliation=reconciliation)))
        table = kpi_table(result, data)
        link = write_download(table, downloads_dir, kpi.id, decimals=kpi_table_decimals(result, table),
                              example=result.data_kind == DATA_EXAMPLE)
        if link:
            parts.append(("markdown", link))
        breakdown = municipal_breakdown(kpi, store, spearhead.sector, region, config.baseline_year)
        if breakdown is not None:
            growth, values = breakdown
            parts.append(("html", render("municipalities.html.j2", table=municipality_table(growth, result),
                                         figure=municipality_figure(values, region, result))))
    return parts
