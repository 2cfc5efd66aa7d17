"""CBS figures around the KPIs, as plain data for the book: which area a figure is about, how much
of the Liemers lies in it, establishments as context, revisions that touch a KPI, and the age
of the CBS data.

Every function here returns a DataFrame, a dataclass of plain values or a bool; the book decides
how to show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from levanalysis.definitions.cbs_tables import Area, configured_areas
from levanalysis.definitions.plan import Kpi
from levanalysis.definitions.region import Region, apply_reorganisations, load_region
from levanalysis.definitions.sectors import sector_sbi_codes
from levanalysis.formatting import join_and
from levanalysis.sources.cache import Provenance
from levanalysis.sources.cbs.frames import (
    NATION_CODE,
    cbs_establishments,
    cbs_jobs,
    productivity_region,
)
from levanalysis.sources.cbs.freshness import MAX_CACHE_AGE_DAYS, data_age
from levanalysis.sources.cbs.revisions import (
    REVISION_COLUMNS,
    revision_table,
    revisions_for,
)
from levanalysis.sources.store import CBS_PREFIX, DataStore

_ARTICLES = {"COROP-gebied": "het ", "provincie": "de ", "landsdeel": "het "}
_NUMBERS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes"}
_SECTION = re.compile(r"^[A-U]$")


# --------------------------------------------------------------------------- honest area naming


@dataclass(frozen=True)
class AreaDescription:
    """What a CBS region larger than a municipality is, seen from the Liemers."""

    code: str
    label: str
    """'COROP-gebied Arnhem/Nijmegen', 'provincie Gelderland'."""
    inside: tuple[str, ...]
    """Names of the Liemers municipalities that lie in it."""
    outside: tuple[tuple[str, str], ...] = ()
    """(municipality, the configured area it lies in instead) for the others."""
    covers_all: bool = False
    sentence: str = ""
    """Dutch: which area, that it is larger than the Liemers, where the others lie."""


def describe_area(code: str, region: Region | None = None, frame: pd.DataFrame | None = None,
                  areas: Mapping[str, Area] | None = None) -> AreaDescription:
    """Describe area ``code`` honestly: never as 'the Liemers'.

    ``areas`` default to ``areas:`` in cbs_tables.yaml; ``frame`` (a CBS frame with ``RegioS``)
    supplies CBS's own title for a code that is not configured.
    """
    region = region or load_region()
    areas = configured_areas() if areas is None else areas
    names = {m.code: m.name for m in region.municipalities}
    area = areas.get(code)
    if area is None:
        title = code
        if frame is not None and "RegioS_title" in frame.columns:
            titles = frame.loc[frame["RegioS"].astype(str).str.strip() == code, "RegioS_title"]
            title = str(titles.iloc[0]) if len(titles) else code
        return AreaDescription(code, title, (), (), False,
                               f"De regionale waarde is die van {title} (CBS-code {code}), een ander gebied dan "
                               f"de Liemers. Het is dus geen cijfer van de Liemers zelf.")
    inside = tuple(names[c] for c in region.codes if c in area.municipalities)
    elsewhere = []
    for municipality in region.codes:
        if municipality in area.municipalities:
            continue
        home = next((a for a in areas.values() if a.kind == area.kind and municipality in a.municipalities), None)
        elsewhere.append((names[municipality], f"{home.label} ({home.code})" if home else "een ander gebied"))
    covers_all = not elsewhere
    article = _ARTICLES.get(area.kind, "")
    if covers_all:
        sentence = (f"De regionale waarde is die van {article}{area.label} (CBS-code {code}): een groter gebied "
                    f"waarin alle {_NUMBERS.get(len(inside), len(inside))} Liemerse gemeenten liggen.")
    else:
        where = "; ".join(f"{name} ligt in {article}{label}" for name, label in elsewhere)
        sentence = (f"De regionale waarde is die van {article}{area.label} (CBS-code {code}): een groter gebied "
                    f"waarin {join_and(inside)} liggen; {where}.")
    sentence += " Het is dus geen cijfer van de Liemers zelf."
    return AreaDescription(code, area.label, inside, tuple(elsewhere), covers_all, sentence)


COVERAGE_COLUMNS = ["area", "label", "year", "area_jobs", "liemers_jobs_in_area", "share_of_area",
                    "liemers_jobs", "share_of_liemers"]


def area_coverage(jobs: pd.DataFrame, sbi_code: str = "T001081", year: int | None = None,
                  region: Region | None = None, areas: Mapping[str, Area] | None = None,
                  table_id: str = "83582NED") -> pd.DataFrame:
    """How much of each configured area the Liemers are, from CBS jobs per municipality (83582NED).

    One row per area the table has figures for (columns :data:`COVERAGE_COLUMNS`):
    ``share_of_area`` is the part of the area's jobs (in ``sbi_code``) that lies in the Liemers
    municipalities within it; ``share_of_liemers`` the part of the Liemers' jobs that lies in the
    area. ``year``: the latest year with every figure. NaN where CBS suppressed a figure.
    """
    region = region or load_region()
    areas = configured_areas() if areas is None else areas
    codes = set(jobs["RegioS"].astype(str).str.strip())
    present = [a for a in areas.values() if a.code in codes and a.code != NATION_CODE]
    per = {c: cbs_jobs(jobs, [sbi_code], c, table_id) for c in (*region.codes, *(a.code for a in present))}
    wide = pd.DataFrame(per)
    if year is None:
        complete = wide.dropna()
        year = int(complete.index.max()) if len(complete) else int(wide.index.max())
    liemers = wide.loc[year, list(region.codes)].sum(skipna=False)
    rows = []
    for area in present:
        inside = [c for c in region.codes if c in area.municipalities]
        in_area = wide.loc[year, inside].sum(skipna=False) if inside else 0.0
        total = wide.loc[year, area.code]
        rows.append({
            "area": area.code, "label": area.label, "year": year, "area_jobs": total,
            "liemers_jobs_in_area": in_area, "share_of_area": in_area / total if total else float("nan"),
            "liemers_jobs": liemers, "share_of_liemers": in_area / liemers if liemers else float("nan"),
        })
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


# --------------------------------------------------------------------------- establishments


def establishment_codes(codes: Iterable[str]) -> list[str]:
    """The SBI sections among ``codes``: CBS publishes establishments per municipality only per section."""
    return [c for c in codes if _SECTION.match(c)]


def liemers_establishments(frame: pd.DataFrame, sbi_codes: Sequence[str], region: Region | None = None,
                           table_id: str = "81575NED") -> pd.Series:
    """Establishments in the five municipalities per year, Rijnwaarden folded into Zevenaar
    before 2018; NaN where one of them is missing."""
    region = region or load_region()
    absorbed = [r.absorbed_code for r in region.reorganisations]
    present = set(frame["RegioS"].astype(str).str.strip())
    parts = []
    for code in [*region.codes, *(a for a in absorbed if a in present)]:
        series = cbs_establishments(frame, sbi_codes, [code], table_id)
        parts.append(pd.DataFrame({"region": code, "year": series.index, "value": series.to_numpy()}))
    long = apply_reorganisations(pd.concat(parts, ignore_index=True), region.reorganisations)
    wide = long.pivot_table(index="year", columns="region", values="value", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=list(region.codes))
    return wide.sum(axis=1, skipna=False).rename("vestigingen")


@dataclass(frozen=True)
class EstablishmentsContext:
    table: pd.DataFrame
    """Columns year, liemers, nederland (establishments in the sector's SBI sections)."""
    sbi_codes: tuple[str, ...]
    notes: tuple[str, ...] = ()
    provenances: tuple[Provenance, ...] = field(default=(), compare=False)


def establishments_context(store: DataStore, sector: str, region: Region | None = None) -> EstablishmentsContext | None:
    """Establishments of a sector in the Liemers (81575NED) and Nederland (81578NED), per year.

    None when either table is absent. Divisions (47, retail) are left out on both sides because
    CBS does not publish them per municipality; the notes say so.
    """
    region = region or load_region()
    local, national = store.get("cbs:81575NED"), store.get("cbs:81578NED")
    if local is None or national is None:
        return None
    codes = sector_sbi_codes(sector)
    sections = establishment_codes(codes)
    notes = [f"Vestigingen in SBI-sectie(s) {join_and(sections)} op 1 januari (CBS 81575NED per gemeente, "
             f"81578NED voor Nederland); CBS rondt ze af op vijftallen."]
    left_out = [c for c in codes if c not in sections]
    if left_out:
        notes.append(f"Zonder {join_and(left_out)}: die publiceert CBS niet per gemeente.")
    liemers = liemers_establishments(local.data, sections, region, "81575NED")
    nation = cbs_establishments(national.data, sections, [NATION_CODE], "81578NED")
    table = pd.concat([liemers.rename("liemers"), nation.rename("nederland")], axis=1).rename_axis("year").reset_index()
    return EstablishmentsContext(table, tuple(sections), tuple(notes), (local.provenance, national.provenance))


# --------------------------------------------------------------------------- revisions and age


def cbs_provenances(store: DataStore) -> dict[str, Provenance]:
    return {k: v for k, v in store.available().items() if k.startswith(CBS_PREFIX)}


def revisions_since_previous_fetch(store: DataStore) -> pd.DataFrame:
    """Every CBS figure the last fetch found changed against the cache before it (Methode page)."""
    return revision_table(cbs_provenances(store), latest_only=True)


def kpi_revisions(kpi: Kpi, store: DataStore, sector: str, years: Iterable[int]) -> pd.DataFrame:
    """Revisions by the last fetch of figures this KPI uses: its CBS tables, the given years
    (e.g. baseline and latest), its regions (Nederland; the productivity area) and its SBI codes."""
    years = list(years)
    codes = sector_sbi_codes(sector)
    frames = []
    for side, reference in (("region", kpi.data.region), ("nation", kpi.data.nation)):
        if not reference or not reference.startswith(CBS_PREFIX):
            continue
        dataset = store.get(reference)
        if dataset is None:
            continue
        if side == "nation":
            regions = [NATION_CODE]
        elif "RegioS" in dataset.data.columns and reference == "cbs:85925NED":
            regions = [productivity_region(dataset.data, sbi_code=codes[0]) or ""]
        else:
            region = load_region()
            regions = [*region.codes, *(r.absorbed_code for r in region.reorganisations)]
        frames.append(revisions_for(dataset.provenance, years, regions, codes))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=REVISION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def kpi_was_revised(kpi: Kpi, store: DataStore, sector: str, years: Iterable[int]) -> bool:
    """True when the last fetch revised a figure this KPI uses (see :func:`kpi_revisions`)."""
    return not kpi_revisions(kpi, store, sector, years).empty


def cbs_data_age(store: DataStore, today: date | None = None, max_age_days: int = MAX_CACHE_AGE_DAYS) -> pd.DataFrame:
    """Per CBS dataset in the store: retrieval date, age in days, and whether it is older than
    ``max_age_days`` (see :func:`levanalysis.sources.cbs.data_age`)."""
    return data_age(cbs_provenances(store), today, max_age_days)
