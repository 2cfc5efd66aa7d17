"""CBS OData v3 (``opendata.cbs.nl/ODataFeed/odata/{table}``), the API CBS will switch off.

A small client on :mod:`levanalysis.sources.cbs.transport` rather than cbsodata: cbsodata pages
in a loop of its own (no bound on pages or time, no retry of a single page), keeps its settings
in module globals and drops the HTTP status of a failure. The requests are the ones cbsodata
sends: ``TableInfos``, ``DataProperties``, one endpoint per dimension, and ``TypedDataSet`` with
``$filter``/``$select``, all with ``$format=json``, following ``odata.nextLink``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from levanalysis.sources.cbs.backend import (
    Dimension,
    Measure,
    Member,
    Selection,
    StepCallback,
    TableMetadata,
    period_status,
    resolve_base_url,
)
from levanalysis.sources.cbs.transport import TransportBackend

API_NAME = "OData v3"
DIMENSION_KINDS = {
    "GeoDimension": "region",
    "TimeDimension": "time",
    "Dimension": "category",
    "GeoDetail": "category",
}


def odata_quote(value: str) -> str:
    return value.replace("'", "''")


def group_path(title: str, parent_id: Any, groups: dict[Any, dict[str, Any]], parent_key: str = "ParentID",
               title_key: str = "Title") -> str:
    """'Overnachtingen / Totaal' rather than 'Totaal': CBS often gives measures in different
    groups the same title, and only the group headings above them tell them apart."""
    path = []
    seen = set()
    while parent_id in groups and parent_id not in seen:
        seen.add(parent_id)
        group = groups[parent_id]
        if group.get(title_key):
            path.append(str(group[title_key]).strip())
        parent_id = group.get(parent_key)
    return " / ".join([*reversed(path), title])


class ODataV3Backend(TransportBackend):
    """CBS OData v3 (``/ODataFeed/odata/{table}``)."""

    api = "v3"
    service = "CBS OData v3 (ODataFeed)"
    resolve_url = staticmethod(resolve_base_url)

    def table_url(self, table_id: str) -> str:
        return f"{self.base_url}/ODataFeed/odata/{table_id}"

    def _get(self, table_id: str, name: str, **params: str) -> list[dict[str, Any]]:
        return self.transport.get_pages(
            f"{self.table_url(table_id)}/{name}", {"$format": "json", **params},
            table_id=table_id, what=f"{name} ({API_NAME})", next_key="odata.nextLink",
        )

    def metadata(self, table_id: str, on_step: StepCallback | None = None) -> TableMetadata:
        step = on_step or (lambda _label: None)
        infos = self._get(table_id, "TableInfos")
        step("TableInfos")
        if not infos:
            raise self._malformed(table_id, "TableInfos", "geen tabelinformatie")
        info = infos[0]
        properties = self._get(table_id, "DataProperties")
        step("DataProperties")
        measures: list[Measure] = []
        dimensions: list[Dimension] = []
        groups = {prop.get("ID"): prop for prop in properties if prop.get("Type") == "TopicGroup"}
        for prop in properties:
            kind = prop.get("Type")
            key = prop.get("Key")
            if kind == "Topic" and key:
                own = str(prop.get("Title") or key).strip()
                measures.append(Measure(key, group_path(own, prop.get("ParentID"), groups), prop.get("Unit"),
                                        prop.get("Decimals"), own))
            elif kind in DIMENSION_KINDS and key:
                rows = self._get(table_id, key)
                step(key)
                try:
                    members = tuple(
                        Member(str(r["Key"]), str(r.get("Title") or r["Key"]).strip(),
                               period_status(r.get("Status"), r.get("Description")), r.get("Description"))
                        for r in rows
                    )
                except KeyError:
                    raise self._malformed(table_id, key, "dimensie-elementen zonder 'Key'") from None
                dimensions.append(Dimension(key, DIMENSION_KINDS[kind], prop.get("Title") or key, members))
        return TableMetadata(
            table_id=table_id,
            title=info.get("Title"),
            modified=info.get("Modified"),
            reason_delivery=info.get("ReasonDelivery"),
            measures=tuple(measures),
            dimensions=tuple(dimensions),
        )

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        dims = [d.name for d in metadata.dimensions]
        select = dims + list(selection.measures)
        # Exact (padded) keys from the table's own metadata, so that eq matches without relying
        # on the server trimming padding.
        clauses = [
            "(" + " or ".join(f"{dim} eq '{odata_quote(key)}'" for key in keys) + ")"
            for dim, keys in selection.members.items()
        ]
        filters = " and ".join(clauses) or None
        params = {"$select": ",".join(select)}
        if filters:
            params["$filter"] = filters
        rows = self._get(table_id, "TypedDataSet", **params)
        records = []
        for row in rows:
            missing = [c for c in select if c not in row]
            if missing:
                raise self._malformed(table_id, "TypedDataSet", f"kolommen ontbreken: {', '.join(missing)}")
            for measure in selection.measures:
                records.append({**{d: row[d] for d in dims}, "measure": measure, "value": row[measure]})
        frame = pd.DataFrame.from_records(records, columns=[*dims, "measure", "value"])
        query = {
            "api": API_NAME,
            "service": self.service,
            "base_url": self.base_url,
            "url": f"{self.table_url(table_id)}/TypedDataSet",
            "filter": filters,
            "select": select,
        }
        return frame, query
