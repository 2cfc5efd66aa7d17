"""Local sources: one test per validation rule, each with a small file written to tmp_path.

Row numbers are spreadsheet rows (header = row 1). Expected values are worked out by hand.
"""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levanalysis.definitions.local_sources import (
    DEFINITIONS_YAML,
    columns_frame,
    load_definitions,
    source_names,
)
from levanalysis.sources.local import (
    SourceNotFound,
    ValidationError,
    build_schema,
    load_source,
    render_report,
    validate_directory,
    validate_file,
    write_templates,
)

SOURCES = [
    "lisa_banen",
    "toeristenbelasting",
    "website_bezoekers",
    "techniekstudenten",
    "uwv_spanning",
    "projecten",
    "begroting_realisatie",
    "uitvoering",
    "bewijs",
    "opvolging_aanbevelingen",
    "oordelen",
]


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows, sheet="Blad1", extra_sheets=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for title in extra_sheets:  # sheets before the one with the data
        ws.title = title
        ws.append(["niet dit blad"])
        ws = wb.create_sheet()
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def errors(result):
    return [p for p in result.problems if p.level == "error"]


def warnings(result):
    return [p for p in result.problems if p.level == "warning"]


# --- definitions ------------------------------------------------------------------------


def test_all_sources_are_defined():
    assert list(source_names()) == SOURCES


def test_definitions_drive_schema_columns():
    defs = load_definitions()
    for name in SOURCES:
        schema = build_schema(name)
        assert list(schema.columns) == [c.name for c in defs.sources[name].columns]


def test_a_flow_style_comma_in_the_yaml_is_refused(tmp_path):
    # An unquoted comma in a flow mapping silently creates a new key and truncates the text.
    text = DEFINITIONS_YAML.read_text(encoding="utf-8").replace(
        "      - name: naam\n        type: text\n        required: true\n",
        "      - {name: extra, type: text, required: true, description: Eigen, unieke code}\n"
        "      - name: naam\n        type: text\n        required: true\n",
    )
    path = tmp_path / "local_sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="unknown field"):
        load_definitions(path)


# --- rules, one at a time ----------------------------------------------------------------


