"""From datasets to the series each KPI of the plan needs.

Two layers:

* pure functions, one per kind of input: a cleaned local source or a cached CBS frame in, a
  Series indexed by year (or a year x subsector frame) out, no I/O;
* :func:`load_kpi_input`, which reads the datasets a plan KPI is bound to (``kpi.data``) from a
  :class:`~levanalysis.datasets.DataStore` and returns a small :class:`KpiInput`.

Missing values stay missing: a sum over municipalities, sectors, months or quarters where one
part is absent is NaN, never a smaller number, because a partial total would look like a real
decline. Absent datasets give ``None`` series, never empty or zero ones.

CBS frames have the long layout of :mod:`levanalysis.cbs`: per dimension ``D`` the columns ``D``
and ``D_title`` (``D_code`` for dimensions selected by code, ``D_status`` for the periods), then
``measure``, ``measure_title``, ``unit`` and ``value``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from levanalysis.cache import Provenance
from levanalysis.cbs import CbsFetchError
from levanalysis.datasets import CBS_PREFIX, DataStore
from levanalysis.indicators import normalised_shannon_entropy
from levanalysis.local_sources import Problem, ValidationError
from levanalysis.plan import Kpi, PlanError
from levanalysis.region import Region, apply_reorganisations, load_region
from levanalysis.sectors import load_sectors

__all__ = [
    "NATION_CODE",
    "PROVINCE_CODE",
    "PRODUCTIVITY_REGIONS",
    "TOTAL_SBI",
    "KpiInput",
    "cbs_jobs",
    "cbs_measure",
    "cbs_nights",
    "cbs_productivity",
    "cbs_provisional_years",
    "cbs_years",
    "diversification_series",
    "lisa_jobs",
    "lisa_subsector_jobs",
    "load_kpi_input",
    "productivity_region",
    "register_counts",
    "sector_sbi_codes",
    "sector_subsectors",
    "technical_students",
    "tourist_nights",
    "tourist_tax_provisional_years",
    "uwv_tension",
    "uwv_weights",
    "website_visitors",
]

NATION_CODE = "NL01"
PROVINCE_CODE = "PV25"
TOTAL_SBI = "T001081"
# Smallest first: COROP Arnhem/Nijmegen (unverified code, see cbs_tables.yaml), then Gelderland.
PRODUCTIVITY_REGIONS = ("CR22", PROVINCE_CODE)
TECHNIEK_PREFIX = "techn"  # 'Techniek', 'Technische beroepen': UWV's wording varies per file

_YEAR_PERIOD = re.compile(r"^(\d{4})JJ00$")
# CBS units as they appear in DataProperties; values are scaled to plain numbers so that
# ratios of two measures (productivity) come out in euros per labour year.
_UNIT_FACTORS = {
    "x 1 000": 1e3,
    "x 1000": 1e3,
    "x 1 000 000": 1e6,
    "mln euro": 1e6,
    "x mln euro": 1e6,
    "mln": 1e6,
    "mld euro": 1e9,
    "x mld euro": 1e9,
}


# --------------------------------------------------------------------------- sectors


def sector_subsectors(sector: str) -> dict[str, list[str]]:
    """Subsector code -> its SBI codes, e.g. vte -> {'I': ['I'], 'R': ['R'], '47': ['47']}."""
    sectors = load_sectors()
    if sector not in sectors:
        raise PlanError(f"Onbekende sector '{sector}'. Bekend in sectors.yaml: {', '.join(sectors)}.")
    return {sub.code: list(sub.sbi) for sub in sectors[sector].subsectors}


def sector_sbi_codes(sector: str) -> list[str]:
    """Every SBI code of a sector (its subsectors; variants are not included)."""
    codes = [c for sbi in sector_subsectors(sector).values() for c in sbi]
    return list(dict.fromkeys(codes))


# --------------------------------------------------------------------------- helpers


def _as_float(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(values)).to_numpy(dtype=float, na_value=np.nan)


def _strict_sum(frame: pd.DataFrame) -> pd.Series:
    """Row sums that are NaN as soon as one cell is missing."""
    return frame.sum(axis=1, skipna=False)


def _year_series(values: pd.Series, name: str) -> pd.Series:
    series = pd.Series(_as_float(values), index=pd.Index(values.index.astype(int), name="year"), name=name)
    return series.sort_index()


def _unstack(frame: pd.DataFrame, index: str, columns: Sequence[str]) -> pd.DataFrame:
    """``value`` as an index x columns table; a key that occurs twice is an error, not summed."""
    keyed = frame.set_index([index, *columns])["value"]
    if keyed.index.duplicated().any():
        duplicated = keyed.index[keyed.index.duplicated()].unique().tolist()[:3]
        raise ValueError(f"duplicate rows for {[index, *columns]}: {duplicated}")
    return keyed.unstack(list(columns))


def _complete_sum(
    frame: pd.DataFrame, members: Sequence[str], codes: Sequence[str], *, member_col: str, code_col: str
) -> pd.Series:
    """Per year the sum over every member x code; NaN where any of them is absent or NaN."""
    subset = frame[frame[member_col].isin(members) & frame[code_col].isin(codes)]
    wide = _unstack(subset, "year", [member_col, code_col])
    full = pd.MultiIndex.from_product([list(members), list(codes)], names=[member_col, code_col])
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    wide = wide.reindex(index=years, columns=full)
    return _strict_sum(wide).rename_axis("year")


# --------------------------------------------------------------------------- local sources


def website_visitors(frame: pd.DataFrame) -> pd.Series:
    """Visitors per year: the year-total row, or the sum of all twelve months.

    A year with some months but not all twelve is NaN: its sum would look like a drop.
    """
    rows = []
    for year, group in frame.groupby("jaar", sort=True):
        totals = group[group["maand"].isna()]
        months = group[group["maand"].notna()]
        if len(totals):
            value = _as_float(totals["bezoekers"]).sum() if len(totals) == 1 else math.nan
        elif set(_as_float(months["maand"]).astype(int)) == set(range(1, 13)):
            value = _as_float(months["bezoekers"]).sum()  # NaN propagates: np.sum keeps NaN
        else:
            value = math.nan
        rows.append((int(year), value))
    return pd.Series(dict(rows), name="bezoekers", dtype=float).rename_axis("year")


def _municipal_long(frame: pd.DataFrame, value_col: str, extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    columns = {"gemeente": "region", "jaar": "year", value_col: "value", **(extra or {})}
    long = frame[list(columns)].rename(columns=columns).copy()
    long["year"] = long["year"].astype(int)
    long["value"] = _as_float(long["value"])
    return long


def tourist_nights(frame: pd.DataFrame, region: Region | None = None) -> pd.Series:
    """Nights from the tourist tax summed over the municipalities, per year.

    Rijnwaarden is folded into Zevenaar first; a year where a municipality is missing is NaN.
    """
    region = region or load_region()
    long = _municipal_long(frame, "overnachtingen")
    long["sector"] = "nights"
    long = apply_reorganisations(long[["region", "sector", "year", "value"]], region.reorganisations)
    return _complete_sum(long, region.codes, ["nights"], member_col="region", code_col="sector").rename(
        "overnachtingen"
    )


def tourist_tax_provisional_years(frame: pd.DataFrame) -> list[int]:
    """Years in which at least one municipality's figure is still 'voorlopig'."""
    provisional = frame[frame["status"].astype(str).str.casefold() == "voorlopig"]
    return sorted({int(y) for y in provisional["jaar"]})


