"""Where a page's data come from: the example-data notice and the provenance table."""

from __future__ import annotations

import pandas as pd


def example_notice_markdown(provenances: dict) -> str:
    """A visible warning when any dataset of a page is example data; empty when none is."""
    examples = [ref for ref, provenance in provenances.items() if provenance.kind == "example"]
    if not examples:
        return ""
    names = ", ".join(_dataset_label(ref, provenances[ref]) for ref in examples)
    return (
        "```{admonition} Let op: voorbeeldcijfers\n:class: warning\n"
        "Deze pagina gebruikt **verzonnen voorbeeldcijfers**, geen echte gegevens. Ze laten zien "
        "hoe de evaluatie werkt; trek er geen conclusies uit over de Liemers.\n\n"
        f"Voorbeeldgegevens op deze pagina: {names}.\n```"
    )


def _dataset_label(reference: str, provenance) -> str:
    if reference.startswith("cbs:"):
        return f"CBS {provenance.table_id}" + (f" ({provenance.title})" if provenance.title else "")
    return provenance.title or reference


def _period_range(provenance) -> str:
    periods = sorted(provenance.period_status)
    if not periods:
        return "-"
    return periods[0][:4] if len(periods) == 1 else f"{periods[0][:4]}-{periods[-1][:4]}"


def _status_text(provenance) -> str:
    if not any(provenance.period_status.values()):
        return "-"
    provisional = provenance.provisional_years()
    return "voorlopig: " + ", ".join(provisional) if provisional else "definitief"


def provenance_table(provenances: dict) -> pd.DataFrame:
    """One row per dataset: where it comes from, which version, when retrieved, its status."""
    from levanalysis.sources.store import KIND_LABELS

    rows = [
        {
            "Gegevens": _dataset_label(ref, provenance),
            "Soort": KIND_LABELS.get(provenance.kind, provenance.kind),
            "Bron": provenance.source,
            "Perioden": _period_range(provenance),
            "CBS-status": _status_text(provenance),
            "Opgehaald": (provenance.retrieved_at or "-")[:10],
            "Controlegetal (sha256)": (provenance.sha256 or "-")[:12],
        }
        for ref, provenance in provenances.items()
    ]
    return pd.DataFrame(rows, columns=["Gegevens", "Soort", "Bron", "Perioden", "CBS-status", "Opgehaald", "Controlegetal (sha256)"])


def missing_datasets_markdown(references, provenances: dict) -> str:
    missing = [ref for ref in references if ref not in provenances]
    if not missing:
        return ""
    return "Niet aanwezig in de gegevensmap (indicatoren die ze nodig hebben krijgen 'geen data'): " + ", ".join(
        f"`{ref}`" for ref in missing
    ) + "."
