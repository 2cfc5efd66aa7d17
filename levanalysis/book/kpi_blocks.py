"""One block per KPI: status with its rule, figures, chart, table, notes and source."""

from __future__ import annotations

import html
import math

import pandas as pd

from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.analysis.indicators import index_series
from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.results import KpiResult
from levanalysis.analysis.series import diversification_series
from levanalysis.book import charts
from levanalysis.book.display import to_html_table
from levanalysis.book.downloads import write_download
from levanalysis.book.status import status_html, status_label
from levanalysis.definitions.region import Region, apply_reorganisations
from levanalysis.formatting import format_number, format_percent
from levanalysis.sources.store import describe_provenance


def chart_series(result: KpiResult, data: KpiInput) -> tuple[dict[str, pd.Series], str, int]:
    """The series a KPI's chart shows, its y-axis label and decimals.

    Where the rule compares with Nederland both are shown as an index (baseline year = 100),
    so growth is compared, not levels of different sources.
    """
    region = data.region.dropna() if data.region is not None else pd.Series(dtype=float)
    label = capitalised(result.region_label)
    if result.rule_type == "growth_vs_nl":
        series = {label: index_series(region, result.baseline_year)}
        if data.nation is not None:
            series["Nederland"] = index_series(data.nation.dropna(), result.baseline_year)
        return series, f"index ({result.baseline_year} = 100)", 0
    if result.rule_type == "diversification_increase":
        if data.detail is None:
            return {label: pd.Series(dtype=float)}, "Shannon-index (0-1)", 2
        return {label: diversification_series(data.detail)}, "genormaliseerde Shannon-index (0-1)", 2
    if result.rule_type == "count_in_period":
        return {label: region}, f"aantal ({result.unit or 'per jaar'})", 0
    return {label: region}, result.unit or "waarde", data.decimals


def target_line(result: KpiResult, rule_min: float | None, rule_max: float | None) -> tuple[float, str] | None:
    """The level the region must reach, where the rule defines one."""
    baseline = result.baseline_value
    if result.rule_type == "change" and not math.isnan(baseline):
        bound = rule_max if rule_max is not None else rule_min
        return baseline * (1 + bound), f"streefwaarde ({format_percent(bound, 0, signed=True)} t.o.v. {result.baseline_year})"
    if result.rule_type == "count_in_period" and rule_min is not None:
        return rule_min, f"streefwaarde: {format_number(rule_min)} in de periode"
    return None


def target_path(result: KpiResult, rule_min: float | None, years) -> pd.Series | None:
    """For 'x% per jaar': the path from the baseline that just meets the target."""
    if result.rule_type != "annual_growth" or rule_min is None or math.isnan(result.baseline_value):
        return None
    later = [int(y) for y in years if int(y) >= result.baseline_year]
    return pd.Series({y: result.baseline_value * (1 + rule_min) ** (y - result.baseline_year) for y in later}, dtype=float)


def kpi_figure_html(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None) -> str:
    series, y_label, decimals = chart_series(result, data)
    if all(s.dropna().empty for s in series.values()):
        return ""
    path = target_path(result, rule_min, next(iter(series.values())).index)
    if path is not None:
        series = {**series, f"streefwaarde-pad (+{format_percent(rule_min, 0)} per jaar)": path}
    figure = charts.line_chart(
        series, title=result.indicator, y_label=y_label, baseline_year=result.baseline_year,
        target=target_line(result, rule_min, rule_max), decimals=decimals,
    )
    alt = (
        f"Lijndiagram: {result.indicator}, {y_label}. "
        + charts.describe_series_for_alt(series, unit="", decimals=decimals)
        + f" Status: {status_label(result)}."
    )
    return charts.figure_html(figure, alt=alt, source=source_line(result))


