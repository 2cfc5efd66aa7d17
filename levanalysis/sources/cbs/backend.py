"""The CBS transport interface: table metadata, a backend-neutral selection, and the error type.

Each API (OData v3 through cbsodata, later OData v4) implements :class:`StatLineBackend`; the
resolution of a table definition against metadata and the storage code do not depend on which.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import pandas as pd

DEFAULT_BASE_URL = "https://opendata.cbs.nl"
ENV_BASE_URL = "LEV_CBS_URL"
DEFAULT_TIMEOUT = 30.0

class CbsFetchError(Exception):
    """Fetching (or configuring, or reading the cache of) a CBS table failed.

    The message is Dutch and complete, so a command line can print it and exit 1 without a
    traceback. ``reason`` is one of 'connection', 'timeout', 'http', 'malformed', 'metadata',
    'config', 'cache', 'storage'.
    """

    def __init__(self, message: str, *, table_id: str | None = None, reason: str = "unknown"):
        super().__init__(message)
        self.table_id = table_id
        self.reason = reason



def resolve_base_url(base_url: str | None = None) -> str:
    """The CBS base address: the argument, else ``$LEV_CBS_URL``, else ``https://opendata.cbs.nl``."""
    url = (base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CbsFetchError(
            f"Ongeldig CBS-adres {url!r}: verwacht bijvoorbeeld {DEFAULT_BASE_URL} "
            f"of http://127.0.0.1:8765 (argument --cbs-url of omgevingsvariabele {ENV_BASE_URL}).",
            reason="config",
        )
    return url


# --- the backend interface -------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class Member:
    key: str
    """Key exactly as the service gives it (v3 region keys are padded with spaces)."""
    title: str
    status: str | None = None
    """Periods only: Voorlopig / Nader voorlopig / Definitief."""

    @property
    def code(self) -> str:
        return self.key.strip()


@dataclass(frozen=True)
class Dimension:
    name: str
    kind: str
    """'region', 'time' or 'category'."""
    title: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class TableMetadata:
    table_id: str
    title: str | None
    modified: str | None
    reason_delivery: str | None
    measures: tuple[Measure, ...]
    dimensions: tuple[Dimension, ...]

    def dimension(self, name: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.name == name), None)


@dataclass(frozen=True)
class Selection:
    """Backend-neutral request: measure keys, and raw member keys per restricted dimension."""

    measures: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]


StepCallback = Callable[[str], None]


class StatLineBackend(Protocol):
    """A CBS transport. Implementations raise :class:`CbsFetchError` for every failure."""

    base_url: str

    def metadata(self, table_id: str, on_step: StepCallback | None = None) -> TableMetadata:
        """Table info, measures and dimensions with all their members."""
        ...

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        """Long frame (one column per dimension with raw keys, then ``measure`` and ``value``),
        and a description of the query as sent, for the provenance."""
        ...



def failed_message(table_id: str, why: str) -> str:
    return f"CBS-tabel {table_id} kon niet worden opgehaald: {why}"
