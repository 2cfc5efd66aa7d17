"""The structure of the economy per spearhead: location quotients, jobs trend, shift-share
and diversification, each with one sentence."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis.indicators import index_series
from levanalysis.book import charts
from levanalysis.book.kpi_blocks import capitalised
from levanalysis.definitions.region import Region
from levanalysis.formatting import format_number
from levanalysis.sources.store import describe_provenance

# Which SBI codes a spearhead's structural analysis covers; maakindustrie adds its cross-over
# partner bouw (F), which the plan names.
EXTRA_STRUCTURE_SECTORS = {"maakindustrie": ("bouw_installatie",)}


def structure_codes(spearhead_sector: str) -> tuple[str, ...]:
    from levanalysis.definitions.sectors import load_sectors

    sectors = load_sectors()
    ids = (spearhead_sector, *EXTRA_STRUCTURE_SECTORS.get(spearhead_sector, ()))
    return tuple(sub.code for sector_id in ids for sub in sectors[sector_id].subsectors)


def location_quotient_display(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Areas as rows, sectors as columns, location quotients with one decimal."""
    chosen = table[table["year"] == year]
    wide = chosen.pivot_table(index="region_name", columns="sector_name", values="location_quotient",
                              aggfunc="first", dropna=False, sort=False)
    order = list(dict.fromkeys(chosen["region_name"]))
    wide = wide.reindex(order)
    shown = wide.apply(lambda column: column.map(lambda v: format_number(v, 2)))
    shown.insert(0, "Gebied", shown.index)
    return shown.reset_index(drop=True)


def location_quotient_figure_html(table: pd.DataFrame, year: int, sector: str, source: str) -> str:
    chosen = table[(table["year"] == year) & (table["sector"] == sector)]
    values = pd.Series(chosen["location_quotient"].to_numpy(dtype=float), index=chosen["region_name"].to_numpy())
    if values.dropna().empty:
        return ""
    name = chosen["sector_name"].iloc[0]
    figure = charts.bar_chart(values, title=f"Locatiequotiënt {name}, {year}", x_label="locatiequotiënt (Nederland = 1)",
                              reference=1.0, reference_label="Nederland", decimals=2)
    described = "; ".join(f"{area}: {format_number(v, 2)}" for area, v in values.items())
    alt = f"Staafdiagram van de locatiequotiënt van {name} in {year} per gebied, waarbij 1 gelijk is aan Nederland. {described}."
    return charts.figure_html(figure, alt=alt, source=source)


def shift_share_display(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Sector": table["sector_name"],
        "Banen begin": table["start_value"].map(format_number),
        "Banen eind": table["end_value"].map(format_number),
        "Landelijke groei": table["national_growth_effect"].map(format_number),
        "Sectorsamenstelling": table["industry_mix_effect"].map(format_number),
        "Regionale ontwikkeling": table["regional_effect"].map(format_number),
        "Verandering": table["actual_change"].map(format_number),
    })


def sector_trend_figure_html(long: pd.DataFrame, codes, region_id: str, region_name: str, baseline_year: int,
                             title: str, source: str) -> str:
    """Jobs in the spearhead's sectors, region against Nederland as an index."""
    subset = long[long["sector"].isin(list(codes))]
    totals = subset.groupby(["region", "year"])["value"].sum(min_count=len(codes)).unstack("region")
    series = {}
    for code, label in ((region_id, capitalised(region_name)), ("NL01", "Nederland")):
        if code in totals:
            series[label] = index_series(totals[code].dropna(), baseline_year)
    if all(s.dropna().empty for s in series.values()):
        return ""
    figure = charts.line_chart(series, title=title, y_label=f"index ({baseline_year} = 100)", baseline_year=baseline_year)
    alt = f"Lijndiagram: {title}, als index met {baseline_year} = 100. " + charts.describe_series_for_alt(series, unit="")
    return charts.figure_html(figure, alt=alt, source=source)


