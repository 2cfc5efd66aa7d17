"""A data directory: local files and the CBS cache, each with provenance."""

import json

import pandas as pd
import pytest

from levanalysis.sources.cache import Provenance, write_dataset
from levanalysis.sources.local import ValidationError
from levanalysis.sources.store import DataStore, write_local_provenance

LISA = "gemeente;jaar;sbi;banen\nZevenaar;2023;C;2.340\nDuiven;2023;C;1.510\n"


@pytest.fixture
def store(tmp_path):
    return DataStore(tmp_path)


def test_an_absent_source_is_none_not_an_empty_table(store):
    assert store.local("lisa_banen") is None
    assert store.get("cbs:83582NED") is None


def test_a_local_file_without_sidecar_is_a_local_delivery(store):
    (store.root / "lisa_banen.csv").write_text(LISA, encoding="utf-8")
    dataset = store.local("lisa_banen")
    assert list(dataset.data["banen"]) == [2340, 1510]
    assert dataset.provenance.kind == "local"
    assert dataset.provenance.file == "lisa_banen.csv"


def test_a_matching_sidecar_labels_the_file_as_example(store):
    path = store.root / "lisa_banen.csv"
    path.write_text(LISA, encoding="utf-8")
    write_local_provenance(path, Provenance(kind="example", source="LEV-monitor voorbeeld", name="lisa_banen"))
    assert store.local("lisa_banen").provenance.kind == "example"


def test_a_replaced_file_is_no_longer_labelled_as_example(store):
    path = store.root / "lisa_banen.csv"
    path.write_text(LISA, encoding="utf-8")
    write_local_provenance(path, Provenance(kind="example", source="LEV-monitor voorbeeld", name="lisa_banen"))
    path.write_text(LISA.replace("2.340", "2.350"), encoding="utf-8")
    assert store.local("lisa_banen").provenance.kind == "local"


def test_a_bad_local_file_raises_with_file_row_and_column(store):
    (store.root / "lisa_banen.csv").write_text(LISA.replace("Duiven", "Arnhem"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"lisa_banen\.csv, rij 3, kolom 'gemeente'"):
        store.local("lisa_banen")


def test_cbs_tables_are_read_from_the_cache_subdirectory(store):
    frame = pd.DataFrame({"RegioS": ["NL01"], "value": [1.0]})
    write_dataset(frame, Provenance(kind="cbs", source="CBS StatLine", table_id="83582NED"), store.cbs_dir, "83582NED")
    dataset = store.get("cbs:83582NED")
    assert dataset.provenance.table_id == "83582NED"
    assert set(store.available()) == {"cbs:83582NED"}


def test_a_source_delivered_twice_is_refused(store):
    (store.root / "lisa_banen.csv").write_text(LISA, encoding="utf-8")
    (store.root / "lisa_banen.xlsx").write_bytes(b"")
    with pytest.raises(ValidationError):
        store.local("lisa_banen")


def test_nader_voorlopig_counts_as_provisional():
    provenance = Provenance(kind="cbs", source="CBS", period_status={
        "2022JJ00": "Definitief", "2023JJ00": "Nader voorlopig", "2024JJ00": "Voorlopig"})
    assert provenance.provisional_years() == ["2023", "2024"]


def test_a_delivery_is_parsed_once_per_store(store, monkeypatch):
    (store.root / "lisa_banen.csv").write_text(LISA, encoding="utf-8")
    import levanalysis.sources.store as store_module

    calls = []
    real = store_module.load_source
    monkeypatch.setattr(store_module, "load_source", lambda *a, **k: calls.append(a) or real(*a, **k))
    first, second = store.local("lisa_banen"), store.get("lisa_banen")
    assert first is second and len(calls) == 1


def test_a_delivery_in_another_case_is_found_as_validate_finds_it(store):
    (store.root / "Lisa_Banen.CSV").write_text(LISA, encoding="utf-8")
    assert list(store.local("lisa_banen").data["banen"]) == [2340, 1510]


def test_the_read_log_names_every_file_read_with_its_sha256(tmp_path):
    from levanalysis.sources.cache import file_sha256

    (tmp_path / "lisa_banen.csv").write_text(LISA, encoding="utf-8")
    log = tmp_path / "log" / "reads.json"
    store = DataStore(tmp_path, read_log=log)
    store.local("lisa_banen")
    store.local("toeristenbelasting")  # absent: nothing to record
    recorded = json.loads(log.read_text(encoding="utf-8"))
    assert recorded == {str(tmp_path / "lisa_banen.csv"): file_sha256(tmp_path / "lisa_banen.csv")}


def test_a_sidecar_and_a_cached_dataset_get_the_mode_of_a_new_file(tmp_path):
    # mkstemp's 0o600 would hide them from colleagues sharing the data folder (umask 022: 0o644).
    import os

    from levanalysis.sources.cache import write_dataset

    previous = os.umask(0o022)
    try:
        path = tmp_path / "lisa_banen.csv"
        path.write_text(LISA, encoding="utf-8")
        sidecar = write_local_provenance(path, Provenance(kind="local", source="test", name="lisa_banen"))
        write_dataset(pd.DataFrame({"a": [1]}), Provenance(kind="cbs", source="t"), tmp_path / "cbs", "X")
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in [sidecar, *(tmp_path / "cbs").iterdir()]}
    assert modes == {"lisa_banen.provenance.json": 0o644, "X.parquet": 0o644, "X.provenance.json": 0o644}
