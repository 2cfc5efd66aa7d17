"""One block per KPI: status with its rule, the figures, a chart, a table, notes and the source.

:func:`kpi_block` returns the plain context of ``kpi_block.html.j2`` (tests assert on it);
:func:`kpi_sections` renders the blocks of a spearhead with their downloads and the figures per
municipality where the delivery has them.
"""

from __future__ import annotations

import math

import pandas as pd

from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.analysis.indicators import index_series
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.municipalities import municipal_breakdown
from levanalysis.analysis.results import DATA_EXAMPLE, KpiResult
from levanalysis.analysis.series import diversification_series
from levanalysis.book import charts, tables
from levanalysis.book.downloads import write_download
from levanalysis.book.render import render
from levanalysis.book.status import status_context, status_label
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


def chart_series(result: KpiResult, data: KpiInput) -> tuple[dict[str, pd.Series], str]:
    """The series a KPI's chart shows and its y-axis label (with the unit).

    Where the rule compares with Nederland both are shown as an index (baseline year = 100), so
    growth is compared, not levels of different sources. A count is shown cumulated over the
    plan period, so it can be read against the period's streefwaarde.
    """
    region = data.region.dropna() if data.region is not None else pd.Series(dtype=float)
    label = capitalised(result.region_label)
    if result.rule_type == "growth_vs_nl":
        series = {label: index_series(region, result.baseline_year)}
        if data.nation is not None:
            series["Nederland"] = index_series(data.nation.dropna(), result.baseline_year)
        return series, f"index ({result.baseline_year} = 100)"
    if result.rule_type == "diversification_increase":
        values = diversification_series(data.detail) if data.detail is not None else pd.Series(dtype=float)
        return {label: values}, "genormaliseerde Shannon-index (0-1)"
    if result.rule_type == "count_in_period":
        return {label: region.cumsum()}, f"aantal {result.unit}, opgeteld".strip()
    return {label: region}, result.unit or "waarde"


def target_line(result: KpiResult, rule_min: float | None, rule_max: float | None) -> tuple[float, str] | None:
    """The level the region must reach, where the rule defines one."""
    baseline = result.baseline_value
    if result.rule_type == "change" and not math.isnan(baseline):
        bound = rule_max if rule_max is not None else rule_min
        return baseline * (1 + bound), f"streefwaarde ({format_percent(bound, 0, signed=True)} t.o.v. {result.baseline_year})"
    if result.rule_type == "count_in_period" and rule_min is not None:
        return rule_min, f"streefwaarde: {format_number(rule_min)} in de planperiode"
    return None


def target_path(result: KpiResult, rule_min: float | None, years) -> pd.Series | None:
    """For 'x% per jaar': the path from the baseline that just meets the target."""
    if result.rule_type != "annual_growth" or rule_min is None or math.isnan(result.baseline_value):
        return None
    later = [int(y) for y in years if int(y) >= result.baseline_year]
    return pd.Series({y: result.baseline_value * (1 + rule_min) ** (y - result.baseline_year) for y in later}, dtype=float)


def kpi_figure(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None) -> dict | None:
    """The chart's context for ``figure.html.j2``; None when there is nothing to draw."""
    series, y_label = chart_series(result, data)
    if all(s.dropna().empty for s in series.values()):
        return None
    path = target_path(result, rule_min, next(iter(series.values())).index)
    if path is not None:
        series = {**series, f"streefwaarde-pad (+{format_percent(rule_min, 0)} per jaar)": path}
    example = result.data_kind == DATA_EXAMPLE
    # The previous LEV period (plan data) is shaded where the figures reach back to its first year.
    previous, first = load_previous_period().span, min((s.dropna().index.min() for s in series.values() if not s.dropna().empty))
    figure = charts.line_chart(
        series, y_label=y_label, baseline_year=None if result.rule_type == "count_in_period" else result.baseline_year,
        target=target_line(result, rule_min, rule_max), integer=result.rule_type == "count_in_period", example=example,
        shaded_period=previous if first <= previous[0] else None, shaded_label=f"vorige LEV {previous[0]}-{previous[1]}",
    )
    decimals = 2 if result.rule_type == "diversification_increase" else (0 if "index" in y_label else result.decimals)
    alt = (
        f"Lijndiagram: {result.indicator}, {y_label}. "
        + charts.describe_series_for_alt(series, unit="", decimals=decimals)
        + f" Status: {status_label(result)}."
    )
    return charts.figure_context(figure, alt=alt, source=source_line(result), title=result.indicator, example=example)


