"""The LEV region: municipalities, their codes, and municipal reorganisations.

Everything comes from ``data/definitions/region.yaml`` so that a future reorganisation or
a change in UWV regions is a data edit, not a code change.

Public API
----------
- :func:`load_region` -> :class:`Region`
- :func:`municipality_code` maps a name or code (tolerant of case and whitespace) to a CBS code
- :func:`municipality_name` maps a code back to its name
- :func:`uwv_region_name` maps a UWV labour-market region to its canonical spelling
- :func:`apply_reorganisations` folds absorbed municipalities into their successor
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import yaml

from levanalysis.paths import DATA_ROOT

__all__ = [
    "REGION_YAML",
    "Municipality",
    "Reorganisation",
    "Region",
    "UnknownMunicipality",
    "UnknownUWVRegion",
    "load_region",
    "municipality_code",
    "municipality_name",
    "uwv_region_name",
    "apply_reorganisations",
]

REGION_YAML = DATA_ROOT / "definitions" / "region.yaml"

_CODE_RE = re.compile(r"^GM\d{4}$")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    uwv_region: str


@dataclass(frozen=True)
class Reorganisation:
    """``absorbed`` merged into ``into`` on ``effective``."""

    absorbed_code: str
    absorbed_name: str
    into: str
    effective: date

    @property
    def effective_year(self) -> int:
        """First calendar year in which the absorbed municipality no longer exists.

        Annual series of years before this year are folded into the successor. A merger on
        another day than 1 January would make the merger year itself ambiguous; the rule
        then still folds only the years strictly before it.
        """
        return self.effective.year


@dataclass(frozen=True)
class Participation:
    """A municipality that takes part in a subject in its own way (e.g. tourism promotion)."""

    municipality: str
    subject: str
    note: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    municipalities: tuple[Municipality, ...]
    reorganisations: tuple[Reorganisation, ...]
    participation: tuple[Participation, ...] = ()

    def participation_notes(self, subject: str) -> list[str]:
        return [p.note for p in self.participation if p.subject == subject]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.municipalities)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.municipalities)

    @property
    def uwv_regions(self) -> tuple[str, ...]:
        """UWV labour-market regions, in the order they first appear."""
        return tuple(dict.fromkeys(m.uwv_region for m in self.municipalities))

    def allowed_text(self) -> str:
        """Dutch enumeration of the current municipalities, for messages."""
        return ", ".join(self.names)


class UnknownMunicipality(ValueError):
    """Raised when a value is not a (current or absorbed) Liemers municipality."""


class UnknownUWVRegion(ValueError):
    """Raised when a value is not one of the region's UWV labour-market regions."""


def _key(value: object) -> str:
    # Spaces inside a code ('gm 0299') and stray non-breaking spaces from spreadsheets are
    # noise; none of the names contains a meaningful space, so all whitespace can go.
    return re.sub(r"\s+", "", str(value)).casefold()


