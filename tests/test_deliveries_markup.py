"""Issue 14, case 1: markup, links and formulas in deliveries are stopped at the source.

Codes and ids have a strict pattern in their definition and refuse anything else; free text
stays free text (the book escapes it), with a warning when a spreadsheet would run it as a
formula. The payloads are in tests/corpus/markup/payloads.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from levanalysis.definitions.local_sources import source_spec
from levanalysis.formatting import looks_like_formula, neutralise_formula
from levanalysis.paths import DATA_ROOT
from levanalysis.sources.local import validate_file

CORPUS = Path(__file__).parent / "corpus" / "markup"
PAYLOADS = (CORPUS / "payloads.txt").read_text(encoding="utf-8").splitlines()
# Payloads 5, 9 and 10 start with '=', '+' and '@': the ones a spreadsheet runs.
FORMULAS = [PAYLOADS[4], PAYLOADS[8], PAYLOADS[9]]


def test_the_corpus_has_the_ten_payloads_of_the_report():
    assert len(PAYLOADS) == 10
    assert "<script>alert(document.domain)</script>" in PAYLOADS
    assert '=HYPERLINK("http://evil.example")' in PAYLOADS


def test_every_payload_as_an_activity_code_is_refused_with_row_and_column():
    result = validate_file(CORPUS / "codes" / "begroting_realisatie.csv")
    rule = source_spec("begroting_realisatie").column("activiteit").pattern_text
    assert [(p.row, p.column, p.detail) for p in result.errors] == [
        (row, "activiteit", f"'{payload}' is geen geldige code: gebruik {rule}.")
        for row, payload in enumerate(PAYLOADS, start=2)
    ]
    assert result.data is None


def test_every_payload_as_a_project_id_is_refused():
    result = validate_file(CORPUS / "codes" / "projecten.csv")
    assert [(p.row, p.column) for p in result.errors] == [(row, "id") for row in range(2, 12)]
    assert all("is geen geldige code" in p.detail for p in result.errors)


def test_the_refusal_reads_as_dutch_with_file_row_and_column():
    result = validate_file(CORPUS / "codes" / "begroting_realisatie.csv")
    assert result.errors[0].message == (
        "Bestand begroting_realisatie.csv, rij 2, kolom 'activiteit': "
        "'<script>alert(document.domain)</script>' is geen geldige code: gebruik alleen letters (a-z), "
        "cijfers, '-', '_' en '.', beginnend met een letter of cijfer, hoogstens 40 tekens (bijvoorbeeld vte-1)."
    )


def test_free_text_keeps_markup_as_delivered():
    result = validate_file(CORPUS / "text" / "projecten.csv")
    assert result.errors == []
    assert result.data["naam"].tolist() == PAYLOADS
    assert result.data["bron"].tolist() == PAYLOADS


def test_free_text_that_looks_like_a_formula_gets_a_warning_per_cell():
    result = validate_file(CORPUS / "text" / "projecten.csv")
    # Rows 6, 10 and 11 hold payloads 5, 9 and 10; both 'naam' and 'bron' carry them.
    assert [(p.row, p.column, p.value) for p in result.warnings] == [
        (row, column, payload)
        for row, payload in [(6, FORMULAS[0]), (10, FORMULAS[1]), (11, FORMULAS[2])]
        for column in ("naam", "bron")
    ]
    assert "lijkt op een spreadsheetformule" in result.warnings[0].detail


def test_a_code_that_only_lacks_spaces_removed_keeps_the_spaces_message(tmp_path):
    # 'VTE 1' is a good code but for the space; '<b> x' is no code with or without spaces.
    path = tmp_path / "begroting_realisatie.csv"
    path.write_text("jaar;activiteit;bedrag_eur\n2024;VTE 1;10\n2024;<b> x;10\n", encoding="utf-8")
    first, second = validate_file(path).errors
    assert first.detail == "'VTE 1' is geen geldige code: een code bevat geen spaties."
    assert second.detail.startswith("'<b> x' is geen geldige code: gebruik alleen letters (a-z)")


def test_plan_activity_and_line_ids_fit_the_code_pattern():
    pattern = source_spec("begroting_realisatie").column("activiteit").pattern
    plan = DATA_ROOT / "plan"
    ids = set(pd.read_csv(plan / "begroting.csv")["line_id"])
    for path in plan.glob("*.yaml"):
        text = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids |= {a["id"] for a in (text.get("activities") or []) if isinstance(a, dict) and "id" in a}
    ids |= set(pd.read_csv(DATA_ROOT / "example" / "begroting_realisatie.csv", sep=";")["activiteit"])
    assert {"vte-1", "maak-2", "log-4", "la-organisatie", "vte-communicatie"} <= ids
    assert [i for i in ids if not re.fullmatch(pattern, str(i).casefold())] == []


def test_example_project_ids_fit_the_id_pattern():
    pattern = source_spec("projecten").column("id").pattern
    ids = pd.read_csv(DATA_ROOT / "example" / "projecten.csv", sep=";", encoding="utf-8-sig")["id"]
    assert len(ids) > 0
    assert [i for i in ids if not re.fullmatch(pattern, i.casefold())] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        ("\tx", "'\tx"),
        ("-5", "-5"),
        ("+31 26 123 45 67", "+31 26 123 45 67"),
        ("-", "-"),
        ("Werkplaats", "Werkplaats"),
        ("vte-1", "vte-1"),
        (12.5, 12.5),
        (None, None),
    ],
)
def test_neutralise_formula_for_downloads(value, expected):
    assert neutralise_formula(value) == expected


def test_only_text_is_ever_a_formula():
    assert not looks_like_formula(-5) and not looks_like_formula(None)


def test_control_characters_in_free_text_are_removed_with_a_warning(tmp_path):
    path = tmp_path / "projecten.csv"
    path.write_text(
        "id;naam;jaar;soort;gemeente;partnersectoren;maatschappelijke_opgave;bron\n"
        "p-1;\x1b[31mrood\x1b[0m;2024;project;Duiven;maakindustrie;geen;\u202everslag\n",
        encoding="utf-8",
    )
    result = validate_file(path)
    assert result.errors == []
    assert result.data[["naam", "bron"]].values.tolist() == [["[31mrood[0m", "verslag"]]
    assert [(p.row, p.column, p.detail) for p in result.warnings] == [
        (2, "naam", "de tekst bevat onzichtbare stuurtekens (\\x1b); die zijn weggelaten."),
        (2, "bron", "de tekst bevat onzichtbare stuurtekens (\\u202e); die zijn weggelaten."),
    ]
