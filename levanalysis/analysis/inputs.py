"""Loading the input of a plan KPI: the datasets ``kpi.data`` names, turned into its series.

A KPI's binding names a regional source (and an indicator of it) and, where the rule compares
with Nederland, a national CBS table. Each (source, indicator) has one *adapter* in
:data:`REGION_ADAPTERS` or :data:`NATION_ADAPTERS`: a function from the dataset to the series.
Units, decimals and standing notes live in the data beside the source definition
(``indicators:`` in ``local_sources.yaml`` and ``cbs_tables.yaml``). A new source therefore
needs its definition and one adapter entry, never a new branch here.

Absent datasets give ``None`` series, never empty or zero ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from levanalysis.analysis.cbs_context import (
    describe_area,
    establishment_codes,
    liemers_establishments,
)
from levanalysis.analysis.completeness import Parts
from levanalysis.analysis.series import (
    diversification_series,
    lisa_jobs,
    lisa_subsector_jobs,
    register_counts,
    technical_students,
    tourist_nights,
    tourist_tax_provisional_years,
    uwv_tension,
    uwv_weights,
    website_visitors,
)
from levanalysis.definitions.cbs_tables import configured_tables
from levanalysis.definitions.indicators import IndicatorSpec
from levanalysis.definitions.local_sources import load_definitions
from levanalysis.definitions.plan import Kpi, PlanError
from levanalysis.definitions.region import Region, load_region
from levanalysis.definitions.sectors import sector_sbi_codes, sector_subsectors
from levanalysis.formatting import join_and
from levanalysis.sources.cache import Dataset, Provenance
from levanalysis.sources.cbs.backend import CbsFetchError
from levanalysis.sources.cbs.frames import (
    NATION_CODE,
    cbs_category_titles,
    cbs_establishments,
    cbs_jobs,
    cbs_nights,
    cbs_productivity,
    cbs_provisional_years,
    productivity_region,
)
from levanalysis.sources.store import CBS_PREFIX, DataStore


@dataclass(frozen=True)
class KpiInput:
    """What one KPI is judged on.

    ``region`` and ``nation`` are float Series indexed by year (``None`` when the dataset is
    absent); ``provisional_years`` are the years in which a figure used is not final;
    ``missing`` lists the bound datasets that are absent; ``problems`` says why a dataset that
    is present could not be used (e.g. a CBS table without the expected measure); ``detail``
    holds supporting figures (VTE jobs per subsector for the diversification).

    ``parts`` (schools, municipalities per year), ``region_sd`` and ``nation_sd`` (standard
    deviation of the rounding error per year) are added by
    :func:`levanalysis.analysis.evaluation.evaluate_kpi`; ``None`` means none to check / exact.
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
    parts: Parts | None = field(default=None, compare=False)
    region_sd: pd.Series | None = field(default=None, compare=False)
    nation_sd: pd.Series | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AdapterContext:
    """What an adapter may use besides its dataset."""

    kpi: Kpi
    sector: str
    region: Region


@dataclass(frozen=True)
class Adapted:
    """What an adapter makes of one dataset."""

    series: pd.Series | None
    detail: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    provisional_years: frozenset[int] = frozenset()
    label: str | None = None
    """The area the figures are about, when it is not the region itself (e.g. a COROP area)."""
    note_values: Mapping[str, str] = field(default_factory=dict)
    """Values for the ``{placeholders}`` in the indicator's standing notes."""


Adapter = Callable[[Dataset, AdapterContext], Adapted]


# --------------------------------------------------------------------------- local adapters


