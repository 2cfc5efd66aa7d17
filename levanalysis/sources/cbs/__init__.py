"""CBS StatLine as a data source: table metadata over OData v3 or v4, fetching with retries and
provenance, revisions between fetches, the age of the cache, and reading the cached long frames.
See :mod:`levanalysis.sources.cbs.fetch` for the frame layout."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Importing a name loads its module only then: a chapter that reads the cached frames
# (levanalysis.sources.cbs.frames) must not pay for the HTTP client and retry stack.
_WHERE = {
    "API_CHOICES": "levanalysis.sources.cbs.backend",
    "AutoBackend": "levanalysis.sources.cbs.apis",
    "CbsFetchError": "levanalysis.sources.cbs.backend",
    "DEFAULT_BASE_URL": "levanalysis.sources.cbs.backend",
    "DEFAULT_POLICY": "levanalysis.sources.cbs.transport",
    "DEFAULT_TIMEOUT": "levanalysis.sources.cbs.backend",
    "DEFAULT_V4_URL": "levanalysis.sources.cbs.backend",
    "Dimension": "levanalysis.sources.cbs.backend",
    "ENV_API": "levanalysis.sources.cbs.backend",
    "ENV_BASE_URL": "levanalysis.sources.cbs.backend",
    "ENV_V4_URL": "levanalysis.sources.cbs.backend",
    "MAX_CACHE_AGE_DAYS": "levanalysis.sources.cbs.freshness",
    "Measure": "levanalysis.sources.cbs.backend",
    "Member": "levanalysis.sources.cbs.backend",
    "ODataV3Backend": "levanalysis.sources.cbs.odata_v3",
    "ODataV4Backend": "levanalysis.sources.cbs.odata_v4",
    "RetryPolicy": "levanalysis.sources.cbs.transport",
    "Selection": "levanalysis.sources.cbs.backend",
    "StatLineBackend": "levanalysis.sources.cbs.backend",
    "TableMetadata": "levanalysis.sources.cbs.backend",
    "Transport": "levanalysis.sources.cbs.transport",
    "cache_sentence": "levanalysis.sources.cbs.freshness",
    "cache_state": "levanalysis.sources.cbs.freshness",
    "data_age": "levanalysis.sources.cbs.freshness",
    "dutch_date": "levanalysis.sources.cbs.freshness",
    "fetch_table": "levanalysis.sources.cbs.fetch",
    "fetch_tables": "levanalysis.sources.cbs.fetch",
    "load_cached_tables": "levanalysis.sources.cbs.fetch",
    "make_backend": "levanalysis.sources.cbs.apis",
    "remove_stale_temp_files": "levanalysis.sources.cbs.fetch",
    "report_lines": "levanalysis.sources.cbs.revisions",
    "resolve_api": "levanalysis.sources.cbs.backend",
    "resolve_base_url": "levanalysis.sources.cbs.backend",
    "resolve_v4_url": "levanalysis.sources.cbs.backend",
    "revision_table": "levanalysis.sources.cbs.revisions",
    "revisions_for": "levanalysis.sources.cbs.revisions",
}

if TYPE_CHECKING:  # for type checkers and readers: the names and where they live
    from levanalysis.sources.cbs.apis import AutoBackend, make_backend  # noqa: F401
    from levanalysis.sources.cbs.backend import (  # noqa: F401
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
    from levanalysis.sources.cbs.fetch import (  # noqa: F401
        fetch_table,
        fetch_tables,
        load_cached_tables,
        remove_stale_temp_files,
    )
    from levanalysis.sources.cbs.freshness import (  # noqa: F401
        MAX_CACHE_AGE_DAYS,
        cache_sentence,
        cache_state,
        data_age,
        dutch_date,
    )
    from levanalysis.sources.cbs.odata_v3 import ODataV3Backend  # noqa: F401
    from levanalysis.sources.cbs.odata_v4 import ODataV4Backend  # noqa: F401
    from levanalysis.sources.cbs.revisions import (  # noqa: F401
        report_lines,
        revision_table,
        revisions_for,
    )
    from levanalysis.sources.cbs.transport import DEFAULT_POLICY, RetryPolicy, Transport  # noqa: F401


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


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
