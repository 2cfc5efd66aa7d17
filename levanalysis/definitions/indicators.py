"""What a series made from a source is: its unit, its decimals and the notes that go with it.

These live in the data beside each source definition (``indicators:`` in ``local_sources.yaml``
and ``cbs_tables.yaml``), so a unit or a standing note is changed in data, not in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    decimals: int = 0
    notes: tuple[str, ...] = ()
    compared_with: Mapping[str, str] = field(default_factory=dict)
    """Local source -> sentence on how this series differs from it (for growth comparisons)."""
    by_municipality: str | None = None
    """The delivery column whose figures the book also shows per municipality."""

    def filled_notes(self, **values: Any) -> tuple[str, ...]:
        """The notes with their ``{placeholders}`` filled in."""
        return tuple(note.format_map(values) for note in self.notes)


_KEYS = {"unit", "decimals", "notes", "compared_with", "by_municipality"}


def parse_indicators(raw: Any, where: str, error: type[Exception]) -> dict[str, IndicatorSpec]:
    """The ``indicators:`` mapping of one source; ``error`` is raised with ``where`` on bad input."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise error(f"{where}: 'indicators' moet per naam een eenheid geven.")
    specs = {}
    for name, entry in raw.items():
        if not isinstance(entry, Mapping) or "unit" not in entry or set(entry) - _KEYS:
            raise error(f"{where}.indicators.{name}: verwacht 'unit' en eventueel {sorted(_KEYS - {'unit'})}.")
        specs[str(name)] = IndicatorSpec(
            name=str(name),
            unit=str(entry["unit"]),
            decimals=int(entry.get("decimals", 0)),
            notes=tuple(" ".join(str(n).split()) for n in entry.get("notes") or ()),
            compared_with={str(k): " ".join(str(v).split()) for k, v in (entry.get("compared_with") or {}).items()},
            by_municipality=entry.get("by_municipality"),
        )
    return specs