def _website(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    series = website_visitors(dataset.data)
    notes = ("Jaren met maandcijfers voor minder dan twaalf maanden tellen niet mee (onvolledig jaar).",) \
        if series.isna().any() else ()
    return Adapted(series, notes=notes)


def _tourist_tax(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    years = tourist_tax_provisional_years(dataset.data)
    return Adapted(
        tourist_nights(dataset.data, ctx.region),
        notes=tuple(f"Toeristenbelasting {year} is (deels) voorlopig." for year in years),
        provisional_years=frozenset(years),
    )


def _lisa_jobs(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    return Adapted(lisa_jobs(dataset.data, sector_sbi_codes(ctx.sector), ctx.region))


def _lisa_spread(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    subsectors = sector_subsectors(ctx.sector)
    detail = lisa_subsector_jobs(dataset.data, subsectors, ctx.region)
    return Adapted(diversification_series(detail), detail=detail, note_values={"subsectors": ", ".join(subsectors)})


def _students(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    return Adapted(technical_students(dataset.data))


def _uwv(dataset: Dataset, ctx: AdapterContext) -> Adapted:
    weights = uwv_weights(ctx.region)
    series = uwv_tension(dataset.data, weights)
    values = {"weights": ", ".join(f"{name} {count}" for name, count in weights.items())}
    if series.empty:
        return Adapted(None, notes=("Het bestand heeft geen beroepsgroep Techniek.",), note_values=values)
    return Adapted(series, note_values=values)


def _register(kind: str) -> Adapter:
    def adapt(dataset: Dataset, ctx: AdapterContext) -> Adapted:
        series = register_counts(dataset.data, kind)
        return Adapted(None if series.empty else series)

    return adapt


# --------------------------------------------------------------------------- CBS adapters


def _cbs_status_notes(table_id: str, dataset: Dataset) -> tuple[tuple[str, ...], frozenset[int]]:
    years = cbs_provisional_years(dataset.data, dataset.provenance)
    notes = tuple(f"CBS-cijfer {year} is {status.casefold()} ({table_id})." for year, status in sorted(years.items()))
    return notes, frozenset(years)


def _parts_note(frame: pd.DataFrame, table_id: str, codes: list[str], what: str) -> str:
    """'Landelijke reeks uit CBS 83583NED: som van I ..., R ... en 47 ...' — which parts are compared."""
    titles = list(cbs_category_titles(frame, table_id, codes).values())
    parts = join_and(titles) if len(titles) == 1 else "som van " + join_and(titles)
    return f"{what} uit CBS {table_id}: {parts}."


def _jobs(table_id: str) -> Adapter:
    """Employee jobs in Nederland summed over the sector's SBI codes, saying which codes."""

    def adapt(dataset: Dataset, ctx: AdapterContext) -> Adapted:
        notes, provisional = _cbs_status_notes(table_id, dataset)
        codes = sector_sbi_codes(ctx.sector)
        series = cbs_jobs(dataset.data, codes, NATION_CODE, table_id)
        note = _parts_note(dataset.data, table_id, codes, "Landelijke reeks")
        return Adapted(series, notes=(note, *notes), provisional_years=provisional)

    return adapt


def _nights(table_id: str) -> Adapter:
    def adapt(dataset: Dataset, ctx: AdapterContext) -> Adapted:
        notes, provisional = _cbs_status_notes(table_id, dataset)
        return Adapted(cbs_nights(dataset.data, table_id), notes=notes, provisional_years=provisional)

    return adapt


def _productivity(region_code: str | None) -> Adapter:
    """Value added per labour year: of the smallest area with figures (region) or of Nederland.

    Both sides use the sector's first SBI code; the regional side says which area it is, how
    much larger than the Liemers, and where the municipalities outside it lie.
    """

    def adapt(dataset: Dataset, ctx: AdapterContext) -> Adapted:
        notes, provisional = _cbs_status_notes("85925NED", dataset)
        sbi = sector_sbi_codes(ctx.sector)[0]
        if region_code is not None:
            return Adapted(cbs_productivity(dataset.data, region_code, sbi), notes=notes, provisional_years=provisional)
        code = productivity_region(dataset.data, sbi_code=sbi)
        if code is None:
            return Adapted(None, notes=(f"85925NED heeft geen cijfers voor SBI {sbi} in COROP Arnhem/Nijmegen "
                                        f"(CR15) of Gelderland (PV25).",))
        area = describe_area(code, ctx.region, dataset.data)
        notes = (f"CBS publiceert productiviteit niet per gemeente. {area.sentence}", *notes)
        return Adapted(cbs_productivity(dataset.data, code, sbi), notes=notes, provisional_years=provisional,
                       label=area.label)

    return adapt


def _establishments(side: str, table_id: str) -> Adapter:
    """Establishments in the sector's SBI sections: the Liemers (municipal table) or Nederland.

    Only sections: CBS publishes divisions such as 47 (retail) not per municipality, so both
    sides leave them out and the note says so.
    """

    def adapt(dataset: Dataset, ctx: AdapterContext) -> Adapted:
        notes, provisional = _cbs_status_notes(table_id, dataset)
        codes = sector_sbi_codes(ctx.sector)
        sections = establishment_codes(codes)
        left_out = [c for c in codes if c not in sections]
        if not sections:
            return Adapted(None, notes=(f"CBS publiceert vestigingen per gemeente alleen per SBI-sectie; "
                                        f"{', '.join(codes)} is geen sectie.",))
        if side == "region":
            series = liemers_establishments(dataset.data, sections, ctx.region, table_id)
        else:
            series = cbs_establishments(dataset.data, sections, [NATION_CODE], table_id)
        extra = (f"Zonder {join_and(left_out)}: die publiceert CBS niet per gemeente.",) if left_out else ()
        note = _parts_note(dataset.data, table_id, sections, "Vestigingen")
        return Adapted(series, notes=(note, *extra, *notes), provisional_years=provisional)

    return adapt


REGION_ADAPTERS: dict[tuple[str, str], Adapter] = {
    ("website_bezoekers", "bezoekers"): _website,
    ("toeristenbelasting", "overnachtingen"): _tourist_tax,
    ("lisa_banen", "banen"): _lisa_jobs,
    ("lisa_banen", "spreiding"): _lisa_spread,
    ("techniekstudenten", "studenten"): _students,
    ("uwv_spanning", "spanningsindicator"): _uwv,
    ("projecten", "project"): _register("project"),
    ("projecten", "samenwerking"): _register("samenwerking"),
    ("cbs:85925NED", "productiviteit"): _productivity(None),
    ("cbs:81575NED", "vestigingen"): _establishments("region", "81575NED"),
}
"""(regional source, indicator) -> adapter; the indicator's unit and notes are in its definition."""

NATION_ADAPTERS: dict[tuple[str, str], Adapter] = {
    ("cbs:82059NED", "overnachtingen"): _nights("82059NED"),
    ("cbs:83582NED", "banen"): _jobs("83582NED"),
    ("cbs:83583NED", "banen"): _jobs("83583NED"),
    ("cbs:85925NED", "productiviteit"): _productivity(NATION_CODE),
    ("cbs:81578NED", "vestigingen"): _establishments("nation", "81578NED"),
}
"""(national CBS table, indicator) -> adapter. The indicator is the one of the regional side."""


# --------------------------------------------------------------------------- definitions


def indicator_spec(source: str, indicator: str | None) -> IndicatorSpec:
    """The definition of a source's indicator; ``None`` picks the source's only indicator."""
    if source.startswith(CBS_PREFIX):
        table = configured_tables().get(source.removeprefix(CBS_PREFIX))
        specs = table.indicators if table else None
    else:
        definition = load_definitions().sources.get(source)
        specs = definition.indicators if definition else None
    if not specs:
        raise PlanError(f"Onbekende gegevensbron '{source}' (of een bron zonder 'indicators').")
    if indicator is None:
        if len(specs) != 1:
            raise PlanError(f"Bron '{source}' heeft meerdere indicatoren ({', '.join(specs)}): kies er één met 'indicator'.")
        return next(iter(specs.values()))
    if indicator not in specs:
        raise PlanError(f"Bron '{source}' heeft geen indicator '{indicator}' (wel: {', '.join(specs)}).")
    return specs[indicator]


def _adapter(adapters: Mapping[tuple[str, str], Adapter], source: str, indicator: str, kpi: Kpi, side: str) -> Adapter:
    adapter = adapters.get((source, indicator))
    if adapter is None:
        raise PlanError(f"KPI '{kpi.id}': voor {side} '{source}' ({indicator}) bestaat geen omzetting naar een reeks.")
    return adapter


# --------------------------------------------------------------------------- loading


def load_kpi_input(kpi: Kpi, store: DataStore, sector: str, region: Region | None = None) -> KpiInput:
    """Load the datasets ``kpi.data`` names and turn them into the KPI's series.

    ``sector`` is the spearhead's sector id in sectors.yaml (``vte``, ``maakindustrie``): it
    decides which SBI codes the jobs KPIs sum. Raises :class:`~levanalysis.definitions.plan.PlanError`
    for a binding without definition or adapter; bad input files raise their own errors
    (:class:`~levanalysis.sources.local.ValidationError`, :class:`~levanalysis.sources.cbs.CbsFetchError`).
    """
    region = region or load_region()
    binding = kpi.data
    ctx = AdapterContext(kpi=kpi, sector=sector, region=region)
    spec = indicator_spec(binding.region, binding.indicator)
    region_adapter = _adapter(REGION_ADAPTERS, binding.region, spec.name, kpi, "de regionale bron")
    nation_adapter = (
        _adapter(NATION_ADAPTERS, binding.nation, spec.name, kpi, "de landelijke bron") if binding.nation else None
    )

    used: list[Provenance] = []
    missing: list[str] = []
    problems: list[str] = []
    notes: list[str] = []
    provisional: set[int] = set()

    def run(reference: str, adapter: Adapter) -> Adapted | None:
        dataset = store.get(reference)
        if dataset is None:
            missing.append(reference)
            return None
        if dataset.provenance not in used:  # 85925NED serves region and nation: list it once
            used.append(dataset.provenance)
        try:
            adapted = adapter(dataset, ctx)
        except CbsFetchError as exc:
            # One table lacking what one KPI needs makes that KPI 'geen data' with this
            # message; it should not stop the evaluation of every other KPI.
            problems.append(str(exc))
            return None
        notes.extend(adapted.notes)
        provisional.update(adapted.provisional_years)
        return adapted

    regional = run(binding.region, region_adapter)
    if regional is not None:
        notes[:0] = spec.filled_notes(**regional.note_values)
    national = run(binding.nation, nation_adapter) if nation_adapter else None
    if regional is not None and regional.series is not None and national is not None and national.series is not None:
        nation_spec = indicator_spec(binding.nation, spec.name)
        if binding.region in nation_spec.compared_with:
            notes.append(nation_spec.compared_with[binding.region])

    return KpiInput(
        region=regional.series if regional else None,
        nation=national.series if national else None,
        provenances=tuple(used),
        notes=tuple(dict.fromkeys(notes)),
        missing=tuple(missing),
        problems=tuple(problems),
        provisional_years=frozenset(provisional),
        region_label=(regional.label if regional and regional.label else "de Liemers"),
        unit=spec.unit,
        decimals=spec.decimals,
        detail=regional.detail if regional else None,
    )
