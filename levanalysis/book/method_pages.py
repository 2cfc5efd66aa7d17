"""The Methode en bronnen page: the region, the sectors, and the format of each local source."""

from __future__ import annotations

import pandas as pd

from levanalysis.book import tables
from levanalysis.book.render import render
from levanalysis.definitions.local_sources import columns_frame, load_definitions
from levanalysis.definitions.region import Region, municipality_name
from levanalysis.definitions.sectors import Sector


def region_table(region: Region) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Gemeente": m.name, "CBS-code": m.code, "UWV-arbeidsmarktregio": m.uwv_region} for m in region.municipalities]
    )


def reorganisations(region: Region) -> list[str]:
    """One sentence per municipal reorganisation and how series are folded."""
    sentences = []
    for r in region.reorganisations:
        successor = municipality_name(r.into, region=region)
        sentences.append(
            f"{r.absorbed_name} ({r.absorbed_code}) is op {r.effective:%d-%m-%Y} opgegaan in {successor}. "
            f"Reeksen van vóór {r.effective_year} tellen {r.absorbed_name} bij {successor} op, "
            "zodat de reeks vergelijkbaar blijft."
        )
    return sentences


def region_html(region: Region) -> str:
    parts = [
        tables.table_html(region_table(region), "Gemeenten van de Liemers."),
        render("bullets.html.j2", items=reorganisations(region), css_class=""),
        render("paragraphs.html.j2", css_class="", paragraphs=[
            "Wie doet mee aan wat: " + " ".join(p.note for p in region.participation)
        ]),
    ]
    return "\n".join(parts)


def sectors_table(sectors: dict[str, Sector]) -> pd.DataFrame:
    rows = [{"Sector": sector.name, "Onderdeel": sub.name, "SBI 2008": ", ".join(sub.sbi)}
            for sector in sectors.values() for sub in sector.subsectors]
    return pd.DataFrame(rows)


def local_source_formats() -> list[dict]:
    """Per local source: what it is, who supplies it, how often, and its columns."""
    return [
        {
            "name": name,
            "title": spec.title,
            "description": spec.description,
            "supplier": spec.supplier,
            "frequency": spec.frequency,
            "table": tables.table(columns_frame(name)[["kolom", "verplicht", "betekenis"]],
                                  f"Kolommen van {name}."),
        }
        for name, spec in load_definitions().sources.items()
    ]


def local_source_formats_html() -> str:
    return render("source_formats.html.j2", sources=local_source_formats())


def years_html(config, plan) -> str:
    return render("paragraphs.html.j2", css_class="", paragraphs=[
        f"Basisjaar: {config.baseline_year}. Evaluatiejaar: {config.evaluation_year}. "
        f"Planperiode: {plan.period[0]}-{plan.period[1]}."
    ])
