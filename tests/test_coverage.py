"""Data completeness: presence per unit and year, what the evaluation needs, the data calendar,
validate's comparison between sources, and the coverage command. Expected values by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from levanalysis.analysis.coverage import (
    MISSING,
    NOT_YET,
    PARTLY,
    PRESENT,
    available_from,
    coverage,
    needed_years,
    read_calendar,
)
from levanalysis.book.coverage_page import coverage_text, matrix_frame
from levanalysis.cli import main
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.local import validate_directory

TOURISM = "gemeente;jaar;overnachtingen;status\n"
MUNICIPALITIES = ("Zevenaar", "Doesburg", "Duiven", "Westervoort", "Montferland")
NO_CALENDAR = "geen-kalender.yaml"


def tourism_rows(years, municipalities=MUNICIPALITIES):
    return "".join(f"{m};{y};1000;definitief\n" for y in years for m in municipalities)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def cells(items, name, unit):
    item = next(i for i in items if i.name == name)
    row = next(r for r in item.rows if r["unit"] == unit)
    return {c["year"]: c["status"] for c in row["cells"]}


@pytest.fixture
def plan():
    return load_plan()


def test_series_need_the_previous_period_up_to_the_evaluation_year(plan):
    assert needed_years("series", plan, 2026) == [2020, 2021, 2022, 2023, 2024, 2025, 2026]


def test_plan_sources_need_only_the_plan_years(plan):
    assert needed_years("plan", plan, 2026) == [2024, 2025, 2026]


def test_a_year_is_expected_after_its_end_plus_the_lag():
    assert available_from(2025, 6) == dt.date(2026, 7, 1)
    assert available_from(2025, 0) == dt.date(2026, 1, 1)


def test_present_missing_and_not_yet_expected_years(tmp_path, plan):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2021, 2022, 2023, 2024]))
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), tmp_path / NO_CALENDAR)
    # lag 6 months: 2025 is due from 1 July 2026, so on 1 March 2026 it is not expected yet.
    assert cells(items, "toeristenbelasting", "Duiven") == {
        2020: MISSING, 2021: PRESENT, 2022: PRESENT, 2023: PRESENT, 2024: PRESENT, 2025: NOT_YET, 2026: NOT_YET}


def test_a_year_with_some_months_is_partial(tmp_path, plan):
    months = "".join(f"2024,{m},100\n" for m in range(1, 10))
    write(tmp_path / "website_bezoekers.csv", "jaar,maand,bezoekers\n2023,,1200\n" + months)
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), tmp_path / NO_CALENDAR)
    assert cells(items, "website_bezoekers", "")[2023] == PRESENT
    assert cells(items, "website_bezoekers", "")[2024] == PARTLY
    item = next(i for i in items if i.name == "website_bezoekers")
    assert matrix_frame(item).loc[0, "2024"] == "◐ deels"


def test_an_absent_source_shows_every_due_year_missing(tmp_path, plan):
    # uitvoering has a lag of 3 months: 2025 is due from 1 April 2026.
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 5, 1), tmp_path / NO_CALENDAR)
    assert cells(items, "uitvoering", "vte-1") == {2024: MISSING, 2025: MISSING, 2026: NOT_YET}


def test_the_calendar_lag_replaces_the_default(tmp_path, plan):
    calendar = write(tmp_path / "calendar.yaml", "sources:\n  toeristenbelasting: {lag_months: 1}\n"
                                                 "tussenstand: {datum: 2025-06-01}\n")
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2024]))
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), calendar)
    assert cells(items, "toeristenbelasting", "Zevenaar")[2025] == MISSING
    assert read_calendar(calendar).moments == {"tussenstand": "2025-06-01"}


@pytest.mark.parametrize("text", ["", "- een lijst\n", ": geen yaml ["])
def test_an_unusable_calendar_changes_nothing(tmp_path, text):
    assert read_calendar(write(tmp_path / "calendar.yaml", text)).lags == {}


def test_a_register_lists_the_expected_units_without_a_row(tmp_path, plan):
    write(tmp_path / "opvolging_aanbevelingen.csv", "aanbeveling;jaar;oordeel;toelichting\na1;2025;opgevolgd;ja\n")
    item = next(i for i in coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), tmp_path / NO_CALENDAR)
                if i.name == "opvolging_aanbevelingen")
    assert item.units_missing == ["a2", "a3", "a4", "a5", "a6"]


def test_text_report_has_a_legend_and_a_summary(tmp_path, plan):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2023]))
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), tmp_path / NO_CALENDAR)
    text = coverage_text(items, tmp_path, dt.date(2026, 3, 1))
    assert "Tekens: ✓ aanwezig  ◐ deels  ✗ ontbreekt  · nog niet verwacht  – niet nodig" in text
    assert "  Zevenaar     " in text


def test_a_municipality_with_few_rows_in_one_year_is_partial(tmp_path, plan):
    # LISA: Zevenaar has 4 sectors in 2023 but only 1 in 2024 (fewer than half): partial.
    rows = "".join(f"Zevenaar;2023;{s};100\n" for s in "CFGH") + "Zevenaar;2024;C;100\n"
    write(tmp_path / "lisa_banen.csv", "gemeente;jaar;sbi;banen\n" + rows)
    items = coverage(tmp_path, plan, 2026, dt.date(2026, 3, 1), tmp_path / NO_CALENDAR)
    assert (cells(items, "lisa_banen", "Zevenaar")[2023], cells(items, "lisa_banen", "Zevenaar")[2024]) == (PRESENT, PARTLY)


# --- validate: sources compared -------------------------------------------------------------


def test_validate_warns_when_a_source_lacks_a_year_the_others_have(tmp_path):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2023, 2024]))
    write(tmp_path / "website_bezoekers.csv", "jaar,maand,bezoekers\n2023,,10\n2024,,10\n2025,,10\n")
    report = validate_directory(tmp_path)
    (warning,) = report.sources["toeristenbelasting"].warnings
    assert warning.detail == "het jaar 2025 ontbreekt, terwijl website_bezoekers dat jaar wel heeft."
    assert report.ok


def test_validate_warns_when_a_source_lacks_a_municipality_the_others_have(tmp_path):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2024], MUNICIPALITIES[:4]))
    write(tmp_path / "lisa_banen.csv", "gemeente;jaar;sbi;banen\n" + "".join(f"{m};2024;C;100\n" for m in MUNICIPALITIES))
    (warning,) = validate_directory(tmp_path).sources["toeristenbelasting"].warnings
    assert warning.detail == "Montferland ontbreekt voor 2024, terwijl andere bronnen Montferland voor dat jaar wel hebben."


def test_years_before_the_previous_period_are_not_compared(tmp_path):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2023]))
    write(tmp_path / "website_bezoekers.csv", "jaar,maand,bezoekers\n2018,,10\n2023,,10\n")
    assert validate_directory(tmp_path).warnings == []


# --- the command -----------------------------------------------------------------------------


def test_coverage_command_prints_json_records_and_exits_0(tmp_path, capsys):
    write(tmp_path / "toeristenbelasting.csv", TOURISM + tourism_rows([2023]))
    assert main(["coverage", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    zevenaar_2023 = [r for r in records if (r["bron"], r["eenheid"], r["jaar"]) == ("toeristenbelasting", "Zevenaar", 2023)]
    assert [r["status"] for r in zevenaar_2023] == [PRESENT]
