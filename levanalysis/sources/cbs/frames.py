"""Reading the cached CBS long frames: years, measures by title, categories and totals.

CBS frames have the long layout of :mod:`levanalysis.sources.cbs.fetch`: per dimension ``D`` the
columns ``D`` and ``D_title`` (``D_code`` for dimensions selected by code, ``D_status`` for the
periods), then ``measure``, ``measure_title``, ``unit`` and ``value``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from levanalysis.frames import strict_sum, unstack_unique, year_series
from levanalysis.sources.cache import Provenance
from levanalysis.sources.cbs.backend import CbsFetchError

NATION_CODE = "NL01"
PROVINCE_CODE = "PV25"
TOTAL_SBI = "T001081"
# Smallest first: COROP Arnhem/Nijmegen (CR15), where four of the five Liemers municipalities lie
# (Montferland lies in CR14 Achterhoek), then Gelderland, which holds all five.
PRODUCTIVITY_REGIONS = ("CR15", PROVINCE_CODE)
# Words in a measure's group path that name one kind of accommodation, not all of them.
_ONE_ACCOMMODATION_TYPE = ("hotel", "pension", "kampeer", "camping", "bungalow", "huisjes", "groepsaccommodatie")

_YEAR_PERIOD = re.compile(r"^(\d{4})JJ00$")
# CBS units as they appear in the metadata ('x 1 000', '1 000 arbeidsjaren', 'mln euro');
# values are scaled to plain numbers so that ratios of two measures (productivity) come out in
# euros per labour year.
_UNIT_PATTERNS = (
    (re.compile(r"^(x\s*)?1[ .]?000[ .]?000\b"), 1e6),
    (re.compile(r"^(x\s*)?1[ .]?000\b"), 1e3),
    (re.compile(r"^(x\s*)?(mln|miljoen)\b"), 1e6),
    (re.compile(r"^(x\s*)?(mld|miljard)\b"), 1e9),
)


def cbs_years(frame: pd.DataFrame, time_col: str = "Perioden") -> pd.Series:
    """The year of every row with a yearly period ('2023JJ00' -> 2023), else NA."""
    years = frame[time_col].astype(str).str.strip().str.extract(_YEAR_PERIOD, expand=False)
    return years.astype("Int64")


def time_column(frame: pd.DataFrame) -> str:
    for column in frame.columns:
        if str(column).endswith("_status") and str(column)[: -len("_status")] in frame.columns:
            return str(column)[: -len("_status")]
    if "Perioden" in frame.columns:
        return "Perioden"
    raise ValueError("CBS frame has no period dimension")


def category_dimensions(frame: pd.DataFrame) -> list[str]:
    time_col = time_column(frame)
    dims = []
    for column in frame.columns:
        name = str(column)
        if name.endswith("_title") and name[: -len("_title")] in frame.columns:
            dim = name[: -len("_title")]
            if dim not in ("measure", time_col, "RegioS"):
                dims.append(dim)
    return dims


def category_codes(frame: pd.DataFrame, dim: str) -> pd.Series:
    """The configured code of each row ('C', '47', 'T001081'), else the code opening the title."""
    from_title = frame[f"{dim}_title"].astype(str).str.split().str[0]
    if f"{dim}_code" in frame.columns:
        return frame[f"{dim}_code"].where(frame[f"{dim}_code"].notna(), from_title).astype(str)
    return from_title


def sbi_dimension(frame: pd.DataFrame, table_id: str) -> str:
    dims = category_dimensions(frame)
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
    frame: pd.DataFrame, table_id: str, title_contains: str, prefer: Sequence[str] = (), name: str | None = None
) -> str:
    """The measure named ``name`` (as cbs_tables.yaml names it), else the one measure whose title
    contains ``title_contains`` (case-insensitive).

    With several matches, ``prefer`` (title fragments, in order) picks one. Raises
    :class:`~levanalysis.cbs.CbsFetchError` with the measures that exist when none or several fit.
    """
    measures = frame[["measure", "measure_title"]].drop_duplicates()
    if name is not None and (measures["measure"] == name).any():
        return name
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


def unit_scale(unit: str | None) -> float:
    """'x 1 000' -> 1000, '1 000 arbeidsjaren' -> 1000, 'mln euro' -> 1e6, 'aantal' -> 1."""
    text = " ".join(str(unit or "").split()).casefold()
    for pattern, factor in _UNIT_PATTERNS:
        if pattern.match(text):
            return factor
    return 1.0


def unit_factor(units: pd.Series) -> float:
    factors = {unit_scale(u) for u in units.dropna().unique()}
    return factors.pop() if len(factors) == 1 else 1.0


def cbs_series(
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
    dims = category_dimensions(rows)
    if sbi_codes is not None:
        sbi_dim = sbi_dimension(frame, table_id)
        rows = rows.assign(__code=category_codes(rows, sbi_dim))
        rows = _keep_totals(rows, [d for d in dims if d != sbi_dim], table_id)
    else:
        rows = _keep_totals(rows, dims, table_id).assign(__code="all")
        sbi_codes = ["all"]
    rows = rows.assign(year=cbs_years(rows, time_column(frame)))
    rows = rows[rows["year"].notna()]
    factor = unit_factor(rows["unit"]) if "unit" in rows.columns else 1.0
    wide = unstack_unique(rows[["year", "__code", "value"]], "year", ["__code"])
    all_years = sorted(int(y) for y in cbs_years(frame, time_column(frame)).dropna().unique())
    wide = wide.reindex(index=all_years, columns=list(sbi_codes))
    return year_series(strict_sum(wide) * factor, measure)


def cbs_jobs(frame: pd.DataFrame, sbi_codes: Sequence[str], region_code: str | None = NATION_CODE,
             table_id: str = "83582NED") -> pd.Series:
    """Employee jobs (83582NED, 83583NED) of one region summed strictly over ``sbi_codes`` per
    year, in jobs (not thousands). A table without a region dimension (83583NED) is national."""
    measure = cbs_measure(frame, table_id, "banen", prefer=("werknemers", "december"), name="banen")
    present = set(category_codes(frame, sbi_dimension(frame, table_id)))
    absent = [code for code in sbi_codes if code not in present]
    if absent:
        # 83582NED has sections only: asking it for 47 (retail) must say so, not give NaN.
        raise CbsFetchError(
            f"CBS-tabel {table_id} heeft geen SBI-code(s) {', '.join(absent)} (wel: {', '.join(sorted(present))}).",
            table_id=table_id, reason="metadata",
        )
    if "RegioS" not in frame.columns:
        region_code = None
    return cbs_series(frame, table_id, measure, region_code=region_code, sbi_codes=sbi_codes).rename("banen")


def cbs_category_titles(frame: pd.DataFrame, table_id: str, sbi_codes: Sequence[str]) -> dict[str, str]:
    """SBI code -> CBS's title of it in this frame ('47' -> "47 Detailhandel (niet in auto's)")."""
    dim = sbi_dimension(frame, table_id)
    pairs = pd.DataFrame({"code": category_codes(frame, dim), "title": frame[f"{dim}_title"]}).drop_duplicates("code")
    titles = dict(zip(pairs["code"], pairs["title"], strict=True))
    return {code: str(titles.get(code, code)) for code in sbi_codes}


