"""The plan as data, checked against the plan's own figures (shared/seed/000_*.txt)."""

import shutil

import pytest
import yaml

from levanalysis.analysis.budget import budget_total_discrepancies, budget_with_totals
from levanalysis.definitions.plan import PLAN_DIR, PlanError, load_plan


@pytest.fixture
def plan():
    return load_plan()


@pytest.fixture
def plan_copy(tmp_path):
    """A writable copy of the plan data, for tests that change it."""
    target = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, target)
    return target


def test_budget_year_totals_match_the_plans_bottom_row(plan):
    totals = budget_with_totals(plan).iloc[-1]
    # 2024: 35 + 10 + 0 + 0 + 17,5 + 10 + 25 + 10 + 50 + 0 = 157,5
    assert totals[2024] == pytest.approx(157.5)
    # 2025: 35 + 5 + 17,5 + 10 + 25 + 10 + 50 = 152,5
    assert totals[2025] == pytest.approx(152.5)
    # 2026: 35 + 5 + 17,5 + 10 + 25 + 10 + 50 + 25 (evaluatie) = 177,5
    assert totals[2026] == pytest.approx(177.5)


def test_budget_grand_total_matches_the_plan(plan):
    # 157,5 + 152,5 + 177,5 = 487,5
    assert budget_with_totals(plan).iloc[-1]["totaal"] == pytest.approx(487.5)


def test_budget_table_has_no_internal_discrepancies(plan):
    assert budget_total_discrepancies(plan).empty


def test_a_wrong_stated_total_is_reported(plan_copy):
    meta_file = plan_copy / "begroting.yaml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    meta["stated_totals"][2025] = 150.0
    meta_file.write_text(yaml.safe_dump(meta), encoding="utf-8")
    found = budget_total_discrepancies(load_plan(plan_copy))
    assert list(found["omschrijving"]) == ["2025"]
    assert found.loc[0, "berekend"] == pytest.approx(152.5)


def test_spearheads_are_in_the_plans_order(plan):
    assert [s.id for s in plan.spearheads] == ["vte", "logistiek", "maakindustrie"]


@pytest.mark.parametrize(("spearhead", "goals"), [("vte", 3), ("maakindustrie", 3), ("logistiek", 0)])
def test_number_of_goals_per_spearhead(plan, spearhead, goals):
    # The plan: "De LEV kent drie doelstellingen op het gebied van VTE" (and of maakindustrie);
    # logistiek defers its goals to the Logistics Valley programme plan.
    assert len(plan.spearhead(spearhead).monitoring.goals) == goals


@pytest.mark.parametrize(("spearhead", "kpis"), [("vte", 4), ("maakindustrie", 6), ("logistiek", 0)])
def test_number_of_kpis_per_spearhead(plan, spearhead, kpis):
    # VTE: website, overnachtingen, banen and diversificatie (two targets on one indicator).
    # Maakindustrie: studenten, spanning, banen, productiviteit, projecten, samenwerkingen.
    assert len(plan.spearhead(spearhead).monitoring.kpis) == kpis


def test_logistiek_states_why_it_has_no_targets(plan):
    monitoring = plan.spearhead("logistiek").monitoring
    assert monitoring.status == "pending"
    assert "Logistics Valley" in monitoring.reason


def test_logistiek_kpis_can_be_added_in_data_alone(plan_copy):
    path = plan_copy / "logistiek.yaml"
    spearhead = yaml.safe_load(path.read_text(encoding="utf-8"))
    spearhead["monitoring"].update(
        status="defined",
        goals=[{"id": "log-g1", "text": "Verduurzaming logistiek"}],
        kpis=[{
            "id": "log-banen", "goal": "log-g1", "indicator": "Banen logistiek",
            "target": "Groei gelijk aan NL", "source": "LISA", "rule": {"type": "growth_vs_nl"},
            "data": {"region": "lisa_banen", "nation": "cbs:83582NED"},
        }],
    )
    path.write_text(yaml.safe_dump(spearhead, allow_unicode=True), encoding="utf-8")
    assert [k.id for k in load_plan(plan_copy).spearhead("logistiek").monitoring.kpis] == ["log-banen"]


def test_stated_activity_amounts_are_transcribed(plan):
    activities = plan.activities()
    assert activities["vte-1"].stated.per_year_eur == 35000
    assert activities["vte-2"].stated.one_off_eur == 15000
    assert activities["vte-2"].stated.per_year_eur == 5000
    assert activities["log-1"].stated.per_year_eur == 17500


def test_every_budget_line_of_a_spearhead_points_at_its_activities(plan):
    activities = plan.activities()
    for line in plan.budget.to_dict("records"):
        for activity_id in line["activity_ids"]:
            assert activity_id.startswith({"vte": "vte-", "logistiek": "log-", "maakindustrie": "maak-"}[line["group"]])
            assert activity_id in activities


def test_a_kpi_pointing_at_an_unknown_goal_names_the_file(plan_copy):
    path = plan_copy / "vte.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("goal: vte-g1", "goal: vte-g9"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"vte\.yaml.*vte-g9"):
        load_plan(plan_copy)


def test_a_rule_without_bound_is_refused(plan_copy):
    path = plan_copy / "maakindustrie.yaml"
    text = path.read_text(encoding="utf-8").replace("{type: change, min: 0.05}", "{type: change}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match=r"maakindustrie\.yaml.*min"):
        load_plan(plan_copy)


def test_invalid_yaml_is_a_plan_error(plan_copy):
    (plan_copy / "lev.yaml").write_text("title: [niet afgesloten", encoding="utf-8")
    with pytest.raises(PlanError, match="lev.yaml"):
        load_plan(plan_copy)
