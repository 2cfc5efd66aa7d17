"""Issue 14, case 6: accept what people send. Dutch Excel's 'CSV (gescheiden door
lijstscheidingsteken)' is Windows-1252: it is read, with a warning that says so."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levanalysis.sources.local import validate_file
from levanalysis.sources.local.reading import CP1252_NOTE

CORPUS = Path(__file__).parent / "corpus"


def test_the_corpus_file_is_windows_1252_and_not_utf8():
    data = (CORPUS / "cp1252" / "projecten.csv").read_bytes()
    assert b"Caf\xe9" in data and b"\x80" in data  # é and € in Windows-1252


def test_a_windows_1252_csv_is_read_with_its_accents_and_euro_sign():
    result = validate_file(CORPUS / "cp1252" / "projecten.csv")
    assert result.errors == []
    assert result.data["naam"].tolist() == ["Café De Gelderse Poort"]
    assert result.data["bron"].tolist() == ["verslag € 1.200"]


def test_a_windows_1252_csv_gets_one_file_level_warning_that_says_so():
    (warning,) = validate_file(CORPUS / "cp1252" / "projecten.csv").warnings
    assert (warning.row, warning.column) == (None, None)
    assert warning.detail == CP1252_NOTE
    assert "Windows-1252" in warning.detail and "CSV UTF-8" in warning.detail


def test_a_utf16_csv_with_bom_is_read_without_warning():
    result = validate_file(CORPUS / "utf16" / "lisa_banen.csv")
    assert result.problems == []
    assert result.data["banen"].tolist() == [1230]


def test_utf8_stays_the_first_choice(tmp_path):
    # 'Ã©' is what é in UTF-8 looks like when read as Windows-1252: UTF-8 must win.
    path = tmp_path / "projecten.csv"
    path.write_bytes((CORPUS / "cp1252" / "projecten.csv").read_bytes().decode("cp1252").encode("utf-8"))
    result = validate_file(path)
    assert result.problems == []
    assert result.data["naam"].tolist() == ["Café De Gelderse Poort"]


def test_bytes_with_control_characters_are_not_guessed_as_windows_1252(tmp_path):
    path = tmp_path / "projecten.csv"
    path.write_bytes(b"id;naam\nx;Caf\xe9\x01\n")
    (problem,) = validate_file(path).problems
    assert problem.is_error
    assert problem.detail.startswith("Het bestand is niet in UTF-8 (of Windows-1252) opgeslagen")


def test_a_file_partly_utf8_and_partly_windows_1252_is_refused_not_garbled(tmp_path):
    # A UTF-8 file with one row added in a Windows-1252 program: reading all of it as
    # Windows-1252 would turn the UTF-8 'é' into 'Ã©' without anyone noticing.
    path = tmp_path / "projecten.csv"
    path.write_bytes("id;naam\np-1;Café\n".encode("utf-8") + "p-2;Caféé\n".encode("cp1252"))
    (problem,) = validate_file(path).problems
    assert problem.is_error
    assert problem.detail.startswith("Het bestand is voor een deel in UTF-8 en voor een deel in een andere tekenset")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"lisa_banen{suffix}"
    path.write_bytes(b"gemeente;jaar;sbi;banen\n" + data if suffix == ".csv" else data)
    result = validate_file(path)
    assert (result.data is None) == bool(result.errors)