def kpi_table(result: KpiResult, data: KpiInput) -> pd.DataFrame:
    """The figures behind the chart, raw (for download): one row per year."""
    columns = {}
    if data.region is not None:
        columns[capitalised(result.region_label)] = data.region
    if data.nation is not None:
        columns["Nederland"] = data.nation
    if result.rule_type == "diversification_increase" and data.detail is not None:
        columns = {**{str(c): data.detail[c] for c in data.detail.columns}, "Shannon-index": diversification_series(data.detail)}
    table = pd.DataFrame(columns)
    table.index.name = "jaar"
    return table.reset_index()


def kpi_table_display(table: pd.DataFrame, decimals: int) -> pd.DataFrame:
    shown = table.copy()
    shown["jaar"] = shown["jaar"].astype(int).astype(str)
    for column in shown.columns[1:]:
        places = 3 if column == "Shannon-index" else decimals
        shown[column] = shown[column].map(lambda v, p=places: format_number(v, p))
    return shown.rename(columns={"jaar": "Jaar"})


def source_line(result: KpiResult) -> str:
    """Bron volgens het plan, then the datasets actually used with kind, date and CBS status."""
    used = "; ".join(describe_provenance(p) for p in result.provenances) or "geen gegevens aanwezig"
    return f"{result.sources} (volgens het plan). Gebruikt: {used}."


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _value(result: KpiResult, value: float) -> str:
    return format_number(value, result.decimals)


def kpi_summary_html(result: KpiResult) -> str:
    """Baseline, latest value and the comparison in one short list."""
    items = []
    if result.rule_type == "count_in_period":
        if result.latest_year is not None:
            items.append(f"Aantal in de planperiode tot en met {result.latest_year}: {_value(result, result.latest_value)}")
    else:
        items.append(f"Basisjaar {result.baseline_year}: {_value(result, result.baseline_value)}")
        if result.latest_year is not None:
            star = " (voorlopig)" if result.provisional else ""
            items.append(f"Laatste jaar {result.latest_year}: {_value(result, result.latest_value)}{star}")
        if not math.isnan(result.change):
            if result.rule_type == "annual_growth":
                items.append(f"Gemiddelde groei per jaar: {format_percent(result.change, 1, signed=True)}")
            elif result.rule_type == "diversification_increase":
                items.append(f"Verandering van de index: {format_number(result.change, 3)}")
            else:
                items.append(f"Verandering: {format_percent(result.change, 1, signed=True)}")
        if not math.isnan(result.comparison):
            items.append(f"Nederland over dezelfde jaren: {format_percent(result.comparison, 1, signed=True)}")
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def kpi_block_html(result: KpiResult, data: KpiInput, rule_min=None, rule_max=None, notes=()) -> str:
    """Everything about one KPI: title, status with its rule, figures, chart, table, source."""
    table = kpi_table(result, data)
    parts = [
        f'<section class="lev-kpi" id="kpi-{html.escape(result.kpi_id)}">',
        f"<h3>{html.escape(result.indicator)}</h3>",
        f'<p class="lev-kpi-goal">Doel: {html.escape(result.goal)}. Streefwaarde in het plan: '
        f"<em>{html.escape(result.target)}</em></p>",
        f"<p>{status_html(result)}</p>",
        f'<p class="lev-kpi-rule"><strong>Toetsregel:</strong> {html.escape(result.rule)} '
        f"<strong>Uitkomst:</strong> {html.escape(result.reason)}</p>",
        kpi_summary_html(result),
    ]
    figure = kpi_figure_html(result, data, rule_min, rule_max)
    parts.append(figure)
    if not table.empty and len(table.columns) > 1:
        parts.append(to_html_table(kpi_table_display(table, result.decimals), caption=f"Cijfers: {result.indicator}."))
    for note in [*result.notes, *notes]:
        parts.append(f'<p class="lev-note">{html.escape(note)}</p>')
    if not figure:  # a figure carries the source line in its caption
        parts.append(f'<p class="lev-source">Bron: {html.escape(source_line(result))}</p>')
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def municipality_growth(frame: pd.DataFrame, value_column: str, region: Region, baseline_year: int,
                        sbi_codes=None) -> pd.DataFrame:
    """Per municipality: baseline, latest year with data and growth, from a local source.

    ``frame`` has columns gemeente, jaar, ``value_column`` (and sbi when ``sbi_codes`` is given).
    Rijnwaarden is folded into Zevenaar first; a municipality with a missing figure gets NaN.
    """
    data = frame if sbi_codes is None else frame[frame["sbi"].isin(list(sbi_codes))]
    long = data.groupby(["gemeente", "jaar"])[value_column].sum(min_count=1).astype(float).reset_index()
    long = long.rename(columns={"gemeente": "region", "jaar": "year", value_column: "value"})
    long = apply_reorganisations(long, region.reorganisations)
    wide = long.pivot(index="year", columns="region", values="value")
    rows = []
    for municipality in region.municipalities:
        series = wide[municipality.code].dropna() if municipality.code in wide else pd.Series(dtype=float)
        later = series[series.index > baseline_year]
        base = series.get(baseline_year, math.nan)
        latest_year = int(later.index.max()) if not later.empty else None
        latest = later.iloc[-1] if not later.empty else math.nan
        rows.append({
            "gemeente": municipality.name,
            "basisjaar": baseline_year,
            "basiswaarde": base,
            "laatste_jaar": latest_year,
            "laatste_waarde": latest,
            "groei": latest / base - 1 if base and not math.isnan(base) and not math.isnan(latest) else math.nan,
        })
    return pd.DataFrame(rows)


