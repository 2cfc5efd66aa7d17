"""What every chapter notebook starts with: the plan, the configuration and the region."""

from __future__ import annotations

from dataclasses import dataclass

from levanalysis.config import Config, load_config
from levanalysis.plan import Plan, load_plan
from levanalysis.region import Region, load_region


@dataclass(frozen=True)
class ChapterContext:
    plan: Plan
    config: Config
    region: Region


def open_chapter(data_dir: str | None = None) -> ChapterContext:
    """Load what a chapter needs; `data_dir` is the papermill parameter (None: configured)."""
    return ChapterContext(plan=load_plan(), config=load_config(data_dir=data_dir), region=load_region())
