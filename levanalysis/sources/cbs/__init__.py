"""CBS StatLine as a data source: table metadata, fetching with provenance, and reading the
cached long frames. See :mod:`levanalysis.sources.cbs.fetch` for the frame layout."""

from levanalysis.sources.cbs.backend import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    ENV_BASE_URL,
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    StatLineBackend,
    TableMetadata,
    resolve_base_url,
)
from levanalysis.sources.cbs.fetch import fetch_table, fetch_tables, load_cached_tables
from levanalysis.sources.cbs.odata_v3 import ODataV3Backend, cbsodata_options

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "ENV_BASE_URL",
    "CbsFetchError",
    "Dimension",
    "Measure",
    "Member",
    "ODataV3Backend",
    "Selection",
    "StatLineBackend",
    "TableMetadata",
    "cbsodata_options",
    "fetch_table",
    "fetch_tables",
    "load_cached_tables",
    "resolve_base_url",
]