def municipality_growth_display(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Gemeente": table["gemeente"],
        "Basisjaar": [f"{y}: {format_number(v)}" for y, v in zip(table["basisjaar"], table["basiswaarde"], strict=True)],
        "Laatste jaar": [
            f"{y}: {format_number(v)}" if y is not None and not pd.isna(y) else "geen data"
            for y, v in zip(table["laatste_jaar"], table["laatste_waarde"], strict=True)
        ],
        "Groei": table["groei"].map(lambda g: format_percent(g, 1, signed=True)),
    })


BREAKDOWN_SOURCES = {"lisa_banen": "banen", "toeristenbelasting": "overnachtingen"}


def municipality_breakdown(kpi, store, spearhead, region: Region, baseline_year: int) -> pd.DataFrame | None:
    """Per-municipality figures for KPIs whose local source is delivered per municipality."""
    value_column = BREAKDOWN_SOURCES.get(kpi.data.region)
    if value_column is None or kpi.rule.type == "diversification_increase":
        return None
    dataset = store.get(kpi.data.region)
    if dataset is None:
        return None
    codes = None
    if kpi.data.region == "lisa_banen":
        from levanalysis.definitions.sectors import load_sectors

        codes = load_sectors()[spearhead.sector].sbi_codes
    return municipality_growth(dataset.data, value_column, region, baseline_year, codes)


def kpi_sections(spearhead, plan, store, config, region: Region, downloads_dir=None) -> list[tuple[str, object]]:
    """Display items for every KPI of a spearhead: ("html", str), ("markdown", str) or
    ("table", (DataFrame, caption))."""

    items: list[tuple[str, object]] = []
    for kpi in spearhead.monitoring.kpis:
        data, result = evaluate_kpi(kpi, spearhead, plan, store, config, region)
        notes = region.participation_notes(kpi.participation_subject) if kpi.participation_subject else []
        if kpi.ambiguity:
            notes = [f"Uitleg van de streefwaarde: {kpi.ambiguity}", *notes]
        items.append(("html", kpi_block_html(result, data, kpi.rule.min, kpi.rule.max, notes=notes)))
        link = write_download(kpi_table(result, data), downloads_dir, kpi.id)
        if link:
            items.append(("markdown", link))
        breakdown = municipality_breakdown(kpi, store, spearhead, region, config.baseline_year)
        if breakdown is not None:
            items.append(("table", (municipality_growth_display(breakdown), f"{result.indicator}: per gemeente.")))
    return items
