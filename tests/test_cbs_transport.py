"""Retries, bounds and failure messages of the CBS transport, against faults of the replica.

Failures CBS has had: HTTP 5xx and 429, connection resets for days (v3, February 2026), and
answers cut off mid-way. Every test checks one behaviour: retried or not, how often, what a
person reads, and that the cache stays as it was.
"""

from __future__ import annotations

import os
import signal
import socket

import pytest
from cbs_replica.tables import SBI_DIM

from levanalysis.definitions.cbs_tables import MeasureSpec, TableSpec
from levanalysis.sources.cache import Provenance, write_dataset
from levanalysis.sources.cbs import (
    CbsFetchError,
    RetryPolicy,
    Transport,
    fetch_table,
    fetch_tables,
)
from levanalysis.sources.cbs import fetch as fetch_module
from levanalysis.sources.cbs import transport as transport_module

FAST = RetryPolicy(attempts=4, first_wait=0.0, max_wait=0.0)
SPEC = TableSpec(id="83582NED", measures=(MeasureSpec("banen", ("Banen van werknemers in december",)),),
                 regions=("NL01", "GM0299"), categories={SBI_DIM: ("C",)}, period_from=2020, period_frequency="JJ")
OTHER = TableSpec(id="83583NED", measures=(MeasureSpec("banen", ("Banen van werknemers",)),),
                  categories={SBI_DIM: ("47",), "Bedrijfsgrootte": ("T001098",)}, period_from=2020)
RAW_NAMES = ("ChunkedEncodingError", "ConnectionError", "IncompleteRead", "ProtocolError", "RemoteDisconnected",
             "Traceback", "Exception")


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", FAST)


def fetch(server, api="v3", **kwargs):
    return fetch_table(SPEC, base_url=server.base_url, v4_url=server.v4_url, api=api,
                       timeout=kwargs.pop("timeout", 5), **kwargs)