def _lisa_long(frame: pd.DataFrame, region: Region) -> pd.DataFrame:
    long = _municipal_long(frame, "banen", {"sbi": "sector"})[["region", "sector", "year", "value"]]
    return apply_reorganisations(long, region.reorganisations)


def lisa_jobs(frame: pd.DataFrame, sbi_codes: Sequence[str], region: Region | None = None) -> pd.Series:
    """LISA jobs of the region summed over ``sbi_codes`` per year (reorganisations applied first).

    NaN for a year where any municipality x code is absent or missing.
    """
    region = region or load_region()
    long = _lisa_long(frame, region)
    return _complete_sum(long, region.codes, list(sbi_codes), member_col="region", code_col="sector").rename("banen")


def lisa_subsector_jobs(
    frame: pd.DataFrame, subsectors: Mapping[str, Sequence[str]], region: Region | None = None
) -> pd.DataFrame:
    """Year x subsector table of the region's LISA jobs (each subsector summed strictly)."""
    region = region or load_region()
    long = _lisa_long(frame, region)
    columns = {
        code: _complete_sum(long, region.codes, list(sbi), member_col="region", code_col="sector")
        for code, sbi in subsectors.items()
    }
    table = pd.DataFrame(columns)
    table.index.name = "year"
    table.columns.name = "subsector"
    return table


