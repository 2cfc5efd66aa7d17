"""The bundled example data (data/example) and its generator, levanalysis.sources.example."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cbs_replica.model import Code, Dim, Group, MeasureDef, Table
from cbs_replica.tables import SBI_DIM

from levanalysis.book.context import plan_datasets
from levanalysis.definitions.cbs_tables import load_table_specs
from levanalysis.definitions.local_sources import source_names
from levanalysis.definitions.plan import load_plan
from levanalysis.paths import PROJECT_ROOT as REPO_ROOT
from levanalysis.sources.cache import Provenance
from levanalysis.sources.cbs import fetch_table
from levanalysis.sources.example import (
    ExampleDataError,
    ExampleTable,
    cbs_example_tables,
    main,
    write_example_data,
)
from levanalysis.sources.local import render_report, validate_directory
from levanalysis.sources.store import DataStore, write_local_provenance

EXAMPLE_DIR = REPO_ROOT / "data" / "example"
CBS_IDS = ("83582NED", "83583NED", "81575NED", "81578NED", "85925NED", "82059NED")
LIEMERS = ("GM0299", "GM0221", "GM0226", "GM0293", "GM1955")
REGENERATE = "regenerate with `.venv/bin/python -m levanalysis.sources.example` and commit data/example"


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A fresh example set, made through the command line."""
    target = tmp_path_factory.mktemp("example") / "voorbeeld"
    assert main([str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def store() -> DataStore:
    return DataStore(EXAMPLE_DIR)


def cbs(store: DataStore, table_id: str) -> pd.DataFrame:
    return store.cbs(table_id).data


def cbs_value(frame: pd.DataFrame, region: str, year: int, sector: str, measure: str | None = None) -> float:
    rows = frame[(frame["RegioS"] == region) & (frame["Perioden"] == f"{year}JJ00") & (frame[f"{SBI_DIM}_code"] == sector)]
    if measure is not None:
        rows = rows[rows["measure"] == measure]
    (value,) = rows["value"]
    return value


# --- the committed set is the generator's output ---------------------------------------------


def test_committed_example_data_is_byte_identical_to_a_fresh_generation(generated):
    committed, fresh = files_of(EXAMPLE_DIR), files_of(generated)
    assert sorted(committed) == sorted(fresh), REGENERATE
    differing = [name for name in fresh if committed[name] != fresh[name]]
    assert not differing, f"{differing} differ from the generator's output: {REGENERATE}"


def test_example_set_holds_every_local_source_and_every_configured_cbs_table(generated):
    names = set(files_of(generated))
    for source in source_names():
        assert {f"{source}.csv", f"{source}.xlsx"} & names, source
        assert f"{source}.provenance.json" in names
    configured = {spec.id for spec in load_table_specs()}
    assert configured == set(CBS_IDS)
    for table_id in CBS_IDS:
        assert {f"cbs/{table_id}.parquet", f"cbs/{table_id}.provenance.json"} <= names


def test_example_uses_csv_with_both_separators_and_at_least_one_xlsx():
    suffixes = {p.suffix for p in EXAMPLE_DIR.iterdir() if p.is_file() and not p.name.endswith(".json")}
    assert suffixes == {".csv", ".xlsx"}
    headers = {p.name: p.read_text(encoding="utf-8-sig").splitlines()[0] for p in EXAMPLE_DIR.glob("*.csv")}
    assert any(";" in h for h in headers.values()) and any(";" not in h and "," in h for h in headers.values())


# --- what the rest of the project sees ---------------------------------------------------------


def test_local_sources_validate_without_errors_or_warnings():
    report = validate_directory(EXAMPLE_DIR)
    assert report.errors == [] and report.warnings == [], render_report(report)
    assert report.absent == []
    assert sorted(report.found) == sorted(source_names())
    assert report.unused_files == []


def test_every_dataset_present_is_labelled_example_data(store):
    available = store.available()
    assert set(available) == set(source_names()) | {f"cbs:{t}" for t in CBS_IDS}
    for reference, provenance in available.items():
        assert provenance.kind == "example", reference
        assert provenance.source == "LEV-monitor voorbeeldgegevens"
        assert provenance.retrieved_at == "2026-01-15T00:00:00+00:00"
        assert "Verzonnen voorbeeldcijfers, geen echte gegevens." in provenance.notes


def test_every_dataset_the_plan_uses_is_in_the_example():
    assert set(plan_datasets(load_plan())) <= set(DataStore(EXAMPLE_DIR).available())


def test_cbs_examples_mark_only_the_last_year_provisional(store):
    for table_id in CBS_IDS:
        status = store.cbs(table_id).provenance.period_status
        assert status == {f"{y}JJ00": ("Voorlopig" if y == 2025 else "Definitief") for y in range(2015, 2026)}


# --- same layout as a real fetch ---------------------------------------------------------------


def test_cbs_example_frames_have_the_columns_and_dtypes_of_a_real_fetch(cbs_server, store):
    # The replica's tables are shaped like CBS's own; the example must be stored like them.
    for spec in load_table_specs():
        real = fetch_table(spec, base_url=cbs_server.base_url, v4_url=cbs_server.v4_url, api="v4", timeout=5).data
        example = cbs(store, spec.id)
        assert list(example.columns) == list(real.columns), spec.id
        assert example.dtypes.to_dict() == real.dtypes.to_dict(), spec.id


_KINDS = {"region": "GeoDimension", "time": "TimeDimension", "category": "Dimension"}


def replica_table(example: ExampleTable) -> Table:
    """The example table as the CBS replica serves a table (topic groups from the title path)."""
    meta = example.metadata
    dims = [Dim(d.name, _KINDS[d.kind], d.title, [Code(m.code, m.title, m.description, m.status) for m in d.members],
                pad=10 if d.kind == "region" else 0) for d in meta.dimensions]
    groups: list[Group] = []
    measures = []
    for m in meta.measures:
        *path, own = m.title.split(" / ")
        parent = None
        for title in path:
            group = next((g for g in groups if g.title == title and g.parent == parent), None)
            if group is None:
                group = Group(len(groups) + 1, title, parent)
                groups.append(group)
            parent = group.id
        measures.append(MeasureDef(m.key, m.key, own, m.unit, m.decimals, parent))
    cells = {
        tuple(str(row[d.name]).strip() for d in meta.dimensions):
            {m.key: None if math.isnan(row[m.key]) else row[m.key] for m in meta.measures}
        for row in example.rows.to_dict("records")
    }
    return Table(meta.table_id, meta.title, meta.modified, dims, measures, groups, cells,
                 reason_delivery=meta.reason_delivery)


@pytest.mark.parametrize("api", ["v3", "v4"])
def test_cbs_examples_equal_what_fetch_table_makes_of_the_same_figures_served_over_http(cbs_server, store, api):
    cbs_server.tables.clear()
    cbs_server.tables.update({t: replica_table(e) for t, e in cbs_example_tables().items()})
    transport = {"api", "service", "base_url", "url", "filter", "select"}
    for spec in load_table_specs():
        fetched = fetch_table(spec, base_url=cbs_server.base_url, v4_url=cbs_server.v4_url, api=api, timeout=5)
        stored = store.cbs(spec.id)
        pd.testing.assert_frame_equal(stored.data, fetched.data)
        for field in ("table_id", "title", "modified", "period_status", "row_count"):
            assert getattr(stored.provenance, field) == getattr(fetched.provenance, field), (spec.id, field)
        assert stored.provenance.query == {k: v for k, v in fetched.provenance.query.items() if k not in transport}
        for key in ("measures", "missing_values"):
            assert stored.provenance.extra[key] == fetched.provenance.extra[key], (spec.id, key)


# --- coverage ----------------------------------------------------------------------------------


def test_local_sources_cover_2019_to_2025(store):
    every_year = set(range(2019, 2026))
    for source in ("lisa_banen", "toeristenbelasting", "website_bezoekers", "techniekstudenten", "uwv_spanning"):
        assert every_year <= set(store.local(source).data["jaar"]), source
    visitors = store.local("website_bezoekers").data
    assert visitors.groupby("jaar")["maand"].apply(sorted).map(lambda m: m == list(range(1, 13))).all()
    tension = store.local("uwv_spanning").data
    assert set(tension["uwv_regio"]) == {"Midden-Gelderland", "Achterhoek"}
    assert "Technische beroepen" in set(tension["beroepsgroep"])
    assert tension.groupby(["uwv_regio", "beroepsgroep"]).size().eq(28).all()  # 2019Q1-2025Q4
    assert set(store.local("projecten").data["jaar"]) == {2024, 2025}
    assert set(store.local("begroting_realisatie").data["jaar"]) == {2024, 2025}
    nights = store.local("toeristenbelasting").data
    assert set(nights.loc[nights["status"] == "voorlopig", "jaar"]) == {2025}


def test_municipal_series_split_rijnwaarden_off_before_2018(store):
    lisa = store.local("lisa_banen").data
    assert set(lisa.loc[lisa["gemeente"] == "GM0196", "jaar"]) == {2015, 2016, 2017}
    for table_id in ("83582NED", "81575NED"):
        frame = cbs(store, table_id)
        # As in CBS's tables, the dissolved municipality stays in the table, with figures only before 2018.
        rijnwaarden = frame[(frame["RegioS"] == "GM0196") & frame["value"].notna()]
        assert set(rijnwaarden["Perioden"]) == {"2015JJ00", "2016JJ00", "2017JJ00"}
        for code in LIEMERS:
            assert len(set(frame.loc[frame["RegioS"] == code, "Perioden"])) == 11, (table_id, code)
    jobs = cbs(store, "83582NED")
    assert set(jobs["RegioS"]) == {*LIEMERS, "GM0196", "PV25", "NL01", "CR15", "CR14"}
    # Sections only, as in CBS's 83582NED: retail (47) comes from 83583NED for Nederland.
    assert set(jobs[f"{SBI_DIM}_code"]) == {"T001081", "I", "R", "H", "C", "F"}
    assert set(cbs(store, "83583NED")[f"{SBI_DIM}_code"]) == {"T001081", "I", "R", "47", "C"}
    productivity = cbs(store, "85925NED")
    assert set(productivity["RegioS"]) == {"NL01", "PV25", "CR15", "CR14"}


def test_budget_actuals_use_codes_of_the_budget_table(store):
    budget = load_plan().budget
    known = set(budget["line_id"]) | {a for ids in budget["activity_ids"] for a in ids}
    assert set(store.local("begroting_realisatie").data["activiteit"]) <= known


# --- magnitudes and intended outcomes ------------------------------------------------------------


def test_magnitudes_are_plausible(store):
    lisa = store.local("lisa_banen").data
    assert (lisa["banen"] % 10 == 0).all()  # LISA publishes tens
    total = lisa[lisa["jaar"] == 2023].groupby("gemeente")["banen"].sum()
    assert 55_000 <= total.sum() <= 60_000
    assert total.idxmax() == "GM0299" and total.idxmin() == "GM0221"
    share = lisa[lisa["jaar"] == 2023].groupby("sbi")["banen"].sum() / total.sum()
    assert 0.12 <= share["C"] <= 0.16 and 0.08 <= share["H"] <= 0.12
    jobs = cbs(store, "83582NED")
    assert 8_500 <= cbs_value(jobs, "NL01", 2023, "T001081") <= 9_500  # x 1 000
    assert jobs["value"].isna().sum() > 0  # suppressed small cells
    assert cbs_value(jobs, "GM0221", 2019, "R") != cbs_value(jobs, "GM0221", 2019, "R")  # NaN
    nights = cbs(store, "82059NED").query("measure == 'overnachtingen' and RegioS == 'NL01'").set_index("Perioden")["value"]
    assert nights["2020JJ00"] < 0.7 * nights["2019JJ00"] < nights["2022JJ00"]
    local_nights = store.local("toeristenbelasting").data.query("jaar == 2023").set_index("gemeente")["overnachtingen"]
    assert 300_000 <= local_nights.sum() <= 400_000 and local_nights.idxmax() == "GM1955"


def growth(series: pd.Series, start: int = 2023, end: int = 2025) -> float:
    return series[end] / series[start] - 1


def test_intended_kpi_outcomes_give_a_mixed_scorecard(store):
    visitors = store.local("website_bezoekers").data.groupby("jaar")["bezoekers"].sum()
    assert (1 + growth(visitors)) ** 0.5 - 1 >= 0.05  # vte-website: met

    nl = cbs(store, "83583NED").assign(jaar=lambda f: f["Perioden"].str[:4].astype(int))
    nl_jobs_c = cbs(store, "83582NED").query("RegioS == 'NL01'").assign(jaar=lambda f: f["Perioden"].str[:4].astype(int))
    nl_nights = cbs(store, "82059NED").query("measure == 'overnachtingen' and RegioS == 'NL01'")
    nl_nights = nl_nights.set_index(nl_nights["Perioden"].str[:4].astype(int))["value"]
    local_nights = store.local("toeristenbelasting").data.groupby("jaar")["overnachtingen"].sum()
    assert growth(local_nights) < growth(nl_nights)  # vte-overnachtingen: not met

    lisa = store.local("lisa_banen").data

    def jobs(codes, frame, code_col, value_col):
        return frame[frame[code_col].isin(codes)].groupby("jaar")[value_col].sum()

    vte = ["I", "R", "47"]
    assert growth(jobs(vte, lisa, "sbi", "banen")) > growth(jobs(vte, nl, f"{SBI_DIM}_code", "value"))  # met
    assert growth(jobs(["C"], lisa, "sbi", "banen")) > growth(jobs(["C"], nl_jobs_c, f"{SBI_DIM}_code", "value"))  # met

    def evenness(year):
        per_sector = lisa[(lisa["jaar"] == year) & lisa["sbi"].isin(vte)].groupby("sbi")["banen"].sum().to_numpy(float)
        p = per_sector / per_sector.sum()
        return -(p * np.log(p)).sum()

    assert evenness(2025) > evenness(2023)  # vte-diversificatie: met

    productivity = cbs(store, "85925NED")

    def labour_productivity(region, year):
        va = cbs_value(productivity, region, year, "C", "toegevoegde_waarde")
        return va / cbs_value(productivity, region, year, "C", "arbeidsvolume")

    nl_growth = labour_productivity("NL01", 2025) / labour_productivity("NL01", 2023)
    for region in ("PV25", "CR15", "CR14"):
        assert labour_productivity(region, 2025) / labour_productivity(region, 2023) < nl_growth  # not met

    students = store.local("techniekstudenten").data.groupby("jaar")["studenten"].sum()
    assert 0.03 <= growth(students) < 0.05  # maak-studenten (+5 %): not met

    tension = store.local("uwv_spanning").data.query("beroepsgroep == 'Technische beroepen'")
    for _, region in tension.groupby("uwv_regio"):
        change = growth(region.groupby("jaar")["spanningsindicator"].mean())
        assert -0.05 <= change <= -0.03  # maak-spanning (-3 %): met

    projects = store.local("projecten").data
    assert projects["soort"].value_counts().to_dict() == {"samenwerking": 4, "project": 2}  # 4 of 5, 2 of 3


# --- the generator protects what it did not make ---------------------------------------------------


def test_generator_refuses_a_directory_with_other_files(tmp_path, capsys):
    (tmp_path / "notities.txt").write_text("eigen aantekeningen\n", encoding="utf-8")
    with pytest.raises(ExampleDataError, match="niet door de voorbeeldgenerator"):
        write_example_data(tmp_path)
    assert main([str(tmp_path)]) == 1
    assert "niet door de voorbeeldgenerator" in capsys.readouterr().err
    assert [p.name for p in tmp_path.rglob("*")] == ["notities.txt"]


def test_generator_refuses_to_overwrite_a_real_delivery_saved_over_an_example_file(generated, tmp_path):
    target = tmp_path / "gegevens"
    write_example_data(target)
    real = b"gemeente;jaar;overnachtingen;status\nMontferland;2025;201.000;voorlopig\n"
    (target / "toeristenbelasting.csv").write_bytes(real)
    with pytest.raises(ExampleDataError, match="toeristenbelasting.csv"):
        write_example_data(target)
    assert (target / "toeristenbelasting.csv").read_bytes() == real


def test_generator_replaces_its_own_earlier_output_and_removes_what_it_no_longer_makes(generated, tmp_path):
    target = tmp_path / "gegevens"
    write_example_data(target)
    stale = target / "oude_bron.csv"
    stale.write_text("a;b\n1;2\n", encoding="utf-8")
    write_local_provenance(stale, Provenance(kind="example", source="LEV-monitor voorbeeldgegevens", name="oude_bron"))
    leftover = target / "cbs" / ".83582NED.abc123.tmp"
    leftover.write_bytes(b"")
    write_example_data(target)
    assert files_of(target) == files_of(generated)


def test_generator_refuses_a_file_as_target(tmp_path):
    target = tmp_path / "bestand"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ExampleDataError, match="geen map"):
        write_example_data(target)
