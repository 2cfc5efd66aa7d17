"""The Methode page's account of how a status comes about: the target path of every KPI, the data
calendar and the rounding of each source, as tables built from the same data the statuses use."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis.calendar import Arrival, load_calendar
from levanalysis.analysis.margins import rounding_unit
from levanalysis.analysis.paths import describe_path
from levanalysis.book import tables
from levanalysis.definitions.cbs_tables import configured_tables
from levanalysis.definitions.config import Config
from levanalysis.definitions.local_sources import load_definitions
from levanalysis.definitions.plan import Plan
from levanalysis.formatting import format_number

UNIT_WORDS = {"toegevoegde_waarde": "euro", "spanningsindicator": ""}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def source_title(reference: str) -> str:
    """'lisa_banen' -> 'LISA-banen'; 'cbs:83582NED' -> 'CBS 83582NED'."""
    if reference.startswith("cbs:"):
        table_id = reference.removeprefix("cbs:")
        table = configured_tables().get(table_id)
        return f"CBS {table_id}" + (f" ({table.title})" if table is not None and table.title else "")
    definition = load_definitions().sources.get(reference)
    return definition.title if definition else reference


def arrival_text(arrival: Arrival | None) -> str:
    """{year: 1, month: 11} -> 'november van jaar N+1'."""
    if arrival is None:
        return "-"
    year = "N" if arrival.year == 0 else f"N+{arrival.year}"
    return f"{MONTHS[arrival.month - 1]} van jaar {year}"


def calendar_frame() -> pd.DataFrame:
    """Per source: when the figure for year N usually arrives, and when it is definitive."""
    rows = []
    for reference, entry in load_calendar().items():
        rows.append({
            "Bron": source_title(reference),
            "Cijfer over jaar N": arrival_text(entry.arrives),
            "Definitief": arrival_text(entry.definitive),
            "Toelichting": entry.basis + ("" if entry.verified else " (gebruikelijke maand, niet bevestigd)"),
        })
    return pd.DataFrame(rows)


def calendar_html() -> str:
    return tables.table_html(calendar_frame(), "Datakalender: wanneer het cijfer over jaar N er gewoonlijk is.")


def paths_frame(plan: Plan, config: Config) -> pd.DataFrame:
    """Per KPI of the plan: its streefwaarde and its target path in words."""
    rows = []
    for _, kpi in plan.kpis():
        path = describe_path(kpi.rule, config.baseline_year, config.evaluation_year, plan.period)
        rows.append({
            "Indicator": kpi.indicator + (" (diversificatie)" if kpi.rule.type == "diversification_increase" else ""),
            "Streefwaarde": kpi.target,
            "Streefpad": path.removeprefix("Streefpad: ")[:1].upper() + path.removeprefix("Streefpad: ")[1:],
        })
    return pd.DataFrame(rows)


def paths_html(plan: Plan, config: Config) -> str:
    return tables.table_html(paths_frame(plan, config), "Het streefpad van elke indicator.")


def rounding_frame(plan: Plan) -> pd.DataFrame:
    """Per source and series used by a KPI: the unit one published figure is rounded to."""
    rows = []
    seen = set()
    for _, kpi in plan.kpis():
        for reference in (kpi.data.region, kpi.data.nation):
            if reference is None or reference in seen:
                continue
            seen.add(reference)
            series = kpi.data.indicator or ""
            names = [series] if rounding_unit(reference, series) is not None else [
                name for name in ("banen", "overnachtingen", "bezoekers", "studenten", "spanningsindicator",
                                  "toegevoegde_waarde", "arbeidsjaren") if rounding_unit(reference, name) is not None]
            for name in names:
                unit = rounding_unit(reference, name)
                rows.append({
                    "Bron": source_title(reference),
                    "Reeks": name.replace("_", " "),
                    "Afgerond op": "exact (geteld)" if not unit else
                    f"{format_number(unit, 2 if unit < 1 else 0)} {UNIT_WORDS.get(name, name)}".strip(),
                })
    return pd.DataFrame(rows)


def rounding_html(plan: Plan) -> str:
    return tables.table_html(rounding_frame(plan), "Hoe nauwkeurig de bronnen hun cijfers publiceren.")
