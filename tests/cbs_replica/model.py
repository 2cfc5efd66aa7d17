"""The replica's table model: one description of a table that both API renderings read.

A table has dimensions (with codes as CBS's v4 gives them, unpadded; v3 pads them), measures
(with their v3 key and their v4 identifier, which differ, and a topic group), topic groups, and
cells: per combination of dimension codes a value per measure (None for a suppressed cell).
Tests change cells and period statuses to play CBS revising a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Code:
    code: str
    title: str
    description: str | None = None
    status: str | None = None
    """Periods only: Definitief, Nader voorlopig, Voorlopig, or None (70072NED style)."""


@dataclass
class Dim:
    name: str
    kind: str
    """'GeoDimension', 'TimeDimension' or 'Dimension' (CBS's own words)."""
    title: str
    codes: list[Code]
    pad: int = 0
    """v3 pads keys with spaces to this width: regions to 10, SBI to 7."""

    def v3_key(self, code: str) -> str:
        return code.ljust(self.pad)

    def code(self, code: str) -> Code:
        return next(c for c in self.codes if c.code == code)


@dataclass
class Group:
    id: int
    title: str
    parent: int | None = None


@dataclass
class MeasureDef:
    v3_key: str
    v4_id: str
    title: str
    unit: str
    decimals: int
    group: int | None = None


@dataclass
class Table:
    id: str
    title: str
    modified: str
    dims: list[Dim]
    measures: list[MeasureDef]
    groups: list[Group] = field(default_factory=list)
    cells: dict[tuple[str, ...], dict[str, float | None]] = field(default_factory=dict)
    """Dimension codes in ``dims`` order -> v4 measure id -> value (None: suppressed)."""
    reason_delivery: str = "Actualisering"
    apis: frozenset[str] = frozenset({"v3", "v4"})
    """Which API serves the table (70072NED-like tables may be on v3 only)."""
    v4_identifier: str | None = None
    """The exact spelling v4 serves the table under (e.g. lower case); None: any case."""

    def dim(self, name: str) -> Dim:
        return next(d for d in self.dims if d.name == name)

    def measure(self, key_or_id: str) -> MeasureDef:
        return next(m for m in self.measures if key_or_id in (m.v3_key, m.v4_id))

    def cell_key(self, coords: dict[str, str]) -> tuple[str, ...]:
        return tuple(coords[d.name] for d in self.dims)

    def value(self, coords: dict[str, str], measure: str) -> float | None:
        return self.cells[self.cell_key(coords)][self.measure(measure).v4_id]

    def set_value(self, coords: dict[str, str], measure: str, value: float | None) -> None:
        """CBS revises a figure."""
        self.cells[self.cell_key(coords)][self.measure(measure).v4_id] = value

    def set_status(self, period: str, status: str | None, description: str | None = None) -> None:
        """CBS changes a period's status (Voorlopig -> Nader voorlopig -> Definitief)."""
        time = next(d for d in self.dims if d.kind == "TimeDimension")
        code = time.code(period)
        code.status = status
        if description is not None:
            code.description = description

    def rows(self) -> list[dict[str, Any]]:
        """One record per cell: dimension codes by name, values by v4 measure id."""
        names = [d.name for d in self.dims]
        return [{**dict(zip(names, key, strict=True)), **values} for key, values in self.cells.items()]