def _parse_region(raw: dict, source: Path) -> Region:
    try:
        reg = raw["region"]
        municipalities = tuple(
            Municipality(code=str(m["code"]), name=str(m["name"]), uwv_region=str(m["uwv_region"]))
            for m in raw["municipalities"]
        )
        reorganisations = []
        for r in raw.get("reorganisations") or []:
            eff = r["effective"]
            if not isinstance(eff, date):
                eff = date.fromisoformat(str(eff))
            reorganisations.append(
                Reorganisation(
                    absorbed_code=str(r["absorbed"]["code"]),
                    absorbed_name=str(r["absorbed"]["name"]),
                    into=str(r["into"]),
                    effective=eff,
                )
            )
        participation = tuple(
            Participation(municipality=str(p["municipality"]), subject=str(p["subject"]), note=str(p["note"]))
            for p in raw.get("participation") or []
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{source}: unexpected structure ({exc!r})") from exc
    codes = {m.code for m in municipalities}
    for code in codes | {r.absorbed_code for r in reorganisations}:
        if not _CODE_RE.match(code):
            raise ValueError(f"{source}: {code!r} is not a CBS municipality code (GMnnnn)")
    for r in reorganisations:
        if r.into not in codes:
            raise ValueError(f"{source}: reorganisation target {r.into} is not a municipality")
    return Region(
        id=str(reg["id"]),
        name=str(reg["name"]),
        municipalities=municipalities,
        reorganisations=tuple(reorganisations),
        participation=participation,
    )


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Region:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return _parse_region(raw, path)


def load_region(path: str | Path | None = None) -> Region:
    """Load the region definition (default: ``data/definitions/region.yaml``)."""
    return _load_cached(Path(path).resolve() if path is not None else REGION_YAML)


def _lookup(region: Region, include_absorbed: bool) -> dict[str, str]:
    table: dict[str, str] = {}
    for m in region.municipalities:
        table[_key(m.code)] = m.code
        table[_key(m.name)] = m.code
    if include_absorbed:
        for r in region.reorganisations:
            table[_key(r.absorbed_code)] = r.absorbed_code
            table[_key(r.absorbed_name)] = r.absorbed_code
    return table


def municipality_code(
    value: object, *, include_absorbed: bool = True, region: Region | None = None
) -> str:
    """Map a municipality name or CBS code to its code.

    Case and whitespace do not matter (``'  zevenaar'``, ``'GM0299'``, ``'gm 0299'`` all give
    ``'GM0299'``). A bare number is read as a CBS code without prefix (``299``, ``'0299'``),
    as spreadsheets often store ``gemeentecode``. Absorbed municipalities (Rijnwaarden) are
    accepted unless ``include_absorbed`` is False.

    Raises :class:`UnknownMunicipality` (a ``ValueError``) with a Dutch message otherwise.
    """
    region = region or load_region()
    if value is None or (isinstance(value, float) and value != value):
        raise UnknownMunicipality(f"Geen gemeente opgegeven. Toegestaan: {region.allowed_text()}.")
    if isinstance(value, bool):
        raise UnknownMunicipality(
            f"{value!r} is geen Liemerse gemeente. Toegestaan: {region.allowed_text()}."
        )
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = _key(value)
    if key.isdigit() and len(key) <= 4:
        key = "gm" + key.zfill(4)
    code = _lookup(region, include_absorbed).get(key)
    if code is None:
        raise UnknownMunicipality(
            f"'{str(value).strip()}' is geen Liemerse gemeente. Toegestaan: {region.allowed_text()}."
        )
    return code


def municipality_name(code: str, *, region: Region | None = None) -> str:
    """Name of a municipality (current or absorbed) from its code or name."""
    region = region or load_region()
    code = municipality_code(code, region=region)
    for m in region.municipalities:
        if m.code == code:
            return m.name
    for r in region.reorganisations:
        if r.absorbed_code == code:
            return r.absorbed_name
    raise AssertionError(code)  # municipality_code only returns known codes


def uwv_region_name(value: object, *, region: Region | None = None) -> str:
    """Canonical name of a UWV labour-market region ('midden gelderland' -> 'Midden-Gelderland').

    Case, whitespace and hyphens do not matter. Raises :class:`UnknownUWVRegion`.
    """
    region = region or load_region()
    key = re.sub(r"[\s\-]+", "", str(value)).casefold()
    for name in region.uwv_regions:
        if re.sub(r"[\s\-]+", "", name).casefold() == key:
            return name
    raise UnknownUWVRegion(
        f"'{str(value).strip()}' is geen UWV-arbeidsmarktregio van de Liemers. "
        f"Toegestaan: {', '.join(region.uwv_regions)}."
    )


def apply_reorganisations(
    frame: pd.DataFrame,
    reorganisations: Iterable[Reorganisation] | None = None,
    *,
    region_col: str = "region",
    year_col: str = "year",
    value_col: str = "value",
) -> pd.DataFrame:
    """Fold absorbed municipalities into their successor, so series stay comparable.

    ``frame`` is long: one row per region code and key (by default the key is every column
    other than ``region_col`` and ``value_col``, e.g. ``sector`` and ``year``). For each
    reorganisation (default: those in region.yaml), rows of the absorbed municipality with a
    year before the effective year are added to the successor's row with the same key, and
    the absorbed rows disappear. Rows of other regions, and rows from the effective year on,
    are returned unchanged.

    Missing values propagate: a sum with a NaN, or with a counterpart row that is absent in
    the frame, is NaN, because a partial total would look like a real drop or rise. Sources
    that leave out zero rows must fill those zeros before calling this.

    The input is not modified. Raises ``ValueError`` if a key occurs twice for one region.
    """
    if reorganisations is None:
        reorganisations = load_region().reorganisations
    missing = [c for c in (region_col, year_col, value_col) if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {missing}")
    keys = [c for c in frame.columns if c not in (region_col, value_col)]
    out = frame.copy()
    pos = "__lev_pos__"
    out[pos] = range(len(out))
    for reorg in reorganisations:
        before = out[year_col] < reorg.effective_year
        is_absorbed = (out[region_col] == reorg.absorbed_code) & before
        is_successor = (out[region_col] == reorg.into) & before
        absorbed = out.loc[is_absorbed.fillna(False), keys + [value_col, pos]]
        successor = out.loc[is_successor.fillna(False)]
        if absorbed.empty and successor.empty:
            continue
        for part, code in ((absorbed, reorg.absorbed_code), (successor, reorg.into)):
            dup = part.duplicated(keys, keep=False)
            if dup.any():
                raise ValueError(
                    f"{code}: key {keys} occurs more than once: {part.loc[dup, keys].head(3).to_dict('records')}"
                )
        merged = successor.merge(
            absorbed, on=keys, how="outer", suffixes=("", "__absorbed"), sort=False
        )
        merged[region_col] = reorg.into
        # Plain '+' keeps NaN/NA: that is the point (see docstring).
        merged[value_col] = merged[value_col] + merged[value_col + "__absorbed"]
        merged[pos] = merged[pos].fillna(merged[pos + "__absorbed"])
        merged = merged[out.columns]
        keep = out.loc[~(is_absorbed.fillna(False) | is_successor.fillna(False))]
        out = pd.concat([keep, merged], ignore_index=True)
    out = out.sort_values(pos, kind="stable").drop(columns=pos).reset_index(drop=True)
    # Outer joins can upcast; restore the original dtypes where the values allow it.
    for col in frame.columns:
        if col != value_col and out[col].dtype != frame[col].dtype:
            try:
                out[col] = out[col].astype(frame[col].dtype)
            except (TypeError, ValueError):
                pass
    return out
