"""How old the cached CBS data is, and what the cache can still offer when CBS cannot be reached.

The book and ``levanalysis fetch`` both need to say it: per dataset its retrieval date and
whether that is older than a threshold (default 90 days: CBS publishes most of these tables
yearly or quarterly, so older data may miss a release); and after a failed fetch, which cache
the book falls back on, from when, and which tables are missing or damaged (a damaged cache is
never offered as a fallback).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd

from levanalysis.sources.cache import (
    CacheError,
    Provenance,
    dataset_paths,
    read_dataset,
)

MAX_CACHE_AGE_DAYS = 90
"""Cached CBS data older than this is flagged as old."""
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
AGE_COLUMNS = ["dataset", "table_id", "title", "kind", "api", "retrieved_at", "age_days", "too_old"]


def _date_of(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def dutch_date(value: date) -> str:
    """date(2026, 1, 15) -> '15 januari 2026'."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def age_text(days: int) -> str:
    """0 -> 'van vandaag', 1 -> '1 dag oud', 40 -> '40 dagen oud'."""
    if days <= 0:
        return "van vandaag"
    return "1 dag oud" if days == 1 else f"{days} dagen oud"


def _today(today: date | None) -> date:
    return today or datetime.now(UTC).date()


def data_age(
    provenances: Mapping[str, Provenance],
    today: date | None = None,
    max_age_days: int = MAX_CACHE_AGE_DAYS,
) -> pd.DataFrame:
    """One row per CBS dataset (``kind`` cbs, or example data in CBS's layout): its retrieval date,
    its age in days on ``today`` and whether that exceeds ``max_age_days`` (columns
    :data:`AGE_COLUMNS`; ``retrieved_at`` is a date, None when unknown, and then ``too_old``)."""
    day = _today(today)
    rows = []
    for reference, provenance in provenances.items():
        if not provenance.table_id:
            continue
        retrieved = _date_of(provenance.retrieved_at)
        age = (day - retrieved).days if retrieved else None
        rows.append({
            "dataset": reference,
            "table_id": provenance.table_id,
            "title": provenance.title,
            "kind": provenance.kind,
            "api": provenance.query.get("api"),
            "retrieved_at": retrieved,
            "age_days": age,
            "too_old": age is None or age > max_age_days,
        })
    frame = pd.DataFrame(rows, columns=AGE_COLUMNS)
    frame["too_old"] = frame["too_old"].astype(bool)
    return frame.sort_values("table_id", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class CacheState:
    """What a CBS cache directory holds for a list of tables."""

    retrieved: Mapping[str, date | None] = field(default_factory=dict)
    """Usable tables (present, hash checked) -> retrieval date."""
    missing: tuple[str, ...] = ()
    damaged: tuple[str, ...] = ()


def cache_state(cache_dir: str | os.PathLike[str], table_ids: Sequence[str]) -> CacheState:
    """Read every table's provenance and check its data file against the recorded sha256."""
    retrieved: dict[str, date | None] = {}
    missing, damaged = [], []
    for table_id in table_ids:
        if not all(path.is_file() for path in dataset_paths(cache_dir, table_id)):
            missing.append(table_id)
            continue
        try:
            dataset = read_dataset(cache_dir, table_id)
        except CacheError:
            damaged.append(table_id)  # unreadable, or not the file its provenance describes
            continue
        retrieved[table_id] = _date_of(dataset.provenance.retrieved_at)
    return CacheState(retrieved, tuple(missing), tuple(damaged))


def cache_sentence(state: CacheState, unreachable: bool, today: date | None = None) -> str:
    """The Dutch sentence(s) after a failed fetch: which cache the book uses, and how old it is."""
    day = _today(today)
    opening = "CBS is niet bereikbaar" if unreachable else "Er is niets opgeslagen"
    dates = sorted(d for d in state.retrieved.values() if d is not None)
    if not state.retrieved and not state.damaged:
        return f"{opening}; er is nog geen cache, dus het boek heeft geen CBS-cijfers."
    if not state.retrieved:
        sentence = f"{opening}; er is geen bruikbare cache, dus het boek heeft geen CBS-cijfers."
    else:
        oldest, newest = (dates[0], dates[-1]) if dates else (None, None)
        if oldest is None:
            when = "onbekende datum"
        elif oldest == newest:
            when = dutch_date(oldest)
        else:
            when = f"{dutch_date(oldest)} tot {dutch_date(newest)}"
        age = f" ({age_text((day - oldest).days)})" if oldest else ""
        sentence = f"{opening}; het boek gebruikt de cache van {when}{age}."
    if state.missing:
        sentence += f" Niet in de cache: {', '.join(state.missing)}."
    if state.damaged:
        sentence += (f" Beschadigd in de cache (onbruikbaar; haal ze opnieuw op zodra CBS bereikbaar is): "
                     f"{', '.join(state.damaged)}.")
    return sentence
