"""The CBS transport interface: table metadata, a backend-neutral selection, and the error type.

Each API (OData v3 at opendata.cbs.nl, OData v4 at datasets.cbs.nl) implements
:class:`StatLineBackend`; the resolution of a table definition against metadata and the storage
code do not depend on which.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import pandas as pd

from levanalysis.definitions.cbs_tables import API_CHOICES

DEFAULT_BASE_URL = "https://opendata.cbs.nl"
"""OData v3: tables at ``<base>/ODataFeed/odata/{table id}``."""
DEFAULT_V4_URL = "https://datasets.cbs.nl/odata/v1"
"""OData v4: tables at ``<base>/CBS/{table id}``."""
ENV_BASE_URL = "LEV_CBS_URL"
ENV_V4_URL = "LEV_CBS_V4_URL"
ENV_API = "LEV_CBS_API"
DEFAULT_TIMEOUT = 30.0


class CbsFetchError(Exception):
    """Fetching (or configuring, or reading the cache of) a CBS table failed.

    The message is Dutch and complete, so a command line can print it and exit 1 without a
    traceback. ``reason`` is one of 'connection' (no connection could be made), 'dropped' (the
    connection broke off mid-way), 'timeout', 'http', 'paging', 'malformed', 'metadata',
    'config', 'cache', 'storage'. ``transient`` marks failures worth another try (429, 5xx,
    connections); ``status`` is the HTTP status where there was one.
    """

    def __init__(self, message: str, *, table_id: str | None = None, reason: str = "unknown",
                 transient: bool = False, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.table_id = table_id
        self.reason = reason
        self.transient = transient
        self.status = status
        self.retry_after = retry_after

    @property
    def unreachable(self) -> bool:
        """CBS could not be reached (as opposed to: CBS answered, but not with what we need)."""
        return self.reason in ("connection", "dropped", "timeout") or (
            self.reason == "http" and self.status is not None and (self.status == 429 or self.status >= 500)
        )

    def with_message(self, message: str) -> CbsFetchError:
        """The same error with another message (e.g. the state of the cache appended)."""
        copy = CbsFetchError(message, table_id=self.table_id, reason=self.reason, transient=self.transient,
                             status=self.status, retry_after=self.retry_after)
        copy.__cause__ = self.__cause__
        return copy


def _check_url(url: str, example: str, where: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CbsFetchError(
            f"Ongeldig CBS-adres {url!r}: verwacht bijvoorbeeld {example} of http://127.0.0.1:8765 ({where}).",
            reason="config",
        )
    return url


def resolve_base_url(base_url: str | None = None) -> str:
    """The OData v3 address: the argument, else ``$LEV_CBS_URL``, else ``https://opendata.cbs.nl``."""
    return _check_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL, DEFAULT_BASE_URL,
                      f"argument --cbs-url of omgevingsvariabele {ENV_BASE_URL}")


def resolve_v4_url(v4_url: str | None = None) -> str:
    """The OData v4 address: the argument, else ``$LEV_CBS_V4_URL``, else ``https://datasets.cbs.nl/odata/v1``."""
    return _check_url(v4_url or os.environ.get(ENV_V4_URL) or DEFAULT_V4_URL, DEFAULT_V4_URL,
                      f"argument --cbs-v4-url of omgevingsvariabele {ENV_V4_URL}")


def resolve_api(api: str | None = None) -> str:
    """'auto', 'v3' or 'v4': the argument, else ``$LEV_CBS_API``, else 'auto'."""
    chosen = (api or os.environ.get(ENV_API) or "auto").strip().casefold()
    if chosen not in API_CHOICES:
        raise CbsFetchError(
            f"Onbekende CBS-API {chosen!r}: kies {', '.join(API_CHOICES)} (argument --cbs-api of "
            f"omgevingsvariabele {ENV_API}).",
            reason="config",
        )
    return chosen


# --- the backend interface -------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    """The API's own key (v3 ``Key``, v4 ``Identifier``)."""
    title: str
    """The title with its topic-group path in front ('Overnachtingen / Totaal')."""
    unit: str | None = None
    decimals: int | None = None
    own_title: str | None = None
    """The title without the group path."""


@dataclass(frozen=True)
class Member:
    key: str
    """Key exactly as the service gives it (v3 region keys are padded with spaces)."""
    title: str
    status: str | None = None
    """Periods only: Voorlopig / Nader voorlopig / Definitief."""
    description: str | None = None

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
        """Long frame (one column per dimension with raw keys, then ``measure`` (the API's key)
        and ``value``), and a description of the query as sent, for the provenance (``api``,
        ``url``, ``base_url``, ``filter`` ...)."""
        ...


def failed_message(table_id: str, why: str) -> str:
    return f"CBS-tabel {table_id} kon niet worden opgehaald: {why}"


def period_status(status: Any, description: Any) -> str | None:
    """A period's status: CBS's own, or (where CBS gives none, as 70072NED does) 'Voorlopig
    (volgens beschrijving)' when the period's description calls its figures provisional."""
    if isinstance(status, str) and status.strip():
        return status.strip()
    if isinstance(description, str) and "voorlopig" in description.casefold():
        return DESCRIBED_PROVISIONAL
    return None


DESCRIBED_PROVISIONAL = "Voorlopig (volgens beschrijving)"
