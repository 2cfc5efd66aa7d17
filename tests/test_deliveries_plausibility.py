"""Issue 14, case 5: plausibility instead of silent guesses.

An ambiguous '2.325' is decided by the column's definition (a spanningsindicator is never
above its max_value, so it cannot be 2325), or refused with a message; a delivery with only
column headers gives no data ('geen'), not an empty table that counts as real data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from levanalysis.cli import main
from levanalysis.definitions.local_sources import source_spec
from levanalysis.sources.local import load_source, validate_file
from levanalysis.sources.local.cells import number_evidence
from levanalysis.sources.store import DataStore

CORPUS = Path(__file__).parent / "corpus"


def test_the_spanningsindicator_has_a_plausible_maximum():
    assert source_spec("uwv_spanning").column("spanningsindicator").max_value == 100


def test_three_decimals_in_a_semicolon_file_are_decimals_for_a_spanningsindicator():
    frame = load_source(CORPUS / "decimals" / "three_decimals" / "uwv_spanning.csv", "uwv_spanning")
    assert frame["spanningsindicator"].tolist() == [2.325, 1.875]
    # A count cannot be fractional, so '1.234' there stays 1234.
    assert frame["vacatures"].tolist() == [1234, 470]


def test_an_ambiguous_value_that_contradicts_the_file_is_refused_with_a_message():
    # '2,35' proves a decimal comma; '1.500' read that way is 1500, above the maximum.
    (problem,) = validate_file(CORPUS / "decimals" / "mixed" / "uwv_spanning.csv").errors
    assert problem.message == (
        "Bestand uwv_spanning.csv, rij 3, kolom 'spanningsindicator': '1.500' is gelezen als 1500, maar een "
        "spanningsindicator is nooit groter dan 100. Is de punt hier een decimaalteken? Gebruik in het hele "
        "bestand één schrijfwijze voor decimalen (overal een komma of overal een punt)."
    )


def test_an_implausible_number_from_excel_is_refused(tmp_path):
    path = tmp_path / "uwv_spanning.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["uwv_regio", "jaar", "kwartaal", "beroepsgroep", "spanningsindicator"])
    wb.active.append(["Achterhoek", 2024, 1, "Techniek", 250])
    wb.save(path)
    (problem,) = validate_file(path).errors
    assert (problem.row, problem.column) == (2, "spanningsindicator")
    assert problem.detail == "250 is niet aannemelijk: een spanningsindicator is nooit groter dan 100."


def test_the_maximum_decides_only_values_whose_thousands_reading_is_impossible():
    assert number_evidence("2.325", max_value=100) == "."
    assert number_evidence("2,325", max_value=100) == ","
    assert number_evidence("2.325", max_value=None) is None
    assert number_evidence("2.325", max_value=5000) is None  # 2325 would be plausible there


def test_a_header_only_delivery_is_absent_in_the_store_but_recorded_as_read(tmp_path):
    shutil.copy(CORPUS / "header_only" / "projecten.csv", tmp_path)
    store = DataStore(tmp_path)
    assert store.local("projecten") is None
    assert list(store.read_files) == [str(tmp_path / "projecten.csv")]


def test_a_header_only_delivery_gives_data_kind_geen_in_the_scorecard(tmp_path, capsys):
    shutil.copy(CORPUS / "header_only" / "projecten.csv", tmp_path)
    assert main(["scorecard", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    results = {r["kpi"]: r for r in json.loads(capsys.readouterr().out)}
    for kpi in ("maak-projecten", "maak-samenwerkingen"):
        assert results[kpi]["gegevens"] == "geen"
        assert results[kpi]["status"] == "geen data"


def test_a_header_only_delivery_is_still_a_warning_in_validate():
    result = validate_file(CORPUS / "header_only" / "projecten.csv")
    assert result.errors == []
    assert [p.detail for p in result.warnings] == ["het bestand bevat alleen kolomkoppen en geen gegevens."]
