"""Issue 14, case 4: one lookup of delivery files for validate, the store (scorecard, build)
and the templates; entries named like a delivery that are no file are errors everywhere."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from levanalysis.cli import main
from levanalysis.sources.local import ValidationError, render_report, validate_directory
from levanalysis.sources.store import DataStore

CORPUS = Path(__file__).parent / "corpus"
NOT_A_FILE = {
    "directory": "Dit is een map, geen bestand.",
    "dangling link": (
        "Dit is een snelkoppeling (symbolische link) naar 'nergens.csv', maar dat bestand bestaat niet. "
        "Zet het bestand zelf in de map."
    ),
    "link loop": (
        "Dit is een snelkoppeling (symbolische link) die in een kring naar zichzelf terugverwijst; "
        "er is geen bestand om te lezen. Zet het bestand zelf in de map."
    ),
    "pipe": "Dit is geen gewoon bestand (maar bijvoorbeeld een pipe of een apparaat) en wordt niet gelezen.",
}


def make_entry(directory: Path, kind: str) -> Path:
    path = directory / "lisa_banen.csv"
    if kind == "directory":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to("nergens.csv")
    elif kind == "link loop":
        path.symlink_to(path.name)
    else:
        os.mkfifo(path)  # reading it would block forever
    return path


def test_a_delivery_named_in_another_case_is_used_by_the_scorecard(tmp_path, capsys):
    shutil.copy(CORPUS / "case" / "Toeristenbelasting.csv", tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    assert "toeristenbelasting (Toeristenbelasting.csv): in orde, 5 rijen gegevens." in capsys.readouterr().out
    assert main(["scorecard", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    (nights,) = [r for r in json.loads(capsys.readouterr().out) if r["kpi"] == "vte-overnachtingen"]
    # 100 + 200 + 300 + 400 + 500 nights in 2023, the base year, for the five municipalities.
    assert (nights["basisjaar"], nights["basiswaarde"]) == (2023, 1500)
    assert "Overnachtingen uit de toeristenbelasting (lokale levering" in nights["herkomst"]


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
def test_an_entry_named_like_a_delivery_that_is_no_file_is_an_error_in_validate(tmp_path, kind):
    make_entry(tmp_path, kind)
    report = validate_directory(tmp_path)
    assert not report.ok and "lisa_banen" not in report.absent
    (problem,) = report.sources["lisa_banen"].problems
    assert problem.message == f"Bestand lisa_banen.csv: {NOT_A_FILE[kind]}"


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
def test_an_entry_named_like_a_delivery_that_is_no_file_stops_the_store_with_the_same_message(tmp_path, kind):
    make_entry(tmp_path, kind)
    store = DataStore(tmp_path)
    with pytest.raises(ValidationError) as info:
        store.local("lisa_banen")
    assert str(info.value) == f"Bestand lisa_banen.csv: {NOT_A_FILE[kind]}"
    assert "lisa_banen" not in store.available()


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
def test_validate_exits_1_for_an_entry_that_is_no_file(tmp_path, kind, capsys):
    make_entry(tmp_path, kind)
    assert main(["validate", str(tmp_path)]) == 1
    assert f"FOUT: Bestand lisa_banen.csv: {NOT_A_FILE[kind]}" in capsys.readouterr().out


@pytest.mark.parametrize("kind", list(NOT_A_FILE))
def test_templates_leave_an_entry_that_is_no_file_alone(tmp_path, kind):
    from levanalysis.sources.local import write_templates

    path = make_entry(tmp_path, kind)
    result = write_templates(tmp_path, ["lisa_banen"])
    assert result.written == [] and result.skipped == [path]
    assert not (tmp_path / "lisa_banen.xlsx").exists()


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = os.fsdecode(b"notities\xff.csv")
    (tmp_path / name).write_text("x", encoding="utf-8")
    text = render_report(validate_directory(tmp_path))
    assert "  notities\\xff.csv\n" in text
    text.encode("utf-8")  # printable on a UTF-8 terminal: no lone surrogates left


def test_a_delivery_whose_name_is_not_utf8_names_itself_escaped(tmp_path):
    directory = tmp_path / os.fsdecode(b"map\xe9")
    directory.mkdir()
    (directory / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nArnhem;2024;47;10\n", encoding="utf-8")
    text = render_report(validate_directory(directory))
    assert text.splitlines()[0] == f"Controle van lokale bronnen in {tmp_path}/map\\xe9"
