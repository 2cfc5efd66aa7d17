"""A small CBS-OData-v3-speaking server on 127.0.0.1 for tests.

It serves hand-made tables in the shape cbsodata 1.3.5 expects from
``/ODataFeed/odata/<table>/...``: the service document, ``TableInfos``, ``DataProperties``,
``CategoryGroups``, one endpoint per dimension (``Key``/``Title``, region keys padded with
spaces as CBS v3 does, ``Perioden`` with ``Status``) and ``TypedDataSet``/``UntypedDataSet``.
Data sets are split over two pages linked by ``odata.nextLink``; ``$filter`` (``eq``/``ne``,
``and``/``or``, parentheses) and ``$select`` are honoured so tests can assert on them.

Every request is recorded. Failure modes can be switched on for tests of error handling:
``http500``, ``slow`` (answers after a delay, for client timeouts), ``malformed`` (truncated
JSON) and ``page2`` (HTTP 500 only for the second page of a data set).
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

FAILURE_MODES = ("http500", "slow", "malformed", "page2")


@dataclass
class FakeTable:
    """One StatLine table as the server presents it."""

    id: str
    title: str
    modified: str
    reason_delivery: str
    properties: list[dict[str, Any]]
    dimensions: dict[str, list[dict[str, Any]]]
    rows: list[dict[str, Any]]
    category_groups: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    params: dict[str, str]

    @property
    def endpoint(self) -> str:
        """Last path component, e.g. 'TypedDataSet' or 'RegioS' ('' for the service document)."""
        return self.path.rstrip("/").split("/")[-1] if not self.path.endswith("/") else ""


class CbsTestServer:
    """Background-thread HTTP server; use as a context manager or call start()/stop()."""

    def __init__(self, tables: list[FakeTable] | None = None, page_size: int | None = None):
        self.tables = {t.id: t for t in (tables if tables is not None else default_tables())}
        self.page_size = page_size  # None: half of the result, so data always spans two pages
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._failure: tuple[str, str | None, float] | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> CbsTestServer:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True  # a sleeping 'slow' handler must not block stop()
        httpd.owner = self  # type: ignore[attr-defined]
        self._httpd = httpd
        # A short poll interval: shutdown() waits for the next poll, and tests stop a server each.
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="cbs-test-server", daemon=True
        )
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
        return f"http://127.0.0.1:{self.port}"

    # --- failure switches ---------------------------------------------------------------------

    def fail(self, mode: str, on: str | None = None, delay: float = 2.0) -> None:
        """Switch on a failure mode for requests whose path contains ``on`` (all when None)."""
        if mode not in FAILURE_MODES:
            raise ValueError(f"unknown failure mode {mode!r}; choose from {FAILURE_MODES}")
        with self._lock:
            self._failure = (mode, on, delay)

    def heal(self) -> None:
        with self._lock:
            self._failure = None

    # --- recorded requests --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.endpoint == endpoint]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # --- request handling (called from handler threads) ---------------------------------------

    def _record(self, req: RecordedRequest) -> tuple[str, str | None, float] | None:
        with self._lock:
            self._requests.append(req)
            return self._failure

    def _respond(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.split("/") if p]
        if parts[:2] == ["ODataCatalog", "Tables"]:
            return 200, {"value": [{"Identifier": t.id, "Title": t.title} for t in self.tables.values()]}
        if len(parts) < 3 or parts[:2] != ["ODataFeed", "odata"]:
            return 404, _odata_error("Resource not found")
        table = self.tables.get(parts[2])
        if table is None:
            return 404, _odata_error(f"Table {parts[2]} not found")
        base = f"{self.base_url}/ODataFeed/odata/{table.id}"
        if len(parts) == 3:
            names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups"]
            names += list(table.dimensions)
            return 200, {
                "odata.metadata": f"{base}/$metadata",
                "value": [{"name": n, "url": f"{base}/{n}"} for n in names],
            }
        name = parts[3]
        if name == "TableInfos":
            return 200, {"value": [_table_info(table)]}
        if name == "DataProperties":
            return 200, {"value": table.properties}
        if name == "CategoryGroups":
            return 200, {"value": table.category_groups}
        if name in table.dimensions:
            return 200, {"value": table.dimensions[name]}
        if name in ("TypedDataSet", "UntypedDataSet"):
            return self._data_page(table, name, params, base)
        return 404, _odata_error(f"Resource {name} not found")

    def _data_page(self, table: FakeTable, name: str, params: dict[str, str], base: str) -> tuple[int, Any]:
        rows = table.rows
        if params.get("$filter"):
            try:
                predicate = _parse_filter(params["$filter"])
            except ValueError as exc:
                return 400, _odata_error(f"Invalid $filter: {exc}")
            rows = [r for r in rows if predicate(r)]
        if params.get("$select"):
            fields = [f.strip() for f in params["$select"].split(",")]
            unknown = [f for f in fields if rows and f not in rows[0]]
            if unknown:
                return 400, _odata_error(f"Unknown property in $select: {', '.join(unknown)}")
            rows = [{f: r[f] for f in fields} for r in rows]
        skip = int(params.get("$skip", "0"))
        size = self.page_size or max(1, math.ceil(len(rows) / 2))
        page = rows[skip : skip + size]
        body: dict[str, Any] = {"odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{name}", "value": page}
        if skip + size < len(rows):
            query = {k: v for k, v in params.items() if k != "$skip"}
            query["$skip"] = str(skip + size)
            body["odata.nextLink"] = f"{base}/{name}?" + urlencode(query, quote_via=quote, safe="$,")
        return 200, body


class _Handler(BaseHTTPRequestHandler):
    server_version = "CbsTestServer/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep pytest output clean

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        owner: CbsTestServer = self.server.owner  # type: ignore[attr-defined]
        split = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        failure = owner._record(RecordedRequest(split.path, params))
        if failure is not None:
            mode, on, delay = failure
            if on is None or on in split.path:
                if mode == "slow":
                    # Event.wait instead of sleep: stop() wakes it, so teardown stays fast.
                    if owner._stopping.wait(delay):
                        return
                elif mode == "http500":
                    return self._send(500, _odata_error("Internal server error"))
                elif mode == "malformed":
                    return self._send_raw(200, b'{"odata.metadata": "x", "value": [{"Key": "GM02')
                elif mode == "page2" and "$skip" in params:
                    return self._send(500, _odata_error("Internal server error on page 2"))
        status, body = owner._respond(split.path, params)
        self._send(status, body)

    def _send(self, status: int, body: Any) -> None:
        self._send_raw(status, json.dumps(body).encode("utf-8"))

    def _send_raw(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to tell it


def _odata_error(message: str) -> dict[str, Any]:
    return {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": message}}}


def _table_info(table: FakeTable) -> dict[str, Any]:
    return {
        "ID": 0,
        "Title": table.title,
        "ShortTitle": table.title[:40],
        "Identifier": table.id,
        "Summary": "Testtabel",
        "Modified": table.modified,
        "ReasonDelivery": table.reason_delivery,
        "ExplanatoryText": "",
        "Language": "nl",
        "Catalog": "CBS",
        "Frequency": "Perjaar",
        "Period": "2014-2023",
        "ShortDescription": "",
        "DefaultPresentation": "",
        "DefaultSelection": "",
        "GraphTypes": "",
        "OutputStatus": "Regulier",
        "Source": "CBS.",
        "MetaDataModified": table.modified,
    }


# --- a tiny $filter evaluator ----------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\()|(\))|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*))")


def _parse_filter(text: str):
    """Parse ``A eq 'x' or (B eq 'y' and C ne 'z')`` into a predicate on a row dict."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unexpected text at {pos}: {text[pos:pos + 20]!r}")
        pos = m.end()
        if m.group(1):
            tokens.append(("(", "("))
        elif m.group(2):
            tokens.append((")", ")"))
        elif m.group(3) is not None:
            tokens.append(("str", m.group(3).replace("''", "'")))
        else:
            word = m.group(4)
            tokens.append((word if word in ("and", "or", "eq", "ne") else "name", word))
    index = 0

    def peek() -> str | None:
        return tokens[index][0] if index < len(tokens) else None

    def take(kind: str) -> str:
        nonlocal index
        if peek() != kind:
            raise ValueError(f"expected {kind}, got {peek()}")
        index += 1
        return tokens[index - 1][1]

    def expr_or():
        parts = [expr_and()]
        while peek() == "or":
            take("or")
            parts.append(expr_and())
        return lambda row: any(p(row) for p in parts)

    def expr_and():
        parts = [atom()]
        while peek() == "and":
            take("and")
            parts.append(atom())
        return lambda row: all(p(row) for p in parts)

    def atom():
        if peek() == "(":
            take("(")
            inner = expr_or()
            take(")")
            return inner
        name = take("name")
        op = peek()
        if op not in ("eq", "ne"):
            raise ValueError(f"unsupported operator {op}")
        take(op)
        value = take("str")
        # Exact comparison, padding included, as OData does on CBS's padded keys.
        if op == "eq":
            return lambda row: row.get(name) == value
        return lambda row: row.get(name) != value

    predicate = expr_or()
    if index != len(tokens):
        raise ValueError("trailing tokens")
    return predicate


