"""The plan's budget against itself and against actuals; expected amounts from the plan text."""

import math

import pandas as pd
import pytest

from levanalysis.analysis.budget import (
    actuals_vs_budget,
    available_funds,
    inconsistencies,
    stated_vs_budget,
)
from levanalysis.definitions.plan import load_plan


@pytest.fixture
def plan():
    return load_plan()


def _row(table, onderdeel, waar_prefix, year):
    rows = table[(table["onderdeel"] == onderdeel) & table["waar"].str.startswith(waar_prefix) & (table["jaar"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_informatiepunten_one_off_cost_differs_from_the_budget_table(plan):
    table = stated_vs_budget(plan)
    row = _row(table, "Inrichting informatiepunten", "activiteitentabel", 2024)
    # Activity table: 15.000 one-off + 5.000 a year = 20.000 in 2024; budget table: 10 (x 1.000).
    assert (row["volgens_tekst"], row["volgens_begroting"], row["verschil"]) == (20000, 10000, 10000)
    assert _row(table, "Inrichting informatiepunten", "activiteitentabel", 2025)["verschil"] == 0


def test_maakindustrie_goal_tree_states_more_than_its_budget_lines(plan):
    row = _row(stated_vs_budget(plan), "Maakindustrie", "doelenboom", 2025)
    # Goal tree: ca. 55.000 a year; budget lines 10 + 25 + 10 = 45 (x 1.000).
    assert (row["volgens_tekst"], row["volgens_begroting"], bool(row["circa"])) == (55000, 45000, True)


def test_vte_goal_tree_matches_except_the_one_off_year(plan):
    table = stated_vs_budget(plan)
    # 2024: 15.000 + 40.000 = 55.000 against 35 + 10 = 45 (x 1.000); 2025: 40.000 against 35 + 5.
    assert _row(table, "Vrijetijdseconomie", "doelenboom", 2024)["verschil"] == 10000
    assert _row(table, "Vrijetijdseconomie", "doelenboom", 2025)["verschil"] == 0


def test_consistent_statements_are_not_listed_as_inconsistencies(plan):
    listed = set(inconsistencies(plan)["onderdeel"])
    assert "Logistiek" not in listed  # 17.500 a year in goal tree, activity table and budget
    assert "Continueren gezamenlijke communicatie" not in listed  # 35.000 a year everywhere
    assert {"Inrichting informatiepunten", "Maakindustrie", "Vrijetijdseconomie", "LEV totaal"} <= listed


def test_lev_yearly_budget_stated_in_words_against_the_table(plan):
    row = _row(stated_vs_budget(plan), "LEV totaal", "Overzicht doelenboom", 2026)
    # +/- 150.000 a year against 177,5 (x 1.000) in 2026.
    assert row["verschil"] == -27500


def test_available_funds_against_the_planned_total(plan):
    # 3 x 151.000 + 40.000 = 493.000 available; 487.500 planned.
    # 151.000 per year x 3 years + 40.000 remainder = 493.000 against the table's 487.500
    assert available_funds(plan) == {"per_jaar": 151000, "jaren": 3, "restant": 40000,
                                     "beschikbaar": 493000, "begroot": 487500, "verschil": 5500}


def test_actuals_are_matched_by_activity_or_line_id(plan):
    actuals = pd.DataFrame({
        "jaar": [2024, 2024, 2024, 2024],
        "activiteit": ["vte-1", "la-organisatie", "log-3", "onbekend"],
        "bedrag_eur": [30000.0, 50000.0, 17500.0, 999.0],
    })
    table, unmatched = actuals_vs_budget(plan, actuals)
    by_line = table.set_index("line_id")
    assert by_line.loc["vte-communicatie", "verschil"] == -5000  # 30.000 - 35.000
    assert by_line.loc["la-organisatie", "realisatiegraad"] == 1.0
    assert by_line.loc["log-lv", "gerealiseerd"] == 17500  # log-3 belongs to the lump sum line
    assert unmatched == ["onbekend"]


def test_a_line_without_actuals_has_no_realisation_not_zero(plan):
    actuals = pd.DataFrame({"jaar": [2024], "activiteit": ["vte-1"], "bedrag_eur": [30000.0]})
    table, _ = actuals_vs_budget(plan, actuals)
    assert math.isnan(table.set_index("line_id").loc["maak-promotie", "gerealiseerd"])
    assert set(table["jaar"]) == {2024}


# --- spent and remaining (issue 11) -------------------------------------------------------------

from levanalysis.analysis.budget import carried_over, cumulative_position, line_position  # noqa: E402
from levanalysis.analysis.execution import spend_per_line  # noqa: E402


def test_carried_over_amount_comes_from_the_plan_data(plan):
    # lev.yaml: "(om en nabij) €40k aan resterende middelen ... uit de vorige periode".
    assert carried_over(plan) == 40000


def test_remaining_per_line_is_the_period_budget_minus_what_was_spent(plan):
    actuals = pd.DataFrame({"jaar": [2024, 2025], "activiteit": ["maak-1", "maak-1"], "bedrag_eur": [8000.0, 9500.0]})
    position = line_position(spend_per_line(plan, actuals, None)).set_index("line_id")
    # Promotie techniekonderwijs: 3 x 10.000 = 30.000 planned, 17.500 spent, 12.500 left, 2 years known.
    assert position.loc["maak-promotie", ["begroot", "uitgegeven", "resterend", "jaren_met_uitgaven"]].tolist() == [
        30000.0, 17500.0, 12500.0, 2]
    assert math.isnan(position.loc["vte-communicatie", "uitgegeven"])


def test_cumulative_remainder_includes_the_previous_period(plan):
    actuals = pd.DataFrame({"jaar": [2024], "activiteit": ["la-organisatie"], "bedrag_eur": [150000.0]})
    table = cumulative_position(plan, spend_per_line(plan, actuals, None)).set_index("jaar")
    # 2024: 40.000 carried over + 157.500 planned - 150.000 spent = 47.500.
    assert table.loc[2024, "restant"] == 47500
    assert table.loc[2025, "begroot_cumulatief"] == 310000  # 157.500 + 152.500
    assert math.isnan(table.loc[2025, "restant"])  # no spend known for 2025: not cumulated over it