def snapshot(directory) -> dict[str, bytes]:
    """Every file in the directory (hidden temporary files included) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cache_of_january(cbs_server, tmp_path):
    """A cache with both tables, as a fetch on 15 January 2026 would have left it."""
    for spec in (SPEC, OTHER):
        dataset = fetch(cbs_server) if spec is SPEC else fetch_table(OTHER, base_url=cbs_server.base_url, api="v3")
        provenance = Provenance(**{**dataset.provenance.to_dict(), "retrieved_at": "2026-01-15T09:00:00+00:00"})
        write_dataset(dataset.data, provenance, tmp_path, spec.id)
    cbs_server.clear_requests()
    return tmp_path


# --- retried, and how often ------------------------------------------------------------------------


@pytest.mark.parametrize("api", ["v3", "v4"])
def test_three_server_errors_then_success_is_a_success(cbs_server, api):
    cbs_server.fail("http", on="Perioden", times=3, status=500)
    lines: list[str] = []
    ds = fetch(cbs_server, api=api, report=lines.append)
    assert len(ds.data) == 2 * 5  # NL01 and Zevenaar, 2020-2024, section C
    endpoint = "Perioden" if api == "v3" else "PeriodenCodes"
    assert len(cbs_server.requests_to(endpoint, api=api)) == 4
    assert [line.split("; ")[1] for line in lines] == [
        "nieuwe poging 2 van 4 over 0 s.", "nieuwe poging 3 van 4 over 0 s.", "nieuwe poging 4 van 4 over 0 s."]
    assert lines[0].startswith(f"CBS-tabel 83582NED: serverfout (HTTP 500) bij {endpoint} (OData {api})")


def test_too_many_requests_waits_at_least_what_retry_after_asks(cbs_server):
    cbs_server.fail("http", on="TableInfos", times=1, status=429, retry_after="3")
    waits: list[float] = []
    transport = Transport(5, RetryPolicy(attempts=2, first_wait=1.0, max_wait=1.0), sleep=waits.append)
    from levanalysis.sources.cbs import ODataV3Backend

    fetch_table(SPEC, backend=ODataV3Backend(cbs_server.base_url, transport=transport))
    assert waits == [3.0]


def test_backoff_doubles_and_is_capped(cbs_server):
    cbs_server.fail("http", on="TableInfos", times=4, status=503)
    waits: list[float] = []
    transport = Transport(5, RetryPolicy(attempts=5, first_wait=2.0, max_wait=5.0), sleep=waits.append)
    transport.get_json(f"{cbs_server.base_url}/ODataFeed/odata/83582NED/TableInfos", {"$format": "json"},
                       table_id="83582NED", what="TableInfos")
    assert waits == [2.0, 4.0, 5.0, 5.0]


def test_retries_stop_before_the_total_time_bound_would_be_passed(cbs_server):
    cbs_server.fail("http", status=503)
    waits: list[float] = []
    # The first wait (10 s) would already pass the 5 s bound: one attempt only.
    transport = Transport(5, RetryPolicy(attempts=10, first_wait=10.0, max_wait=10.0, max_request_seconds=5.0),
                          sleep=waits.append)
    with pytest.raises(CbsFetchError):
        transport.get_json(f"{cbs_server.base_url}/ODataFeed/odata/83582NED/TableInfos", None,
                           table_id="83582NED", what="TableInfos")
    assert waits == [] and len(cbs_server.requests) == 1


@pytest.mark.parametrize(("status", "attempts"), [(404, 1), (400, 1), (500, 4), (502, 4), (503, 4), (429, 4)])
def test_only_429_and_5xx_are_retried(cbs_server, status, attempts):
    cbs_server.fail("http", on="TableInfos", status=status)
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server)
    assert info.value.reason == "http" and info.value.status == status
    assert len(cbs_server.requests_to("TableInfos")) == attempts


def test_malformed_json_is_not_retried(cbs_server):
    cbs_server.fail("malformed", on="DataProperties")
    with pytest.raises(CbsFetchError, match=r"83582NED.*onleesbaar antwoord.*DataProperties") as info:
        fetch(cbs_server)
    assert info.value.reason == "malformed"
    assert len(cbs_server.requests_to("DataProperties")) == 1


# --- what a person reads ------------------------------------------------------------------------------


def test_permanent_server_error_says_how_often_it_was_tried(cbs_server):
    cbs_server.fail("http", on="TypedDataSet", status=503)
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server)
    message = str(info.value)
    assert message.startswith("CBS-tabel 83582NED kon niet worden opgehaald: serverfout (HTTP 503) bij "
                              f"{cbs_server.base_url}/ODataFeed/odata/83582NED/TypedDataSet.")
    assert message.endswith("Gestopt na 4 pogingen.")


@pytest.mark.parametrize("mode", ["drop", "reset"])
def test_connection_broken_off_midway_is_retried_and_then_succeeds(cbs_server, mode):
    cbs_server.fail(mode, on="TypedDataSet", times=2)
    assert len(fetch(cbs_server).data) == 10
    assert len(cbs_server.requests_to("TypedDataSet")) == 3


@pytest.mark.parametrize("mode", ["drop", "reset"])
def test_connection_broken_off_midway_is_not_called_no_network(cbs_server, mode):
    cbs_server.fail(mode, on="TypedDataSet")
    lines: list[str] = []
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server, report=lines.append)
    message = "\n".join([str(info.value), *lines])
    assert info.value.reason == "dropped"
    assert "werd tijdens het ophalen van TypedDataSet (OData v3) verbroken" in str(info.value)
    assert "geen netwerk" not in message and "geen verbinding" not in message
    assert not [name for name in RAW_NAMES if name in message]


def test_nothing_listening_is_no_connection(cbs_server):
    with pytest.raises(CbsFetchError) as info:
        fetch_table(SPEC, base_url=f"http://127.0.0.1:{free_port()}", api="v3", timeout=2)
    assert info.value.reason == "connection"
    assert "kon niet worden opgehaald: geen verbinding met http://127.0.0.1:" in str(info.value)
    assert not [name for name in RAW_NAMES if name in str(info.value)]


def test_timeout_message_names_the_timeout(cbs_server):
    cbs_server.fail("slow", on="TypedDataSet", delay=2.0)
    with pytest.raises(CbsFetchError, match=r"83582NED.*time-out.*0\.3 seconden") as info:
        fetch(cbs_server, timeout=0.3)
    assert info.value.reason == "timeout"


# --- paging bounds -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("api", ["v3", "v4"])
def test_endless_next_links_stop_at_the_page_bound(cbs_server, monkeypatch, api):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", RetryPolicy(attempts=1, max_pages=5, max_paging_seconds=10))
    cbs_server.fail("endless", on="TypedDataSet" if api == "v3" else "Observations")
    with pytest.raises(CbsFetchError, match="nog steeds naar een volgende pagina") as info:
        fetch(cbs_server, api=api)
    assert info.value.reason == "paging"
    assert len(cbs_server.requests_to("TypedDataSet" if api == "v3" else "Observations", api=api)) == 5


def test_paging_stops_at_the_time_bound(cbs_server, monkeypatch):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", RetryPolicy(attempts=1, max_paging_seconds=0.0))
    cbs_server.page_size = 4  # ten rows: three pages
    with pytest.raises(CbsFetchError, match="duurde langer dan 0 seconden") as info:
        fetch(cbs_server)
    assert info.value.reason == "paging"
    assert len(cbs_server.requests_to("TypedDataSet")) == 1


def test_a_next_link_back_to_the_same_page_stops_paging(monkeypatch):
    transport = Transport(1, RetryPolicy(attempts=1))
    monkeypatch.setattr(transport, "get_json", lambda *a, **k: {"value": [{}], "odata.nextLink": "http://x/page"})
    with pytest.raises(CbsFetchError, match="steeds opnieuw naar dezelfde pagina"):
        transport.get_pages("http://x/first", None, table_id="T", what="TypedDataSet", next_key="odata.nextLink")


# --- the cache after a failure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "on"),
    [("http500", "TypedDataSet"), ("slow", "TypedDataSet"), ("malformed", "TypedDataSet"), ("page2", None),
     ("drop", "DataProperties"), ("http500", None)],
    ids=["http-500", "timeout", "malformed-json", "failure-on-page-2", "dropped", "http-500-on-metadata"],
)
def test_failed_fetch_leaves_cache_byte_identical_and_no_temp_files(cache_of_january, cbs_server, mode, on):
    before = snapshot(cache_of_january)
    cbs_server.page_size = 4
    cbs_server.fail(mode, on=on)
    with pytest.raises(CbsFetchError):
        fetch_tables([SPEC, OTHER], cache_of_january, base_url=cbs_server.base_url, api="v3", timeout=0.3,
                     progress=False)
    assert snapshot(cache_of_january) == before


def test_failure_in_second_table_leaves_first_table_unchanged(cache_of_january, cbs_server):
    # All tables are fetched before any is written: one run never mixes old and new tables.
    before = snapshot(cache_of_january)
    cbs_server.fail("http500", on="83583NED")
    with pytest.raises(CbsFetchError, match="83583NED"):
        fetch_tables([SPEC, OTHER], cache_of_january, base_url=cbs_server.base_url, api="v3", progress=False)
    assert snapshot(cache_of_january) == before


def test_unreachable_cbs_message_names_the_cache_date(cache_of_january, cbs_server):
    cbs_server.fail("http", status=503)
    with pytest.raises(CbsFetchError) as info:
        fetch_tables([SPEC, OTHER], cache_of_january, base_url=cbs_server.base_url, api="v3", progress=False)
    last_line = str(info.value).splitlines()[-1]
    assert last_line.startswith("CBS is niet bereikbaar; het boek gebruikt de cache van 15 januari 2026 (")
    assert last_line.endswith(" dagen oud).")


def test_a_damaged_cache_is_never_offered(cache_of_january, cbs_server):
    (cache_of_january / "83583NED.parquet").write_bytes(b"not parquet")
    cbs_server.fail("http", status=503)
    with pytest.raises(CbsFetchError) as info:
        fetch_tables([SPEC, OTHER], cache_of_january, base_url=cbs_server.base_url, api="v3", progress=False)
    last_line = str(info.value).splitlines()[-1]
    assert "Beschadigd in de cache" in last_line and last_line.endswith(": 83583NED.")


def test_a_cache_that_is_all_damaged_is_no_fallback(cache_of_january, cbs_server):
    for name in ("83582NED.parquet", "83583NED.parquet"):
        (cache_of_january / name).write_bytes(b"not parquet")
    cbs_server.fail("http", status=503)
    with pytest.raises(CbsFetchError) as info:
        fetch_tables([SPEC, OTHER], cache_of_january, base_url=cbs_server.base_url, api="v3", progress=False)
    assert "er is geen bruikbare cache, dus het boek heeft geen CBS-cijfers" in str(info.value)
    assert "gebruikt de cache" not in str(info.value)


def test_a_wrong_definition_says_nothing_was_stored_not_that_cbs_is_down(cache_of_january, cbs_server):
    wrong = TableSpec(id="83582NED", measures=(MeasureSpec("x", ("Bestaat niet",)),), regions=("NL01",))
    with pytest.raises(CbsFetchError) as info:
        fetch_tables([wrong], cache_of_january, base_url=cbs_server.base_url, api="v3", progress=False)
    assert str(info.value).splitlines()[-1].startswith("Er is niets opgeslagen; het boek gebruikt de cache van 15 januari 2026")


def test_ctrl_c_during_writing_is_held_back_until_the_cache_is_complete(cbs_server, tmp_path, monkeypatch):
    real_write = fetch_module.write_datasets

    def write_interrupted(datasets, directory):
        os.kill(os.getpid(), signal.SIGINT)  # arrives while the files are being replaced
        return real_write(datasets, directory)

    monkeypatch.setattr(fetch_module, "write_datasets", write_interrupted)
    with pytest.raises(KeyboardInterrupt) as info:
        fetch_tables([SPEC], tmp_path, base_url=cbs_server.base_url, api="v3", progress=False)
    assert getattr(info.value, "cache_written", False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["83582NED.parquet", "83582NED.provenance.json"]
