"""The structure of the economy per spearhead: location quotients, jobs trend, shift-share and
diversification, each with one sentence. All from CBS jobs per municipality (83582NED), so the
Liemers and Nederland come from one source.

CBS rounds those jobs to hundreds per municipality and sector, so the municipal figures are
indicative: location quotients get one decimal, shift-share effects are shown in hundreds and the
spread index with two decimals, and every caption says so."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis import structure
from levanalysis.analysis.indicators import index_series
from levanalysis.book import charts, tables
from levanalysis.book.kpi_blocks import capitalised
from levanalysis.book.render import render
from levanalysis.definitions.region import Region
from levanalysis.definitions.sectors import structure_codes
from levanalysis.formatting import format_number
from levanalysis.sources.store import describe_provenance

JOBS_TABLE = "cbs:83582NED"
INDICATIVE = "Indicatief: berekend op CBS-banen per gemeente en sector, die op honderdtallen zijn afgerond."
SHIFT_SHARE_COLUMNS = {
    "actual_change": "Verandering",
    "national_growth_effect": "Landelijke groei",
    "industry_mix_effect": "Sectorsamenstelling",
    "regional_effect": "Regionale ontwikkeling",
}


def hundreds(value) -> str:
    """A job count or effect rounded to hundreds, as precise as its CBS inputs ('+' for growth)."""
    return format_number(round(float(value), -2) + 0.0)  # + 0.0: no '-0' for a small decline


HUNDREDS = {column: hundreds for column in ("Banen begin", "Banen eind", *SHIFT_SHARE_COLUMNS.values())}


def location_quotient_frame(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Areas as rows, sectors (by name) as columns, location quotients as numbers."""
    chosen = table[table["year"] == year]
    wide = chosen.pivot_table(index="region_name", columns="sector_name", values="location_quotient",
                              aggfunc="first", dropna=False, sort=False)
    wide = wide.reindex(list(dict.fromkeys(chosen["region_name"])))
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename_axis("Gebied").reset_index()


def location_quotient_figure(table: pd.DataFrame, year: int, sector: str, source: str) -> dict | None:
    chosen = table[(table["year"] == year) & (table["sector"] == sector)]
    values = pd.Series(chosen["location_quotient"].to_numpy(dtype=float), index=chosen["region_name"].to_numpy())
    if values.dropna().empty:
        return None
    name = chosen["sector_name"].iloc[0]
    figure = charts.bar_chart(values, x_label="locatiequotiënt (Nederland = 1)", reference=1.0,
                              reference_label="Nederland", decimals=1)
    described = "; ".join(f"{area}: {format_number(v, 1)}" for area, v in values.items())
    alt = f"Staafdiagram van de locatiequotiënt van {name} in {year} per gebied, waarbij 1 gelijk is aan Nederland. {described}."
    return charts.figure_context(figure, alt=alt, source=f"{source}. {INDICATIVE}",
                                 title=f"Locatiequotiënt {name}, {year} (indicatief)")


def shift_share_frame(table: pd.DataFrame) -> pd.DataFrame:
    shown = table[["sector_name", "start_value", "end_value", *SHIFT_SHARE_COLUMNS]].rename(
        columns={"sector_name": "Sector", "start_value": "Banen begin", "end_value": "Banen eind", **SHIFT_SHARE_COLUMNS})
    return shown


def shift_share_by_area_frame(by_area: pd.DataFrame) -> pd.DataFrame:
    return by_area[["region_name", *SHIFT_SHARE_COLUMNS]].rename(columns={"region_name": "Gebied", **SHIFT_SHARE_COLUMNS})


