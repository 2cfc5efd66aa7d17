"""CBS OData v3 (``opendata.cbs.nl/ODataFeed``) through cbsodata 1.3.5."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from levanalysis.sources.cbs.backend import (
    DEFAULT_TIMEOUT,
    CbsFetchError,
    Dimension,
    Measure,
    Member,
    Selection,
    StepCallback,
    TableMetadata,
    failed_message,
    resolve_base_url,
)

SOURCE_NAME = "CBS StatLine (OData v3)"
_DIMENSION_TYPES = {
    "GeoDimension": "region",
    "TimeDimension": "time",
    "Dimension": "category",
    "GeoDetail": "category",
}

@contextmanager
def cbsodata_options(base_url: str, timeout: float) -> Iterator[None]:
    """Point cbsodata's module-global options at ``base_url`` and restore them afterwards.

    Not thread-safe: cbsodata keeps these settings in module globals.
    """
    parts = urlsplit(base_url)
    options = cbsodata.options
    saved = (options.use_https, options.catalog_url, options.requests)
    try:
        options.use_https = parts.scheme == "https"
        options.catalog_url = parts.netloc + parts.path
        request_kwargs = dict(saved[2] or {})
        request_kwargs["timeout"] = timeout
        if _is_loopback(parts.hostname):
            # cbsodata read http(s)_proxy at import and passes it explicitly, which bypasses
            # no_proxy; a proxy must never see requests meant for a local test server.
            request_kwargs["proxies"] = {"http": None, "https": None}
        options.requests = request_kwargs
        yield
    finally:
        options.use_https, options.catalog_url, options.requests = saved


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ODataV3Backend:
    """CBS OData v3 (``/ODataFeed/odata/{table}``) through cbsodata 1.3.5."""

    service = "CBS OData v3 (ODataFeed)"

    def __init__(self, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        self.base_url = resolve_base_url(base_url)
        self.timeout = timeout

    def table_url(self, table_id: str) -> str:
        return f"{self.base_url}/ODataFeed/odata/{table_id}"

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
                title = _with_group_path(prop.get("Title") or key, prop.get("ParentID"), groups)
                measures.append(Measure(key, title, prop.get("Unit"), prop.get("Decimals")))
            elif kind in _DIMENSION_TYPES and key:
                rows = self._get(table_id, key)
                step(key)
                try:
                    members = tuple(Member(str(r["Key"]), str(r.get("Title") or r["Key"]).strip(), r.get("Status")) for r in rows)
                except KeyError:
                    raise self._malformed(table_id, key, "dimensie-elementen zonder 'Key'") from None
                dimensions.append(Dimension(key, _DIMENSION_TYPES[kind], prop.get("Title") or key, members))
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
            "(" + " or ".join(f"{dim} eq '{_odata_quote(key)}'" for key in keys) + ")"
            for dim, keys in selection.members.items()
        ]
        filters = " and ".join(clauses) or None
        # get_meta forwards select/filters to cbsodata's paging downloader; get_data would also
        # do this but replaces keys by titles and re-downloads every metadata table.
        rows = self._get(table_id, "TypedDataSet", select=select, filters=filters)
        records = []
        for row in rows:
            missing = [c for c in select if c not in row]
            if missing:
                raise self._malformed(table_id, "TypedDataSet", f"kolommen ontbreken: {', '.join(missing)}")
            for measure in selection.measures:
                records.append({**{d: row[d] for d in dims}, "measure": measure, "value": row[measure]})
        frame = pd.DataFrame.from_records(records, columns=[*dims, "measure", "value"])
        query = {
            "service": self.service,
            "base_url": self.base_url,
            "url": f"{self.table_url(table_id)}/TypedDataSet",
            "filter": filters,
            "select": select,
        }
        return frame, query

    # -- transport --

    def _get(self, table_id: str, name: str, **query: Any) -> list[dict[str, Any]]:
        where = f"{self.table_url(table_id)}/{name}"
        try:
            with cbsodata_options(self.base_url, self.timeout):
                value = cbsodata.get_meta(table_id, name, **query)
        except requests.Timeout as exc:
            raise self._timeout(table_id) from exc
        except requests.ConnectionError as exc:
            # A read timeout while the body streams in surfaces as ConnectionError.
            if "timed out" in str(exc).lower():
                raise self._timeout(table_id) from exc
            raise CbsFetchError(
                failed_message(table_id, f"geen verbinding met {self.base_url} (geen netwerk, of de server "
                        f"is niet bereikbaar). Zonder verbinding kunt u de opgeslagen gegevens gebruiken."),
                table_id=table_id,
                reason="connection",
            ) from exc
        except requests.HTTPError as exc:
            status = _http_status(exc)
            what = "tabel of onderdeel niet gevonden" if status == 404 else "serverfout"
            raise CbsFetchError(
                failed_message(table_id, f"{what} (HTTP {status or '?'}) bij {where}."),
                table_id=table_id,
                reason="http",
            ) from exc
        except requests.RequestException as exc:
            raise CbsFetchError(
                failed_message(table_id, f"netwerkfout bij {where} ({type(exc).__name__}: {exc})."),
                table_id=table_id,
                reason="connection",
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            # cbsodata parses with json.loads and indexes res["value"]: these are its answers to
            # a body that is not the JSON it expects.
            raise self._malformed(table_id, name, "geen geldige OData-JSON") from exc
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise self._malformed(table_id, name, "geen lijst met records")
        return value

    def _timeout(self, table_id: str) -> CbsFetchError:
        return CbsFetchError(
            failed_message(table_id, f"time-out: {self.base_url} antwoordde niet binnen {self.timeout:g} seconden."),
            table_id=table_id,
            reason="timeout",
        )

    def _malformed(self, table_id: str, name: str, detail: str) -> CbsFetchError:
        return CbsFetchError(
            failed_message(table_id, f"onleesbaar antwoord van de server bij {self.table_url(table_id)}/{name} ({detail})."),
            table_id=table_id,
            reason="malformed",
        )


def _http_status(exc: requests.HTTPError) -> int | None:
    # cbsodata re-raises HTTPError without the response; the original is its __cause__.
    for err in (exc, exc.__cause__):
        response = getattr(err, "response", None)
        if response is not None:
            return response.status_code
    match = re.search(r"\b([45]\d\d)\b", str(exc))
    return int(match.group(1)) if match else None


def _odata_quote(value: str) -> str:
    return value.replace("'", "''")


def _with_group_path(title: str, parent_id, groups: dict) -> str:
    """'Overnachtingen / Totaal' rather than 'Totaal': CBS often gives measures in different
    groups the same title, and only the group headings above them tell them apart."""
    path = []
    seen = set()
    while parent_id in groups and parent_id not in seen:
        seen.add(parent_id)
        group = groups[parent_id]
        if group.get("Title"):
            path.append(str(group["Title"]).strip())
        parent_id = group.get("ParentID")
    return " / ".join([*reversed(path), title])

