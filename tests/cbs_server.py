"""A replica of CBS StatLine on 127.0.0.1 for tests, speaking OData v3 and OData v4.

The tables (``tests/cbs_replica/tables.py``) are shaped like the real ones as far as public
evidence goes; one table model is rendered as v3 at ``/ODataFeed/odata/<table>/...`` and as v4
at ``/odata/v1/CBS/<table>/...`` (``tests/cbs_replica/odata.py``). A table can be on one API
only (``Table.apis``); the other then answers 404, as CBS's v4 portal does for a table not yet
moved.

Every request is recorded. Faults can be switched on, for all requests or those whose path
contains a text, forever or for a number of requests (``times``):

- ``http``: answer with ``status`` (e.g. 500, 503, 429 with ``retry_after``);
- ``drop``: send the headers and half the body, then close (a connection broken off mid-way);
- ``reset``: close the connection without answering;
- ``slow``: answer after ``delay`` seconds (client time-outs);
- ``malformed``: truncated JSON with status 200;
- ``page2``: HTTP 500 only for pages after the first (requests with ``$skip``);
- ``endless``: data pages always carry a next link (a server whose paging never ends).

``http500`` is short for ``http`` with status 500.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cbs_replica.model import Code, Dim, Group, MeasureDef, Table
from cbs_replica.odata import v3_error, v3_respond, v4_error, v4_respond
from cbs_replica.tables import JOBS_MEASURE, LIEMERS, SBI_DIM, replica_tables

FAILURE_MODES = ("http", "http500", "drop", "reset", "slow", "malformed", "page2", "endless")
V3_PREFIX = ["ODataFeed", "odata"]
V4_PREFIX = ["odata", "v1", "CBS"]

__all__ = ["JOBS_MEASURE", "LIEMERS", "SBI_DIM", "CbsTestServer", "Code", "Dim", "Fault", "Group", "MeasureDef",
           "RecordedRequest", "Table"]


@dataclass
class Fault:
    mode: str
    on: str | None = None
    times: int | None = None
    """How many matching requests fail; None: all of them."""
    status: int = 500
    delay: float = 2.0
    retry_after: str | None = None


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    params: dict[str, str]

    @property
    def endpoint(self) -> str:
        """Last path component, e.g. 'TypedDataSet', 'Observations', 'RegioS' ('' for a table's root)."""
        parts = [p for p in self.path.split("/") if p]
        prefix = len(V4_PREFIX) + 1 if parts[:3] == V4_PREFIX else len(V3_PREFIX) + 1
        return parts[prefix] if len(parts) > prefix else ""

    @property
    def api(self) -> str:
        return "v4" if self.path.startswith("/odata/v1/") else "v3"


class CbsTestServer:
    """Background-thread HTTP server; use as a context manager or call start()/stop()."""

    def __init__(self, tables: list[Table] | None = None, page_size: int = 250):
        self.tables = {t.id: t for t in (tables if tables is not None else replica_tables())}
        self.page_size = page_size
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> CbsTestServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True  # a sleeping 'slow' handler must not block stop()
        httpd.owner = self  # type: ignore[attr-defined]
        self._httpd = httpd
        # A short poll interval: shutdown() waits for the next poll, and tests stop a server each.
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="cbs-test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> CbsTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """The OData v3 base (as ``https://opendata.cbs.nl``)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def v4_url(self) -> str:
        """The OData v4 base (as ``https://datasets.cbs.nl/odata/v1``)."""
        return f"{self.base_url}/odata/v1"

    def table(self, table_id: str) -> Table:
        return self.tables[table_id]

    # --- faults -------------------------------------------------------------------------------

    def fail(self, mode: str, on: str | None = None, *, times: int | None = None, status: int = 500,
             delay: float = 2.0, retry_after: str | None = None) -> None:
        """Add a fault for requests whose path contains ``on`` (all when None)."""
        if mode not in FAILURE_MODES:
            raise ValueError(f"unknown failure mode {mode!r}; choose from {FAILURE_MODES}")
        if mode == "http500":
            mode, status = "http", 500
        with self._lock:
            self._faults.append(Fault(mode, on, times, status, delay, retry_after))

    def heal(self) -> None:
        with self._lock:
            self._faults.clear()

    # --- recorded requests --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, endpoint: str, api: str | None = None) -> list[RecordedRequest]:
        return [r for r in self.requests if r.endpoint == endpoint and (api is None or r.api == api)]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # --- request handling (called from handler threads) ---------------------------------------

    def _record(self, req: RecordedRequest) -> Fault | None:
        with self._lock:
            self._requests.append(req)
            for fault in self._faults:
                if fault.on is not None and fault.on not in req.path:
                    continue
                if fault.mode == "page2" and "$skip" not in req.params:
                    continue
                if fault.mode == "endless" or fault.times == 0:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                return fault
            return None

    def _endless(self, path: str) -> bool:
        with self._lock:
            return any(f.mode == "endless" and (f.on is None or f.on in path) for f in self._faults)

    def _respond(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.split("/") if p]
        if parts[:2] == ["ODataCatalog", "Tables"]:
            return 200, {"value": [{"Identifier": t.id, "Title": t.title} for t in self.tables.values()]}
        endless = self._endless(path)
        if parts[:2] == V3_PREFIX and len(parts) >= 3:
            table = self.tables.get(parts[2])
            if table is None or "v3" not in table.apis:
                return 404, v3_error(f"Table {parts[2]} not found")
            base = f"{self.base_url}/ODataFeed/odata/{table.id}"
            return v3_respond(table, parts[3] if len(parts) > 3 else "", params, base, self.page_size, endless)
        if parts[:3] == V4_PREFIX and len(parts) >= 4:
            table = next((t for t in self.tables.values() if t.id.casefold() == parts[3].casefold()), None)
            if table is None or "v4" not in table.apis or table.v4_identifier not in (None, parts[3]):
                return 404, v4_error(f"Dataset {parts[3]} not found")
            base = f"{self.v4_url}/CBS/{parts[3]}"
            return v4_respond(table, parts[4] if len(parts) > 4 else "", params, base, self.page_size, endless)
        return 404, v3_error("Resource not found")


class _Handler(BaseHTTPRequestHandler):
    server_version = "CbsReplica/2.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep pytest output clean

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        owner: CbsTestServer = self.server.owner  # type: ignore[attr-defined]
        split = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        fault = owner._record(RecordedRequest(split.path, params))
        if fault is not None:
            if fault.mode == "slow":
                # Event.wait instead of sleep: stop() wakes it, so teardown stays fast.
                if owner._stopping.wait(fault.delay):
                    return
            elif fault.mode in ("http", "page2"):
                headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                return self._send(fault.status, v3_error(f"HTTP {fault.status}"), headers)
            elif fault.mode == "malformed":
                return self._send_raw(200, b'{"odata.metadata": "x", "value": [{"Key": "GM02')
            elif fault.mode == "drop":
                return self._drop(owner, split.path, params)
            elif fault.mode == "reset":
                return self._reset()
        status, body = owner._respond(split.path, params)
        self._send(status, body)

    def _drop(self, owner: CbsTestServer, path: str, params: dict[str, str]) -> None:
        _, body = owner._respond(path, params)
        payload = json.dumps(body).encode("utf-8")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self._reset()

    def _reset(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(body).encode("utf-8"), headers)

    def _send_raw(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to tell it
