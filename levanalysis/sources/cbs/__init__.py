"""CBS StatLine as a data source: table metadata over OData v3 or v4, fetching with retries and
provenance, revisions between fetches, the age of the cache, and reading the cached long frames.
See :mod:`levanalysis.sources.cbs.fetch` for the frame layout."""

from levanalysis.sources.cbs.apis import AutoBackend, make_backend
from levanalysis.sources.cbs.backend import (
    API_CHOICES,
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    DEFAULT_V4_URL,
    ENV_API,
    ENV_BASE_URL,
    ENV_V4_URL,
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    StatLineBackend,
    TableMetadata,
    resolve_api,
    resolve_base_url,
    resolve_v4_url,
)
from levanalysis.sources.cbs.fetch import (
    fetch_table,
    fetch_tables,
    load_cached_tables,
    remove_stale_temp_files,
)
from levanalysis.sources.cbs.freshness import (
    MAX_CACHE_AGE_DAYS,
    cache_sentence,
    cache_state,
    data_age,
    dutch_date,
)
from levanalysis.sources.cbs.odata_v3 import ODataV3Backend
from levanalysis.sources.cbs.odata_v4 import ODataV4Backend
from levanalysis.sources.cbs.revisions import (
    report_lines,
    revision_table,
    revisions_for,
)
from levanalysis.sources.cbs.transport import DEFAULT_POLICY, RetryPolicy, Transport

__all__ = [
    "API_CHOICES",
    "DEFAULT_BASE_URL",
    "DEFAULT_POLICY",
    "DEFAULT_TIMEOUT",
    "DEFAULT_V4_URL",
    "ENV_API",
    "ENV_BASE_URL",
    "ENV_V4_URL",
    "MAX_CACHE_AGE_DAYS",
    "AutoBackend",
    "CbsFetchError",
    "Dimension",
    "Measure",
    "Member",
    "ODataV3Backend",
    "ODataV4Backend",
    "RetryPolicy",
    "Selection",
    "StatLineBackend",
    "TableMetadata",
    "Transport",
    "cache_sentence",
    "cache_state",
    "data_age",
    "dutch_date",
    "fetch_table",
    "fetch_tables",
    "load_cached_tables",
    "make_backend",
    "remove_stale_temp_files",
    "report_lines",
    "resolve_api",
    "resolve_base_url",
    "resolve_v4_url",
    "revision_table",
    "revisions_for",
]
