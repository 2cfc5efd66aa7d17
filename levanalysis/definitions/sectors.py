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


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    subsectors: tuple[Subsector, ...]
    note: str | None = None
    # Alternative definitions some studies use (e.g. logistiek with wholesale): name -> SBI codes.
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def sbi_codes(self) -> tuple[str, ...]:
        return tuple(code for sub in self.subsectors for code in sub.sbi)


SUBSECTOR_FIELDS = {"code", "name", "sbi"}


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
            subsectors=tuple(
                Subsector(code=str(sub["code"]), name=sub["name"], sbi=tuple(str(c) for c in sub["sbi"]))
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
