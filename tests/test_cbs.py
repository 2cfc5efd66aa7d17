"""levanalysis.sources.cbs against the CBS replica (tests/cbs_server.py): what is asked, what is
stored, and that OData v3 and v4 give the same frame and provenance.

Retries and faults are in test_cbs_transport.py; the old guesses about the tables in
test_cbs_evidence.py; revisions and cache age in test_cbs_revisions.py; the command in
test_cbs_cli.py.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import socket
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from cbs_replica.model import Group, MeasureDef, Table
from cbs_replica.tables import LIEMERS, SBI_DIM, jobs_table, periods
from cbs_server import CbsTestServer

from levanalysis.definitions.cbs_tables import MeasureSpec, TableSpec, load_table_specs
from levanalysis.sources.cbs import (
    CbsFetchError,
    RetryPolicy,
    fetch_table,
    fetch_tables,
    load_cached_tables,
)
from levanalysis.sources.cbs import transport as transport_module

FAST = RetryPolicy(attempts=3, first_wait=0.0, max_wait=0.0)
JOBS = MeasureSpec("banen", ("Banen van werknemers in december",))
JOBS_SPEC = TableSpec(
    id="83582NED",
    measures=(JOBS,),
    regions=(*LIEMERS, "PV25", "NL01"),
    optional_regions=("GM0196", "GM9999"),  # GM9999 does not exist: skipped with a note, not fatal
    categories={SBI_DIM: ("T001081", "C", "I")},
    period_from=2022,
    period_frequency="JJ",
)
PERIODS = ("2022JJ00", "2023JJ00", "2024JJ00")
SBI_KEYS = {"T001081": "T001081", "C": "307500", "I": "389100"}
# 5 municipalities + Gelderland + Nederland + Rijnwaarden, 3 years, 3 categories
EXPECTED_ROWS = 8 * 3 * 3


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", FAST)


@pytest.fixture(params=["v3", "v4"])
def api(request) -> str:
    return request.param


def fetch(server, spec=JOBS_SPEC, api="v3", **kwargs):
    return fetch_table(spec, base_url=server.base_url, v4_url=server.v4_url, api=api, timeout=5, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- what is requested -----------------------------------------------------------------------


def test_v3_filter_uses_the_padded_keys_of_the_table_metadata(cbs_server):
    fetch(cbs_server, api="v3")
    (first, *_) = cbs_server.requests_to("TypedDataSet")
    # v3 pads region keys to 10 characters and SBI keys to 7; eq compares exactly.
    assert "RegioS eq 'GM1955    '" in first.params["$filter"]
    assert f"{SBI_DIM} eq '307500 '" in first.params["$filter"]
    assert "Perioden eq '2024JJ00'" in first.params["$filter"]


def test_v3_selects_dimensions_and_the_configured_measures_only(cbs_server):
    spec = TableSpec(id="85925NED", measures=(MeasureSpec("va", ("Bruto toegevoegde waarde basisprijzen",)),),
                     regions=("NL01",), categories={SBI_DIM: ("C",)}, period_from=2024)
    fetch(cbs_server, spec, api="v3")
    (first, *_) = cbs_server.requests_to("TypedDataSet")
    # 85925NED has six measures; only the one asked for is selected.
    assert first.params["$select"] == f"{SBI_DIM},RegioS,Perioden,BrutoToegevoegdeWaardeBasisprijzen_3"


def test_v4_filter_uses_unpadded_codes_and_the_v4_measure_identifier(cbs_server):
    fetch(cbs_server, api="v4")
    (first, *_) = cbs_server.requests_to("Observations", api="v4")
    text = first.params["$filter"]
    assert text.startswith("(Measure eq 'M000200_2') and (RegioS eq 'GM0299' or ")
    assert f"{SBI_DIM} eq '307500'" in text
    assert " in (" not in text  # CBS has not been seen to accept 'in'


def test_paging_follows_next_links_and_keeps_every_row(cbs_server, api):
    cbs_server.page_size = 20
    ds = fetch(cbs_server, api=api)
    endpoint = "TypedDataSet" if api == "v3" else "Observations"
    assert len(cbs_server.requests_to(endpoint, api=api)) == math.ceil(EXPECTED_ROWS / 20)
    assert len(ds.data) == EXPECTED_ROWS


# --- the stored frame ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", load_table_specs(), ids=lambda s: s.id)
def test_v3_and_v4_give_the_same_frame_for_every_shipped_table(cbs_server, spec):
    via_v3 = fetch(cbs_server, spec, api="v3").data
    via_v4 = fetch(cbs_server, spec, api="v4").data
    pd.testing.assert_frame_equal(via_v3, via_v4)


def test_codes_are_stripped_and_kept_next_to_titles(cbs_server, api):
    df = fetch(cbs_server, api=api).data
    row = df[(df["RegioS"] == "GM1955") & (df[SBI_DIM] == "307500") & (df["Perioden"] == "2023JJ00")].iloc[0]
    assert row["RegioS_title"] == "Montferland"
    assert row[f"{SBI_DIM}_title"] == "C Industrie"
    assert row[f"{SBI_DIM}_code"] == "C"
    assert row["measure"] == "banen"  # the name cbs_tables.yaml gives it, whichever API
    assert row["measure_title"] == "Banen van werknemers in december"
    assert row["unit"] == "x 1 000"
    assert row["value"] == jobs_table().value({"RegioS": "GM1955", "Perioden": "2023JJ00", SBI_DIM: "307500"},
                                              "M000200_2")


def test_category_code_matches_the_start_of_a_title_not_a_substring(cbs_server):
    # "I" must select "I Horeca" and never "G-I Handel, vervoer en horeca".
    spec = TableSpec(id="83582NED", measures=("BanenVanWerknemersInDecember_1",), regions=("NL01",),
                     categories={SBI_DIM: ("I",)}, period_from=2024)
    assert set(fetch(cbs_server, spec).data[SBI_DIM]) == {"389100"}


def test_category_is_found_by_its_full_title(cbs_server, api):
    spec = TableSpec(id="82059NED", measures=(MeasureSpec("nachten", ("Overnachtingen",)),), regions=("NL01",),
                     categories={"Logiesvormen": ("Totaal logiesaccommodaties",), "WoonlandVanGasten": ("Totaal landen",)},
                     period_from=2025, period_frequency="JJ")
    df = fetch(cbs_server, spec, api=api).data
    assert set(df["Logiesvormen_title"]) == {"Totaal logiesaccommodaties"}
    assert set(df["WoonlandVanGasten_title"]) == {"Totaal landen"}


def test_suppressed_cells_are_nan(cbs_server, api):
    spec = TableSpec(id="83582NED", measures=(JOBS,), regions=("GM0221",),
                     categories={SBI_DIM: ("R",)}, period_from=2019, period_frequency="JJ")
    values = fetch(cbs_server, spec, api=api).data.set_index("Perioden")["value"]
    # The replica suppresses Doesburg's R up to 2019 (as CBS does with small cells).
    assert math.isnan(values["2019JJ00"]) and not math.isnan(values["2020JJ00"])


def test_dissolved_municipality_has_figures_only_before_the_merger(cbs_server, api):
    spec = TableSpec(id="83582NED", measures=(JOBS,), regions=("GM0196",),
                     categories={SBI_DIM: ("T001081",)}, period_from=2016, period_frequency="JJ")
    values = fetch(cbs_server, spec, api=api).data.set_index("Perioden")["value"]
    assert values[["2016JJ00", "2017JJ00"]].notna().all()
    assert values.loc["2018JJ00":].isna().all()


def test_period_status_is_recorded_per_period(cbs_server, api):
    ds = fetch(cbs_server, api=api)
    assert ds.provenance.period_status == {"2022JJ00": "Definitief", "2023JJ00": "Definitief", "2024JJ00": "Voorlopig"}
    assert set(ds.data.loc[ds.data["Perioden"] == "2024JJ00", "Perioden_status"]) == {"Voorlopig"}


def test_null_period_status_is_taken_from_the_description(cbs_server):
    # 70072NED gives no Status; its provisional years are only named in the period's description.
    spec = TableSpec(id="70072NED", measures=(MeasureSpec("vestigingen", ("Totaal bedrijfsvestigingen",)),),
                     regions=("NL01",), period_from=2024)
    ds = fetch(cbs_server, spec, api="v3")
    assert ds.provenance.period_status == {"2024JJ00": None, "2025JJ00": "Voorlopig (volgens beschrijving)",
                                           "2026JJ00": "Voorlopig (volgens beschrijving)"}


def test_absent_optional_region_is_noted_not_fatal(cbs_server):
    ds = fetch(cbs_server)
    assert "GM9999" not in set(ds.data["RegioS"])
    assert any("GM9999" in note for note in ds.provenance.notes)


def test_absent_optional_category_is_noted_not_fatal(cbs_server):
    spec = TableSpec(id="83582NED", measures=("BanenVanWerknemersInDecember_1",), regions=("NL01",),
                     categories={SBI_DIM: ("C",)}, optional_categories={SBI_DIM: ("47",)}, period_from=2024)
    ds = fetch(cbs_server, spec)
    assert set(ds.data[f"{SBI_DIM}_code"]) == {"C"}
    assert any("47" in note and "overgeslagen" in note for note in ds.provenance.notes)


# --- API choice ----------------------------------------------------------------------------------


def test_auto_takes_v4_where_the_table_is_there(cbs_server):
    ds = fetch(cbs_server, api="auto")
    assert ds.provenance.query["api"] == "OData v4"
    assert ds.provenance.location == f"{cbs_server.v4_url}/CBS/83582NED/Observations"
    assert cbs_server.requests_to("TypedDataSet") == []


def test_auto_takes_v3_for_a_table_not_on_v4_and_says_so(cbs_server):
    spec = TableSpec(id="70072NED", measures=(MeasureSpec("v", ("Totaal bedrijfsvestigingen",)),), regions=("NL01",))
    ds = fetch(cbs_server, spec, api="auto")
    assert ds.provenance.query["api"] == "OData v3"
    assert "De tabel staat (nog) niet op OData v4; opgehaald via OData v3." in ds.provenance.notes


def test_auto_falls_back_to_v3_when_v4_cannot_be_reached(cbs_server):
    ds = fetch_table(JOBS_SPEC, base_url=cbs_server.base_url, v4_url=f"http://127.0.0.1:{free_port()}/odata/v1",
                     api="auto", timeout=2)
    assert ds.provenance.query["api"] == "OData v3"
    assert any("niet bereikbaar" in note for note in ds.provenance.notes)


def test_auto_takes_v3_when_v4_fails_midway(cbs_server):
    cbs_server.fail("http", on="/odata/v1/CBS/83582NED/Observations", status=503)
    ds = fetch(cbs_server, api="auto")
    assert ds.provenance.query["api"] == "OData v3"
    assert any("viel weg tijdens het ophalen" in note for note in ds.provenance.notes)
    assert len(ds.data) == EXPECTED_ROWS


def test_v4_table_served_under_a_lower_case_id_is_found(cbs_server):
    cbs_server.table("83582NED").v4_identifier = "83582ned"
    ds = fetch(cbs_server, api="v4")
    assert ds.provenance.location == f"{cbs_server.v4_url}/CBS/83582ned/Observations"
    assert len(ds.data) == EXPECTED_ROWS


def test_auto_with_only_an_own_v3_address_stays_on_that_server(cbs_server, monkeypatch):
    # A run aimed at a mirror must not reach out to CBS's real v4 portal.
    monkeypatch.delenv("LEV_CBS_V4_URL", raising=False)
    ds = fetch_table(JOBS_SPEC, base_url=cbs_server.base_url, api="auto", timeout=5)
    assert ds.provenance.query["api"] == "OData v3"


def test_api_is_taken_from_environment_variable(cbs_server, monkeypatch):
    monkeypatch.setenv("LEV_CBS_API", "v4")
    ds = fetch_table(JOBS_SPEC, base_url=cbs_server.base_url, v4_url=cbs_server.v4_url, timeout=5)
    assert ds.provenance.query["api"] == "OData v4"


def test_urls_are_taken_from_environment_variables(cbs_server, monkeypatch):
    monkeypatch.setenv("LEV_CBS_URL", cbs_server.base_url)
    monkeypatch.setenv("LEV_CBS_V4_URL", cbs_server.v4_url)
    assert fetch_table(JOBS_SPEC, api="v3", timeout=5).provenance.query["base_url"] == cbs_server.base_url
    assert fetch_table(JOBS_SPEC, api="v4", timeout=5).provenance.query["base_url"] == cbs_server.v4_url


def test_url_argument_overrides_environment_variable(cbs_server, monkeypatch):
    monkeypatch.setenv("LEV_CBS_URL", f"http://127.0.0.1:{free_port()}")
    assert fetch(cbs_server).provenance.query["base_url"] == cbs_server.base_url


def test_invalid_url_and_unknown_api_give_dutch_errors():
    with pytest.raises(CbsFetchError, match="Ongeldig CBS-adres"):
        fetch_table(JOBS_SPEC, base_url="ftp://example.org", api="v3")
    with pytest.raises(CbsFetchError, match="Onbekende CBS-API 'v5'"):
        fetch_table(JOBS_SPEC, api="v5")


# --- provenance and cache --------------------------------------------------------------------


def test_provenance_names_api_url_and_what_each_name_resolved_to(cbs_server, api):
    ds = fetch(cbs_server, api=api)
    query = ds.provenance.query
    assert query["api"] == f"OData {api}"
    expected_key = "BanenVanWerknemersInDecember_1" if api == "v3" else "M000200_2"
    assert query["resolved"]["measures"]["banen"]["key"] == expected_key
    assert query["resolved"]["categories"][SBI_DIM]["C"] == {"key": "307500", "title": "C Industrie",
                                                            "by": "code in titel"}
    assert ds.provenance.source == "CBS StatLine"


def test_stored_provenance_has_row_count_hash_and_table_metadata(cbs_server, tmp_path):
    before = datetime.now(UTC) - timedelta(seconds=1)
    fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, api="v3", progress=False)
    record = json.loads((tmp_path / "83582NED.provenance.json").read_text(encoding="utf-8"))
    data_file = tmp_path / "83582NED.parquet"
    assert record["row_count"] == EXPECTED_ROWS == len(pd.read_parquet(data_file))
    assert record["sha256"] == hashlib.sha256(data_file.read_bytes()).hexdigest()
    assert record["title"].startswith("Banen van werknemers in december")
    assert record["modified"] == "2025-06-27T02:00:00"
    assert datetime.fromisoformat(record["retrieved_at"]) >= before


def test_cache_files_get_the_permissions_of_a_newly_created_file(cbs_server, tmp_path):
    old = os.umask(0o022)
    try:
        fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, api="v3", progress=False)
    finally:
        os.umask(old)
    # mkstemp makes 0600 files; a cache others may read must be 0666 minus the umask.
    assert {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {
        "83582NED.parquet": 0o644, "83582NED.provenance.json": 0o644}


def test_stale_temp_files_of_a_killed_fetch_are_removed_by_the_next_fetch(cbs_server, tmp_path):
    leftover = tmp_path / ".83582NED.k1ll3d.tmp"
    leftover.write_bytes(b"half a parquet file")
    fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, api="v3", progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["83582NED.parquet", "83582NED.provenance.json"]


def test_offline_load_returns_cached_data_without_asking_the_server(cbs_server, tmp_path):
    fetch_tables([JOBS_SPEC], tmp_path, base_url=cbs_server.base_url, api="v3", progress=False)
    cbs_server.clear_requests()
    df, provenance = load_cached_tables([JOBS_SPEC], tmp_path)["83582NED"]
    assert len(df) == provenance.row_count == EXPECTED_ROWS
    assert cbs_server.requests == []


def test_offline_load_without_cache_gives_dutch_error(tmp_path):
    with pytest.raises(CbsFetchError, match="Geen opgeslagen gegevens") as info:
        load_cached_tables([JOBS_SPEC], tmp_path)
    assert info.value.reason == "cache"


# --- metadata lookups ------------------------------------------------------------------------


def test_missing_measure_error_lists_existing_measures_and_asks_no_data(cbs_server, api):
    spec = TableSpec(id="83582NED", measures=(MeasureSpec("x", ("Deeltijdbanen",), key="BanenTotaal_9"),),
                     regions=("NL01",))
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server, spec, api=api)
    message = str(info.value)
    assert "heeft geen onderwerp 'x' (titel 'Deeltijdbanen' of sleutel 'BanenTotaal_9')" in message
    assert "Banen van werknemers in december" in message
    assert cbs_server.requests_to("TypedDataSet") == cbs_server.requests_to("Observations") == []


def test_measure_title_matches_words_not_punctuation_or_case(cbs_server):
    spec = TableSpec(id="85925NED", measures=(MeasureSpec("ly", ("arbeidsvolume, TOTAAL",)),), regions=("NL01",),
                     categories={SBI_DIM: ("C",)}, period_from=2024)
    ds = fetch(cbs_server, spec)
    assert ds.provenance.query["resolved"]["measures"]["ly"]["key"] == "ArbeidsvolumeTotaal_5"


def test_missing_category_error_lists_available_categories(cbs_server):
    spec = TableSpec(id="83582NED", measures=("BanenVanWerknemersInDecember_1",), regions=("NL01",),
                     categories={SBI_DIM: ("Z",)})
    with pytest.raises(CbsFetchError) as info:
        fetch(cbs_server, spec)
    assert "categorie 'Z' niet gevonden" in str(info.value)
    assert "307500     C Industrie" in str(info.value)


def test_missing_required_region_is_an_error(cbs_server):
    spec = TableSpec(id="83582NED", measures=("BanenVanWerknemersInDecember_1",), regions=("GM9999",))
    with pytest.raises(CbsFetchError, match="GM9999 niet gevonden in dimensie RegioS"):
        fetch(cbs_server, spec)


def _value_added_table(first_unit: str, second_unit: str) -> Table:
    """Two measures with one title in two groups, as national-accounts tables have them."""
    measures = [MeasureDef("Waarde_1", "M1", "Bruto toegevoegde waarde", first_unit, 0, 1),
                MeasureDef("Volume_2", "M2", "Bruto toegevoegde waarde", second_unit, 1, 2)]
    return Table("99999NED", "Test", "2026-01-01T00:00:00", [periods(2024, 2024)], measures,
                 [Group(1, "Waarde"), Group(2, "Volumemutaties")], {("2024JJ00",): {"M1": 10.0, "M2": 1.5}})


def test_equally_fitting_measures_take_the_first_and_say_so():
    with CbsTestServer([_value_added_table("mln euro", "%")]) as server:
        ds = fetch(server, TableSpec(id="99999NED", measures=(MeasureSpec("va", ("Bruto toegevoegde waarde",)),)))
    assert list(ds.data["value"]) == [10.0]
    assert any(note.startswith("Onderwerp 'va': ook Volume_2 (Volumemutaties / Bruto toegevoegde waarde) past")
               for note in ds.provenance.notes)


def test_unit_words_choose_between_equally_titled_measures():
    with CbsTestServer([_value_added_table("%", "mln euro")]) as server:
        spec = TableSpec(id="99999NED", measures=(MeasureSpec("va", ("Bruto toegevoegde waarde",), unit="euro"),))
        ds = fetch(server, spec)
    assert list(ds.data["value"]) == [1.5]
    assert not any("past bij de titel" in note for note in ds.provenance.notes)
