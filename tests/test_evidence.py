"""The evidence register: its validation (dates, references, personal data), citations across
files, and the annex and recommendation pages. Expected values are worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from levanalysis.book.evidence import evidence_entries, recommendation_entries
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.plan_extras import load_previous_period
from levanalysis.sources.local import validate_directory, validate_file
from levanalysis.sources.local.personal import (
    name_like_run,
    personal_data_finding,
    privacy_rules,
)

HEADER = "id;soort;datum;organisatie;rol;samenvatting;betreft\n"
GOOD = "b-1;document;15-01-2025;Liemerse Ambassade;programmamanager;Jaarverslag 2024.;vte-1\n"
WORK_HEADER = "activiteit;jaar;uitgevoerd;bron;bewijs\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def errors(result):
    return [p for p in result.problems if p.level == "error"]


# --- personal data: the heuristic ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["Jan Jansen", "Jan de Vries", "Bakkerij Jansen"])
def test_two_unknown_capitalised_words_in_rol_look_like_a_name(text):
    assert personal_data_finding("rol", text) is not None


@pytest.mark.parametrize("text", ["Liemers College", "Candea College", "Techniekcampus De Liemers",
                                  "Stichting Logistics Valley", "gemeente Zevenaar", "VNO-NCW Midden"])
def test_organisations_with_known_words_pass(text):
    assert personal_data_finding("organisatie", text) is None


def test_capitalised_words_outside_the_name_columns_are_not_judged_as_names():
    # 'Jan Jansen' in a summary is only caught by the stricter patterns (initials, address forms).
    assert personal_data_finding("samenvatting", "Gesprek bij Bakkerij Jansen") is None


@pytest.mark.parametrize("text, found", [
    ("mail info@voorbeeld.nl", "info@voorbeeld.nl"),
    ("bel 06-12345678", "06-12345678"),
    ("gesprek met J.P. de Vries", "J.P. de Vries"),
    ("volgens dhr. Pietersen", "dhr. Pietersen"),
])
def test_email_phone_initials_and_address_forms_are_found_in_any_text(text, found):
    assert f"'{found}'" in personal_data_finding("samenvatting", text)


def test_a_large_amount_is_not_a_telephone_number():
    assert personal_data_finding("samenvatting", "Het budget was € 12.345.678 in 2024") is None


def test_the_run_names_the_words_that_look_like_a_name():
    assert name_like_run("Wethouder Piet Pietersen", privacy_rules().known_words) == "Piet Pietersen"


# --- the register as a delivery ----------------------------------------------------------------


def test_a_personal_name_in_rol_is_refused_with_file_row_and_column(tmp_path):
    path = write(tmp_path / "bewijs.csv", HEADER + GOOD.replace("programmamanager", "Jan Jansen"))
    (problem,) = errors(validate_file(path))
    assert (problem.row, problem.column) == (2, "rol")
    assert "persoonsnaam" in problem.detail and "openbaar" in problem.detail


def test_an_email_in_the_summary_is_refused(tmp_path):
    path = write(tmp_path / "bewijs.csv", HEADER + GOOD.replace("Jaarverslag 2024.", "zie a@b.nl"))
    (problem,) = errors(validate_file(path))
    assert problem.column == "samenvatting"


def test_an_impossible_date_is_refused(tmp_path):
    path = write(tmp_path / "bewijs.csv", HEADER + GOOD.replace("15-01-2025", "31-02-2025"))
    (problem,) = errors(validate_file(path))
    assert problem.column == "datum"


def test_betreft_must_name_plan_ids(tmp_path):
    path = write(tmp_path / "bewijs.csv", HEADER + GOOD.replace(";vte-1\n", ";vte-1, vte-9\n"))
    (problem,) = errors(validate_file(path))
    assert problem.column == "betreft" and "vte-9" in problem.detail


# --- citations across files --------------------------------------------------------------------


def test_citing_an_unknown_evidence_id_is_an_error_in_the_citing_file(tmp_path):
    write(tmp_path / "bewijs.csv", HEADER + GOOD)
    write(tmp_path / "uitvoering.csv", WORK_HEADER + "vte-1;2024;ja;jaarverslag;b-1\nvte-2;2024;ja;jaarverslag;b-1, b-7\n")
    report = validate_directory(tmp_path)
    (problem,) = report.sources["uitvoering"].errors
    assert (problem.file, problem.row, problem.column) == ("uitvoering.csv", 3, "bewijs")
    assert "b-7" in problem.detail and "b-1," not in problem.detail


def test_an_unknown_id_cited_on_several_rows_is_one_error_naming_the_rows(tmp_path):
    write(tmp_path / "bewijs.csv", HEADER + GOOD)
    write(tmp_path / "uitvoering.csv", WORK_HEADER + "vte-1;2024;ja;verslag;b-9\nvte-2;2024;ja;verslag;b-9\n"
                                                     "vte-3;2024;ja;verslag;b-9\n")
    (problem,) = validate_directory(tmp_path).sources["uitvoering"].errors
    assert problem.row == 2
    assert problem.detail == "bewijs b-9 staat niet in het bewijsregister (bewijs.csv) (ook in rijen 3, 4)."


def test_citations_are_not_judged_while_the_register_has_errors(tmp_path):
    write(tmp_path / "bewijs.csv", HEADER + GOOD.replace("15-01-2025", "geen datum"))
    write(tmp_path / "uitvoering.csv", WORK_HEADER + "vte-1;2024;ja;verslag;b-9\n")
    result = validate_directory(tmp_path).sources["uitvoering"]
    assert result.errors == []
    assert "niet gecontroleerd" in result.warnings[0].detail


def test_citing_evidence_without_a_register_is_an_error(tmp_path):
    write(tmp_path / "uitvoering.csv", WORK_HEADER + "vte-1;2024;ja;jaarverslag;b-1\n")
    (problem,) = validate_directory(tmp_path).sources["uitvoering"].errors
    assert "geen bewijsregister" in problem.detail


def test_known_citations_leave_the_directory_valid(tmp_path):
    write(tmp_path / "bewijs.csv", HEADER + GOOD)
    write(tmp_path / "uitvoering.csv", WORK_HEADER + "vte-1;2024;ja;jaarverslag;b-1\n")
    assert validate_directory(tmp_path).ok


# --- the annex and the recommendations -----------------------------------------------------------


def register_frame():
    return pd.DataFrame({"id": ["b-2", "b-1"], "soort": ["interview", "document"], "datum": ["2025-01-02", "15-01-2025"],
                         "organisatie": ["gemeente Duiven", "Liemerse Ambassade"], "rol": ["wethouder", "directeur"],
                         "samenvatting": ["x", "y"], "betreft": [["a6"], ["vte-1"]]})


def test_annex_entries_are_sorted_by_id_with_an_anchor_and_named_references():
    entries = evidence_entries(register_frame(), {"b-1": ["uitvoering vte-1 2024"]})
    assert [e["anchor"] for e in entries] == ["bewijs-b-1", "bewijs-b-2"]
    assert entries[0]["concerns"] == ["vte-1 (activiteit)"]
    assert entries[0]["cited_by"] == ["uitvoering vte-1 2024"] and entries[1]["cited_by"] == []


def test_a_recommendation_without_assessment_is_not_yet_assessed():
    entries = recommendation_entries(load_previous_period(), load_plan(), None)
    assert len(entries) == 6
    assert all(e["assessment"] is None for e in entries)


def test_the_latest_assessment_of_a_recommendation_counts_and_earlier_ones_are_listed():
    assessments = pd.DataFrame({"aanbeveling": ["a2", "a2"], "jaar": [2026, 2025],
                                "oordeel": ["opgevolgd", "deels opgevolgd"], "toelichting": ["later", "eerder"],
                                "bewijs": [["b-1"], None]})
    a2 = recommendation_entries(load_previous_period(), load_plan(), assessments, {"b-1"})[1]
    assert (a2["assessment"]["verdict"], a2["assessment"]["year"]) == ("opgevolgd", 2026)
    assert a2["assessment"]["earlier"] == ["2025: deels opgevolgd"]
    assert a2["assessment"]["evidence"] == [{"id": "b-1", "href": "bewijs.html#bewijs-b-1"}]
