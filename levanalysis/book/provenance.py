"""Where a page's data come from: the example-data notice, the provenance table, and the
datasets a page would use that are not in the data directory."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from levanalysis.book.render import render
from levanalysis.book.tables import table_html
from levanalysis.sources.cache import Provenance
from levanalysis.sources.store import CBS_PREFIX, KIND_LABELS


def dataset_label(reference: str, provenance: Provenance) -> str:
    if reference.startswith(CBS_PREFIX):
        return f"CBS {provenance.table_id}" + (f" ({provenance.title})" if provenance.title else "")
    return provenance.title or reference


def example_notice(provenances: Mapping[str, Provenance]) -> dict | None:
    """The warning a page shows when any of its datasets is example data; None when none is."""
    examples = [dataset_label(ref, p) for ref, p in provenances.items() if p.kind == "example"]
    if not examples:
        return None
    return {
        "kind": "warning",
        "title": "Let op: voorbeeldcijfers",
        "paragraphs": [
            "Deze pagina gebruikt verzonnen voorbeeldcijfers, geen echte gegevens. Ze laten zien hoe de "
            "evaluatie werkt; trek er geen conclusies uit over de Liemers.",
            "Voorbeeldgegevens op deze pagina: " + ", ".join(examples) + ".",
        ],
        "items": [],
    }


def example_notice_html(provenances: Mapping[str, Provenance]) -> str:
    notice = example_notice(provenances)
    return render("notice.html.j2", notice=notice) if notice else ""


def _period_range(provenance: Provenance) -> str:
    periods = sorted(provenance.period_status)
    if not periods:
        return "-"
    return periods[0][:4] if len(periods) == 1 else f"{periods[0][:4]}-{periods[-1][:4]}"


def _status_text(provenance: Provenance) -> str:
    if not any(provenance.period_status.values()):
        return "-"
    provisional = provenance.provisional_years()
    return "voorlopig: " + ", ".join(provisional) if provisional else "definitief"


PROVENANCE_COLUMNS = ["Gegevens", "Soort", "Bron", "Perioden", "CBS-status", "Opgehaald", "Controlegetal (sha256)"]


def provenance_table(provenances: Mapping[str, Provenance]) -> pd.DataFrame:
    """One row per dataset: where it comes from, which version, when retrieved, its status."""
    rows = [
        {
            "Gegevens": dataset_label(ref, provenance),
            "Soort": KIND_LABELS.get(provenance.kind, provenance.kind),
            "Bron": provenance.source,
            "Perioden": _period_range(provenance),
            "CBS-status": _status_text(provenance),
            "Opgehaald": (provenance.retrieved_at or "-")[:10],
            "Controlegetal (sha256)": (provenance.sha256 or "-")[:12],
        }
        for ref, provenance in provenances.items()
    ]
    return pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)


def missing_datasets(references: Iterable[str], provenances: Mapping[str, Provenance]) -> list[str]:
    return [ref for ref in references if ref not in provenances]


def provenance_html(references: Iterable[str], provenances: Mapping[str, Provenance], caption: str) -> str:
    """The provenance table of a page, and a sentence naming the datasets that are absent."""
    parts = [table_html(provenance_table(provenances), caption)]
    missing = missing_datasets(references, provenances)
    if missing:
        parts.append(render("paragraphs.html.j2", css_class="lev-note", paragraphs=[
            "Niet aanwezig in de gegevensmap (indicatoren die ze nodig hebben krijgen 'geen data'): "
            + ", ".join(missing) + "."
        ]))
    return "\n".join(part for part in parts if part)
