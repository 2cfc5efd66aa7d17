"""The Actieplan LEV 2024-2026 as data.

The plan lives in ``data/plan/`` (YAML for the text, CSV for the budget table). This module
reads and checks it; notebooks, the book and the tests all take the plan from here, so a
change to the plan is a change to one file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from levanalysis.paths import DATA_ROOT

PLAN_DIR = DATA_ROOT / "plan"

GOAL_TREE_COLUMNS = ("behoefte", "input", "activiteiten", "output", "resultaat", "impact")

RuleType = Literal[
    "annual_growth", "growth_vs_nl", "change", "count_in_period", "diversification_increase"
]


class PlanError(ValueError):
    """The plan data cannot be read; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TreeItem(_Model):
    text: str
    items: tuple[str, ...] = ()


class StatedAmount(_Model):
    """An amount the plan states in words, outside the budget table."""

    quote: str
    scope: str | None = None
    where: str | None = None
    per_year_eur: float | None = None
    one_off_eur: float | None = None
    approximate: bool = False
    kind: Literal["budget", "available_funds"] = "budget"


class GoalTree(_Model):
    behoefte: tuple[str | TreeItem, ...] = ()
    input: tuple[str | TreeItem, ...] = ()
    activiteiten: tuple[str | TreeItem, ...] = ()
    output: tuple[str | TreeItem, ...] = ()
    resultaat: tuple[str | TreeItem, ...] = ()
    impact: tuple[str | TreeItem, ...] = ()
    transcription_note: str | None = None
    stated_amounts: tuple[StatedAmount, ...] = ()


class StatedInput(_Model):
    """The money an activity table states as 'Input vanuit LEV'."""

    per_year_eur: float | None = None
    one_off_eur: float | None = None


class Activity(_Model):
    id: str
    name: str
    theme: str | None = None
    description: tuple[str, ...] = ()
    input: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    stated: StatedInput = StatedInput()
    budget_note: str | None = None
    text_note: str | None = None


class Rule(_Model):
    """How a KPI's streefwaarde is judged; `levanalysis.analysis.judging` implements each type."""

    type: RuleType
    min: float | None = None
    max: float | None = None
    qualitative: bool = False

    @model_validator(mode="after")
    def _bounds_fit_type(self) -> Rule:
        needs_bound = {"annual_growth", "change", "count_in_period"}
        if self.type in needs_bound and self.min is None and self.max is None:
            raise ValueError(f"regel '{self.type}' heeft een 'min' of 'max' nodig")
        return self


class DataBinding(_Model):
    """Which datasets feed a KPI: the regional series and, where compared, the national one.

    A local source is named as in data/definitions/local_sources.yaml (``lisa_banen``); a CBS
    table as ``cbs:{table id}`` (data/definitions/cbs_tables.yaml).
    """

    region: str
    nation: str | None = None
    indicator: str | None = None
    """Which series of the regional source (its ``indicators:``); None: the source's only one."""


class Kpi(_Model):
    id: str
    goal: str
    indicator: str
    target: str
    source: str
    rule: Rule
    data: DataBinding
    ambiguity: str | None = None
    alternative_to: str | None = None
    """'Of:' in the plan: this indicator is an alternative for the target of the KPI named here;
    the target is met when either indicator is met (levanalysis.analysis.targets)."""
    # Who takes part in this subject differs per municipality (data/definitions/region.yaml).
    participation_subject: str | None = None


class Goal(_Model):
    id: str
    text: str


class Monitoring(_Model):
    status: Literal["defined", "pending"]
    reason: str | None = None
    awaiting: str | None = None
    themes: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    kpis: tuple[Kpi, ...] = ()

    @model_validator(mode="after")
    def _kpis_point_at_goals(self) -> Monitoring:
        goal_ids = {goal.id for goal in self.goals}
        for kpi in self.kpis:
            if kpi.goal not in goal_ids:
                raise ValueError(f"KPI '{kpi.id}' verwijst naar onbekend doel '{kpi.goal}'")
        kpi_ids = [kpi.id for kpi in self.kpis]
        for position, kpi in enumerate(self.kpis):
            # "Of:" in the plan: one target, two indicators; the first one names the target.
            if kpi.alternative_to is not None and kpi.alternative_to not in kpi_ids[:position]:
                raise ValueError(f"KPI '{kpi.id}' is een alternatief voor '{kpi.alternative_to}', "
                                 "maar die KPI staat niet eerder in hetzelfde speerpunt")
        if self.status == "pending" and not self.reason:
            raise ValueError("een speerpunt zonder meetbare doelen ('pending') heeft een 'reason' nodig")
        return self


