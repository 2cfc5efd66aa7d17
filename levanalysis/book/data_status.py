"""How current the CBS figures are: the age of the cache on the Samenvatting, the revisions of
the last fetch on the Methode page, and a note under a KPI whose figures were revised."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis.cbs_context import (
    cbs_data_age,
    revisions_since_previous_fetch,
)
from levanalysis.analysis.revision_effect import RevisionEffect
from levanalysis.book import tables
from levanalysis.book.render import render
from levanalysis.definitions.config import Config
from levanalysis.formatting import format_number, join_and
from levanalysis.sources.cbs.freshness import age_text, dutch_date
from levanalysis.sources.store import DataStore


def stale_tables(store: DataStore, config: Config) -> pd.DataFrame:
    """The CBS tables whose cache is older than ``config.max_cache_age_days`` on the peildatum."""
    age = cbs_data_age(store, today=config.peildatum, max_age_days=config.max_cache_age_days)
    return age[age["too_old"]].reset_index(drop=True)


def data_age_notice(store: DataStore, config: Config) -> dict | None:
    """A notice naming each CBS table retrieved longer ago than the configured age; None if none."""
    stale = stale_tables(store, config)
    if stale.empty:
        return None
    items = [
        f"CBS {row.table_id}: opgehaald {dutch_date(row.retrieved_at)} ({age_text(int(row.age_days))})"
        if row.retrieved_at is not None else f"CBS {row.table_id}: ophaaldatum onbekend"
        for row in stale.itertuples()
    ]
    return {
        "kind": "note",
        "title": "CBS-cijfers ouder dan " + format_number(config.max_cache_age_days) + " dagen",
        "paragraphs": [
            "Deze CBS-tabellen zijn langer geleden opgehaald dan afgesproken. CBS kan intussen nieuwe "
            "of herziene cijfers hebben gepubliceerd; haal ze opnieuw op met 'levanalysis fetch'."
        ],
        "items": items,
    }


def data_age_notice_html(store: DataStore, config: Config) -> str:
    notice = data_age_notice(store, config)
    return render("notice.html.j2", notice=notice) if notice else ""


REVISION_COLUMNS = {
    "table_id": "Tabel", "region_title": "Gebied", "year": "Jaar", "category_titles": "Onderdeel",
    "measure_title": "Onderwerp", "old": "Was", "new": "Is nu", "old_status": "Status was", "new_status": "Status nu",
}


def revisions_frame(revisions: pd.DataFrame) -> pd.DataFrame:
    return revisions[list(REVISION_COLUMNS)].rename(columns=REVISION_COLUMNS)


def revisions_html(store: DataStore) -> str:
    """The figures the last fetch found changed, or a sentence that none were."""
    revisions = revisions_since_previous_fetch(store)
    if revisions.empty:
        return render("paragraphs.html.j2", css_class="", paragraphs=[
            "Bij de laatste ophaalronde zijn geen eerder opgehaalde CBS-cijfers veranderd."])
    return tables.table_html(revisions_frame(revisions), "Herzieningen sinds de vorige ophaalronde.",
                             {"Jaar": tables.year, "Was": tables.number(1), "Is nu": tables.number(1)})


def data_age_html(store: DataStore, config: Config) -> str:
    age = cbs_data_age(store, today=config.peildatum, max_age_days=config.max_cache_age_days)
    frame = pd.DataFrame({
        "Tabel": age["table_id"],
        "Opgehaald": [dutch_date(d) if d is not None else "onbekend" for d in age["retrieved_at"]],
        "Leeftijd": [age_text(int(d)) if pd.notna(d) else "onbekend" for d in age["age_days"]],
        "Opnieuw ophalen": ["ja" if old else "nee" for old in age["too_old"]],
        "Via": age["api"].fillna("-"),
    })
    return tables.table_html(frame, f"Ouderdom van de CBS-gegevens (ouder dan {config.max_cache_age_days} dagen: opnieuw ophalen).")


def revision_note(effect: RevisionEffect | None) -> str | None:
    """A sentence under a KPI whose CBS figures the last fetch revised, saying whether that
    changed its status; None when none of its figures was revised."""
    if effect is None:
        return None
    changes = join_and([
        f"{row.region_title or row.region} {row.year}: {format_number(row.old, 1)} → {format_number(row.new, 1)}"
        for row in effect.revisions.itertuples()
    ])
    if effect.changed:
        return (f"Status veranderd door een herziening: CBS heeft bij de laatste ophaalronde cijfers herzien "
                f"die deze indicator gebruikt ({changes}). Met de cijfers van daarvóór was de status "
                f"'{effect.status_before}', nu is ze '{effect.status_now}'.")
    return (f"CBS heeft bij de laatste ophaalronde cijfers herzien die deze indicator gebruikt ({changes}); "
            "de status is daardoor niet veranderd.")