def structure_sections(spearhead, store, config, region: Region) -> list[tuple[str, object]]:
    """Location quotients, jobs trend, shift-share and (VTE) diversification, each with one
    sentence of interpretation; based on CBS jobs per municipality (83582NED)."""
    from levanalysis.analysis import structure

    dataset = store.get("cbs:83582NED")
    if dataset is None:
        return [("markdown", "De structuuranalyse heeft CBS-tabel 83582NED nodig; die ontbreekt in de gegevensmap: geen data.")]
    codes = structure_codes(spearhead.sector)
    long = structure.jobs_long(dataset.data, region=region)
    latest = structure.latest_year(long, region)
    baseline = config.baseline_year
    source = f"CBS 83582NED, banen van werknemers in december ({describe_provenance(dataset.provenance)})"
    if latest is None:
        return [("markdown", "CBS-tabel 83582NED heeft geen jaar met cijfers voor de Liemers en Nederland: geen data.")]
    items: list[tuple[str, object]] = []
    in_sentence = region.name[0].lower() + region.name[1:]  # "de Liemers" inside a sentence
    lq = structure.location_quotient_table(long, [latest], codes, region)
    items.append(("table", (location_quotient_display(lq, latest), f"Locatiequotiënten {latest} (Nederland = 1).")))
    sentences = [
        structure.interpret_location_quotient(
            lq[(lq["region"] == region.id) & (lq["sector"] == code)]["location_quotient"].iloc[0], code, in_sentence
        )
        for code in codes
    ]
    items.append(("markdown", " ".join(sentences)))
    items.append(("html", location_quotient_figure_html(lq, latest, codes[0], source)))
    items.append(("html", sector_trend_figure_html(
        long, structure_codes(spearhead.sector), region.id, in_sentence, baseline,
        f"Banen {spearhead.short_name.lower()}: de Liemers en Nederland", source,
    )))
    if latest > baseline:
        shift = structure.shift_share_table(long, baseline, latest, codes, region)
        items.append(("table", (shift_share_display(shift), f"Verschuiving van het aantal banen {baseline}-{latest} in de Liemers, ontleed.")))
        items.append(("markdown", structure.interpret_shift_share(shift, baseline, latest)))
        items.append(("table", (
            shift_share_by_area_display(long, baseline, latest, codes, region),
            f"Verschuiving {baseline}-{latest} per gemeente (alle sectoren van dit speerpunt samen).",
        )))
    if spearhead.sector == "vte" and latest > baseline:
        diversity = structure.diversification_table(long, codes, region)
        items.append(("markdown", structure.interpret_diversification(diversity, baseline, latest, region=region)))
        items.append(("table", (
            diversification_display(diversity, baseline, latest),
            "Spreiding van de banen over de VTE-subsectoren (genormaliseerde Shannon-index, 0 = alles in één subsector, 1 = gelijk verdeeld).",
        )))
    return [item for item in items if item[1]]


def shift_share_by_area_display(long: pd.DataFrame, start_year: int, end_year: int, codes, region: Region) -> pd.DataFrame:
    """The shift-share totals for each municipality and the region as a whole."""
    from levanalysis.analysis.indicators import shift_share

    rows = []
    areas = [(m.code, m.name) for m in region.municipalities] + [(region.id, region.name)]
    for code, name in areas:
        table = shift_share(long, region=code, nation="NL01", sectors=list(codes), start_year=start_year,
                            end_year=end_year, total_sector="T001081", total_label="totaal")
        total = table.loc["totaal"]
        rows.append({
            "Gebied": name,
            "Verandering": format_number(total["actual_change"]),
            "Landelijke groei": format_number(total["national_growth_effect"]),
            "Sectorsamenstelling": format_number(total["industry_mix_effect"]),
            "Regionale ontwikkeling": format_number(total["regional_effect"]),
        })
    return pd.DataFrame(rows)


def diversification_display(table: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    wide = table.pivot_table(index="region_name", columns="year", values="normalised_shannon_entropy",
                             aggfunc="first", dropna=False, sort=False)
    order = list(dict.fromkeys(table["region_name"]))
    wide = wide.reindex(order)
    return pd.DataFrame({
        "Gebied": wide.index,
        str(start_year): [format_number(v, 3) for v in wide.get(start_year, pd.Series(index=wide.index, dtype=float))],
        str(end_year): [format_number(v, 3) for v in wide.get(end_year, pd.Series(index=wide.index, dtype=float))],
    })
