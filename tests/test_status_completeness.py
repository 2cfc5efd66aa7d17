"""Completeness per KPI (levanalysis.analysis.completeness): a year lacking a part the baseline
had (a school, a municipality) is not scored as a change, and the result says what is missing."""

from __future__ import annotations

import math

from test_kpi_inputs import LIEMERS, kpi

from levanalysis.analysis import results as R
from levanalysis.analysis.evaluation import evaluate_kpi
from levanalysis.book import kpi_blocks
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.store import open_store

HEADER = "school;gemeente;jaar;opleiding;niveau;studenten\n"


def students(directory, rows: str):
    (directory / "techniekstudenten.csv").write_text(HEADER + rows, encoding="utf-8")
    spearhead, the_kpi = kpi("maak-studenten")
    return evaluate_kpi(the_kpi, spearhead, load_plan(), open_store(directory), load_config(data_dir=directory))


TWO_SCHOOLS_2023 = ("Liemers College;Zevenaar;2023;Techniek;vmbo;472\n"
                    "Candea College;Duiven;2023;Techniek;vmbo;168\n")


def test_a_school_missing_in_the_latest_year_gives_no_change_figure(tmp_path):
    # 640 in 2023 (472 + 168); in 2025 only Liemers College delivered 472: not a 26% decline
    data, result = students(tmp_path, TWO_SCHOOLS_2023 + "Liemers College;Zevenaar;2025;Techniek;vmbo;472\n")
    assert result.status == R.GEEN_DATA and math.isnan(result.change)
    assert "In 2025 ontbreekt Candea College (scholen, wel in 2023)" in result.reason


def test_with_a_complete_earlier_year_the_change_is_to_that_year_and_the_gap_is_named(tmp_path):
    # 2024 has both schools (480 + 170 = 650, +1.56%); 2025 lacks Candea College
    rows = (TWO_SCHOOLS_2023 + "Liemers College;Zevenaar;2024;Techniek;vmbo;480\n"
            "Candea College;Duiven;2024;Techniek;vmbo;170\n" + "Liemers College;Zevenaar;2025;Techniek;vmbo;472\n")
    data, result = students(tmp_path, rows)
    assert (result.latest_year, result.latest_value) == (2024, 650.0)
    assert any(note.startswith("In 2025 ontbreekt Candea College") and "vergeleken is met 2024" in note
               for note in result.notes)


def test_the_incomplete_year_is_left_out_of_the_chart_and_the_table(tmp_path):
    data, result = students(tmp_path, TWO_SCHOOLS_2023 + "Liemers College;Zevenaar;2025;Techniek;vmbo;472\n")
    table = kpi_blocks.kpi_table(result, data).set_index("Jaar")
    assert math.isnan(table.loc[2025, "De Liemers (studenten)"])
    series, _ = kpi_blocks.chart_series(result, data)
    assert list(series["De Liemers"].index) == [2023]


def test_a_new_school_is_no_missing_part(tmp_path):
    # A school that did not exist in 2023 adds students; nothing the baseline had is missing
    rows = TWO_SCHOOLS_2023 + ("Liemers College;Zevenaar;2025;Techniek;vmbo;480\n"
                               "Candea College;Duiven;2025;Techniek;vmbo;170\n"
                               "Techniekcampus;Zevenaar;2025;Mechatronica;mbo 4;20\n")
    data, result = students(tmp_path, rows)
    assert (result.latest_year, result.latest_value) == (2025, 670.0)


def test_a_municipality_missing_from_the_tourist_tax_is_named(tmp_path):
    # Doesburg (GM0221) is in no year: the baseline itself is incomplete
    rows = "".join(f"{m};{y};1000;definitief\n" for m in LIEMERS if m != "GM0221" for y in (2023, 2025))
    (tmp_path / "toeristenbelasting.csv").write_text("gemeente;jaar;overnachtingen;status\n" + rows, encoding="utf-8")
    spearhead, nights = kpi("vte-overnachtingen")
    _, result = evaluate_kpi(nights, spearhead, load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))
    assert result.status == R.GEEN_DATA
    assert "Doesburg ontbreekt in de levering (gemeenten)" in result.reason
