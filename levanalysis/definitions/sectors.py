"""Sector definitions in SBI 2008, from data/definitions/sectors.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from levanalysis.paths import DATA_ROOT

SECTORS_YAML = DATA_ROOT / "definitions" / "sectors.yaml"


@dataclass(frozen=True)
class Subsector:
    code: str
    name: str
    sbi: tuple[str, ...]
    phrase: str
    """How a Dutch sentence names the subsector, with its article ('de maakindustrie')."""


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    subsectors: tuple[Subsector, ...]
    note: str | None = None
    # Alternative definitions some studies use (e.g. logistiek with wholesale): name -> SBI codes.
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    structure_with: tuple[str, ...] = ()
    """Sectors shown beside this one in the structure of the economy (cross-over partners)."""

    @property
    def sbi_codes(self) -> tuple[str, ...]:
        return tuple(code for sub in self.subsectors for code in sub.sbi)


SUBSECTOR_FIELDS = {"code", "name", "sbi", "phrase"}


@cache
def _load(path: Path) -> dict[str, Sector]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["sectors"]
    for sector_id, entry in raw.items():
        for sub in entry["subsectors"]:
            # An unquoted comma in a YAML flow mapping silently splits a name into extra keys.
            if set(sub) != SUBSECTOR_FIELDS:
                raise ValueError(f"{path}: subsector of '{sector_id}' has fields {sorted(sub)}; quote names with commas")
    return {
        sector_id: Sector(
            id=sector_id,
            name=entry["name"],
            note=entry.get("note"),
            variants={name: tuple(str(c) for c in variant["sbi"]) for name, variant in (entry.get("variants") or {}).items()},
            structure_with=tuple(entry.get("structure_with") or ()),
            subsectors=tuple(
                Subsector(code=str(sub["code"]), name=sub["name"], sbi=tuple(str(c) for c in sub["sbi"]),
                          phrase=str(sub["phrase"]))
                for sub in entry["subsectors"]
            ),
        )
        for sector_id, entry in raw.items()
    }


def load_sectors(path: Path | str = SECTORS_YAML) -> dict[str, Sector]:
    return _load(Path(path).resolve())


def all_sbi_codes(path: Path | str = SECTORS_YAML) -> list[str]:
    """Every SBI code any sector or variant uses, in file order: what CBS tables must hold."""
    codes = []
    for sector in load_sectors(path).values():
        codes.extend(sector.sbi_codes)
        for variant in sector.variants.values():
            codes.extend(variant)
    return list(dict.fromkeys(codes))


class UnknownSector(KeyError):
    """A sector id that sectors.yaml does not define."""

    def __str__(self) -> str:
        return str(self.args[0])


def sector_subsectors(sector: str) -> dict[str, list[str]]:
    """Subsector code -> its SBI codes, e.g. vte -> {'I': ['I'], 'R': ['R'], '47': ['47']}."""
    sectors = load_sectors()
    if sector not in sectors:
        raise UnknownSector(f"Onbekende sector '{sector}'. Bekend in sectors.yaml: {', '.join(sectors)}.")
    return {sub.code: list(sub.sbi) for sub in sectors[sector].subsectors}


def sector_sbi_codes(sector: str) -> list[str]:
    """Every SBI code of a sector (its subsectors; variants are not included)."""
    codes = [c for sbi in sector_subsectors(sector).values() for c in sbi]
    return list(dict.fromkeys(codes))


def structure_codes(sector: str) -> tuple[str, ...]:
    """The subsector codes a spearhead's structure of the economy covers: its own and those of
    the sectors it is shown with (``structure_with``)."""
    sectors = load_sectors()
    ids = (sector, *sectors[sector].structure_with)
    return tuple(sub.code for sector_id in ids for sub in sectors[sector_id].subsectors)


def subsector_phrases() -> dict[str, str]:
    """Subsector code -> how a sentence names it."""
    return {sub.code: sub.phrase for s in load_sectors().values() for sub in s.subsectors}