# --- hand-made tables ------------------------------------------------------------------------


def _pad(code: str) -> str:
    return code.ljust(10)


JOBS_MEASURE = "BanenVanWerknemersInDecember_1"
PARTTIME_MEASURE = "DeeltijdBanen_2"
SBI_DIM = "BedrijfstakkenBranchesSBI2008"

JOBS_REGIONS = [
    ("NL01", "Nederland"),
    ("PV25", "Gelderland (PV)"),
    ("GM0299", "Zevenaar"),
    ("GM0221", "Doesburg"),
    ("GM0226", "Duiven"),
    ("GM0293", "Westervoort"),
    ("GM1955", "Montferland"),
    ("GM0202", "Arnhem"),  # not in the Liemers: must never be fetched
]
JOBS_PERIODS = [
    ("2014JJ00", "2014", "Definitief"),  # before 2015: must never be fetched
    ("2015JJ00", "2015", "Definitief"),
    ("2022JJ00", "2022", "Nader voorlopig"),
    ("2023JJ00", "2023", "Voorlopig"),
    ("2023KW01", "2023 1e kwartaal", "Voorlopig"),  # quarter: excluded by frequency JJ
]
JOBS_SBI = [
    ("T001081", "A-U Alle economische activiteiten"),
    ("300003", "C Industrie"),
    ("305700", "F Bouwnijverheid"),
    ("354200", "G-I Handel, vervoer en horeca"),
    ("346600", "46 Groothandel en handelsbemiddeling"),
    ("349300", "47 Detailhandel (niet in auto's)"),
    ("383100", "H Vervoer en opslag"),
    ("391600", "I Horeca"),
    ("422400", "R Cultuur, sport en recreatie"),
]
# Hand-placed suppressed figures: (region, period, sbi key) -> raw value.
JOBS_SUPPRESSED = {
    ("GM0221", "2023JJ00", "391600"): None,  # TypedDataSet: null
    ("GM0293", "2022JJ00", "300003"): ".",  # UntypedDataSet style marker
}


