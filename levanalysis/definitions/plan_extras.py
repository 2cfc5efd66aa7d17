"""Plan data beside the plan itself: the previous period with the six recommendations of its
evaluation (``data/plan/vorige_periode.yaml``), the Logistics Valley targets the plan takes over
once agreed (``data/plan/logistiek_doelen.yaml``), and every id a delivery may cite.

Kept apart from :mod:`levanalysis.definitions.plan` so that the plan's own model stays the
transcription of the action plan; these files are read the same way (pydantic, Dutch errors).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from levanalysis.definitions.plan import PLAN_DIR, Plan, PlanError, load_plan

PREVIOUS_PERIOD_FILE = "vorige_periode.yaml"
LOGISTICS_TARGETS_FILE = "logistiek_doelen.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FollowUp(_Model):
    """One thing the action plan did with a recommendation, with the plan's words."""

    text: str
    quote: str
    concerns: tuple[str, ...] = ()


class Recommendation(_Model):
    id: str
    short: str
    text: str
    follow_up: tuple[FollowUp, ...]


class PeriodSpan(_Model):
    start: int
    end: int
    quote: str | None = None


class PreviousPeriod(_Model):
    period: PeriodSpan
    recommendations: tuple[Recommendation, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> PreviousPeriod:
        ids = [r.id for r in self.recommendations]
        if len(set(ids)) != len(ids):
            raise ValueError(f"aanbevelingen hebben dubbele ids: {ids}")
        return self

    @property
    def span(self) -> tuple[int, int]:
        return (self.period.start, self.period.end)


class Measure(_Model):
    """Where a Logistics Valley target's realisation comes from: `uitvoering` outputs."""

    activiteit: str
    eenheid: str
    onderdeel: str | None = None


class LogisticsTarget(_Model):
    id: str
    thema: str
    indicator: str
    streefwaarde: float
    richting: Literal["minimaal", "maximaal"] = "minimaal"
    periode: Literal["per_jaar", "planperiode"]
    gemeten_als: Measure
    akkoord: str


class LogisticsTargets(_Model):
    targets: tuple[LogisticsTarget, ...] = ()


def _read(path: Path, model: type[_Model]):
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PlanError(f"Planbestand ontbreekt: {path}") from exc
    except yaml.YAMLError as exc:
        raise PlanError(f"Planbestand {path} is geen geldige YAML: {exc}") from exc
    try:
        return model.model_validate(raw or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"veld '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise PlanError(f"Planbestand {path} klopt niet: {problems}") from exc


def theme_name(theme: str) -> str:
    """'Ruimte (ruimtelijke kwaliteit, ...)' -> 'Ruimte': the theme without its sub-themes."""
    return re.sub(r"\s*\(.*$", "", theme).strip()


@cache
def _previous_cached(plan_dir: Path) -> PreviousPeriod:
    previous = _read(plan_dir / PREVIOUS_PERIOD_FILE, PreviousPeriod)
    plan = load_plan(plan_dir)
    known = _plan_ids(plan)
    for recommendation in previous.recommendations:
        unknown = sorted({c for f in recommendation.follow_up for c in f.concerns} - known)
        if unknown:
            raise PlanError(f"{PREVIOUS_PERIOD_FILE}: aanbeveling {recommendation.id} noemt onbekende ids {unknown}")
    return previous


def load_previous_period(plan_dir: Path | str = PLAN_DIR) -> PreviousPeriod:
    """The previous LEV period (2020-2023) and the six recommendations of its evaluation."""
    return _previous_cached(Path(plan_dir).resolve())


@cache
def _targets_cached(plan_dir: Path) -> LogisticsTargets:
    targets = _read(plan_dir / LOGISTICS_TARGETS_FILE, LogisticsTargets)
    plan = load_plan(plan_dir)
    themes = {theme_name(t).casefold() for t in plan.spearhead("logistiek").monitoring.themes}
    activities = set(plan.activities())
    seen: set[str] = set()
    for target in targets.targets:
        where = f"{LOGISTICS_TARGETS_FILE}, doel {target.id}"
        if target.id in seen:
            raise PlanError(f"{where}: id komt twee keer voor")
        seen.add(target.id)
        if theme_name(target.thema).casefold() not in themes:
            raise PlanError(f"{where}: '{target.thema}' is geen thema van Logistics Valley")
        if target.gemeten_als.activiteit not in activities:
            raise PlanError(f"{where}: onbekende activiteit '{target.gemeten_als.activiteit}'")
    return targets


def load_logistics_targets(plan_dir: Path | str = PLAN_DIR) -> tuple[LogisticsTarget, ...]:
    """The agreed Logistics Valley targets; empty while none are agreed."""
    return _targets_cached(Path(plan_dir).resolve()).targets


def _plan_ids(plan: Plan) -> set[str]:
    ids = {s.id for s in plan.spearheads} | set(plan.activities()) | set(plan.budget["line_id"])
    return ids | {kpi.id for _, kpi in plan.kpis()}


def citable_ids(plan_dir: Path | str = PLAN_DIR) -> dict[str, str]:
    """Every id evidence may concern (``bewijs.betreft``), with what kind of thing it is (Dutch)."""
    plan = load_plan(plan_dir)
    ids: dict[str, str] = {}
    ids.update({s.id: "speerpunt" for s in plan.spearheads})
    ids.update({a: "activiteit" for a in plan.activities()})
    ids.update({kpi.id: "indicator" for _, kpi in plan.kpis()})
    ids.update({r.id: "aanbeveling 2023" for r in load_previous_period(plan_dir).recommendations})
    ids.update({t.id: "doel Logistics Valley" for t in load_logistics_targets(plan_dir)})
    return ids