def diversification_frame(table: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    wide = table.pivot_table(index="region_name", columns="year", values="normalised_shannon_entropy",
                             aggfunc="first", dropna=False, sort=False)
    wide = wide.reindex(list(dict.fromkeys(table["region_name"])))
    return pd.DataFrame({
        "Gebied": wide.index,
        str(start_year): wide.get(start_year, pd.Series(index=wide.index, dtype=float)).to_numpy(dtype=float),
        str(end_year): wide.get(end_year, pd.Series(index=wide.index, dtype=float)).to_numpy(dtype=float),
    })


def sector_trend_figure(long: pd.DataFrame, codes, region: Region, baseline_year: int, title: str,
                        source: str) -> dict | None:
    """Jobs in the spearhead's sectors, region against Nederland as an index."""
    subset = long[long["sector"].isin(list(codes))]
    totals = subset.groupby(["region", "year"])["value"].sum(min_count=len(codes)).unstack("region")
    series = {}
    for code, label in ((region.id, capitalised(region.name)), (structure.NATION_CODE, "Nederland")):
        if code in totals:
            series[label] = index_series(totals[code].dropna(), baseline_year)
    if all(s.dropna().empty for s in series.values()):
        return None
    figure = charts.line_chart(series, y_label=f"index ({baseline_year} = 100)", baseline_year=baseline_year)
    alt = f"Lijndiagram: {title}, als index met {baseline_year} = 100. " + charts.describe_series_for_alt(series, unit="")
    return charts.figure_context(figure, alt=alt, source=source, title=title)


def _figure(context: dict | None) -> tuple[str, str]:
    return ("html", render("figure.html.j2", figure=context) if context else "")


def _paragraph(text: str) -> tuple[str, str]:
    return ("html", render("paragraphs.html.j2", paragraphs=[text], css_class=""))


def _table(frame: pd.DataFrame, caption: str, formats=None) -> tuple[str, str]:
    return ("html", tables.table_html(frame, caption, formats))


def structure_sections(spearhead, store, config, region: Region) -> list[tuple[str, str]]:
    """Location quotients, jobs trend, shift-share and (VTE) diversification, each with one
    sentence of interpretation, as ("html", text) parts."""
    dataset = store.get(JOBS_TABLE)
    if dataset is None:
        return [_paragraph("De structuuranalyse heeft CBS-tabel 83582NED nodig; die ontbreekt in de gegevensmap: geen data.")]
    codes = structure_codes(spearhead.sector)
    long = structure.jobs_long(dataset.data, region=region)
    latest = structure.latest_year(long, region)
    baseline = config.baseline_year
    source = f"CBS 83582NED, banen van werknemers in december ({describe_provenance(dataset.provenance)})"
    if latest is None:
        return [_paragraph("CBS-tabel 83582NED heeft geen jaar met cijfers voor de Liemers en Nederland: geen data.")]
    in_sentence = region.name[0].lower() + region.name[1:]  # "de Liemers" inside a sentence
    lq = structure.location_quotient_table(long, [latest], codes, region)
    lq_frame = location_quotient_frame(lq, latest)
    parts = [_table(lq_frame, f"Locatiequotiënten {latest} (Nederland = 1). {INDICATIVE}",
                    {c: tables.number(1) for c in lq_frame.columns if c != "Gebied"})]
    sentences = [
        structure.interpret_location_quotient(
            lq[(lq["region"] == region.id) & (lq["sector"] == code)]["location_quotient"].iloc[0], code, in_sentence
        )
        for code in codes
    ]
    parts.append(_paragraph(" ".join(sentences)))
    parts.append(_figure(location_quotient_figure(lq, latest, codes[0], source)))
    parts.append(_figure(sector_trend_figure(
        long, codes, region, baseline, f"Banen {spearhead.short_name.lower()}: de Liemers en Nederland", source)))
    if latest > baseline:
        shift = structure.shift_share_table(long, baseline, latest, codes, region)
        parts.append(_table(shift_share_frame(shift),
                            f"Verschuiving van het aantal banen {baseline}-{latest} in de Liemers, ontleed, afgerond "
                            f"op honderdtallen. {INDICATIVE}", HUNDREDS))
        parts.append(_paragraph(structure.interpret_shift_share(shift, baseline, latest)))
        parts.append(_table(
            shift_share_by_area_frame(structure.shift_share_by_area(long, baseline, latest, codes, region)),
            f"Verschuiving {baseline}-{latest} per gemeente (alle sectoren van dit speerpunt samen), afgerond "
            f"op honderdtallen. {INDICATIVE}",
            HUNDREDS,
        ))
    if spearhead.sector == "vte" and latest > baseline:
        diversity = structure.diversification_table(long, codes, region)
        parts.append(_paragraph(structure.interpret_diversification(diversity, baseline, latest, region=region)))
        frame = diversification_frame(diversity, baseline, latest)
        parts.append(_table(
            frame,
            "Spreiding van de banen over de VTE-subsectoren (genormaliseerde Shannon-index, 0 = alles in één "
            f"subsector, 1 = gelijk verdeeld). {INDICATIVE}",
            {c: tables.number(2) for c in frame.columns if c != "Gebied"},
        ))
    return [part for part in parts if part[1]]