def diversification_series(subsector_jobs: pd.DataFrame) -> pd.Series:
    """Normalised Shannon entropy of the subsectors per year (NaN if a subsector is missing)."""
    return subsector_jobs.apply(normalised_shannon_entropy, axis=1).rename("spreiding")


def technical_students(frame: pd.DataFrame) -> pd.Series:
    """Technical students per school year (the year the school year starts), all schools summed."""
    values = pd.Series(_as_float(frame["studenten"]), index=frame["jaar"].astype(int).to_numpy())
    return _year_series(values.groupby(level=0).sum(min_count=1), "studenten")


def uwv_weights(region: Region | None = None) -> dict[str, int]:
    """Number of the region's municipalities in each UWV labour-market region."""
    region = region or load_region()
    weights: dict[str, int] = {}
    for municipality in region.municipalities:
        weights[municipality.uwv_region] = weights.get(municipality.uwv_region, 0) + 1
    return weights


def _techniek_group(frame: pd.DataFrame, file: str = "uwv_spanning") -> str | None:
    groups = sorted({str(g) for g in frame["beroepsgroep"] if str(g).strip().casefold().startswith(TECHNIEK_PREFIX)})
    if len(groups) > 1:
        raise ValidationError([Problem(
            file,
            f"meer dan één beroepsgroep lijkt op 'Techniek' ({', '.join(groups)}); "
            "laat alleen de beroepsgroep Techniek van UWV staan.",
            column="beroepsgroep",
        )])
    return groups[0] if groups else None


