"""levanalysis.cbs and levanalysis.sources.cache against the loopback CBS server (tests/cbs_server.py)."""

from __future__ import annotations

import hashlib
import json
import math
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cbsodata
import pandas as pd
import pytest
from cbs_server import (
    JOBS_MEASURE,
    JOBS_SUPPRESSED,
    PARTTIME_MEASURE,
    SBI_DIM,
    jobs_value,
)

from levanalysis.definitions.cbs_tables import TableSpec, load_table_specs
from levanalysis.sources import cache
from levanalysis.sources.cache import (
    CacheError,
    Provenance,
    read_dataset,
    write_dataset,
)
from levanalysis.sources.cbs import (
    CbsFetchError,
    fetch_table,
    fetch_tables,
    load_cached_tables,
)

LIEMERS = ("GM0299", "GM0221", "GM0226", "GM0293", "GM1955")
JOBS_SPEC = TableSpec(
    id="83582NED",
    measures=(JOBS_MEASURE,),
    regions=(*LIEMERS, "PV25", "NL01"),
    optional_regions=("GM0196",),  # not in the test table: must be skipped, not fatal
    categories={SBI_DIM: ("T001081", "C", "47", "I")},
    period_from=2015,
    period_frequency="JJ",
)
PRODUCTIVITY_SPEC = TableSpec(
    id="85925NED",
    measures=("ToegevoegdeWaardeBasisprijzen_1", "Arbeidsjaren_2"),
    regions=("NL01", "PV25"),
    categories={SBI_DIM: ("T001081",)},
    period_from=2015,
)
SBI_KEYS = {"T001081": "T001081", "C": "300003", "47": "349300", "I": "391600"}
PERIODS = ("2015JJ00", "2022JJ00", "2023JJ00")
EXPECTED_ROWS = len(JOBS_SPEC.regions) * len(PERIODS) * len(SBI_KEYS)
SHORT_TIMEOUT = 0.3


def fetch(server, spec=JOBS_SPEC, **kwargs):
    return fetch_table(spec, base_url=server.base_url, timeout=kwargs.pop("timeout", 5), **kwargs)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in the directory (hidden temp files included) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def filled_cache(cbs_server, tmp_path):
    """A cache directory holding a successful earlier fetch of both test tables."""
    fetch_tables([JOBS_SPEC, PRODUCTIVITY_SPEC], tmp_path, base_url=cbs_server.base_url, progress=False)
    cbs_server.clear_requests()
    return tmp_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- what is requested -----------------------------------------------------------------------


def test_data_request_filters_on_exact_keys_of_configured_regions_periods_and_categories(cbs_server):
    fetch(cbs_server)
    (first, *_) = cbs_server.requests_to("TypedDataSet")
    regions = " or ".join(f"RegioS eq '{code.ljust(10)}'" for code in JOBS_SPEC.regions)
    periods = " or ".join(f"Perioden eq '{p}'" for p in PERIODS)
    categories = " or ".join(f"{SBI_DIM} eq '{key}'" for key in SBI_KEYS.values())
    assert first.params["$filter"] == f"({regions}) and ({periods}) and ({categories})"


def test_data_request_selects_dimensions_and_configured_measures_only(cbs_server):
    ds = fetch(cbs_server)
    (first, *_) = cbs_server.requests_to("TypedDataSet")
    assert first.params["$select"] == f"RegioS,Perioden,{SBI_DIM},{JOBS_MEASURE}"
    assert set(ds.data["measure"]) == {JOBS_MEASURE}
    assert PARTTIME_MEASURE not in ds.data.columns