class Spearhead(_Model):
    id: str
    name: str
    short_name: str
    sector: str
    goal: str
    definition_note: str | None = None
    activities: tuple[Activity, ...]
    goal_tree: GoalTree
    monitoring: Monitoring


class PreviousEvaluation(_Model):
    year: int
    by: str


class Period(_Model):
    start: int
    end: int


class PlanDocument(_Model):
    title: str
    full_title: str
    executor: str
    region: str
    period: Period
    previous_evaluation: PreviousEvaluation
    spearheads: tuple[str, ...]
    goal_tree: GoalTree
    stated_amounts: tuple[StatedAmount, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The whole plan: the document, its spearheads (in the plan's order) and the budget."""

    document: PlanDocument
    spearheads: tuple[Spearhead, ...]
    budget: pd.DataFrame
    budget_meta: dict

    @property
    def period(self) -> tuple[int, int]:
        return (self.document.period.start, self.document.period.end)

    @property
    def years(self) -> list[int]:
        return list(range(self.document.period.start, self.document.period.end + 1))

    def spearhead(self, spearhead_id: str) -> Spearhead:
        for spearhead in self.spearheads:
            if spearhead.id == spearhead_id:
                return spearhead
        known = ", ".join(s.id for s in self.spearheads)
        raise KeyError(f"Onbekend speerpunt '{spearhead_id}'. Bekend: {known}.")

    def kpis(self) -> list[tuple[Spearhead, Kpi]]:
        return [(s, kpi) for s in self.spearheads for kpi in s.monitoring.kpis]

    def activities(self) -> dict[str, Activity]:
        return {a.id: a for s in self.spearheads for a in s.activities}


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise PlanError(f"Planbestand ontbreekt: {path}") from exc
    except yaml.YAMLError as exc:
        raise PlanError(f"Planbestand {path} is geen geldige YAML: {exc}") from exc


def _parse(model: type[_Model], path: Path):
    try:
        return model.model_validate(_read_yaml(path))
    except ValidationError as exc:
        problems = "; ".join(
            f"veld '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise PlanError(f"Planbestand {path} klopt niet: {problems}") from exc


def read_budget(plan_dir: Path) -> tuple[pd.DataFrame, dict]:
    """The budget table in thousands of euros: one row per line, one column per year."""
    meta = _read_yaml(plan_dir / "begroting.yaml")
    table = pd.read_csv(plan_dir / "begroting.csv", dtype={"activity_ids": "string"})
    table.columns = [int(c) if c.isdigit() else c for c in table.columns]
    missing_years = [y for y in meta["years"] if y not in table.columns]
    if missing_years:
        raise PlanError(f"{plan_dir / 'begroting.csv'} mist de kolommen {missing_years}")
    table["activity_ids"] = table["activity_ids"].fillna("").str.split()
    return table, meta


@cache
def _load_plan_cached(plan_dir: Path) -> Plan:
    document = _parse(PlanDocument, plan_dir / "lev.yaml")
    spearheads = tuple(_parse(Spearhead, plan_dir / f"{sid}.yaml") for sid in document.spearheads)
    for spearhead_id, spearhead in zip(document.spearheads, spearheads, strict=True):
        if spearhead.id != spearhead_id:
            raise PlanError(f"{plan_dir / (spearhead_id + '.yaml')} heeft id '{spearhead.id}'")
    budget, meta = read_budget(plan_dir)
    plan = Plan(document=document, spearheads=spearheads, budget=budget, budget_meta=meta)
    unknown = {a for ids in budget["activity_ids"] for a in ids} - set(plan.activities())
    if unknown:
        raise PlanError(f"begroting.csv noemt onbekende activiteiten: {sorted(unknown)}")
    return plan


def load_plan(plan_dir: Path | str = PLAN_DIR) -> Plan:
    """Read and check the plan. Cached: the plan does not change during a run."""
    return _load_plan_cached(Path(plan_dir).resolve())