def uwv_tension(frame: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """UWV spanningsindicator for Techniek: yearly mean of the four quarters per UWV region,
    then the weighted mean over the UWV regions (weights: municipalities in each).

    A year with fewer than four quarters in a UWV region, or without one of the regions, is NaN.
    Without a Techniek group in the file the result is empty.
    """
    weights = dict(uwv_weights() if weights is None else weights)
    group = _techniek_group(frame)
    if group is None:
        return pd.Series(dtype=float, name="spanningsindicator").rename_axis("year")
    rows = frame[frame["beroepsgroep"].astype(str) == group]
    data = pd.DataFrame({
        "uwv_regio": rows["uwv_regio"].astype(str).to_numpy(),
        "year": rows["jaar"].astype(int).to_numpy(),
        "kwartaal": rows["kwartaal"].astype(int).to_numpy(),
        "value": _as_float(rows["spanningsindicator"]),
    })
    wide = _unstack(data, "year", ["uwv_regio", "kwartaal"])
    full = pd.MultiIndex.from_product([list(weights), [1, 2, 3, 4]], names=["uwv_regio", "kwartaal"])
    wide = wide.reindex(columns=full)
    # mean(skipna=False): a missing quarter makes the year's mean NaN (seasons differ).
    yearly = pd.DataFrame({name: wide[name].mean(axis=1, skipna=False) for name in weights})
    weight = pd.Series(weights, dtype=float)
    combined = _strict_sum(yearly * weight) / weight.sum()
    return _year_series(combined, "spanningsindicator")


def register_counts(frame: pd.DataFrame, kind: str) -> pd.Series:
    """Rows of the projects register with ``soort == kind`` per start year.

    The register is a complete list, so a year inside its range without rows is a real 0; the
    range runs from its first to its last year over all kinds of rows.
    """
    years = frame["jaar"].dropna().astype(int)
    if years.empty:
        return pd.Series(dtype=float, name="aantal").rename_axis("year")
    chosen = frame[frame["soort"].astype(str).str.casefold() == kind.casefold()]
    counts = chosen["jaar"].astype(int).value_counts()
    index = pd.RangeIndex(years.min(), years.max() + 1, name="year")
    return counts.reindex(index, fill_value=0).astype(float).rename("aantal")


# --------------------------------------------------------------------------- CBS frames


def cbs_years(frame: pd.DataFrame, time_col: str = "Perioden") -> pd.Series:
    """The year of every row with a yearly period ('2023JJ00' -> 2023), else NA."""
    years = frame[time_col].astype(str).str.strip().str.extract(_YEAR_PERIOD, expand=False)
    return years.astype("Int64")


def _time_column(frame: pd.DataFrame) -> str:
    for column in frame.columns:
        if str(column).endswith("_status") and str(column)[: -len("_status")] in frame.columns:
            return str(column)[: -len("_status")]
    if "Perioden" in frame.columns:
        return "Perioden"
    raise ValueError("CBS frame has no period dimension")


def _category_dimensions(frame: pd.DataFrame) -> list[str]:
    time_col = _time_column(frame)
    dims = []
    for column in frame.columns:
        name = str(column)
        if name.endswith("_title") and name[: -len("_title")] in frame.columns:
            dim = name[: -len("_title")]
            if dim not in ("measure", time_col, "RegioS"):
                dims.append(dim)
    return dims


def _category_codes(frame: pd.DataFrame, dim: str) -> pd.Series:
    """The configured code of each row ('C', '47', 'T001081'), else the code opening the title."""
    from_title = frame[f"{dim}_title"].astype(str).str.split().str[0]
    if f"{dim}_code" in frame.columns:
        return frame[f"{dim}_code"].where(frame[f"{dim}_code"].notna(), from_title).astype(str)
    return from_title


def _sbi_dimension(frame: pd.DataFrame, table_id: str) -> str:
    dims = _category_dimensions(frame)
    sbi = [d for d in dims if "sbi" in d.casefold()]
    if len(sbi) == 1:
        return sbi[0]
    if not sbi and len(dims) == 1:
        return dims[0]
    raise CbsFetchError(
        f"CBS-tabel {table_id}: kan de SBI-dimensie niet vinden (dimensies: {', '.join(dims) or 'geen'}).",
        table_id=table_id,
        reason="metadata",
    )


def _is_total_member(key: str, title: str) -> bool:
    key, title = str(key).strip(), str(title).strip().casefold()
    return key.startswith("T00") or title.startswith("totaal") or title.startswith("alle ")


def _keep_totals(frame: pd.DataFrame, dims: Iterable[str], table_id: str) -> pd.DataFrame:
    """Keep the total member of each dimension that is not chosen explicitly."""
    for dim in dims:
        members = frame[[dim, f"{dim}_title"]].drop_duplicates()
        if len(members) <= 1:
            continue
        totals = [k for k, t in members.itertuples(index=False) if _is_total_member(k, t)]
        if len(totals) != 1:
            listing = ", ".join(f"{k} ({t})" for k, t in members.itertuples(index=False))
            raise CbsFetchError(
                f"CBS-tabel {table_id}: geen eenduidig totaal in dimensie {dim}: {listing}.",
                table_id=table_id,
                reason="metadata",
            )
        frame = frame[frame[dim] == totals[0]]
    return frame


def cbs_measure(
    frame: pd.DataFrame, table_id: str, title_contains: str, prefer: Sequence[str] = ()
) -> str:
    """The key of the one measure whose title contains ``title_contains`` (case-insensitive).

    With several matches, ``prefer`` (title fragments, in order) picks one. Raises
    :class:`~levanalysis.cbs.CbsFetchError` with the measures that exist when none or several fit.
    """
    measures = frame[["measure", "measure_title"]].drop_duplicates()
    matches = [(k, t) for k, t in measures.itertuples(index=False) if title_contains.casefold() in str(t).casefold()]
    for fragment in prefer:
        if len(matches) <= 1:
            break
        narrowed = [(k, t) for k, t in matches if fragment.casefold() in str(t).casefold()]
        matches = narrowed or matches
    if len(matches) == 1:
        return str(matches[0][0])
    listing = ", ".join(f"{k} ({t})" for k, t in measures.itertuples(index=False)) or "geen"
    problem = "geen onderwerp" if not matches else "meer dan één onderwerp"
    raise CbsFetchError(
        f"CBS-tabel {table_id}: {problem} met '{title_contains}' in de titel. Onderwerpen: {listing}.",
        table_id=table_id,
        reason="metadata",
    )


def _unit_factor(units: pd.Series) -> float:
    known = {" ".join(str(u).split()).casefold() for u in units.dropna().unique()}
    factors = {_UNIT_FACTORS.get(u, 1.0) for u in known}
    return factors.pop() if len(factors) == 1 else 1.0


def _cbs_series(
    frame: pd.DataFrame,
    table_id: str,
    measure: str,
    *,
    region_code: str | None,
    sbi_codes: Sequence[str] | None,
) -> pd.Series:
    """One measure per year, summed strictly over ``sbi_codes``; other dimensions at their total."""
    rows = frame[frame["measure"] == measure].copy()
    if region_code is not None:
        if "RegioS" not in rows.columns:
            raise CbsFetchError(f"CBS-tabel {table_id} heeft geen regio-dimensie.", table_id=table_id, reason="metadata")
        rows = rows[rows["RegioS"].astype(str).str.strip() == region_code]
    dims = _category_dimensions(rows)
    if sbi_codes is not None:
        sbi_dim = _sbi_dimension(frame, table_id)
        rows = rows.assign(__code=_category_codes(rows, sbi_dim))
        rows = _keep_totals(rows, [d for d in dims if d != sbi_dim], table_id)
    else:
        rows = _keep_totals(rows, dims, table_id).assign(__code="all")
        sbi_codes = ["all"]
    rows = rows.assign(year=cbs_years(rows, _time_column(frame)))
    rows = rows[rows["year"].notna()]
    factor = _unit_factor(rows["unit"]) if "unit" in rows.columns else 1.0
    wide = _unstack(rows[["year", "__code", "value"]], "year", ["__code"])
    all_years = sorted(int(y) for y in cbs_years(frame, _time_column(frame)).dropna().unique())
    wide = wide.reindex(index=all_years, columns=list(sbi_codes))
    return _year_series(_strict_sum(wide) * factor, measure)


def cbs_jobs(frame: pd.DataFrame, sbi_codes: Sequence[str], region_code: str = NATION_CODE,
             table_id: str = "83582NED") -> pd.Series:
    """Jobs (83582NED) of one region summed over ``sbi_codes`` per year, in jobs (not thousands)."""
    measure = cbs_measure(frame, table_id, "banen", prefer=("werknemers", "december"))
    return _cbs_series(frame, table_id, measure, region_code=region_code, sbi_codes=sbi_codes).rename("banen")


def cbs_nights(frame: pd.DataFrame, table_id: str = "82058NED") -> pd.Series:
    """Nights in Nederland per year (82058NED): the measure whose title contains 'overnachting'."""
    measure = cbs_measure(frame, table_id, "overnachting", prefer=("totaal",))
    return _cbs_series(frame, table_id, measure, region_code=None, sbi_codes=None).rename("overnachtingen")


def productivity_region(frame: pd.DataFrame, candidates: Sequence[str] = PRODUCTIVITY_REGIONS) -> str | None:
    """The first (smallest) candidate region with at least one figure in the table."""
    regions = frame["RegioS"].astype(str).str.strip()
    for code in candidates:
        if frame.loc[regions == code, "value"].notna().any():
            return code
    return None


def cbs_productivity(frame: pd.DataFrame, region_code: str, sbi_code: str = "C",
                     table_id: str = "85925NED") -> pd.Series:
    """Value added per labour year (euros) of one SBI code in one region (85925NED)."""
    value_added = cbs_measure(frame, table_id, "toegevoegde waarde", prefer=("basisprijzen",))
    labour_years = cbs_measure(frame, table_id, "arbeidsjaren", prefer=("werkzame personen", "totaal"))
    numerator = _cbs_series(frame, table_id, value_added, region_code=region_code, sbi_codes=[sbi_code])
    denominator = _cbs_series(frame, table_id, labour_years, region_code=region_code, sbi_codes=[sbi_code])
    ratio = numerator / denominator.where(denominator != 0)
    return ratio.rename("productiviteit")


def cbs_provisional_years(frame: pd.DataFrame, provenance: Provenance | None = None) -> dict[int, str]:
    """Year -> CBS status for every yearly period that is not 'Definitief'."""
    time_col = _time_column(frame)
    statuses: dict[int, str] = {}
    if f"{time_col}_status" in frame.columns:
        pairs = frame[[time_col, f"{time_col}_status"]].drop_duplicates()
        for period, status in pairs.itertuples(index=False):
            statuses[str(period).strip()] = status
    elif provenance is not None:
        statuses = dict(provenance.period_status)
    result = {}
    for period, status in statuses.items():
        match = _YEAR_PERIOD.match(str(period).strip())
        if match and isinstance(status, str) and status.strip() and status.strip().casefold() != "definitief":
            result[int(match.group(1))] = status.strip()
    return result


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class KpiInput:
    """What one KPI is judged on.

    ``region`` and ``nation`` are float Series indexed by year (``None`` when the dataset is
    absent); ``provisional_years`` are the years in which a figure used is not final;
    ``missing`` lists the bound datasets that are absent; ``problems`` says why a dataset that
    is present could not be used (e.g. a CBS table without the expected measure); ``detail``
    holds supporting figures (VTE jobs per subsector for the diversification).
    """

    region: pd.Series | None
    nation: pd.Series | None = None
    provenances: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    provisional_years: frozenset[int] = frozenset()
    region_label: str = "de Liemers"
    unit: str = ""
    decimals: int = 0
    detail: pd.DataFrame | None = field(default=None, compare=False)


def _dataset(store: DataStore, reference: str, used: list[Provenance], missing: list[str]):
    dataset = store.get(reference)
    if dataset is None:
        if reference not in missing:
            missing.append(reference)
        return None
    if dataset.provenance not in used:  # 85925NED serves region and nation: list it once
        used.append(dataset.provenance)
    return dataset


def _cbs_notes(table_id: str, years: Mapping[int, str]) -> list[str]:
    return [f"CBS-cijfer {year} is {status.casefold()} ({table_id})." for year, status in sorted(years.items())]


def _nation_series(reference: str, frame: pd.DataFrame, sector: str) -> pd.Series:
    table_id = reference.removeprefix(CBS_PREFIX)
    if table_id == "82058NED":
        return cbs_nights(frame, table_id)
    if table_id == "83582NED":
        return cbs_jobs(frame, sector_sbi_codes(sector), NATION_CODE, table_id)
    if table_id == "85925NED":
        return cbs_productivity(frame, NATION_CODE, sector_sbi_codes(sector)[0], table_id)
    raise PlanError(f"Onbekende landelijke bron '{reference}' in data.nation.")


def load_kpi_input(kpi: Kpi, store: DataStore, sector: str, region: Region | None = None) -> KpiInput:
    """Load the datasets ``kpi.data`` names and turn them into the KPI's series.

    ``sector`` is the spearhead's sector id in sectors.yaml (``vte``, ``maakindustrie``): it
    decides which SBI codes the jobs KPIs sum. Raises :class:`~levanalysis.plan.PlanError` for a
    binding this module does not know; bad input files raise their own errors
    (:class:`~levanalysis.local_sources.ValidationError`, :class:`~levanalysis.cbs.CbsFetchError`).
    """
    region = region or load_region()
    binding = kpi.data
    used: list[Provenance] = []
    missing: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    provisional: set[int] = set()
    nation: pd.Series | None = None
    detail = None
    label, unit, decimals = "de Liemers", "", 0

    source = binding.region
    if source == "website_bezoekers":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else website_visitors(dataset.data)
        unit = "bezoekers"
        if series is not None and series.isna().any():
            notes.append("Jaren met maandcijfers voor minder dan twaalf maanden tellen niet mee (onvolledig jaar).")
    elif source == "toeristenbelasting":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else tourist_nights(dataset.data, region)
        unit = "overnachtingen"
        if dataset is not None:
            years = tourist_tax_provisional_years(dataset.data)
            provisional.update(years)
            notes += [f"Toeristenbelasting {year} is (deels) voorlopig." for year in years]
    elif source == "lisa_banen":
        dataset = _dataset(store, source, used, missing)
        unit = "banen"
        if kpi.rule.type == "diversification_increase":
            subsectors = sector_subsectors(sector)
            detail = None if dataset is None else lisa_subsector_jobs(dataset.data, subsectors, region)
            series = None if detail is None else diversification_series(detail)
            unit, decimals = "genormaliseerde Shannon-index (0-1)", 3
            notes.append(
                "Spreiding = genormaliseerde Shannon-index van de banen over de subsectoren "
                f"{', '.join(subsectors)} (0 = alles in één subsector, 1 = gelijk verdeeld)."
            )
        else:
            series = None if dataset is None else lisa_jobs(dataset.data, sector_sbi_codes(sector), region)
    elif source == f"{CBS_PREFIX}85925NED":
        dataset = _dataset(store, source, used, missing)
        series = None
        unit = "euro toegevoegde waarde per arbeidsjaar"
        if dataset is not None:
            code = productivity_region(dataset.data)
            if code is None:
                notes.append("85925NED heeft geen cijfers voor COROP Arnhem/Nijmegen of Gelderland.")
            else:
                try:
                    series = cbs_productivity(dataset.data, code, sector_sbi_codes(sector)[0])
                except CbsFetchError as exc:
                    problems.append(str(exc))
                titles = dataset.data.loc[dataset.data["RegioS"].astype(str).str.strip() == code, "RegioS_title"]
                label = str(titles.iloc[0]) if len(titles) else code
                notes.append(
                    f"CBS publiceert productiviteit niet per gemeente: de regionale waarde is die van "
                    f"{label} (CBS-code {code}), het kleinste gebied met cijfers waar de Liemers in ligt."
                )
                years = cbs_provisional_years(dataset.data, dataset.provenance)
                provisional.update(years)
                notes += _cbs_notes("85925NED", years)
    elif source == "techniekstudenten":
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else technical_students(dataset.data)
        unit = "studenten"
        notes.append("Jaar = beginjaar van het schooljaar (2024 = schooljaar 2024-2025).")
    elif source == "uwv_spanning":
        dataset = _dataset(store, source, used, missing)
        weights = uwv_weights(region)
        series = None if dataset is None else uwv_tension(dataset.data, weights)
        unit, decimals = "spanningsindicator", 2
        if dataset is not None and series is not None and series.empty:
            notes.append("Het bestand heeft geen beroepsgroep Techniek.")
            series = None
        notes.append(
            "Spanningsindicator Techniek: jaargemiddelde van vier kwartalen per UWV-regio, gewogen naar "
            "het aantal Liemerse gemeenten per regio ("
            + ", ".join(f"{name} {count}" for name, count in weights.items())
            + "); een jaar zonder alle kwartalen telt niet mee."
        )
    elif source == "projecten":
        if not binding.kind:
            raise PlanError(f"KPI '{kpi.id}': bron 'projecten' heeft een 'kind' nodig (project of samenwerking).")
        dataset = _dataset(store, source, used, missing)
        series = None if dataset is None else register_counts(dataset.data, binding.kind)
        unit = "projecten" if binding.kind == "project" else f"{binding.kind}en"
        if series is not None and series.empty:
            series = None
    else:
        raise PlanError(f"KPI '{kpi.id}': onbekende gegevensbron '{source}' in data.region.")

    if binding.nation is not None:
        dataset = _dataset(store, binding.nation, used, missing)
        table_id = binding.nation.removeprefix(CBS_PREFIX)
        if dataset is not None:
            try:
                nation = _nation_series(binding.nation, dataset.data, sector)
            except CbsFetchError as exc:
                # One table lacking what one KPI needs makes that KPI 'geen data' with this
                # message; it should not stop the evaluation of every other KPI.
                problems.append(str(exc))
            if binding.nation != source:  # 85925NED: already noted for the region
                years = cbs_provisional_years(dataset.data, dataset.provenance)
                provisional.update(years)
                notes += _cbs_notes(table_id, years)
        if source == "lisa_banen" and binding.nation == f"{CBS_PREFIX}83582NED" and series is not None \
                and nation is not None:
            notes.append(
                "De Liemers uit LISA (werkzame personen), Nederland uit CBS 83582NED (banen van "
                "werknemers): verschillende bronnen, daarom worden alleen de groeicijfers vergeleken."
            )

    return KpiInput(
        region=series,
        nation=nation,
        provenances=tuple(used),
        notes=tuple(dict.fromkeys(notes)),
        missing=tuple(missing),
        problems=tuple(problems),
        provisional_years=frozenset(provisional),
        region_label=label,
        unit=unit,
        decimals=decimals,
        detail=detail,
    )