def test_paging_follows_next_link_and_keeps_rows_from_both_pages(cbs_server):
    ds = fetch(cbs_server)
    pages = cbs_server.requests_to("TypedDataSet")
    assert [p.params.get("$skip") for p in pages] == [None, str(EXPECTED_ROWS // 2)]
    cells = set(zip(ds.data["RegioS"], ds.data["Perioden"], ds.data[SBI_DIM]))
    expected = {(r, p, k) for r in JOBS_SPEC.regions for p in PERIODS for k in SBI_KEYS.values()}
    assert cells == expected
    assert len(ds.data) == EXPECTED_ROWS


def test_padded_region_keys_are_stripped(cbs_server):
    ds = fetch(cbs_server)
    assert set(ds.data["RegioS"]) == set(JOBS_SPEC.regions)


def test_codes_are_kept_next_to_titles(cbs_server):
    df = fetch(cbs_server).data
    row = df[(df["RegioS"] == "GM1955") & (df[SBI_DIM] == "300003") & (df["Perioden"] == "2015JJ00")].iloc[0]
    assert row["RegioS_title"] == "Montferland"
    assert row[f"{SBI_DIM}_title"] == "C Industrie"
    assert row[f"{SBI_DIM}_code"] == "C"
    assert row["Perioden_title"] == "2015"
    # The measure sits under the topic group "Banen" in DataProperties.
    assert row["measure_title"] == "Banen / Banen van werknemers in december"
    assert row["unit"] == "x 1 000"
    assert row["value"] == jobs_value("GM1955", "2015JJ00", "300003")


def test_category_code_matches_start_of_title_not_a_substring(cbs_server):
    # "I" must select "I Horeca" and never "G-I Handel, vervoer en horeca".
    spec = TableSpec(id="83582NED", measures=(JOBS_MEASURE,), regions=("NL01",), categories={SBI_DIM: ("I",)})
    df = fetch(cbs_server, spec).data
    assert set(df[SBI_DIM]) == {"391600"}


def test_suppressed_dot_and_null_values_become_nan(cbs_server):
    df = fetch(cbs_server).data.set_index(["RegioS", "Perioden", SBI_DIM])
    for cell in JOBS_SUPPRESSED:
        assert math.isnan(df.loc[cell, "value"])
    assert df["value"].isna().sum() == len(JOBS_SUPPRESSED)


def test_period_status_is_recorded_per_period(cbs_server):
    ds = fetch(cbs_server)
    assert ds.provenance.period_status == {
        "2015JJ00": "Definitief",
        "2022JJ00": "Nader voorlopig",
        "2023JJ00": "Voorlopig",
    }
    statuses = ds.data.groupby("Perioden")["Perioden_status"].unique().map(list).to_dict()
    assert statuses == {"2015JJ00": ["Definitief"], "2022JJ00": ["Nader voorlopig"], "2023JJ00": ["Voorlopig"]}


def test_absent_optional_region_is_noted_not_fatal(cbs_server):
    ds = fetch(cbs_server)
    assert "GM0196" not in set(ds.data["RegioS"])
    assert any("GM0196" in note for note in ds.provenance.notes)


# --- provenance and cache --------------------------------------------------------------------


def test_provenance_is_written_with_row_count_and_hash_of_the_stored_file(cbs_server, tmp_path):
    fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, progress=False)
    record = json.loads((tmp_path / "83582NED.provenance.json").read_text(encoding="utf-8"))
    data_file = tmp_path / "83582NED.parquet"
    assert record["row_count"] == EXPECTED_ROWS == len(pd.read_parquet(data_file))
    assert record["sha256"] == hashlib.sha256(data_file.read_bytes()).hexdigest()
    assert record["file"] == "83582NED.parquet"


def test_provenance_records_table_metadata_and_query(cbs_server, tmp_path):
    before = datetime.now(UTC) - timedelta(seconds=1)
    fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, progress=False)
    record = json.loads((tmp_path / "83582NED.provenance.json").read_text(encoding="utf-8"))
    assert record["kind"] == "cbs"
    assert record["table_id"] == "83582NED"
    assert record["title"].startswith("Banen van werknemers in december")
    assert record["modified"] == "2024-06-28T02:00:00"
    assert record["reason_delivery"] == "Actualisering"
    assert record["query"]["base_url"] == cbs_server.base_url
    assert record["query"]["select"] == ["RegioS", "Perioden", SBI_DIM, JOBS_MEASURE]
    assert "RegioS eq 'GM1955    '" in record["query"]["filter"]
    retrieved = datetime.fromisoformat(record["retrieved_at"])
    assert retrieved.utcoffset() == timedelta(0) and retrieved >= before


def test_offline_load_returns_cached_data_with_provenance(filled_cache, cbs_server):
    tables = load_cached_tables([JOBS_SPEC], filled_cache)
    df, provenance = tables["83582NED"]
    assert len(df) == provenance.row_count == EXPECTED_ROWS
    assert cbs_server.requests == []


def test_offline_load_without_cache_gives_dutch_error(tmp_path):
    with pytest.raises(CbsFetchError, match="Geen opgeslagen gegevens") as info:
        load_cached_tables([JOBS_SPEC], tmp_path)
    assert info.value.reason == "cache"