# --------------------------------------------------------------------------- figures and table


def kpi_table(result: KpiResult, data: KpiInput) -> pd.DataFrame:
    """The figures behind the chart, raw (for download): one row per year."""
    columns = {}
    if result.rule_type == "diversification_increase" and data.detail is not None:
        names = _subsector_names()
        columns = {f"{names.get(str(c), str(c))} (banen)": data.detail[c] for c in data.detail.columns}
        columns[SHANNON] = diversification_series(data.detail)
    else:
        unit = f" ({result.unit})" if result.unit else ""
        if data.region is not None:
            columns[capitalised(result.region_label) + unit] = data.region
        if data.nation is not None:
            columns["Nederland" + unit] = data.nation
    table = pd.DataFrame(columns)
    table.index.name = "Jaar"
    return table.reset_index()


def _subsector_names() -> dict[str, str]:
    return {sub.code: f"{sub.name} ({sub.code})" for sector in load_sectors().values() for sub in sector.subsectors}


def kpi_table_decimals(result: KpiResult, table: pd.DataFrame) -> dict[str, int]:
    """The published precision of each column of :func:`kpi_table`."""
    decimals = {column: (3 if column == SHANNON else 0 if "(banen)" in column else result.decimals)
                for column in table.columns}
    decimals["Jaar"] = 0
    return decimals


def source_line(result: KpiResult) -> str:
    """Bron volgens het plan, then the datasets actually used with kind, date and CBS status."""
    used = "; ".join(describe_provenance(p) for p in result.provenances) or "geen gegevens aanwezig"
    return f"{result.sources} (volgens het plan). Gebruikt: {used}."


def kpi_facts(result: KpiResult) -> list[str]:
    """Baseline, latest value and the comparison, each a short line with its unit."""
    if result.rule_type == "count_in_period":
        if result.latest_year is None:
            return []
        return [f"Aantal in de planperiode tot en met {result.latest_year}: {_with_unit(result.latest_value, result)}"]
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
    return facts


def kpi_block(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None, notes=()) -> dict:
    """Everything about one KPI, as the context of ``kpi_block.html.j2``."""
    table = kpi_table(result, data)
    has_table = not table.empty and len(table.columns) > 1
    decimals = kpi_table_decimals(result, table)
    formats = {c: (tables.year if c == "Jaar" else tables.number(decimals[c])) for c in table.columns}
    return {
        "id": f"kpi-{result.kpi_id}",
        "indicator": result.indicator,
        "goal": result.goal,
        "target": result.target,
        "status": status_context(result),
        "rule": result.rule,
        "reason": result.reason,
        "facts": kpi_facts(result),
        "figure": kpi_figure(result, data, rule_min, rule_max),
        "table": tables.table(table, f"Cijfers: {result.indicator}.", formats) if has_table else None,
        "notes": list(dict.fromkeys([*result.notes, *notes])),
        "source": source_line(result),
    }


def kpi_block_html(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None, notes=()) -> str:
    return render("kpi_block.html.j2", block=kpi_block(result, data, rule_min, rule_max, notes))


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
    for kpi in spearhead.monitoring.kpis:
        data, result = evaluate_kpi(kpi, spearhead, plan, store, config, region)
        notes = region.participation_notes(kpi.participation_subject) if kpi.participation_subject else []
        if kpi.ambiguity:
            notes = [f"Uitleg van de streefwaarde: {kpi.ambiguity}", *notes]
        parts.append(("html", kpi_block_html(result, data, kpi.rule.min, kpi.rule.max, notes=notes)))
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
