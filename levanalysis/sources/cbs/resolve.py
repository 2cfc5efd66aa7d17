"""Resolving a table definition (cbs_tables.yaml) against the table's own metadata.

Measures are found by title, since their keys differ between OData v3 and v4 (and were guessed
before anyone saw them); categories by key, by full title or by the code that opens their title
("C Industrie" -> C); regions by code, with the names of configured areas checked (a wrong COROP
code would otherwise label Zaanstreek as Arnhem/Nijmegen); periods by year and frequency.
Anything required that is missing raises :class:`CbsFetchError` listing what does exist; what
each name resolved to is kept for the provenance (``query.resolved``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from levanalysis.definitions.cbs_tables import MeasureSpec, TableSpec
from levanalysis.sources.cbs.backend import (
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    TableMetadata,
)

PERIOD_KEY = re.compile(r"^(\d{4})([A-Z]{2})\d{2}$")
_WORD = re.compile(r"[0-9a-zà-ÿ]+")


def words(text: str) -> list[str]:
    """Lower-case words of a title: punctuation and the group separator do not count."""
    return _WORD.findall(str(text).casefold())


@dataclass
class Resolved:
    selection: Selection
    measures: dict[str, tuple[str, Measure]]
    """API key -> (configured name, the measure)."""
    category_codes: dict[str, dict[str, str]]
    """Dimension -> raw member key -> configured code."""
    notes: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)


def _error(spec: TableSpec, message: str) -> CbsFetchError:
    return CbsFetchError(f"CBS-tabel {spec.id}: {message}", table_id=spec.id, reason="metadata")


def summarise(items: Iterable[str], limit: int = 30) -> str:
    items = list(items)
    if not items:
        return "(geen)"
    more = f" ... en {len(items) - limit} meer" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


# --- measures ------------------------------------------------------------------------------------


def _measure_listing(meta: TableMetadata) -> str:
    lines = [f"  {m.key}  ({m.title}{', ' + m.unit if m.unit else ''})" for m in meta.measures]
    return "\n".join(lines) or "  (geen)"


def _by_title(want: MeasureSpec, title: str, measures: Sequence[Measure]) -> tuple[Measure | None, list[Measure]]:
    """The measure this title names, and the others that fitted as well (a tie: the first wins)."""
    target = words(title)
    group = set(words(want.group)) if want.group else set()
    unit = set(words(want.unit)) if want.unit else set()
    candidates = [m for m in measures if group <= set(words(m.title)) and unit <= set(words(m.unit or ""))]
    exact = [m for m in candidates if words(m.own_title or m.title) == target or words(m.title) == target]
    if len(exact) > 1:
        exact = [m for m in exact if words(m.title) == target] or exact
    pool = exact or [m for m in candidates if set(target) <= set(words(m.title))]
    if not pool:
        return None, []
    # The closest title wins: 'Banen van werknemers' picks '... in december' over '... / Deeltijd
    # / Vrouwen'. Equally close ones are a real ambiguity: the first in CBS's order is taken (the
    # fetch of every table must not stop on it) and the provenance says so.
    extra = {m.key: len(words(m.title)) - len(target) for m in pool}
    best = min(extra.values())
    closest = [m for m in pool if extra[m.key] == best]
    return closest[0], closest[1:]


def _resolve_measure(spec: TableSpec, want: MeasureSpec, meta: TableMetadata) -> tuple[Measure, str, list[Measure]]:
    for title in want.titles:
        found, also = _by_title(want, title, meta.measures)
        if found is not None:
            return found, f"titel '{title}'", also
    if want.key:
        found = next((m for m in meta.measures if m.key == want.key), None)
        if found is not None:
            return found, "sleutel" if not want.titles else "sleutel (titel niet gevonden)", []
    looked = " of ".join(f"titel '{t}'" for t in want.titles)
    if want.key:
        looked = f"{looked} of sleutel '{want.key}'" if looked else f"sleutel '{want.key}'"
    raise CbsFetchError(
        f"CBS-tabel {spec.id} heeft geen onderwerp '{want.name}' ({looked}). Pas "
        f"data/definitions/cbs_tables.yaml aan. Beschikbare onderwerpen:\n{_measure_listing(meta)}",
        table_id=spec.id, reason="metadata",
    )


# --- dimensions and members -------------------------------------------------------------------------


def _find_dimension(spec: TableSpec, meta: TableMetadata, name: str) -> Dimension:
    dim = meta.dimension(name) or next((d for d in meta.dimensions if d.name.casefold() == name.casefold()), None)
    if dim is None:
        # The SBI dimension's name varies a little between tables; there is only ever one.
        if "sbi" in name.casefold():
            sbi = [d for d in meta.dimensions if "sbi" in d.name.casefold()]
            dim = sbi[0] if len(sbi) == 1 else None
        else:
            prefix = [d for d in meta.dimensions
                      if d.name.casefold().startswith(name.casefold()) or name.casefold().startswith(d.name.casefold())]
            dim = prefix[0] if len(prefix) == 1 else None
    if dim is None:
        raise _error(spec, f"geen dimensie '{name}'. Dimensies: {', '.join(d.name for d in meta.dimensions)}.")
    return dim


def _title_code(title: str) -> str:
    parts = title.split(maxsplit=1)
    return parts[0] if parts else ""


def find_category(table_id: str, dim: Dimension, code: str) -> tuple[Member, str] | None:
    """The member with this key, else with this full title, else whose title opens with this code.

    None when nothing fits; raises CbsFetchError when several fit equally well.
    """
    tiers = (
        ("sleutel", lambda m: m.code == code),
        ("titel", lambda m: words(m.title) == words(code)),
        ("code in titel", lambda m: _title_code(m.title) == code),
    )
    for how, fits in tiers:
        matches = {m.key: m for m in dim.members if fits(m)}
        if len(matches) == 1:
            return next(iter(matches.values())), how
        if len(matches) > 1:
            raise CbsFetchError(
                f"CBS-tabel {table_id}: categorie '{code}' is niet eenduidig in dimensie {dim.name}: "
                f"{', '.join(f'{m.code} ({m.title})' for m in matches.values())}. Gebruik de sleutel.",
                table_id=table_id, reason="metadata",
            )
    return None


def _category_listing(dim: Dimension) -> str:
    return "\n".join(f"  {m.code:<10} {m.title}" for m in dim.members)


def _region_dimension(spec: TableSpec, meta: TableMetadata) -> Dimension:
    if spec.region_dimension:
        dim = meta.dimension(spec.region_dimension)
    else:
        dim = next((d for d in meta.dimensions if d.kind == "region"), None) or meta.dimension("RegioS")
    if dim is None:
        raise _error(spec, f"geen regio-dimensie, maar cbs_tables.yaml kiest regio's. "
                           f"Dimensies: {', '.join(d.name for d in meta.dimensions) or '(geen)'}.")
    return dim


def _resolve_regions(spec: TableSpec, meta: TableMetadata, resolved: Resolved, members: dict) -> None:
    region = _region_dimension(spec, meta)
    by_code = {m.code: m for m in region.members}
    absent = [c for c in spec.regions if c not in by_code]
    if absent:
        raise _error(spec, f"regio('s) {', '.join(absent)} niet gevonden in dimensie {region.name}. "
                           f"Beschikbaar: {summarise(f'{m.code} {m.title}' for m in region.members)}")
    absent_optional = [c for c in spec.optional_regions if c not in by_code]
    if absent_optional:
        resolved.notes.append(f"Regio('s) {', '.join(absent_optional)} komen niet voor in deze tabel en zijn overgeslagen.")
    codes = list(dict.fromkeys(c for c in (*spec.regions, *spec.optional_regions) if c in by_code))
    checked = {}
    for code in codes:
        expected = spec.region_names.get(code)
        if expected is None:
            continue
        title = by_code[code].title
        if words(title)[: len(words(expected))] != words(expected):
            raise _error(spec, f"regio {code} heet bij CBS '{title}', niet '{expected}' zoals 'areas' in "
                               f"data/definitions/cbs_tables.yaml zegt. Pas de code aan; anders zouden cijfers "
                               f"van een ander gebied onder deze naam verschijnen.")
        checked[code] = title
    members[region.name] = tuple(by_code[c].key for c in codes)
    resolved.query["regions"] = codes
    if checked:
        resolved.query["resolved"]["regions"] = checked


def _resolve_periods(spec: TableSpec, meta: TableMetadata, resolved: Resolved, members: dict) -> None:
    time = next((d for d in meta.dimensions if d.kind == "time"), None)
    if time is None:
        raise _error(spec, "geen perioden-dimensie, maar cbs_tables.yaml kiest perioden.")
    chosen = []
    for m in time.members:
        match = PERIOD_KEY.match(m.code)
        if not match:
            continue
        year, frequency = int(match.group(1)), match.group(2)
        if spec.period_from is not None and year < spec.period_from:
            continue
        if spec.period_frequency and frequency != spec.period_frequency:
            continue
        chosen.append(m.key)
    if not chosen:
        raise _error(spec, f"geen perioden vanaf {spec.period_from} met frequentie {spec.period_frequency}. "
                           f"Beschikbaar: {summarise(m.code for m in time.members)}")
    members[time.name] = tuple(chosen)
    resolved.query["periods"] = [k.strip() for k in chosen]


def _resolve_categories(spec: TableSpec, meta: TableMetadata, resolved: Resolved, members: dict) -> None:
    wanted: dict[str, list[tuple[str, bool]]] = {}
    for dims, required in ((spec.categories, True), (spec.optional_categories, False)):
        for dim_name, codes in dims.items():
            wanted.setdefault(dim_name, []).extend((code, required) for code in codes)
    for dim_name, codes in wanted.items():
        dim = _find_dimension(spec, meta, dim_name)
        chosen: dict[str, str] = {}
        found: dict[str, dict[str, str]] = {}
        absent: list[str] = []
        for code, required in codes:
            hit = find_category(spec.id, dim, code)
            if hit is None:
                if required:
                    raise CbsFetchError(
                        f"CBS-tabel {spec.id}: categorie '{code}' niet gevonden in dimensie {dim.name} "
                        f"(gezocht op sleutel, titel en de code aan het begin van de titel). "
                        f"Beschikbare categorieën:\n{_category_listing(dim)}",
                        table_id=spec.id, reason="metadata",
                    )
                absent.append(code)
                continue
            member, how = hit
            chosen.setdefault(member.key, code)
            found[code] = {"key": member.code, "title": member.title, "by": how}
        if absent:
            resolved.notes.append(f"Categorie(ën) {', '.join(absent)} komen niet voor in dimensie {dim.name} "
                                  f"van deze tabel en zijn overgeslagen.")
        if not chosen:
            raise _error(spec, f"geen van de categorieën {', '.join(c for c, _ in codes)} gevonden in dimensie "
                               f"{dim.name}. Beschikbare categorieën:\n{_category_listing(dim)}")
        members[dim.name] = tuple(chosen)
        resolved.category_codes[dim.name] = chosen
        resolved.query.setdefault("categories", {})[dim.name] = {code: key.strip() for key, code in chosen.items()}
        resolved.query["resolved"].setdefault("categories", {})[dim.name] = found


def resolve(spec: TableSpec, meta: TableMetadata) -> Resolved:
    """The selection a definition makes in a table, or CbsFetchError saying what is missing."""
    resolved = Resolved(Selection((), {}), {}, {}, [], {"resolved": {}})
    measures: dict[str, tuple[str, Measure]] = {}
    found_measures = {}
    for want in spec.measure_specs:
        measure, how, also = _resolve_measure(spec, want, meta)
        if also:
            resolved.notes.append(
                f"Onderwerp '{want.name}': ook {', '.join(f'{m.key} ({m.title})' for m in also)} past bij de titel; "
                f"genomen is het eerste, {measure.key} ({measure.title}). Controleer dit en geef zo nodig 'group' "
                f"of 'unit' op in cbs_tables.yaml.")
        if measure.key in measures:
            raise _error(spec, f"onderwerpen '{measures[measure.key][0]}' en '{want.name}' wijzen naar hetzelfde "
                               f"onderwerp {measure.key} ({measure.title}).")
        measures[measure.key] = (want.name, measure)
        found_measures[want.name] = {"key": measure.key, "title": measure.title, "unit": measure.unit, "by": how}
    resolved.measures = measures
    resolved.query["measures"] = {name: key for key, (name, _) in measures.items()}
    resolved.query["resolved"]["measures"] = found_measures

    members: dict[str, tuple[str, ...]] = {}
    if spec.regions or spec.optional_regions:
        _resolve_regions(spec, meta, resolved, members)
    if spec.period_from is not None or spec.period_frequency:
        _resolve_periods(spec, meta, resolved, members)
    _resolve_categories(spec, meta, resolved, members)
    # Order restrictions as the dimensions appear in the table, so the filter text is stable.
    order = [d.name for d in meta.dimensions]
    resolved.selection = Selection(tuple(measures), {name: members[name] for name in order if name in members})
    return resolved