def jobs_value(region: str, period: str, sbi: str, measure: int = 1) -> float:
    """The value the server holds for a cell, so tests can compute expectations."""
    seed = sum(ord(c) for c in region + period + sbi) * measure
    return round(1 + (seed % 500) / 10, 1)


def jobs_table() -> FakeTable:
    properties = [
        {"odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
         "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's", "Description": "", "Default": "Selected"},
        {"odata.type": "Cbs.OData.TimeDimension", "ID": 1, "Position": 1, "ParentID": None,
         "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden", "Description": "", "Default": "Selected"},
        {"odata.type": "Cbs.OData.Dimension", "ID": 2, "Position": 2, "ParentID": None,
         "Type": "Dimension", "Key": SBI_DIM, "Title": "Bedrijfstakken/branches (SBI 2008)",
         "Description": "", "Default": "Selected"},
        {"odata.type": "Cbs.OData.TopicGroup", "ID": 3, "Position": 3, "ParentID": None,
         "Type": "TopicGroup", "Key": "", "Title": "Banen", "Description": ""},
        {"odata.type": "Cbs.OData.Topic", "ID": 4, "Position": 4, "ParentID": 3, "Type": "Topic",
         "Key": JOBS_MEASURE, "Title": "Banen van werknemers in december", "Description": "",
         "Datatype": "Double", "Unit": "x 1 000", "Decimals": 1, "Default": "Selected"},
        {"odata.type": "Cbs.OData.Topic", "ID": 5, "Position": 5, "ParentID": 3, "Type": "Topic",
         "Key": PARTTIME_MEASURE, "Title": "Deeltijdbanen", "Description": "",
         "Datatype": "Double", "Unit": "x 1 000", "Decimals": 1, "Default": "Selected"},
    ]
    dimensions = {
        "RegioS": [{"Key": _pad(c), "Title": t, "Description": None} for c, t in JOBS_REGIONS],
        "Perioden": [{"Key": k, "Title": t, "Description": None, "Status": s} for k, t, s in JOBS_PERIODS],
        SBI_DIM: [{"Key": k, "Title": t, "Description": None, "CategoryGroupID": None} for k, t in JOBS_SBI],
    }
    rows: list[dict[str, Any]] = []
    for region, _ in JOBS_REGIONS:
        for period, _, _ in JOBS_PERIODS:
            for sbi, _ in JOBS_SBI:
                cell = (region, period, sbi)
                value: Any = JOBS_SUPPRESSED[cell] if cell in JOBS_SUPPRESSED else jobs_value(*cell)
                rows.append({
                    "ID": len(rows),
                    "RegioS": _pad(region),
                    "Perioden": period,
                    SBI_DIM: sbi,
                    JOBS_MEASURE: value,
                    PARTTIME_MEASURE: jobs_value(region, period, sbi, 2),
                })
    return FakeTable(
        id="83582NED",
        title="Banen van werknemers in december; economische activiteit (SBI2008), regio",
        modified="2024-06-28T02:00:00",
        reason_delivery="Actualisering",
        properties=properties,
        dimensions=dimensions,
        rows=rows,
    )