@pytest.mark.parametrize(
    ("mode", "on", "reason"),
    [
        ("http500", "TypedDataSet", "http"),
        ("slow", "TypedDataSet", "timeout"),
        ("malformed", "TypedDataSet", "malformed"),
        ("page2", None, "http"),
        ("http500", None, "http"),  # already the first metadata request fails
    ],
    ids=["http-500", "timeout", "malformed-json", "failure-on-page-2", "http-500-on-metadata"],
)
def test_failed_fetch_leaves_cache_byte_identical_and_no_temp_files(filled_cache, cbs_server, mode, on, reason):
    before = snapshot(filled_cache)
    cbs_server.fail(mode, on=on)
    with pytest.raises(CbsFetchError) as info:
        fetch_tables([JOBS_SPEC], filled_cache, base_url=cbs_server.base_url, timeout=SHORT_TIMEOUT, progress=False)
    assert info.value.reason == reason
    assert snapshot(filled_cache) == before


def test_failure_on_page_two_happens_after_page_one_was_received(cbs_server):
    cbs_server.fail("page2")
    with pytest.raises(CbsFetchError, match="HTTP 500"):
        fetch(cbs_server)
    assert [p.params.get("$skip") for p in cbs_server.requests_to("TypedDataSet")] == [None, str(EXPECTED_ROWS // 2)]


def test_failure_in_second_table_leaves_cache_of_first_table_unchanged(filled_cache, cbs_server):
    # All tables are fetched before any is written: one run never mixes old and new tables.
    before = snapshot(filled_cache)
    cbs_server.fail("http500", on="85925NED")
    with pytest.raises(CbsFetchError, match="85925NED"):
        fetch_tables([JOBS_SPEC, PRODUCTIVITY_SPEC], filled_cache, base_url=cbs_server.base_url, progress=False)
    assert snapshot(filled_cache) == before


def test_http_500_message_is_dutch_and_names_table_and_status(cbs_server):
    cbs_server.fail("http500", on="TypedDataSet")
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server)
    message = str(info.value)
    assert message.startswith("CBS-tabel 83582NED kon niet worden opgehaald: serverfout (HTTP 500)")


def test_timeout_message_is_dutch_and_names_the_timeout(cbs_server):
    cbs_server.fail("slow", on="TypedDataSet", delay=2.0)
    with pytest.raises(CbsFetchError, match=r"83582NED.*time-out.*0\.3 seconden"):
        fetch(cbs_server, timeout=SHORT_TIMEOUT)


def test_malformed_json_message_is_dutch(cbs_server):
    cbs_server.fail("malformed", on="DataProperties")
    with pytest.raises(CbsFetchError, match=r"83582NED.*onleesbaar antwoord.*DataProperties"):
        fetch(cbs_server)


def test_nothing_listening_gives_dutch_no_connection_error():
    with pytest.raises(CbsFetchError) as info:
        fetch_table(JOBS_SPEC, base_url=f"http://127.0.0.1:{free_port()}", timeout=2)
    assert info.value.reason == "connection"
    assert str(info.value).startswith("CBS-tabel 83582NED kon niet worden opgehaald: geen verbinding met http://127.0.0.1:")


# --- metadata lookups ------------------------------------------------------------------------


def test_missing_measure_error_lists_existing_measures(cbs_server):
    spec = TableSpec(id="83582NED", measures=("BanenTotaal_9",), regions=("NL01",))
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server, spec)
    message = str(info.value)
    assert "heeft geen onderwerp(en) 'BanenTotaal_9'" in message
    assert "Beschikbare onderwerpen" in message
    assert JOBS_MEASURE in message and PARTTIME_MEASURE in message
    assert cbs_server.requests_to("TypedDataSet") == []  # stopped before asking for data


def test_missing_category_error_lists_available_categories(cbs_server):
    spec = TableSpec(id="83582NED", measures=(JOBS_MEASURE,), regions=("NL01",), categories={SBI_DIM: ("Q",)})
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server, spec)
    message = str(info.value)
    assert "categorie 'Q' niet gevonden" in message
    assert "300003     C Industrie" in message and "391600     I Horeca" in message


def test_missing_required_region_is_an_error(cbs_server):
    spec = TableSpec(id="83582NED", measures=(JOBS_MEASURE,), regions=("GM9999",))
    with pytest.raises(CbsFetchError, match="GM9999 niet gevonden in dimensie RegioS"):
        fetch(cbs_server, spec)


# --- base url and cbsodata's module globals --------------------------------------------------


def _cbsodata_options():
    o = cbsodata.options
    return o.use_https, o.catalog_url, o.requests, dict(o.requests)


def test_cbsodata_options_restored_after_fetch(cbs_server):
    before = _cbsodata_options()
    fetch(cbs_server)
    after = _cbsodata_options()
    assert after[:2] == before[:2] and after[2] is before[2] and after[3] == before[3]