def cbs_nights(frame: pd.DataFrame, table_id: str = "82059NED", region_code: str | None = NATION_CODE) -> pd.Series:
    """Nights in all accommodation per year (82059NED: 'Totaal logiesaccommodaties', 'Totaal
    landen'), in nights (not thousands).

    Refuses a hotel-only series (82058NED's first topic group is hotels, pensions and youth
    accommodation): comparing local nights in every kind of accommodation with national hotel
    nights would be comparing different things.
    """
    measure = cbs_measure(frame, table_id, "overnachting", prefer=("totaal",), name="overnachtingen")
    title = str(frame.loc[frame["measure"] == measure, "measure_title"].iloc[0])
    if any(word in title.casefold() for word in _ONE_ACCOMMODATION_TYPE):
        raise CbsFetchError(
            f"CBS-tabel {table_id}: onderwerp '{title}' telt één soort logies, niet alle "
            f"logiesaccommodaties; gebruik 82059NED (Totaal logiesaccommodaties).",
            table_id=table_id, reason="metadata",
        )
    for dim in category_dimensions(frame):
        if "logies" in dim.casefold():
            kinds = frame[f"{dim}_title"].dropna().unique()
            if not any(str(t).strip().casefold().startswith("totaal") for t in kinds):
                raise CbsFetchError(
                    f"CBS-tabel {table_id}: geen 'Totaal logiesaccommodaties' in dimensie {dim} "
                    f"(wel: {', '.join(map(str, kinds))}).",
                    table_id=table_id, reason="metadata",
                )
    if "RegioS" not in frame.columns:
        region_code = None
    return cbs_series(frame, table_id, measure, region_code=region_code, sbi_codes=None).rename("overnachtingen")


def productivity_region(frame: pd.DataFrame, candidates: Sequence[str] = PRODUCTIVITY_REGIONS,
                        sbi_code: str | None = None, table_id: str = "85925NED") -> str | None:
    """The first (smallest) candidate region with at least one figure (for ``sbi_code``, if given)."""
    rows = frame
    if sbi_code is not None:
        rows = frame[category_codes(frame, sbi_dimension(frame, table_id)) == sbi_code]
    regions = rows["RegioS"].astype(str).str.strip()
    for code in candidates:
        if rows.loc[regions == code, "value"].notna().any():
            return code
    return None


def cbs_productivity(frame: pd.DataFrame, region_code: str, sbi_code: str = "C",
                     table_id: str = "85925NED") -> pd.Series:
    """Gross value added at basic prices (current prices) per labour year, in euros, of one SBI
    code in one region (85925NED)."""
    value_added = cbs_measure(frame, table_id, "toegevoegde waarde", prefer=("bruto", "basisprijzen"),
                              name="toegevoegde_waarde")
    labour_years = cbs_measure(frame, table_id, "arbeidsvolume", prefer=("totaal",), name="arbeidsvolume")
    numerator = cbs_series(frame, table_id, value_added, region_code=region_code, sbi_codes=[sbi_code])
    denominator = cbs_series(frame, table_id, labour_years, region_code=region_code, sbi_codes=[sbi_code])
    ratio = numerator / denominator.where(denominator != 0)
    return ratio.rename("productiviteit")


def cbs_establishments(frame: pd.DataFrame, sbi_codes: Sequence[str], region_codes: Sequence[str],
                       table_id: str = "81575NED") -> pd.Series:
    """Establishments (81575NED, 81578NED) summed strictly over regions and SBI codes per year."""
    measure = cbs_measure(frame, table_id, "vestigingen", name="vestigingen")
    parts = [cbs_series(frame, table_id, measure, region_code=code, sbi_codes=sbi_codes) for code in region_codes]
    return pd.concat(parts, axis=1).sum(axis=1, skipna=False).rename("vestigingen")


def cbs_provisional_years(frame: pd.DataFrame, provenance: Provenance | None = None) -> dict[int, str]:
    """Year -> CBS status for every yearly period that is not 'Definitief'."""
    time_col = time_column(frame)
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

