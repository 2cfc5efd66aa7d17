"""Choosing the CBS API: OData v3, OData v4, or 'auto' (v4 where the table is there, v3 otherwise).

One setting decides: ``--cbs-api`` or ``$LEV_CBS_API`` (default 'auto'). In 'auto' each table is
first looked up on v4 (``/Properties``); a 404 means the table is not (yet) on v4 and it comes
from v3. When v4 cannot be reached at all, v3 serves the rest of the run. Both APIs give the
same frame; the provenance says which one was used, and why.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from levanalysis.sources.cbs.backend import (
    DEFAULT_TIMEOUT,
    ENV_BASE_URL,
    ENV_V4_URL,
    CbsFetchError,
    Selection,
    StatLineBackend,
    StepCallback,
    TableMetadata,
    resolve_api,
)
from levanalysis.sources.cbs.odata_v3 import ODataV3Backend
from levanalysis.sources.cbs.odata_v4 import ODataV4Backend
from levanalysis.sources.cbs.transport import Reporter, RetryPolicy, Transport


class AutoBackend:
    """OData v4 for the tables v4 has, OData v3 for the others."""

    api = "auto"

    def __init__(self, v3: ODataV3Backend, v4: ODataV4Backend):
        self.v3 = v3
        self.v4 = v4
        self.chosen: dict[str, StatLineBackend] = {}
        self.reasons: dict[str, str] = {}
        self.v4_down: str | None = None

    @property
    def base_url(self) -> str:
        return self.v4.base_url

    def notes_for(self, table_id: str) -> list[str]:
        return [self.reasons[table_id]] if table_id in self.reasons else []

    def metadata(self, table_id: str, on_step: StepCallback | None = None) -> TableMetadata:
        if self.v4_down is not None:
            self._use_v3(table_id, self.v4_down)
            return self.v3.metadata(table_id, on_step)
        try:
            properties = self.v4.properties(table_id)
        except CbsFetchError as exc:
            if exc.status in (404, 410):
                self._use_v3(table_id, "De tabel staat (nog) niet op OData v4; opgehaald via OData v3.")
            elif exc.unreachable:
                self.v4_down = f"OData v4 ({self.v4.base_url}) was niet bereikbaar; opgehaald via OData v3."
                self._use_v3(table_id, self.v4_down)
            else:
                raise
            return self.v3.metadata(table_id, on_step)
        self.chosen[table_id] = self.v4
        return self.v4.metadata(table_id, on_step, properties=properties)

    def switch_to_v3(self, table_id: str) -> bool:
        """After v4 failed for this table mid-way: take v3 for it and the rest of the run.
        False when the table already came from v3 (nothing left to switch to)."""
        if self.chosen.get(table_id) is not self.v4:
            return False
        self.v4_down = f"OData v4 ({self.v4.base_url}) viel weg tijdens het ophalen; opgehaald via OData v3."
        self._use_v3(table_id, self.v4_down)
        return True

    def _use_v3(self, table_id: str, reason: str) -> None:
        self.chosen[table_id] = self.v3
        self.reasons[table_id] = reason

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        return self.chosen[table_id].observations(table_id, metadata, selection)


def make_backend(
    api: str | None = None,
    base_url: str | None = None,
    v4_url: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    policy: RetryPolicy | None = None,
    report: Reporter | None = None,
) -> StatLineBackend:
    """The backend one setting asks for (see the module docstring).

    In 'auto', a v3 address of one's own (``--cbs-url``/``$LEV_CBS_URL``, e.g. a local mirror)
    without a v4 address means v3 only: a run aimed at a mirror must not reach out to CBS's v4.
    """
    chosen = resolve_api(api)
    transport = Transport(timeout, policy, report)
    own_v3 = bool(base_url or os.environ.get(ENV_BASE_URL))
    own_v4 = bool(v4_url or os.environ.get(ENV_V4_URL))
    if chosen == "v3" or (chosen == "auto" and own_v3 and not own_v4):
        return ODataV3Backend(base_url, transport=transport)
    if chosen == "v4":
        return ODataV4Backend(v4_url, transport=transport)
    return AutoBackend(ODataV3Backend(base_url, transport=transport), ODataV4Backend(v4_url, transport=transport))