def test_cbsodata_options_restored_after_failure(cbs_server):
    before = _cbsodata_options()
    cbs_server.fail("http500", on="TypedDataSet")
    with pytest.raises(CbsFetchError):
        fetch(cbs_server)
    after = _cbsodata_options()
    assert after[:2] == before[:2] and after[2] is before[2] and after[3] == before[3]


def test_base_url_is_taken_from_environment_variable(cbs_server, monkeypatch):
    monkeypatch.setenv("LEV_CBS_URL", cbs_server.base_url)
    ds = fetch_table(JOBS_SPEC, timeout=5)
    assert ds.provenance.query["base_url"] == cbs_server.base_url
    assert cbs_server.requests_to("TypedDataSet")


def test_base_url_argument_overrides_environment_variable(cbs_server, monkeypatch):
    monkeypatch.setenv("LEV_CBS_URL", f"http://127.0.0.1:{free_port()}")
    ds = fetch(cbs_server)
    assert ds.provenance.query["base_url"] == cbs_server.base_url


def test_invalid_base_url_gives_dutch_error():
    with pytest.raises(CbsFetchError, match="Ongeldig CBS-adres"):
        fetch_table(JOBS_SPEC, base_url="ftp://example.org")


# --- generic cache -----------------------------------------------------------------------------


def test_local_dataset_round_trips_with_its_provenance(tmp_path):
    df = pd.DataFrame({"gemeente": ["GM0299", "GM0221"], "overnachtingen": [1200.0, None]})
    provenance = Provenance(kind="local", source="Toeristenbelasting 2024", location="levering.xlsx")
    written = write_dataset(df, provenance, tmp_path, "toeristenbelasting")
    back, back_provenance = read_dataset(tmp_path, "toeristenbelasting")
    pd.testing.assert_frame_equal(back, df)
    assert back_provenance == written.provenance
    assert back_provenance.kind == "local" and back_provenance.row_count == 2
    assert back_provenance.retrieved_at  # filled in when the caller left it empty


def test_read_dataset_rejects_data_file_changed_after_writing(tmp_path):
    write_dataset(pd.DataFrame({"a": [1]}), Provenance(kind="example", source="voorbeeld"), tmp_path, "x")
    pd.DataFrame({"a": [2]}).to_parquet(tmp_path / "x.parquet", index=False)
    with pytest.raises(CacheError, match="sha256 verschilt"):
        read_dataset(tmp_path, "x")


def test_write_failure_leaves_previous_files_and_no_temp_files(tmp_path, monkeypatch):
    write_dataset(pd.DataFrame({"a": [1]}), Provenance(kind="example", source="voorbeeld"), tmp_path, "x")
    before = snapshot(tmp_path)

    def broken_hash(path):
        raise OSError("schijf vol")

    # Hashing runs after the new data has been written to its temporary file.
    monkeypatch.setattr(cache, "file_sha256", broken_hash)
    with pytest.raises(OSError):
        write_dataset(pd.DataFrame({"a": [2]}), Provenance(kind="example", source="voorbeeld"), tmp_path, "x")
    assert snapshot(tmp_path) == before


def test_unknown_provenance_kind_is_rejected():
    with pytest.raises(ValueError):
        Provenance(kind="web", source="x")


# --- configuration ------------------------------------------------------------------------------


def test_shipped_table_config_expands_region_and_sector_keywords():
    specs = {s.id: s for s in load_table_specs()}
    assert {"83582NED", "82058NED", "85925NED", "81575NED"} <= set(specs)
    jobs = specs["83582NED"]
    assert jobs.measures == ("BanenVanWerknemersInDecember_1",)
    assert set(LIEMERS) | {"NL01", "PV25"} <= set(jobs.regions)
    assert "GM0196" in jobs.optional_regions
    assert {"T001081", "C", "47", "I", "R", "H"} <= set(jobs.categories[SBI_DIM])
    assert all(s.period_from == 2015 for s in specs.values())
    assert not any(s.verified for s in specs.values())  # nothing has been checked online yet


def test_shipped_jobs_table_config_fetches_from_the_test_server(cbs_server):
    (jobs,) = [s for s in load_table_specs() if s.id == "83582NED"]
    ds = fetch(cbs_server, jobs)
    assert set(ds.data[f"{SBI_DIM}_code"]) == set(jobs.categories[SBI_DIM])


def test_numeric_yaml_code_without_quotes_is_read_as_text(tmp_path):
    config = tmp_path / "t.yaml"
    config.write_text("tables:\n  - id: X\n    measures: [M_1]\n    categories: {D: [47, C]}\n", encoding="utf-8")
    (spec,) = load_table_specs(config, region_path=tmp_path / "none.yaml", sectors_path=tmp_path / "none.yaml")
    assert spec.categories == {"D": ("47", "C")}
