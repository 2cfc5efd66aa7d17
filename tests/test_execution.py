"""The execution delivery (uitvoering): its rules, what a chapter shows per activity, spend per
budget line, and the Logistics Valley targets. Amounts and counts worked out by hand."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from levanalysis.analysis.execution import (
    SPEND_ACCOUNTS,
    SPEND_REPORT,
    activity_execution,
    outputs_table,
    spend_per_line,
)
from levanalysis.analysis.logistics import judge_target, logistics_results
from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    GEEN_DATA,
    NIET_BEHAALD,
    OP_KOERS,
)
from levanalysis.book.execution_blocks import execution_context
from levanalysis.definitions.plan import PLAN_DIR, load_plan
from levanalysis.definitions.plan_extras import LogisticsTarget, load_logistics_targets
from levanalysis.sources.local import validate_file

HEADER = "activiteit;jaar;onderdeel;uitgevoerd;aantal;eenheid;bedrag_eur;bron\n"


@pytest.fixture
def plan():
    return load_plan()


def work(rows):
    columns = ["activiteit", "jaar", "onderdeel", "uitgevoerd", "aantal", "eenheid", "omschrijving", "bedrag_eur",
               "uren", "bron", "bewijs"]
    return pd.DataFrame([{**dict.fromkeys(columns), **r} for r in rows], columns=columns)


def problems(tmp_path, body):
    path = tmp_path / "uitvoering.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return validate_file(path).problems


# --- the delivery's rules ------------------------------------------------------------------------


def test_an_unknown_activity_is_an_error_with_row_and_column(tmp_path):
    (problem,) = problems(tmp_path, "vte-1;2024;;ja;;;;verslag\nvte-9;2024;;ja;;;;verslag\n")
    assert (problem.level, problem.row, problem.column) == ("error", 3, "activiteit")
    assert "vte-9" in problem.detail


def test_a_year_outside_the_plan_period_is_an_error(tmp_path):
    (problem,) = problems(tmp_path, "vte-1;2023;;ja;;;;verslag\n")
    assert (problem.column, problem.detail) == ("jaar", "2023 ligt buiten de planperiode 2024-2026.")


def test_a_count_needs_a_unit(tmp_path):
    (problem,) = problems(tmp_path, "vte-1;2024;;ja;4;;;verslag\n")
    assert (problem.level, problem.column) == ("error", "eenheid")


def test_output_of_an_activity_not_carried_out_is_a_warning(tmp_path):
    (problem,) = problems(tmp_path, "vte-4;2024;;nog niet;2;bijeenkomsten;;verslag\n")
    assert (problem.level, problem.column) == ("warning", "uitgevoerd")


def test_the_same_activity_and_year_may_come_once_per_part(tmp_path):
    body = "log-2;2024;Ruimte;ja;1;projecten;;rapport\nlog-2;2024;Ruimte;deels;;;;rapport\n"
    (problem,) = problems(tmp_path, body)
    assert "dubbele rij" in problem.detail and problem.row == 3


# --- per activity ----------------------------------------------------------------------------------


def test_an_activity_year_without_a_row_is_shown_as_not_reported(plan):
    activity = plan.activities()["vte-1"]
    result = activity_execution(activity, 1, work([{"activiteit": "vte-1", "jaar": 2024, "uitgevoerd": "ja"}]), plan.years)
    assert [y["reported"] for y in result["years"]] == [True, False, False]


def test_parts_of_an_activity_add_up_their_spend(plan):
    rows = work([
        {"activiteit": "log-2", "jaar": 2025, "onderdeel": "Ruimte", "uitgevoerd": "ja", "bedrag_eur": 1000.0},
        {"activiteit": "log-2", "jaar": 2025, "onderdeel": "Innovatie & duurzaamheid", "uitgevoerd": "deels",
         "bedrag_eur": 250.5},
    ])
    year = activity_execution(plan.activities()["log-2"], 2, rows, plan.years)["years"][1]
    assert year["spend"] == 1250.5 and len(year["parts"]) == 2


def test_outputs_table_sums_counts_per_unit_and_year(plan):
    rows = work([
        {"activiteit": "log-3", "jaar": 2024, "uitgevoerd": "ja", "aantal": 3, "eenheid": "themabijeenkomsten"},
        {"activiteit": "log-3", "jaar": 2025, "uitgevoerd": "ja", "aantal": 5, "eenheid": "themabijeenkomsten"},
    ])
    table = outputs_table(plan.spearhead("logistiek"), rows)
    assert table[["2024", "2025"]].values.tolist() == [[3, 5]]
    assert table["Activiteit"].tolist() == ["3. Communicatie en community"]


# --- spend against the budget --------------------------------------------------------------------


def test_accounts_count_before_the_execution_report(plan):
    actuals = pd.DataFrame({"jaar": [2024], "activiteit": ["vte-1"], "bedrag_eur": [30000.0]})
    report = work([{"activiteit": "vte-1", "jaar": 2024, "uitgevoerd": "ja", "bedrag_eur": 31000.0},
                   {"activiteit": "vte-1", "jaar": 2025, "uitgevoerd": "ja", "bedrag_eur": 12000.0}])
    line = spend_per_line(plan, actuals, report).set_index(["line_id", "jaar"]).loc["vte-communicatie"]
    # 2024: the accounts' 30.000 with the report's 1.000 more shown; 2025: only the report has a figure.
    assert (line.loc[2024, "uitgegeven"], line.loc[2024, "bron"], line.loc[2024, "afwijking_uitvoering"]) == (
        30000.0, SPEND_ACCOUNTS, 1000.0)
    assert (line.loc[2025, "uitgegeven"], line.loc[2025, "bron"]) == (12000.0, SPEND_REPORT)
    assert math.isnan(line.loc[2026, "uitgegeven"])


def test_logistics_valley_activities_share_one_budget_line(plan):
    report = work([{"activiteit": "log-1", "jaar": 2024, "uitgevoerd": "ja", "bedrag_eur": 10000.0},
                   {"activiteit": "log-3", "jaar": 2024, "uitgevoerd": "ja", "bedrag_eur": 7500.0}])
    spend = spend_per_line(plan, None, report).set_index(["line_id", "jaar"])
    assert spend.loc[("log-lv", 2024), "uitgegeven"] == 17500.0


# --- Logistics Valley targets ----------------------------------------------------------------------


def target(**overrides):
    values = {"id": "lv-1", "thema": "Arbeidsmarkt & onderwijs", "indicator": "Themabijeenkomsten", "streefwaarde": 4,
              "periode": "per_jaar", "gemeten_als": {"activiteit": "log-3", "eenheid": "themabijeenkomsten"},
              "akkoord": "opdrachtbrief 2025"}
    return LogisticsTarget.model_validate({**values, **overrides})


def test_no_agreed_target_means_no_result_and_the_chapter_says_nog_geen_streefwaarde(plan):
    assert load_logistics_targets() == ()
    assert logistics_results(plan, None, 2023) == []
    spend = spend_per_line(plan, None, None)
    assert execution_context(plan.spearhead("logistiek"), plan, None, spend, set(), [])["targets_pending"] is True


def test_a_target_added_to_the_plan_data_is_read_without_code_change(tmp_path):
    plan_dir = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, plan_dir)
    (plan_dir / "logistiek_doelen.yaml").write_text(
        "targets:\n  - id: lv-1\n    thema: Ruimte\n    indicator: Projecten ruimte\n    streefwaarde: 3\n"
        "    periode: planperiode\n    gemeten_als: {activiteit: log-2, eenheid: projecten, onderdeel: Ruimte}\n"
        "    akkoord: opdrachtverlening 2025\n", encoding="utf-8")
    (loaded,) = load_logistics_targets(plan_dir)
    assert (loaded.id, loaded.streefwaarde, loaded.gemeten_als.onderdeel) == ("lv-1", 3, "Ruimte")


def test_per_year_target_before_the_last_year_is_on_course_when_met():
    status, value, year, _ = judge_target(target(), pd.Series({2024: 3.0, 2025: 5.0}), (2024, 2026))
    assert (status, value, year) == (OP_KOERS, 5.0, 2025)


def test_per_year_target_is_final_with_the_last_plan_year():
    status, *_ = judge_target(target(), pd.Series({2026: 3.0}), (2024, 2026))
    assert status == NIET_BEHAALD


def test_period_target_is_judged_against_its_share_of_the_elapsed_years():
    # 6 projects wanted in 2024-2026; after 2 of 3 years 4 are due; 3 reported: behind.
    status, value, *_ = judge_target(target(periode="planperiode", streefwaarde=6), pd.Series({2024: 1.0, 2025: 2.0}),
                                     (2024, 2026))
    assert (status, value) == (ACHTER_OP_KOERS, 3.0)


def test_a_maximum_target_is_met_below_the_bound():
    status, *_ = judge_target(target(richting="maximaal", streefwaarde=10), pd.Series({2026: 8.0}), (2024, 2026))
    assert status == BEHAALD


def test_a_target_without_reports_has_no_data(plan):
    (result,) = logistics_results(plan, work([]), 2023, targets=(target(),))
    assert (result.status, result.spearhead) == (GEEN_DATA, "logistiek")


def test_reports_are_matched_by_activity_and_unit(plan):
    rows = work([{"activiteit": "log-3", "jaar": 2024, "uitgevoerd": "ja", "aantal": 2, "eenheid": "Themabijeenkomsten"},
                 {"activiteit": "log-3", "jaar": 2024, "uitgevoerd": "ja", "aantal": 3, "eenheid": "themabijeenkomsten"},
                 {"activiteit": "log-3", "jaar": 2024, "uitgevoerd": "ja", "aantal": 9, "eenheid": "nieuwsbrieven"}])
    (result,) = logistics_results(plan, rows, 2023, targets=(target(),))
    assert (result.latest_value, result.status) == (5.0, OP_KOERS)


def test_agreed_logistics_valley_targets_replace_the_pending_row_in_the_evaluation(plan, tmp_path, monkeypatch):
    from levanalysis.analysis import logistics
    from levanalysis.analysis.evaluation import evaluate_plan
    from levanalysis.definitions.config import load_config
    from levanalysis.sources.store import open_store

    before = [e.result.kpi_id for e in evaluate_plan(plan, open_store(tmp_path), load_config(data_dir=tmp_path))]
    assert "logistiek" in before
    monkeypatch.setattr(logistics, "load_logistics_targets", lambda: (target(id="lv-1"),))
    after = [e.result for e in evaluate_plan(plan, open_store(tmp_path), load_config(data_dir=tmp_path))]
    assert [r.kpi_id for r in after if r.spearhead == "logistiek"] == ["lv-1"]
