"""The structure of the Liemerse economy: location quotients, shift-share and diversification.

Everything here uses one source for region and nation alike, CBS table 83582NED (jobs of
employees in December per municipality and SBI sector), so that differences between the
Liemers and Nederland are not differences between sources. Rijnwaarden is folded into Zevenaar
for the years before 2018 before anything is summed; the Liemers is the sum of its five
municipalities, NaN where one of them is missing.

Each analysis returns a tidy numeric DataFrame (one row per observation, English column names;
the book formats and labels them), and each has a helper that says the main finding in one
Dutch sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from levanalysis.analysis.indicators import (
    diversification,
    location_quotients,
    shift_share,
)
from levanalysis.definitions.region import Region, apply_reorganisations, load_region
from levanalysis.definitions.sectors import (
    load_sectors,
    sector_subsectors,
    subsector_phrases,
)
from levanalysis.formatting import format_number
from levanalysis.sources.cbs.frames import (
    NATION_CODE,
    TOTAL_SBI,
    category_codes,
    cbs_measure,
    cbs_years,
    sbi_dimension,
    time_column,
    unit_factor,
)

__all__ = [
    "diversification_table",
    "interpret_diversification",
    "interpret_location_quotient",
    "interpret_shift_share",
    "jobs_long",
    "latest_year",
    "location_quotient_table",
    "region_names",
    "sector_names",
    "shift_share_table",
    "structure_sectors",
    "vte_subsectors",
]




def region_names(region: Region | None = None) -> dict[str, str]:
    """Code -> name for the municipalities, the region as a whole and Nederland."""
    region = region or load_region()
    names = {m.code: m.name for m in region.municipalities}
    names[region.id] = region.name
    names[NATION_CODE] = "Nederland"
    return names


def sector_names() -> dict[str, str]:
    """Subsector code -> name from sectors.yaml ('C' -> 'Industrie')."""
    return {sub.code: sub.name for sector in load_sectors().values() for sub in sector.subsectors}


def structure_sectors() -> tuple[str, ...]:
    """Every subsector in sectors.yaml: VTE (I, R, 47), logistiek (H), maakindustrie (C), bouw (F)."""
    return tuple(dict.fromkeys(sub.code for sector in load_sectors().values() for sub in sector.subsectors))


def vte_subsectors() -> tuple[str, ...]:
    """The VTE subsector codes as sectors.yaml defines them (I, R, 47)."""
    return tuple(sector_subsectors("vte"))


def jobs_long(
    frame: pd.DataFrame,
    sectors: Sequence[str] | None = None,
    region: Region | None = None,
    table_id: str = "83582NED",
) -> pd.DataFrame:
    """Long frame (region, sector, year, value) of jobs from a cached 83582NED frame.

    Regions: the five municipalities (Rijnwaarden folded into Zevenaar), the region as a whole
    (code ``region.id``, strict sum) and Nederland (NL01). Sectors: ``sectors`` plus the total
    (T001081). Values in jobs, not thousands.
    """
    region = region or load_region()
    sectors = structure_sectors() if sectors is None else sectors
    measure = cbs_measure(frame, table_id, "banen", prefer=("werknemers", "december"))
    rows = frame[frame["measure"] == measure]
    sbi_dim = sbi_dimension(frame, table_id)
    codes = [*sectors, TOTAL_SBI]
    absorbed = [r.absorbed_code for r in region.reorganisations]
    members = [*region.codes, *absorbed]
    long = pd.DataFrame({
        "region": rows["RegioS"].astype(str).str.strip().to_numpy(),
        "sector": category_codes(rows, sbi_dim).to_numpy(),
        "year": cbs_years(rows, time_column(frame)).to_numpy(),
        "value": rows["value"].astype(float).to_numpy() * unit_factor(rows["unit"]),
    })
    long = long[long["year"].notna() & long["sector"].isin(codes) & long["region"].isin([*members, NATION_CODE])]
    long["year"] = long["year"].astype(int)
    years = sorted(long["year"].unique())
    # Every region x sector x year exists as a row, NaN where CBS has no figure, so that the
    # strict sums below see the gap instead of skipping it.
    present_absorbed = [a for a in absorbed if (long["region"] == a).any()]
    full = pd.MultiIndex.from_product(
        [[*region.codes, *present_absorbed, NATION_CODE], codes, years], names=["region", "sector", "year"]
    )
    long = long.set_index(["region", "sector", "year"]).reindex(full).reset_index()
    long = apply_reorganisations(long, region.reorganisations)
    municipalities = long[long["region"].isin(region.codes)]
    wide = municipalities.pivot_table(index=["sector", "year"], columns="region", values="value",
                                      aggfunc="first", dropna=False)
    wide = wide.reindex(columns=list(region.codes))
    total = wide.sum(axis=1, skipna=False).rename("value").reset_index()
    total.insert(0, "region", region.id)
    result = pd.concat([long[long["region"].isin([*region.codes, NATION_CODE])], total], ignore_index=True)
    return result[["region", "sector", "year", "value"]].sort_values(["region", "sector", "year"]).reset_index(drop=True)


def latest_year(long: pd.DataFrame, region: Region | None = None) -> int | None:
    """The last year with a total for both the region as a whole and Nederland."""
    region = region or load_region()
    totals = long[(long["sector"] == TOTAL_SBI) & long["value"].notna()]
    both = set(totals.loc[totals["region"] == region.id, "year"]) & set(totals.loc[totals["region"] == NATION_CODE, "year"])
    return max(both) if both else None


def location_quotient_table(
    long: pd.DataFrame,
    years: Sequence[int],
    sectors: Sequence[str] | None = None,
    region: Region | None = None,
) -> pd.DataFrame:
    """LQ of every sector in every municipality and the region, for ``years``.

    Columns: region, region_name, sector, sector_name, year, jobs, share (of all jobs in the
    area), share_nl, location_quotient. NaN where a figure is missing.
    """
    region = region or load_region()
    sectors = structure_sectors() if sectors is None else sectors
    lq = location_quotients(long, total_sector=TOTAL_SBI, nation=NATION_CODE).rename("location_quotient")
    wide = long.set_index(["region", "sector", "year"])["value"]
    rows = []
    names, sector_label = region_names(region), sector_names()
    for area in [*region.codes, region.id]:
        for sector in sectors:
            for year in years:
                jobs = wide.get((area, sector, year), math.nan)
                total = wide.get((area, TOTAL_SBI, year), math.nan)
                nl_jobs = wide.get((NATION_CODE, sector, year), math.nan)
                nl_total = wide.get((NATION_CODE, TOTAL_SBI, year), math.nan)
                rows.append({
                    "region": area,
                    "region_name": names[area],
                    "sector": sector,
                    "sector_name": sector_label.get(sector, sector),
                    "year": int(year),
                    "jobs": jobs,
                    "share": jobs / total if total else math.nan,
                    "share_nl": nl_jobs / nl_total if nl_total else math.nan,
                    "location_quotient": lq.get((area, sector, year), math.nan),
                })
    return pd.DataFrame(rows)


def shift_share_table(
    long: pd.DataFrame,
    start_year: int,
    end_year: int,
    sectors: Sequence[str] | None = None,
    region: Region | None = None,
) -> pd.DataFrame:
    """Shift-share of the region's jobs between two years, per sector and in total.

    Columns: sector, sector_name, start_value, end_value, national_growth_effect,
    industry_mix_effect, regional_effect, actual_change (the three effects add up to the
    actual change). The last row, sector 'totaal', sums the sectors.
    """
    region = region or load_region()
    sectors = structure_sectors() if sectors is None else sectors
    table = shift_share(
        long, region=region.id, nation=NATION_CODE, sectors=list(sectors),
        start_year=start_year, end_year=end_year, total_sector=TOTAL_SBI, total_label="totaal",
    ).reset_index()
    labels = {**sector_names(), "totaal": "Totaal van deze sectoren"}
    table.insert(1, "sector_name", table["sector"].map(lambda code: labels.get(code, code)))
    return table


def diversification_table(
    long: pd.DataFrame,
    sectors: Sequence[str] | None = None,
    region: Region | None = None,
) -> pd.DataFrame:
    """Diversity of jobs over ``sectors`` (default the VTE subsectors) per area and year.

    Columns: region, region_name, year, shannon_entropy, normalised_shannon_entropy,
    herfindahl_diversity (1 - HHI). Municipalities and the region as a whole; NaN where a
    subsector is missing.
    """
    region = region or load_region()
    sectors = vte_subsectors() if sectors is None else sectors
    areas = [*region.codes, region.id]
    subset = long[long["region"].isin(areas) & long["sector"].isin(sectors)]
    table = diversification(subset, list(sectors)).reset_index()
    names = region_names(region)
    table.insert(1, "region_name", table["region"].map(names))
    order = {code: i for i, code in enumerate(areas)}
    table = table.sort_values(["region", "year"], key=lambda c: c.map(order) if c.name == "region" else c)
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- sentences


def _capitalise(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def interpret_location_quotient(lq: float, sector: str, area_name: str = "de Liemers") -> str:
    """One Dutch sentence, e.g. 'De maakindustrie is in de Liemers 1,6 keer zo sterk
    vertegenwoordigd als in Nederland.'"""
    phrase = subsector_phrases().get(sector, f"sector {sector_names().get(sector, sector)}")
    if lq is None or math.isnan(lq):
        return _capitalise(f"voor {phrase} in {area_name} is geen locatiequotiënt te berekenen: er ontbreken cijfers.")
    shown = format_number(lq, 1)
    if shown == "1,0":
        return _capitalise(f"{phrase} is in {area_name} ongeveer even sterk vertegenwoordigd als in Nederland.")
    if lq > 1:
        return _capitalise(f"{phrase} is in {area_name} {shown} keer zo sterk vertegenwoordigd als in Nederland.")
    return _capitalise(
        f"{phrase} is in {area_name} minder sterk vertegenwoordigd dan in Nederland "
        f"({shown} keer het landelijke aandeel)."
    )


