"""What every chapter notebook starts with: the plan, the configuration, the region and the data."""

from __future__ import annotations

from dataclasses import dataclass

from levanalysis.definitions.config import Config, load_config
from levanalysis.definitions.plan import Plan, Spearhead, load_plan
from levanalysis.definitions.region import Region, load_region
from levanalysis.sources.cache import Provenance
from levanalysis.sources.store import DataStore, open_store

# The structural analysis of every spearhead uses CBS jobs per municipality.
STRUCTURE_TABLE = "cbs:83582NED"


@dataclass(frozen=True)
class ChapterContext:
    plan: Plan
    config: Config
    region: Region
    store: DataStore

    def provenances(self, references) -> dict[str, Provenance]:
        """The provenance of each referenced dataset that is present (absent ones are left out).

        Only the referenced datasets are read: the build's chapter cache then knows that a page
        depends on its own data files, not on every file in the directory."""
        found = {ref: self.store.provenance(ref) for ref in dict.fromkeys(references)}
        return {ref: provenance for ref, provenance in found.items() if provenance is not None}


def open_chapter(data_dir: str | None = None, read_log: str | None = None) -> ChapterContext:
    """Load what a chapter needs. ``data_dir`` is the papermill parameter (None: configured);
    ``read_log`` is where the store records which data files the chapter read (None: nowhere)."""
    config = load_config(data_dir=data_dir)
    store = open_store(config.data_dir, read_log)
    return ChapterContext(plan=load_plan(), config=config, region=load_region(), store=store)


# What a spearhead chapter shows besides its KPIs: the execution and its evidence.
EXECUTION_SOURCES = ("uitvoering", "begroting_realisatie", "bewijs")
JUDGEMENTS = "oordelen"


def spearhead_datasets(spearhead: Spearhead) -> list[str]:
    """Every dataset a spearhead chapter uses: its KPIs' bindings, the evaluator's judgements of
    them, the structural analysis and the execution of its activities."""
    references = []
    for kpi in spearhead.monitoring.kpis:
        references += [kpi.data.region] + ([kpi.data.nation] if kpi.data.nation else [])
    if references:
        references.append(JUDGEMENTS)
    return list(dict.fromkeys([*references, STRUCTURE_TABLE, *EXECUTION_SOURCES]))


def plan_datasets(plan: Plan) -> list[str]:
    """Every dataset the evaluation of the whole plan uses."""
    return list(dict.fromkeys(ref for s in plan.spearheads for ref in spearhead_datasets(s)))
