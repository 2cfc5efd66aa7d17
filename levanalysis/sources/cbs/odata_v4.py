"""CBS OData v4 (``datasets.cbs.nl/odata/v1/CBS/{table}``), the API that replaces v3.

A small client on :mod:`levanalysis.sources.cbs.transport`, not the ``cbsodata4`` package
(0.1.3): that package caches every response for the life of the process (a refetch in the same
run returns the old figures and a revision would go unseen), writes parquet files into the
working directory, reads the whole catalogue before each table, sets no time-out and has no
retries; its base URL is a module constant.

The shapes are those seen in captured v4 responses (notes/cbs-verified.md): ``/Properties`` (one
object), ``/Dimensions`` (``Identifier``, ``Title``, ``Kind``), ``/<Dimension>Codes``
(``Identifier`` unpadded, ``Title``, ``Description``, ``Status`` for periods), ``/MeasureCodes``
(opaque ``Identifier``, ``Title``, ``Unit``, ``Decimals``, ``MeasureGroupId``),
``/MeasureGroups`` (``Id``, ``Title``, ``ParentId``) and ``/Observations`` in long format
(``Measure``, ``Value``, ``ValueAttribute``, one field per dimension), paged with
``@odata.nextLink``. Filters are OData v4 ``eq``/``or``/``and`` (not ``in``, which CBS has not
been seen to accept).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from levanalysis.sources.cbs.backend import (
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    StepCallback,
    TableMetadata,
    period_status,
    resolve_v4_url,
)
from levanalysis.sources.cbs.odata_v3 import group_path, odata_quote
from levanalysis.sources.cbs.transport import TransportBackend

API_NAME = "OData v4"
CATALOG = "CBS"
DIMENSION_KINDS = {"GeoDimension": "region", "TimeDimension": "time"}


class ODataV4Backend(TransportBackend):
    """CBS OData v4 (``/odata/v1/CBS/{table}``)."""

    api = "v4"
    service = "CBS OData v4 (datasets.cbs.nl)"
    resolve_url = staticmethod(resolve_v4_url)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.identifiers: dict[str, str] = {}
        """Table id -> the spelling v4 answered to (captured responses show ids in lower case)."""

    def table_url(self, table_id: str) -> str:
        return f"{self.base_url}/{CATALOG}/{self.identifiers.get(table_id, table_id)}"

    def _get_list(self, table_id: str, name: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        return self.transport.get_pages(f"{self.table_url(table_id)}/{name}", params, table_id=table_id,
                                        what=f"{name} ({API_NAME})", next_key="@odata.nextLink")

    def properties(self, table_id: str) -> dict[str, Any]:
        """The table's ``/Properties``; raises CbsFetchError with status 404 when v4 lacks the table.

        A 404 for '83582NED' is tried once more as '83582ned' before it counts.
        """
        try:
            return self.transport.get_json(f"{self.table_url(table_id)}/Properties", None, table_id=table_id,
                                           what=f"Properties ({API_NAME})")
        except CbsFetchError as exc:
            if exc.status != 404 or table_id == table_id.lower() or table_id in self.identifiers:
                raise
        self.identifiers[table_id] = table_id.lower()
        try:
            return self.transport.get_json(f"{self.table_url(table_id)}/Properties", None, table_id=table_id,
                                           what=f"Properties ({API_NAME})")
        except CbsFetchError:
            del self.identifiers[table_id]
            raise

    def metadata(self, table_id: str, on_step: StepCallback | None = None,
                 properties: dict[str, Any] | None = None) -> TableMetadata:
        step = on_step or (lambda _label: None)
        info = properties if properties is not None else self.properties(table_id)
        step("Properties")
        dimensions: list[Dimension] = []
        for entry in self._get_list(table_id, "Dimensions"):
            name = entry.get("Identifier")
            if not name:
                raise self._malformed(table_id, "Dimensions", "dimensie zonder 'Identifier'")
            rows = self._get_list(table_id, f"{name}Codes")
            step(f"{name}Codes")
            try:
                members = tuple(
                    Member(str(r["Identifier"]), str(r.get("Title") or r["Identifier"]).strip(),
                           period_status(r.get("Status"), r.get("Description")), r.get("Description"))
                    for r in sorted(rows, key=lambda r: (r.get("Index") is None, r.get("Index") or 0))
                )
            except KeyError:
                raise self._malformed(table_id, f"{name}Codes", "codes zonder 'Identifier'") from None
            kind = DIMENSION_KINDS.get(str(entry.get("Kind")), "category")
            dimensions.append(Dimension(str(name), kind, str(entry.get("Title") or name), members))
        groups = {g.get("Id"): g for g in self._get_list(table_id, "MeasureGroups")}
        step("MeasureGroups")
        measures = []
        codes = self._get_list(table_id, "MeasureCodes")
        step("MeasureCodes")
        for code in sorted(codes, key=lambda r: (r.get("Index") is None, r.get("Index") or 0)):
            key = code.get("Identifier")
            if not key:
                raise self._malformed(table_id, "MeasureCodes", "onderwerp zonder 'Identifier'")
            own = str(code.get("Title") or key).strip()
            title = group_path(own, code.get("MeasureGroupId"), groups, parent_key="ParentId")
            measures.append(Measure(str(key), title, code.get("Unit"), code.get("Decimals"), own))
        return TableMetadata(
            table_id=table_id,
            title=info.get("Title"),
            modified=info.get("Modified"),
            reason_delivery=info.get("VersionReason") or info.get("Status"),
            measures=tuple(measures),
            dimensions=tuple(dimensions),
        )

    def observations(
        self, table_id: str, metadata: TableMetadata, selection: Selection
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        dims = [d.name for d in metadata.dimensions]
        clauses = ["(" + " or ".join(f"Measure eq '{odata_quote(m)}'" for m in selection.measures) + ")"]
        clauses += [
            "(" + " or ".join(f"{dim} eq '{odata_quote(key.strip())}'" for key in keys) + ")"
            for dim, keys in selection.members.items()
        ]
        filters = " and ".join(clauses)
        rows = self._get_list(table_id, "Observations", {"$filter": filters})
        wanted = set(selection.measures)
        records = []
        for row in rows:
            missing = [c for c in ("Measure", "Value", *dims) if c not in row]
            if missing:
                raise self._malformed(table_id, "Observations", f"velden ontbreken: {', '.join(missing)}")
            if row["Measure"] not in wanted:
                raise self._malformed(table_id, "Observations", f"onderwerp {row['Measure']!r} niet gevraagd")
            # ValueAttribute 'Impossible', 'Confidential' ... comes with Value null: no figure.
            records.append({**{d: row[d] for d in dims}, "measure": row["Measure"], "value": row["Value"]})
        frame = pd.DataFrame.from_records(records, columns=[*dims, "measure", "value"])
        query = {
            "api": API_NAME,
            "service": self.service,
            "base_url": self.base_url,
            "url": f"{self.table_url(table_id)}/Observations",
            "filter": filters,
        }
        return frame, query