def productivity_table() -> FakeTable:
    """A second, smaller table (NL and Gelderland only), for fetches of several tables."""
    properties = [
        {"Type": "Dimension", "Key": SBI_DIM, "Title": "Bedrijfstakken/branches (SBI 2008)", "ID": 0},
        {"Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's", "ID": 1},
        {"Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden", "ID": 2},
        {"Type": "Topic", "Key": "ToegevoegdeWaardeBasisprijzen_1", "Title": "Toegevoegde waarde (basisprijzen)",
         "Unit": "mln euro", "Decimals": 0, "Datatype": "Double", "ID": 3},
        {"Type": "Topic", "Key": "Arbeidsjaren_2", "Title": "Arbeidsjaren", "Unit": "x 1 000",
         "Decimals": 1, "Datatype": "Double", "ID": 4},
    ]
    regions = [("NL01", "Nederland"), ("PV25", "Gelderland (PV)")]
    periods = [("2015JJ00", "2015", "Definitief"), ("2023JJ00", "2023*", "Voorlopig")]
    sbi = [("T001081", "A-U Alle economische activiteiten"), ("300003", "C Industrie")]
    rows = []
    for s, _ in sbi:
        for r, _ in regions:
            for p, _, _ in periods:
                rows.append({"ID": len(rows), SBI_DIM: s, "RegioS": _pad(r), "Perioden": p,
                             "ToegevoegdeWaardeBasisprijzen_1": 1000.0 + len(rows),
                             "Arbeidsjaren_2": 10.0 + len(rows)})
    return FakeTable(
        id="85925NED",
        title="Productieproces; bedrijfstak en regio",
        modified="2024-12-20T02:00:00",
        reason_delivery="Nieuw onderwerp",
        properties=properties,
        dimensions={
            SBI_DIM: [{"Key": k, "Title": t} for k, t in sbi],
            "RegioS": [{"Key": _pad(k), "Title": t} for k, t in regions],
            "Perioden": [{"Key": k, "Title": t, "Status": s} for k, t, s in periods],
        },
        rows=rows,
    )


def default_tables() -> list[FakeTable]:
    return [jobs_table(), productivity_table()]
