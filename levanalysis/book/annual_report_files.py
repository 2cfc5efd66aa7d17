"""The annual-report tables as files: one Excel workbook with a sheet per spearhead, and a CSV per
spearhead for Dutch Excel. Used by the book (download links) and by
``levanalysis scorecard --format xlsx``."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from levanalysis.analysis.annual_report import annual_report
from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.analysis.logistics import SPEARHEAD as LOGISTICS
from levanalysis.analysis.logistics import logistics_results, reported_values
from levanalysis.book.downloads import write_download, write_workbook, write_xlsx
from levanalysis.definitions.plan_extras import load_logistics_targets

WORKBOOK = "jaarverslag-lev"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def report_tables(plan, store, config) -> dict[str, pd.DataFrame]:
    """The tables from the data directory: the plan's KPIs plus agreed Logistics Valley targets."""
    evaluations = evaluate_plan(plan, store, config)
    work = store.local("uitvoering")
    work = work.data if work is not None else None
    lv = logistics_results(plan, work, config.baseline_year)
    values = [reported_values(t, work) for t in load_logistics_targets()]
    extra = {LOGISTICS: list(zip(lv, values, strict=True))} if lv else {}
    return annual_report(plan, evaluations, config.baseline_year, extra)


def write_annual_report_downloads(report: dict[str, pd.DataFrame], downloads_dir, example: bool) -> list[str]:
    """The workbook and one CSV per spearhead in the book's downloads; the MyST links."""
    links = [write_workbook(report, downloads_dir, WORKBOOK, label="Download de jaarverslagtabellen (Excel)",
                            example=example)]
    decimals = {c: 2 for frame in report.values() for c in frame.columns if c.startswith(("Nulmeting", "Realisatie"))}
    for name, frame in report.items():
        links.append(write_download(frame, downloads_dir, f"{WORKBOOK}-{slug(name)}", decimals=decimals, example=example))
    return [link for link in links if link]


def write_annual_report_xlsx(report: dict[str, pd.DataFrame], path: Path, example: bool) -> Path:
    """The workbook at ``path`` (for the command line); text that Excel would run is neutralised."""
    return write_xlsx(report, path, example=example)