"""Tussenstand or eindmeting, the data calendar and the peildatum (levanalysis.analysis.calendar, judging)."""

from __future__ import annotations

from datetime import date

import pytest
from test_kpi import judge

from levanalysis.analysis import results as R
from levanalysis.analysis.calendar import (
    SourceCalendar,
    expected,
    has_passed,
    load_calendar,
    month_text,
)
from levanalysis.definitions.config import ConfigError, load_config
from levanalysis.definitions.plan import DataBinding, load_plan
from levanalysis.sources.cache import Provenance

DURING, AFTER = date(2026, 3, 1), date(2027, 1, 15)


# --------------------------------------------------------------------------- measurement kind


def test_figures_before_the_last_plan_year_are_a_tussenstand():
    result = judge("maak-banen", {2023: 200, 2025: 230}, {2023: 1000, 2025: 1150})
    assert (result.measurement, result.status) == (R.TUSSENSTAND, R.OP_KOERS)


def test_definitive_figures_for_the_last_plan_year_are_an_eindmeting():
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150})
    assert (result.measurement, result.status) == (R.EINDMETING, R.BEHAALD)


def test_a_provisional_figure_for_the_last_plan_year_makes_at_most_a_voorlopige_eindmeting():
    result = judge("maak-banen", {2023: 200, 2026: 230}, {2023: 1000, 2026: 1150},
                   provisional_years=frozenset({2026}))
    assert (result.measurement, result.status) == (R.VOORLOPIGE_EINDMETING, R.BEHAALD)


def test_no_figures_is_no_measurement():
    assert judge("maak-banen", {2023: 200}, {2023: 1000}).measurement is None


def test_a_count_is_a_tussenstand_until_the_peildatum_passes_the_period_end():
    during = judge("maak-projecten", {2024: 1, 2025: 1, 2026: 1}, peildatum=DURING)
    after = judge("maak-projecten", {2024: 1, 2025: 1, 2026: 1}, peildatum=AFTER)
    # 3 projects are behaald in both cases; only after 2026 has ended is it the final count
    assert (during.status, during.measurement) == (R.BEHAALD, R.TUSSENSTAND)
    assert (after.status, after.measurement) == (R.BEHAALD, R.EINDMETING)


def test_an_old_register_is_not_final_even_after_the_period():
    # The register dates from June 2026: it cannot show the rest of 2026, whatever the peildatum
    old = Provenance(kind="local", source="gemeente", modified="2026-06-01T10:00:00+00:00")
    result = judge("maak-projecten", {2024: 1, 2025: 1}, provenances=(old,), peildatum=AFTER)
    assert (result.status, result.measurement) == (R.OP_KOERS, R.TUSSENSTAND)
    assert "register op 01-06-2026" in result.reason


# --------------------------------------------------------------------------- the calendar


CALENDAR = {
    "lokaal": SourceCalendar.model_validate({"arrives": {"year": 1, "month": 3}, "basis": "x"}),
    "cbs:X": SourceCalendar.model_validate({"arrives": {"year": 1, "month": 11}, "definitive": {"year": 2, "month": 11},
                                            "basis": "y"}),
}


def test_a_kpi_final_figure_comes_when_its_last_source_has_delivered():
    # 2026 + 1 year in March (local) and in November (CBS): November 2027, definitive November 2028
    when = expected(DataBinding(region="lokaal", nation="cbs:X"), 2026, CALENDAR)
    assert (when.first, when.definitive) == ("2027-11", "2028-11")


def test_a_source_outside_the_calendar_gives_no_date():
    assert expected(DataBinding(region="onbekend"), 2026, CALENDAR).first is None


def test_every_source_a_kpi_of_the_plan_uses_is_in_the_calendar():
    calendar = load_calendar()
    sources = {s for _, kpi in load_plan().kpis() for s in (kpi.data.region, kpi.data.nation) if s}
    assert sources - set(calendar) == set()


def test_the_expected_month_is_written_in_dutch():
    assert month_text("2027-11") == "november 2027" and month_text(None) == "onbekend"


def test_a_month_has_passed_only_after_its_last_day():
    assert not has_passed("2027-11", date(2027, 11, 30)) and has_passed("2027-11", date(2027, 12, 1))


def test_the_result_names_when_the_final_figure_is_expected():
    # vte-website: the website year total for 2026 is there in January 2027 (calendar.yaml)
    result = judge("vte-website", {2023: 1000, 2025: 1102.5})
    assert result.final_expected == "2027-01"


def test_an_overdue_final_figure_is_said():
    # On 15 January 2027 the calendar says the 2026 website total (January 2027) is not yet due;
    # on 1 March 2027 it is, and its absence is named
    late = judge("vte-website", {2023: 1000, 2025: 1102.5}, peildatum=date(2027, 3, 1))
    assert any("het ontbreekt nog" in note for note in late.notes)
    on_time = judge("vte-website", {2023: 1000, 2025: 1102.5}, peildatum=date(2027, 1, 15))
    assert not any("het ontbreekt nog" in note for note in on_time.notes)


# --------------------------------------------------------------------------- peildatum in _config.yml


def _config(tmp_path, peildatum_line: str):
    text = (f"lev:\n  region: liemers\n  baseline_year: 2023\n  evaluation_year: 2026\n  data_dir: data\n"
            f"{peildatum_line}  chapters: []\n")
    path = tmp_path / "_config.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_peildatum_is_read_from_the_configuration(tmp_path):
    assert load_config(_config(tmp_path, "  peildatum: 2026-06-01\n")).peildatum == date(2026, 6, 1)


def test_an_empty_peildatum_is_today(tmp_path):
    assert load_config(_config(tmp_path, "  peildatum:\n")).peildatum == date.today()


def test_a_peildatum_that_is_no_date_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="peildatum"):
        load_config(_config(tmp_path, "  peildatum: volgende week\n"))
