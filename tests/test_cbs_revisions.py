"""Revisions between fetches, the age of the CBS data and the sentence about the cache.

The replica plays CBS revising a table (tests/cbs_replica/model.py: set_value, set_status).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from cbs_replica.tables import SBI_DIM

from levanalysis.analysis.cbs_context import (
    cbs_data_age,
    kpi_revisions,
    kpi_was_revised,
    revisions_since_previous_fetch,
)
from levanalysis.definitions.cbs_tables import MeasureSpec, TableSpec
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.cache import Provenance
from levanalysis.sources.cbs import (
    RetryPolicy,
    data_age,
    dutch_date,
    fetch_tables,
    revision_table,
    revisions_for,
)
from levanalysis.sources.cbs import transport as transport_module
from levanalysis.sources.cbs.freshness import CacheState, cache_sentence
from levanalysis.sources.store import open_store

JOBS = TableSpec(id="83582NED", measures=(MeasureSpec("banen", ("Banen van werknemers in december",)),),
                 regions=("NL01", "GM0299"), categories={SBI_DIM: ("C", "I")}, period_from=2023, period_frequency="JJ")
NL_C_2024 = {"RegioS": "NL01", "Perioden": "2024JJ00", SBI_DIM: "307500"}
ZEVENAAR_C_2024 = {"RegioS": "GM0299", "Perioden": "2024JJ00", SBI_DIM: "307500"}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", RetryPolicy(attempts=2, first_wait=0.0))


def fetch(server, directory, api="v4"):
    return fetch_tables([JOBS], directory, base_url=server.base_url, v4_url=server.v4_url, api=api, progress=False)


def test_a_first_fetch_records_no_revisions(cbs_server, tmp_path):
    provenance = fetch(cbs_server, tmp_path)["83582NED"].provenance
    assert provenance.extra["revisions"] == []
    assert "previous_retrieved_at" not in provenance.extra


def test_a_revised_provisional_figure_is_recorded_with_old_and_new_status(cbs_server, tmp_path):
    first = fetch(cbs_server, tmp_path)["83582NED"].provenance
    table = cbs_server.table("83582NED")
    old = table.value(NL_C_2024, "M000200_2")
    table.set_value(NL_C_2024, "M000200_2", old + 12.5)
    table.set_status("2024JJ00", "Nader voorlopig")
    second = fetch(cbs_server, tmp_path)["83582NED"].provenance
    (revision,) = second.extra["revisions"]
    assert revision["region"] == "NL01" and revision["categories"] == {SBI_DIM: "C"} and revision["year"] == 2024
    assert (revision["old"], revision["new"]) == (old, old + 12.5)
    assert (revision["old_status"], revision["new_status"]) == ("Voorlopig", "Nader voorlopig")
    assert (revision["previous_retrieved_at"], revision["retrieved_at"]) == (first.retrieved_at, second.retrieved_at)


def test_a_corrected_definitive_figure_is_a_revision_too(cbs_server, tmp_path):
    fetch(cbs_server, tmp_path, api="v3")
    coords = {**NL_C_2024, "Perioden": "2023JJ00"}
    cbs_server.table("83582NED").set_value(coords, "M000200_2", 1.0)
    (revision,) = fetch(cbs_server, tmp_path, api="v3")["83582NED"].provenance.extra["revisions"]
    assert revision["period"] == "2023JJ00"
    assert revision["old_status"] == revision["new_status"] == "Definitief"


def test_a_status_change_without_a_new_value_is_not_a_revision(cbs_server, tmp_path):
    fetch(cbs_server, tmp_path)
    cbs_server.table("83582NED").set_status("2024JJ00", "Definitief")
    assert fetch(cbs_server, tmp_path)["83582NED"].provenance.extra["revisions"] == []


def test_the_history_keeps_earlier_revisions_and_the_table_shows_the_latest(cbs_server, tmp_path):
    table = cbs_server.table("83582NED")
    fetch(cbs_server, tmp_path)
    table.set_value(NL_C_2024, "M000200_2", 900.0)
    fetch(cbs_server, tmp_path)
    table.set_value(ZEVENAAR_C_2024, "M000200_2", 2.0)
    provenance = fetch(cbs_server, tmp_path)["83582NED"].provenance
    assert [r["region"] for r in provenance.extra["revisions"]] == ["NL01", "GM0299"]
    latest = revision_table({"cbs:83582NED": provenance})
    assert list(latest["region"]) == ["GM0299"] and list(latest["new"]) == [2.0]
    assert len(revision_table([provenance], latest_only=False)) == 2


def test_revisions_since_previous_fetch_reads_every_cbs_table_in_the_store(cbs_server, tmp_path):
    fetch(cbs_server, tmp_path / "cbs")
    cbs_server.table("83582NED").set_value(NL_C_2024, "M000200_2", 900.0)
    fetch(cbs_server, tmp_path / "cbs")
    frame = revisions_since_previous_fetch(open_store(tmp_path))
    assert list(frame[["table_id", "region", "year", "new"]].itertuples(index=False, name=None)) == [
        ("83582NED", "NL01", 2024, 900.0)]


def test_kpi_is_revised_when_its_national_figure_for_a_used_year_changed(cbs_server, tmp_path):
    spearhead, maak_banen = next((s, k) for s, k in load_plan().kpis() if k.id == "maak-banen")
    fetch(cbs_server, tmp_path / "cbs")
    cbs_server.table("83582NED").set_value(NL_C_2024, "M000200_2", 900.0)
    fetch(cbs_server, tmp_path / "cbs")
    store = open_store(tmp_path)
    assert kpi_was_revised(maak_banen, store, spearhead.sector, [2023, 2024])
    assert not kpi_was_revised(maak_banen, store, spearhead.sector, [2022, 2023])  # 2024 not used
    assert list(kpi_revisions(maak_banen, store, spearhead.sector, [2024])["region"]) == ["NL01"]


def test_kpi_is_not_revised_by_a_municipal_figure_it_does_not_use(cbs_server, tmp_path):
    spearhead, maak_banen = next((s, k) for s, k in load_plan().kpis() if k.id == "maak-banen")
    fetch(cbs_server, tmp_path / "cbs")
    cbs_server.table("83582NED").set_value(ZEVENAAR_C_2024, "M000200_2", 2.0)
    fetch(cbs_server, tmp_path / "cbs")
    # maak-banen takes only Nederland from CBS; the Liemers come from LISA.
    assert not kpi_was_revised(maak_banen, open_store(tmp_path), spearhead.sector, [2023, 2024])


def test_revisions_for_keeps_rows_without_an_sbi_dimension():
    entry = {"table_id": "82059NED", "region": "NL01", "year": 2024, "period": "2024JJ00", "measure": "overnachtingen",
             "categories": {"Logiesvormen": "Totaal logiesaccommodaties"}, "old": 1.0, "new": 2.0,
             "retrieved_at": "2026-11-01T00:00:00+00:00"}
    provenance = Provenance(kind="cbs", source="CBS", table_id="82059NED", retrieved_at="2026-11-01T00:00:00+00:00",
                            extra={"revisions": [entry]})
    assert len(revisions_for(provenance, [2024], ["NL01"], ["I", "R", "47"])) == 1


# --- data age ----------------------------------------------------------------------------------------


def _provenance(retrieved_at: str, table_id: str = "83582NED") -> Provenance:
    return Provenance(kind="cbs", source="CBS", table_id=table_id, retrieved_at=retrieved_at, query={"api": "OData v4"})


def test_data_age_counts_days_since_retrieval_and_flags_old_data():
    frame = data_age({"cbs:83582NED": _provenance("2026-01-15T09:00:00+00:00"),
                      "cbs:83583NED": _provenance("2026-11-01T23:30:00+00:00", "83583NED")},
                     today=date(2026, 11, 24))
    # 15 Jan -> 24 Nov 2026: 16 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 24 = 313 days
    assert frame[["table_id", "age_days", "too_old"]].to_dict("records") == [
        {"table_id": "83582NED", "age_days": 313, "too_old": True},
        {"table_id": "83583NED", "age_days": 23, "too_old": False},
    ]
    assert frame.loc[0, "retrieved_at"] == date(2026, 1, 15) and frame.loc[0, "api"] == "OData v4"


def test_data_age_threshold_is_a_parameter():
    frame = data_age({"cbs:83582NED": _provenance("2026-01-15T09:00:00+00:00")}, today=date(2026, 11, 24),
                     max_age_days=400)
    assert not frame.loc[0, "too_old"]


def test_data_age_of_the_store_lists_only_cbs_tables(tmp_path, cbs_server):
    fetch(cbs_server, tmp_path / "cbs")
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nDuiven;2023;C;1.510\n", encoding="utf-8")
    frame = cbs_data_age(open_store(tmp_path), today=date.today())
    assert list(frame["dataset"]) == ["cbs:83582NED"] and list(frame["age_days"]) == [0]


# --- the sentence after a failed fetch ----------------------------------------------------------------------


def test_cache_sentence_names_one_date_and_its_age():
    state = CacheState({"83582NED": date(2026, 1, 15), "83583NED": date(2026, 1, 15)})
    assert cache_sentence(state, unreachable=True, today=date(2026, 2, 24)) == (
        "CBS is niet bereikbaar; het boek gebruikt de cache van 15 januari 2026 (40 dagen oud).")


def test_cache_sentence_names_the_range_and_what_is_missing():
    state = CacheState({"83582NED": date(2026, 1, 15), "83583NED": date(2026, 2, 1)}, missing=("82059NED",))
    assert cache_sentence(state, unreachable=True, today=date(2026, 2, 1)) == (
        "CBS is niet bereikbaar; het boek gebruikt de cache van 15 januari 2026 tot 1 februari 2026 "
        "(17 dagen oud). Niet in de cache: 82059NED.")


def test_dutch_date_writes_the_month_in_dutch():
    assert dutch_date(date(2026, 3, 1)) == "1 maart 2026"


def test_revision_table_of_nothing_has_the_columns():
    assert list(revision_table([])) == list(revision_table([_provenance("2026-01-01T00:00:00+00:00")]).columns)
    assert revision_table([]).empty and isinstance(revision_table([]), pd.DataFrame)


def test_a_damaged_previous_cache_is_replaced_and_noted_not_compared(cbs_server, tmp_path):
    fetch(cbs_server, tmp_path)
    (tmp_path / "83582NED.parquet").write_bytes(b"not parquet")
    provenance = fetch(cbs_server, tmp_path)["83582NED"].provenance
    assert provenance.extra["revisions"] == [] and "previous_retrieved_at" not in provenance.extra
    assert "De vorige cache van deze tabel was beschadigd: er is niet op herzieningen vergeleken." in provenance.notes