def interpret_shift_share(table: pd.DataFrame, start_year: int, end_year: int, area_name: str = "de Liemers") -> str:
    """One Dutch sentence on the total row of :func:`shift_share_table`."""
    total = table.set_index("sector").loc["totaal"]
    values = [total[c] for c in ("actual_change", "national_growth_effect", "industry_mix_effect", "regional_effect")]
    if any(pd.isna(v) for v in values):
        return f"Voor {area_name} is de verschuiving {start_year}-{end_year} niet te ontleden: er ontbreken cijfers."
    actual, national, mix, regional = (float(v) for v in values)

    def signed(value: float) -> str:
        # The inputs are CBS jobs rounded to hundreds per municipality and sector: more digits
        # than hundreds would claim a precision the figures do not have.
        text = format_number(round(value, -2))  # never '-0': format_number drops that sign
        return ("+" if value > 0 and text != "0" else "") + text

    return (
        f"Tussen {start_year} en {end_year} veranderde het aantal banen in deze sectoren in {area_name} "
        f"met {signed(actual)}: {signed(national)} door de landelijke groei, {signed(mix)} door de "
        f"sectorsamenstelling en {signed(regional)} door de eigen regionale ontwikkeling."
    )


def interpret_diversification(
    table: pd.DataFrame, start_year: int, end_year: int, area: str | None = None, region: Region | None = None
) -> str:
    """One Dutch sentence on the normalised Shannon index of an area between two years."""
    region = region or load_region()
    area = area or region.id
    name = region_names(region).get(area, area)
    name = name if area in region.codes else name[0].lower() + name[1:]
    series = table[table["region"] == area].set_index("year")["normalised_shannon_entropy"]
    start, end = series.get(start_year, math.nan), series.get(end_year, math.nan)
    if pd.isna(start) or pd.isna(end):
        return f"Voor {name} is de spreiding {start_year}-{end_year} niet te berekenen: er ontbreken cijfers."
    # Two decimals: the index rests on CBS jobs rounded to hundreds per municipality and sector.
    if round(end, 2) == round(start, 2):
        word = "gelijk gebleven"
    else:
        word = "toegenomen" if end > start else "afgenomen"
    return (
        f"De spreiding van de banen over de subsectoren is in {name} tussen {start_year} en {end_year} "
        f"{word} (genormaliseerde Shannon-index van {format_number(start, 2)} naar {format_number(end, 2)}; "
        "indicatief, op afgeronde CBS-cijfers)."
    )


def shift_share_by_area(long: pd.DataFrame, start_year: int, end_year: int, sectors: Sequence[str],
                        region: Region | None = None) -> pd.DataFrame:
    """The shift-share totals over ``sectors`` for each municipality and the region as a whole.

    Columns: region, region_name, actual_change, national_growth_effect, industry_mix_effect,
    regional_effect.
    """
    region = region or load_region()
    names = region_names(region)
    rows = []
    for code in [*region.codes, region.id]:
        table = shift_share(long, region=code, nation=NATION_CODE, sectors=list(sectors), start_year=start_year,
                            end_year=end_year, total_sector=TOTAL_SBI, total_label="totaal")
        total = table.loc["totaal"]
        rows.append({"region": code, "region_name": names[code],
                     **{c: total[c] for c in ("actual_change", "national_growth_effect", "industry_mix_effect",
                                             "regional_effect")}})
    return pd.DataFrame(rows)
