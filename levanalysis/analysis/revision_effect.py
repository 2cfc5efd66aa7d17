"""Did a CBS revision change a KPI's status? The KPI is judged again on the cached figures with
every cell the last fetch revised set back to its old value, and both statuses are compared."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from levanalysis.analysis.cbs_context import kpi_revisions
from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.definitions.config import Config
from levanalysis.definitions.plan import Kpi, Plan, Spearhead
from levanalysis.definitions.region import Region
from levanalysis.sources.cache import Dataset
from levanalysis.sources.store import CBS_PREFIX, DataStore


class RevisionEffect(NamedTuple):
    revisions: pd.DataFrame
    status_before: str
    status_now: str

    @property
    def changed(self) -> bool:
        return self.status_before != self.status_now


def _matches(frame: pd.DataFrame, revision: dict) -> pd.Series:
    mask = frame["measure"].astype(str) == revision["measure"]
    if revision.get("period") and "Perioden" in frame.columns:
        mask &= frame["Perioden"].astype(str).str.strip() == revision["period"]
    if "RegioS" in frame.columns:
        mask &= frame["RegioS"].astype(str).str.strip() == revision["region"]
    for dim, code in (revision.get("categories") or {}).items():
        column = f"{dim}_code" if f"{dim}_code" in frame.columns else dim
        mask &= frame[column].astype(str).str.strip() == str(code)
    return mask


def before_revisions(dataset: Dataset, revisions: pd.DataFrame) -> Dataset:
    """The dataset with each revised cell back at its old value."""
    frame = dataset.data.copy()
    for revision in revisions[revisions["table_id"] == dataset.provenance.table_id].to_dict("records"):
        frame.loc[_matches(frame, revision), "value"] = revision["old"]
    return Dataset(frame, dataset.provenance)


def revision_effect(kpi: Kpi, spearhead: Spearhead, plan: Plan, store: DataStore, config: Config,
                    region: Region | None = None, status_now: str | None = None) -> RevisionEffect | None:
    """The KPI's status on the figures before and after the last fetch's revisions of figures it
    uses (baseline to evaluation year); None when none of its figures was revised.

    ``status_now``: the computed status on the current figures, when the caller has it already."""
    years = range(config.baseline_year, config.evaluation_year + 1)
    revisions = kpi_revisions(kpi, store, spearhead.sector, years)
    if revisions.empty:
        return None
    references = {CBS_PREFIX + t for t in revisions["table_id"]}
    replaced = {ref: before_revisions(store.get(ref), revisions) for ref in references if store.get(ref) is not None}
    now = status_now or evaluate_kpi(kpi, spearhead, plan, store, config, region, judgements={}).result.status
    before = evaluate_kpi(kpi, spearhead, plan, store.with_datasets(replaced), config, region, judgements={}).result.status
    return RevisionEffect(revisions, before, now)