def test_missing_column_gives_one_problem_naming_it(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi\nZevenaar;2024;47\nDuiven;2024;47\n")
    res = validate_file(path)
    assert [p.message for p in errors(res)] == [
        "Bestand lisa_banen.csv, rij 1: verplichte kolom 'banen' ontbreekt."
    ]


def test_missing_optional_column_is_fine_and_comes_back_empty(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio;jaar;kwartaal;beroepsgroep;spanningsindicator\nAchterhoek;2024;1;ICT;1,8\n",
    )
    df = load_source(path, "uwv_spanning")
    assert df["vacatures"].isna().all() and str(df["vacatures"].dtype) == "Int64"


def test_bad_municipality_message_names_file_row_and_column(tmp_path):
    lines = ["gemeente;jaar;sbi;banen"] + [f"Zevenaar;{2016 + i};47;10" for i in range(5)] + ["Arnhem;2024;47;10"]
    path = write(tmp_path, "lisa_banen.csv", "\n".join(lines) + "\n")
    (p,) = errors(validate_file(path))
    assert p.message == (
        "Bestand lisa_banen.csv, rij 7, kolom 'gemeente': 'Arnhem' is geen Liemerse gemeente. "
        "Toegestaan: Zevenaar, Doesburg, Duiven, Westervoort, Montferland."
    )
    assert (p.file, p.row, p.column, p.value) == ("lisa_banen.csv", 7, "gemeente", "Arnhem")


def test_municipalities_are_tolerant_and_mapped_to_codes(tmp_path):
    path = write(
        tmp_path, "toeristenbelasting.csv",
        "gemeente;jaar;overnachtingen;status\n  zevenaar ;2024;100;definitief\nGM 0221;2024;50;Voorlopig\n"
        "MONTFERLAND;2024;70;DEFINITIEF\n1955;2023;60;definitief\n",
    )
    df = load_source(path, "toeristenbelasting")
    assert df["gemeente"].tolist() == ["GM0299", "GM0221", "GM1955", "GM1955"]
    assert df["status"].tolist() == ["definitief", "voorlopig", "definitief", "definitief"]


def test_rijnwaarden_only_before_the_merger(tmp_path):
    path = write(
        tmp_path, "lisa_banen.csv",
        "gemeente;jaar;sbi;banen\nRijnwaarden;2017;47;80\nRijnwaarden;2018;47;90\n",
    )
    res = validate_file(path)
    (p,) = errors(res)
    assert (p.row, p.column) == (3, "gemeente")
    assert "Rijnwaarden bestaat sinds 2018 niet meer" in p.detail
    ok = write(tmp_path, "ok.csv", "gemeente;jaar;sbi;banen\nRijnwaarden;2017;47;80\n")
    assert load_source(ok, "lisa_banen")["gemeente"].tolist() == ["GM0196"]


def test_year_out_of_range(tmp_path):
    path = write(
        tmp_path, "toeristenbelasting.csv",
        "gemeente;jaar;overnachtingen;status\nZevenaar;2014;1;definitief\nDuiven;2015;1;definitief\n"
        "Doesburg;2030;1;voorlopig\nMontferland;2031;1;voorlopig\n",
    )
    res = validate_file(path)
    assert [(p.row, p.column, p.detail) for p in errors(res)] == [
        (2, "jaar", "2014 ligt buiten de toegestane jaren 2015-2030."),
        (5, "jaar", "2031 ligt buiten de toegestane jaren 2015-2030."),
    ]


def test_year_range_is_configurable(tmp_path):
    path = write(
        tmp_path, "toeristenbelasting.csv",
        "gemeente;jaar;overnachtingen;status\nZevenaar;2014;1;definitief\nDuiven;2031;1;definitief\n",
    )
    assert not errors(validate_file(path, year_range=(2010, 2040)))
    res = validate_file(path, year_range=(2020, 2025))
    assert [p.row for p in errors(res)] == [2, 3]
    assert "2020-2025" in errors(res)[0].detail


def test_year_must_be_a_year(tmp_path):
    path = write(tmp_path, "begroting_realisatie.csv", "jaar;activiteit;bedrag_eur\n24;vte-1;10\n")
    (p,) = errors(validate_file(path))
    assert (p.row, p.column, p.value) == (2, "jaar", "24")
    assert "geen jaartal" in p.detail


def test_negative_count(tmp_path):
    path = write(
        tmp_path, "website_bezoekers.csv",
        "jaar;maand;bezoekers\n2024;1;100\n2024;2;-5\n",
    )
    (p,) = errors(validate_file(path))
    assert p.message == "Bestand website_bezoekers.csv, rij 3, kolom 'bezoekers': -5 is negatief; deze waarde moet 0 of meer zijn."


def test_negative_amount_and_indicator(tmp_path):
    path = write(tmp_path, "begroting_realisatie.csv", "jaar;activiteit;bedrag_eur\n2024;vte-1;-12,50\n")
    (p,) = errors(validate_file(path))
    assert (p.row, p.column) == (2, "bedrag_eur") and "negatief" in p.detail


def test_count_must_be_whole(tmp_path):
    path = write(tmp_path, "website_bezoekers.csv", "jaar;maand;bezoekers\n2024;1;100,5\n2024;2;abc\n")
    res = validate_file(path)
    assert [(p.row, p.column) for p in errors(res)] == [(2, "bezoekers"), (3, "bezoekers")]
    assert all("geen geheel getal" in p.detail for p in errors(res))


def test_duplicate_key_names_both_rows(tmp_path):
    path = write(
        tmp_path, "lisa_banen.csv",
        "gemeente;jaar;sbi;banen\nZevenaar;2024;47;100\nDuiven;2024;47;50\nGM0299;2024;47;110\n",
    )
    (p,) = errors(validate_file(path))
    assert p.row == 4
    assert p.message == (
        "Bestand lisa_banen.csv, rij 4: dubbele rij: dezelfde gemeente, jaar en sbi "
        "(Zevenaar, 2024, 47) staat ook in rij 2."
    )


def test_duplicate_with_empty_optional_key_column(tmp_path):
    # Two year totals for 2023 (maand empty) are duplicates too.
    path = write(tmp_path, "website_bezoekers.csv", "jaar;maand;bezoekers\n2023;;1000\n2024;;1200\n2023;;1100\n")
    (p,) = errors(validate_file(path))
    assert p.row == 4 and "rij 2" in p.detail


def test_unreadable_key_values_are_not_reported_as_duplicates(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nArnhem;2024;47;10\nNijmegen;2024;47;10\n")
    res = validate_file(path)
    assert [p.row for p in errors(res)] == [2, 3]
    assert not any("dubbele" in p.detail for p in res.problems)


def test_dutch_decimals_and_thousands_are_parsed(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio;jaar;kwartaal;beroepsgroep;spanningsindicator;vacatures;ww_kort\n"
        "Midden-Gelderland;2024;1;Techniek;2,35;1.234;525\n"
        "Achterhoek;2024;1;Techniek;0,5;12;24\n",
    )
    df = load_source(path, "uwv_spanning")
    assert df["spanningsindicator"].tolist() == [2.35, 0.5]
    assert df["vacatures"].tolist() == [1234, 12]


def test_validate_refuses_two_groups_that_look_like_techniek(tmp_path):
    # build and scorecard could not choose between them, so validate must refuse the file.
    write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio;jaar;kwartaal;beroepsgroep;spanningsindicator\n"
        "Achterhoek;2024;1;Zorg;1,0\n"
        "Achterhoek;2024;1;Techniek;1,0\n"
        "Achterhoek;2024;1;Technische beroepen;1,2\n",
    )
    report = validate_directory(tmp_path)
    (problem,) = report.sources["uwv_spanning"].errors
    assert (problem.file, problem.row, problem.column) == ("uwv_spanning.csv", 3, "beroepsgroep")
    assert "Techniek, Technische beroepen" in problem.detail and "rijen 3, 4" in problem.detail
    assert not report.ok


def test_english_decimals_are_parsed(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio,jaar,kwartaal,beroepsgroep,spanningsindicator,vacatures\n"
        "Midden-Gelderland,2024,1,Techniek,2.35,1234\nAchterhoek,2024,2,Techniek,1.5,\n",
    )
    df = load_source(path, "uwv_spanning")
    assert df["spanningsindicator"].tolist() == [2.35, 1.5]
    assert df["vacatures"].iloc[0] == 1234 and pd.isna(df["vacatures"].iloc[1])


def test_euro_amounts_with_sign_and_thousands(tmp_path):
    path = write(
        tmp_path, "begroting_realisatie.csv",
        "jaar;activiteit;bedrag_eur\n2024;VTE-1;€ 12.500,50\n2024;vte-2;1.000.000\n2024;lo-3;99,9\n",
    )
    df = load_source(path, "begroting_realisatie")
    assert df["bedrag_eur"].tolist() == [12500.5, 1000000.0, 99.9]
    assert df["activiteit"].tolist() == ["vte-1", "vte-2", "lo-3"]


def test_mixed_decimal_conventions_flag_the_odd_one_out(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio;jaar;kwartaal;beroepsgroep;spanningsindicator\n"
        "Achterhoek;2024;1;A;2,35\nAchterhoek;2024;2;A;1,25\nAchterhoek;2024;3;A;1.5\n",
    )
    (p,) = errors(validate_file(path))
    assert (p.row, p.column, p.value) == (4, "spanningsindicator", "1.5")
    assert "komma als decimaalteken" in p.detail


def test_semicolon_and_comma_separators_give_the_same_frame(tmp_path):
    a = write(tmp_path, "a.csv", "gemeente;jaar;sbi;banen\nZevenaar;2023;C;1230\nDuiven;2023;H;2450\n")
    b = write(tmp_path, "b.csv", "gemeente,jaar,sbi,banen\nZevenaar,2023,C,1230\nDuiven,2023,H,2450\n")
    da, db = load_source(a, "lisa_banen"), load_source(b, "lisa_banen")
    pd.testing.assert_frame_equal(da, db)
    assert da["banen"].tolist() == [1230, 2450]


def test_decimal_comma_in_a_comma_separated_file(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio,jaar,kwartaal,beroepsgroep,spanningsindicator\nAchterhoek,2024,1,ICT,2,35\n"
        'Achterhoek,2024,2,ICT,"2,5"\n',
    )
    res = validate_file(path)
    (p,) = errors(res)
    assert p.row == 2 and "meer waarden" in p.detail and "scheidingsteken" in p.detail


def test_wrong_separator_is_one_problem(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente\tjaar\tsbi\tbanen\nZevenaar\t2024\t47\t10\n")
    (p,) = errors(validate_file(path))
    assert p.row is None and "scheidingsteken" in p.detail


def test_header_case_and_spacing_do_not_matter(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", " Gemeente ;JAAR;Sbi;Banen \nZevenaar;2024;47;10\n")
    assert len(load_source(path, "lisa_banen")) == 1


def test_unknown_column_is_a_warning_with_a_hint(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen;gemeent\nZevenaar;2024;47;10;x\n")
    res = validate_file(path)
    assert not errors(res)
    (w,) = warnings(res)
    assert "onbekende kolom 'gemeent'" in w.detail and "Bedoelt u 'gemeente'" in w.detail


def test_blank_lines_count_as_rows(tmp_path):
    # Excel shows a blank line as an empty row, so the row number must include it.
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nZevenaar;2024;47;10\n\nArnhem;2024;47;10\n")
    (p,) = errors(validate_file(path))
    assert p.row == 4


def test_xlsx_first_sheet_is_read_with_typed_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "uwv_spanning.xlsx",
        [
            ["uwv_regio", "jaar", "kwartaal", "beroepsgroep", "spanningsindicator", "vacatures"],
            ["Midden-Gelderland", 2024, 2, "Techniek", 2.35, 470],
            ["achterhoek", 2024.0, "Q3", "Techniek", "1,5", None],
            ["Achterhoek", 2024, 4, "Techniek", 0.2, -1],
        ],
    )
    res = validate_file(path)
    (p,) = errors(res)
    assert (p.row, p.column, p.file) == (4, "vacatures", "uwv_spanning.xlsx")
    assert p.value == "-1"


def test_xlsx_sheet_named_data_wins_over_the_first(tmp_path):
    path = write_xlsx(
        tmp_path / "lisa_banen.xlsx",
        [["gemeente", "jaar", "sbi", "banen"], ["Duiven", 2022, 47, 380]],
        sheet="data",
        extra_sheets=["toelichting"],
    )
    df = load_source(path, "lisa_banen")
    assert df.to_dict("records") == [{"gemeente": "GM0226", "jaar": 2022, "sbi": "47", "banen": 380}]


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_number(tmp_path):
    path = write_xlsx(
        tmp_path / "lisa_banen.xlsx",
        [["LISA-export, peildatum 1 april"], [], ["gemeente", "jaar", "sbi", "banen"], ["Arnhem", 2024, "C", 10]],
    )
    res = validate_file(path)
    (e,) = errors(res)
    assert e.row == 4
    (w,) = warnings(res)
    assert "rij 1 boven de kolomkoppen (rij 3) is overgeslagen" in w.detail


def test_bom_is_tolerated(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "\ufeffgemeente;jaar;sbi;banen\nZevenaar;2024;47;10\n")
    res = validate_file(path)
    assert res.problems == [] and res.data["gemeente"].tolist() == ["GM0299"]


def test_non_utf8_file_is_a_problem_not_a_traceback(tmp_path):
    # Neither UTF-8 nor Windows-1252 (0x81 has no character there); a Windows-1252 file is
    # read with a warning (tests/test_deliveries_encoding.py).
    path = tmp_path / "projecten.csv"
    path.write_bytes(b"id;naam\nx;Caf\xe9\x81\n")
    (p,) = validate_file(path).problems
    assert "UTF-8" in p.detail and p.row is None


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "lisa_banen.csv"
    path.write_bytes(content)
    (p,) = validate_file(path).problems
    assert p.message == "Bestand lisa_banen.csv: Het bestand is leeg."


def test_header_only_is_a_warning_and_loads_an_empty_typed_frame(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\n")
    res = validate_file(path)
    assert not errors(res) and len(warnings(res)) == 1
    df = load_source(path, "lisa_banen")
    assert len(df) == 0 and str(df["banen"].dtype) == "Int64"


def test_unreadable_xlsx(tmp_path):
    path = tmp_path / "lisa_banen.xlsx"
    path.write_bytes(b"dit is geen excel")
    (p,) = validate_file(path).problems
    assert p.is_error and "Excel" in p.detail


def test_xlsx_saved_as_csv(tmp_path):
    path = write_xlsx(tmp_path / "lisa_banen.csv", [["gemeente", "jaar", "sbi", "banen"]])
    (p,) = validate_file(path).problems
    assert ".xlsx" in p.detail


def test_unsupported_extension(tmp_path):
    path = write(tmp_path, "lisa_banen.xls", "x")
    (p,) = validate_file(path).problems
    assert "'.xls' wordt niet ondersteund" in p.detail


def test_empty_required_cell(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nZevenaar;2024;;10\n")
    (p,) = errors(validate_file(path))
    assert (p.row, p.column) == (2, "sbi") and "ontbreekt" in p.detail


def test_choice_values(tmp_path):
    path = write(tmp_path, "toeristenbelasting.csv", "gemeente;jaar;overnachtingen;status\nDuiven;2024;10;concept\n")
    (p,) = errors(validate_file(path))
    assert p.detail == "'concept' is geen toegestane waarde. Toegestaan: voorlopig, definitief."


def test_website_year_total_and_months_for_one_year(tmp_path):
    path = write(
        tmp_path, "website_bezoekers.csv",
        "jaar;maand;bezoekers\n2023;;12000\n2023;1;900\n2023;2;1100\n2024;1;1000\n2024;maart;1300\n",
    )
    res = validate_file(path)
    (p,) = errors(res)
    assert (p.row, p.column) == (2, "maand") and "rijen 3, 4" in p.detail


def test_website_months(tmp_path):
    path = write(tmp_path, "website_bezoekers.csv", "jaar;maand;bezoekers\n2024;1;1000\n2024;maart;1300\n2024;13;1\n")
    res = validate_file(path)
    (p,) = errors(res)
    assert (p.row, p.column, p.detail) == (4, "maand", "13 is geen maand; gebruik 1 tot en met 12.")


def test_school_year_forms(tmp_path):
    path = write(
        tmp_path, "techniekstudenten.csv",
        "school;gemeente;schooljaar;richting;niveau;studenten\n"
        "Liemers College;Zevenaar;2023-2024;Techniek;;54\n"
        "Liemers College;Zevenaar;2024/25;Techniek;;61\n"
        "Candea College;Duiven;2024;Installatietechniek;vmbo-kader;30\n",
    )
    df = load_source(path, "techniekstudenten")
    assert df["jaar"].tolist() == [2023, 2024, 2024]
    assert df["opleiding"].tolist() == ["Techniek", "Techniek", "Installatietechniek"]
    bad = write(tmp_path, "t.csv", "school;gemeente;jaar;opleiding;studenten\nX;Duiven;2023-2025;Y;1\n")
    (p,) = errors(validate_file(bad, "techniekstudenten"))
    assert (p.row, p.column) == (2, "jaar")


def test_lisa_unrounded_figures_warn_but_load(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nZevenaar;2024;47;1234\nDuiven;2024;47;460\nDoesburg;2024;47;5\n")
    res = validate_file(path)
    assert not errors(res)
    (w,) = warnings(res)
    assert w.row == 2 and "rij 4" in w.detail
    assert load_source(path, "lisa_banen")["banen"].tolist() == [1234, 460, 5]


def test_sbi_single_digit_gets_its_leading_zero(tmp_path):
    path = write_xlsx(tmp_path / "lisa_banen.xlsx", [["gemeente", "jaar", "sbi", "banen"], ["Duiven", 2024, 1, 10]])
    res = validate_file(path)
    assert res.data["sbi"].tolist() == ["01"] and len(warnings(res)) == 1


def test_project_register_lists_and_optional_municipality(tmp_path):
    path = write(
        tmp_path, "projecten.csv",
        "id;naam;jaar;soort;gemeente;partnersectoren;maatschappelijke_opgave;bron\n"
        'P1;Werkplaats;2024;Samenwerking;;"Maakindustrie, Onderwijs";energietransitie;verslag\n'
        "P2;Warmtenet;2025;project;Duiven;maakindustrie;energietransitie;website\n",
    )
    df = load_source(path, "projecten")
    assert df["partnersectoren"].tolist() == [["maakindustrie", "onderwijs"], ["maakindustrie"]]
    assert pd.isna(df["gemeente"].iloc[0]) and df["gemeente"].iloc[1] == "GM0226"
    assert df["soort"].tolist() == ["samenwerking", "project"]


# --- directory, report, loading ------------------------------------------------------------


def test_validate_directory_lists_absent_sources_without_errors(tmp_path):
    write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nZevenaar;2024;47;10\n")
    report = validate_directory(tmp_path)
    assert report.ok
    assert report.found == ["lisa_banen"]
    assert report.absent == SOURCES[1:]
    text = render_report(report)
    assert text.strip().splitlines()[-1] == (
        f"Samenvatting: 1 van {len(SOURCES)} bronnen gevonden, {len(SOURCES) - 1} ontbreken; 0 bronnen met fouten; 0 fouten, 0 waarschuwingen."
    )
    assert "website_bezoekers (Bezoekers van kijkverderindeliemers.nl): ontbreekt" in text


def test_report_counts_errors_and_warnings(tmp_path):
    write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nArnhem;2024;47;15\nDuiven;2031;47;10\n")
    write(tmp_path, "Website_Bezoekers.CSV", "jaar;maand;bezoekers\n2024;1;5\n")
    report = validate_directory(tmp_path)
    assert not report.ok
    assert report.found == ["lisa_banen", "website_bezoekers"]
    text = render_report(report)
    # lisa: Arnhem (error), 2031 (error), 15 not rounded (warning)
    assert text.strip().splitlines()[-1] == (
        f"Samenvatting: 2 van {len(SOURCES)} bronnen gevonden, {len(SOURCES) - 2} ontbreken; 1 bron met fouten; 2 fouten, 1 waarschuwing."
    )
    assert "  FOUT: Bestand lisa_banen.csv, rij 2, kolom 'gemeente': 'Arnhem' is geen Liemerse gemeente." in text


def test_two_files_for_one_source_is_an_error(tmp_path):
    write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nZevenaar;2024;47;10\n")
    write_xlsx(tmp_path / "lisa_banen.xlsx", [["gemeente", "jaar", "sbi", "banen"]])
    report = validate_directory(tmp_path)
    (p,) = report.sources["lisa_banen"].problems
    assert "lisa_banen.csv" in p.detail and "lisa_banen.xlsx" in p.detail
    with pytest.raises(ValidationError):
        load_source(tmp_path, "lisa_banen")


def test_unused_files_and_lock_files(tmp_path):
    write(tmp_path, "lisa-banen.csv", "x")
    write(tmp_path, "~$lisa_banen.xlsx", "x")
    write(tmp_path, "notities.md", "x")
    report = validate_directory(tmp_path)
    assert [p.name for p in report.unused_files] == ["lisa-banen.csv"]
    assert "lisa-banen.csv (bedoelt u lisa_banen.csv?)" in render_report(report)
    assert report.ok and report.found == []


def test_missing_directory_is_a_problem_not_a_traceback(tmp_path):
    report = validate_directory(tmp_path / "bestaat-niet")
    assert not report.ok and "bestaat niet" in report.problems[0].detail
    assert "Samenvatting:" in render_report(report)


def test_load_source_from_directory_and_errors(tmp_path):
    write(tmp_path, "toeristenbelasting.csv", "gemeente;jaar;overnachtingen;status\nDuiven;2024;-1;voorlopig\n")
    with pytest.raises(ValidationError) as info:
        load_source(tmp_path, "toeristenbelasting")
    (p,) = info.value.problems
    assert (p.row, p.column) == (2, "overnachtingen")
    assert "rij 2" in str(info.value)
    with pytest.raises(SourceNotFound):
        load_source(tmp_path, "lisa_banen")
    with pytest.raises(ValueError):
        load_source(tmp_path, "bestaat_niet")


def test_loaded_frames_satisfy_their_schema(tmp_path):
    path = write(tmp_path, "lisa_banen.csv", "gemeente;jaar;sbi;banen\nRijnwaarden;2016;c;20\nzevenaar;2016;C;1000\n")
    df = load_source(path, "lisa_banen")
    build_schema("lisa_banen").validate(df)
    assert list(df.columns) == ["gemeente", "jaar", "sbi", "banen"]
    assert [str(t) for t in df.dtypes] == ["str", "Int64", "str", "Int64"]
    assert df["sbi"].tolist() == ["C", "C"]


# --- templates -----------------------------------------------------------------------------


def test_templates_are_written_per_source(tmp_path):
    result = write_templates(tmp_path / "sjablonen")
    assert sorted(p.name for p in result.written) == sorted(f"{n}.xlsx" for n in SOURCES)
    assert result.skipped == []
    defs = load_definitions()
    for name in SOURCES:
        wb = openpyxl.load_workbook(tmp_path / "sjablonen" / f"{name}.xlsx")
        assert wb.sheetnames == ["data", "instructie"]
        header = [c.value for c in wb["data"][1]]
        assert header == [c.name for c in defs.sources[name].columns]
        assert wb["data"].max_row == 1
        instruction = "\n".join(str(v) for row in wb["instructie"].iter_rows(values_only=True) for v in row if v)
        for col in defs.sources[name].columns:
            assert col.description in instruction
        assert f"{name}.xlsx" in instruction


def test_templates_never_overwrite(tmp_path):
    first = write_templates(tmp_path)
    before = {p.name: p.read_bytes() for p in first.written}
    (tmp_path / "lisa_banen.xlsx").write_bytes(b"eigen gegevens")
    before["lisa_banen.xlsx"] = b"eigen gegevens"
    second = write_templates(tmp_path)
    assert second.written == []
    assert sorted(p.name for p in second.skipped) == sorted(before)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert f"Samenvatting: 0 sjablonen geschreven, {len(SOURCES)} overgeslagen." in second.to_text()


def test_an_existing_csv_blocks_the_xlsx_template(tmp_path):
    csv_path = write(tmp_path, "projecten.csv", "id;naam\n")
    result = write_templates(tmp_path, ["projecten", "lisa_banen"])
    assert result.skipped == [csv_path]
    assert [p.name for p in result.written] == ["lisa_banen.xlsx"]
    assert not (tmp_path / "projecten.xlsx").exists()
    assert csv_path.read_bytes() == b"id;naam\n"


def test_filled_in_template_with_the_example_row_validates(tmp_path):
    write_templates(tmp_path)
    defs = load_definitions()
    for name in SOURCES:
        path = tmp_path / f"{name}.xlsx"
        wb = openpyxl.load_workbook(path)
        wb["data"].append([c.example for c in defs.sources[name].columns])
        wb.save(path)
    report = validate_directory(tmp_path)
    assert report.errors == [], render_report(report)
    assert all(r.rows == 1 for r in report.sources.values())


def test_columns_frame_for_docs():
    df = columns_frame("uwv_spanning")
    assert list(df.columns) == ["kolom", "verplicht", "betekenis", "toegestaan", "eenheid", "voorbeeld"]
    assert df.set_index("kolom").loc["vacatures", "verplicht"] == "nee"
    assert "Achterhoek" in df.set_index("kolom").loc["uwv_regio", "toegestaan"]


def test_spanningsindicator_values_are_kept_exactly(tmp_path):
    path = write(
        tmp_path, "uwv_spanning.csv",
        "uwv_regio;jaar;kwartaal;beroepsgroep;spanningsindicator\nAchterhoek;2024;1;ICT;0,25\n",
    )
    assert math.isclose(load_source(path, "uwv_spanning")["spanningsindicator"].iloc[0], 0.25)


def test_absurdly_large_numbers_are_problems(tmp_path):
    path = write_xlsx(
        tmp_path / "website_bezoekers.xlsx",
        [["jaar", "maand", "bezoekers"], [2024, 1, 1e20], [2024, 10**18, 5]],
    )
    res = validate_file(path)
    assert [(p.row, p.column) for p in errors(res)] == [(2, "bezoekers"), (3, "maand")]


_CELLS = st.sampled_from(
    ["", "Zevenaar", "Arnhem", "2024", "2031", "1.234", "1,5", "-3", "abc", "Q2", "13", "voorlopig",
     "2023-2024", "€ 1.000,00", "nan", "1e5", '"', "1.2.3", ",", ";", " ", "0", "Rijnwaarden", "47", "maart"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(SOURCES),
    sep=st.sampled_from([";", ","]),
    drop=st.integers(0, 2),
    rows=st.lists(st.lists(_CELLS, max_size=9), max_size=5),
)
def test_bad_input_never_raises(tmp_path, name, sep, drop, rows):
    columns = [c.name for c in load_definitions().sources[name].columns][drop:]
    path = tmp_path / f"{name}.csv"
    path.write_text(sep.join(columns) + "\n" + "\n".join(sep.join(r) for r in rows), encoding="utf-8")
    res = validate_file(path)
    # Either clean data or problems; a frame is only handed out when there are no errors.
    assert (res.data is None) == bool(res.errors)


def test_three_decimals_are_read_as_decimals_when_they_cannot_be_thousands(tmp_path):
    # '1234,500' and '0,750' cannot be thousands groupings, so they prove a decimal comma,
    # even in a comma-separated file (where the values must be quoted).
    path = write(
        tmp_path, "begroting_realisatie.csv",
        'jaar,activiteit,bedrag_eur\n2024,vte-1,"1234,500"\n',
    )
    assert load_source(path, "begroting_realisatie")["bedrag_eur"].tolist() == [1234.5]
    path = write(tmp_path, "b.csv", 'jaar,activiteit,bedrag_eur\n2024,vte-2,"0,750"\n')
    assert load_source(path, "begroting_realisatie")["bedrag_eur"].tolist() == [0.75]


def test_a_code_column_without_a_pattern_is_refused(tmp_path):
    # Codes end up in the book and in links: every code column must say what it accepts.
    text = DEFINITIONS_YAML.read_text(encoding="utf-8")
    start = text.index('        pattern: "[a-z0-9]')
    end = text.index("        example: ZEV-2024-03")
    path = tmp_path / "local_sources.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ValueError, match="'pattern' and 'pattern_text' belong to"):
        load_definitions(path)


def test_an_absent_source_without_indicators_is_not_said_to_cost_indicators(tmp_path):
    text = render_report(validate_directory(tmp_path))
    assert "lisa_banen (LISA-banen): ontbreekt; indicatoren die deze bron gebruiken krijgen geen gegevens." in text
    line = next(line for line in text.splitlines() if line.startswith("bewijs ("))
    assert line.endswith("ontbreekt; het boek toont dit onderdeel dan als niet aangeleverd.")
